"""ICD 203 estimative words and hedges, from text and from tokens. Sentences written for these tests."""

from __future__ import annotations

import pytest

from newsgraph.nlp.estimative import estimate, hedges, load_table


@pytest.mark.parametrize(("text", "words", "low", "high"), [
    ("There is almost no chance of rain.", "almost no chance", 0.01, 0.05),
    ("A deal is very unlikely before May.", "very unlikely", 0.05, 0.20),
    ("An agreement is highly improbable.", "highly improbable", 0.05, 0.20),
    ("It is unlikely that they will return.", "unlikely", 0.20, 0.45),
    ("There is a roughly even chance of a strike.", "roughly even chance", 0.45, 0.55),
    ("The plant was probably hit.", "probably", 0.55, 0.80),
    ("The ship is likely damaged.", "likely", 0.55, 0.80),
    ("It is highly likely that troops crossed.", "highly likely", 0.80, 0.95),
    ("The launch was almost certainly a test.", "almost certainly", 0.95, 0.99),
    ("Victory is nearly certain.", "nearly certain", 0.95, 0.99),
])
def test_icd_203_levels(text, words, low, high):
    assert estimate(text) == (words, (low, high))


def test_longest_phrase_wins_and_first_phrase_is_taken():
    assert estimate("very likely, then likely") == ("very likely", (0.80, 0.95))
    assert estimate("The talks might resume.") is None


def test_possible_is_a_hedge_not_a_probability():
    assert estimate("A ceasefire is possible.") is None
    assert hedges("A ceasefire is possible.") == ["possible"]


def test_hedges_in_order_once_each():
    assert hedges("The convoy reportedly may have crossed; it appears to have crossed, it may.") == [
        "reportedly", "may", "appears to"]


def test_tokens_as_well_as_text():
    class Tok:
        def __init__(self, text: str):
            self.lower_ = text.lower()

    tokens = [Tok(w) for w in ["The", "strike", "was", "Almost", "Certainly", "deliberate"]]
    assert estimate(tokens) == ("almost certainly", (0.95, 0.99))
    assert hedges(["allegedly", "seized"]) == ["allegedly"]


def test_the_table_rejects_a_bad_range(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[level]]\nname = "x"\nlow = 0.9\nhigh = 0.1\nphrases = ["x"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad range"):
        load_table(bad)


def test_comparisons_are_not_estimates():
    assert estimate("the longer it lasts, the more likely they adapt") is None
    assert estimate("a rising likelihood of talks, and a deal is unlikely") == ("unlikely", (0.20, 0.45))
    assert estimate("it is more likely than not") == ("more likely than not", (0.55, 0.80))
