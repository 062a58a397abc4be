"""CASE 2021 task 2 scoring: reading the TSV, the label of a snippet, macro and micro F1, with snippets
written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.evaluate import DataError
from newsgraph.evaluate.case2021 import load_snippets, macro_f1, per_label, predicted_label, score
from newsgraph.evaluate.events import Prediction, predict

from .test_plover import FakeEventExtractor, event

T1 = "Rebels and soldiers exchanged fire near the river crossing on Sunday."
T2 = "Jets struck a depot outside the town at dawn."
T3 = "Hundreds marched quietly through the square asking for cheaper bread."
T4 = "The two ministers met to discuss fishing quotas."

TSV = ("id\tEventSnippet\tSubType\n"
       f"1\t{T1}\tARMED_CLASH\n"
       f"2\t{T2}\tAIR_STRIKE\n"
       f"3\t{T3}\tPEACE_PROTEST\n"
       f"4\t{T4}\tDIPLO\n")

SNIPPET_EVENTS = {
    T1: [event("FIGHT", "exchanged fire", 20, category="ARMED_CLASH")],
    T2: [event("ASSAULT", "struck", 5, category="ARMED_CLASH", confidence=0.6),
         event(None, "outside", 20, category="AIR_STRIKE", confidence=0.4)],
    T3: [event("PROTEST", "marched", 9)],  # no category: falls back to OTHER
}


def test_load_snippets(tmp_path: Path):
    path = tmp_path / "case.tsv"
    path.write_text(TSV, encoding="utf-8")
    snippets = load_snippets(path)
    assert [s.label for s in snippets] == ["ARMED_CLASH", "AIR_STRIKE", "PEACE_PROTEST", "DIPLO"]
    assert snippets[0].text == T1 and snippets[0].id == "1"
    assert len(load_snippets(path, limit=1)) == 1


@pytest.mark.parametrize("text", ["id\tsnippet\n1\tx\tOTHER\n", TSV + "5\tonly two cells\n"])
def test_load_snippets_refuses_a_broken_file(tmp_path: Path, text: str):
    path = tmp_path / "case.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"case\.tsv:\d"):
        load_snippets(path)


def test_predicted_label():
    # the most specific category wins (an air strike over an armed clash), whatever the main event
    assert predicted_label(Prediction(SNIPPET_EVENTS[T2], [None, None])) == "AIR_STRIKE"
    assert predicted_label(Prediction(SNIPPET_EVENTS[T2], [0, 1]), rule="root") == "AIR_STRIKE"
    # among equally specific ones, the main event decides: typed and most confident, or nearest the root
    generic = [event("ASSAULT", "struck", 5, category="ATTACK", confidence=0.6),
               event("FIGHT", "clash", 20, category="ARMED_CLASH", confidence=0.9)]
    assert predicted_label(Prediction(generic, [None, None])) == "ARMED_CLASH"
    assert predicted_label(Prediction(generic, [0, 2]), rule="root") == "ATTACK"
    assert predicted_label(Prediction(SNIPPET_EVENTS[T3], [None])) == "OTHER"
    assert predicted_label(Prediction(SNIPPET_EVENTS[T3], [None]), fallback=None) is None


def test_macro_f1_counts_labels_never_predicted_as_zero():
    gold = ["A", "A", "B", "C"]
    predicted = ["A", "B", "B", None]
    scores = per_label(gold, predicted)
    assert (scores["A"].precision, scores["A"].recall) == (1.0, 0.5)
    assert scores["B"].f1 == pytest.approx(2 / 3)
    assert scores["C"].f1 == 0.0
    figure = macro_f1(gold, predicted, "macro F1")
    assert figure.value == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert (figure.correct, figure.n) == (2, 4)


def test_score(tmp_path: Path):
    path = tmp_path / "case.tsv"
    path.write_text(TSV, encoding="utf-8")
    snippets = load_snippets(path)
    preds = predict(FakeEventExtractor(SNIPPET_EVENTS), [(s.text, None) for s in snippets], depths=False)
    result = score(snippets, preds, max_errors=10)
    # predicted: ARMED_CLASH, AIR_STRIKE, OTHER, OTHER -> the first two are right
    assert result.figure("micro F1 (accuracy)").correct == 2
    macro = result.figure("macro F1")
    assert macro.target == 0.50
    assert macro.value == pytest.approx(2 / 4)  # ARMED_CLASH and AIR_STRIKE F1 1; the other two 0
    assert set(result.breakdown["per_label"]) == {"ARMED_CLASH", "AIR_STRIKE", "PEACE_PROTEST", "DIPLO"}
    assert result.breakdown["predicted_labels_not_in_gold"] == {"OTHER": 2}
    assert result.breakdown["confusion"]["AIR_STRIKE"] == {"AIR_STRIKE": 1}
    assert result.figure("snippets with a categorised event").correct == 2
    assert [e["id"] for e in result.errors] == ["3", "4"]
    assert result.figure("macro F1 without the OTHER fallback").correct == 2
