"""Publication dates: metadata strings in any common form, else a wire-style dateline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsgraph.ingest.dates import dateline_date, parse_date

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("value, expected", [
    ("2025-03-02", datetime(2025, 3, 2, tzinfo=UTC)),
    ("2025-03-02T09:15:00Z", datetime(2025, 3, 2, 9, 15, tzinfo=UTC)),
    ("2025-03-02T09:15:00+02:00", datetime(2025, 3, 2, 7, 15, tzinfo=UTC)),
    ("Sun, 02 Mar 2025 09:15:00 GMT", datetime(2025, 3, 2, 9, 15, tzinfo=UTC)),
    ("March 2, 2025", datetime(2025, 3, 2, tzinfo=UTC)),
    ("2 March 2025", datetime(2025, 3, 2, tzinfo=UTC)),
    (1740906900, datetime(2025, 3, 2, 9, 15, tzinfo=UTC)),
    (1740906900000, datetime(2025, 3, 2, 9, 15, tzinfo=UTC)),  # milliseconds
    (datetime(2025, 3, 2), datetime(2025, 3, 2, tzinfo=UTC)),
])
def test_parse_date_reads_common_forms_as_aware_datetimes(value, expected):
    parsed = parse_date(value, NOW)
    assert parsed == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("value", [None, "", "   ", "not a date at all", "x" * 100])
def test_parse_date_gives_none_for_what_is_not_a_date(value):
    assert parse_date(value, NOW) is None


@pytest.mark.parametrize("text, expected", [
    ("PORT ELLIS, March 3, 2025 (Coastal Wire) - Harbour pilots walked out.", datetime(2025, 3, 3, tzinfo=UTC)),
    ("GENEVA (Alpine Wire), March 3, 2025 - Talks resumed.", datetime(2025, 3, 3, tzinfo=UTC)),
    ("KYIV, Ukraine, 12 November 2024 — Air raid sirens sounded overnight.", datetime(2024, 11, 12, tzinfo=UTC)),
    ("LONDON, 2025-01-05: Markets fell sharply in early trading.", datetime(2025, 1, 5, tzinfo=UTC)),
    ("  VELMAR, Feb. 7, 2025 – The ferry strike ended.", datetime(2025, 2, 7, tzinfo=UTC)),
])
def test_dateline_date_reads_the_dateline_that_opens_a_text(text, expected):
    assert dateline_date(text, NOW) == (expected, None)


def test_dateline_without_a_year_takes_the_latest_year_the_text_mentions():
    text = "SEOUL, Oct. 18 (Meridian Wire) - Officials said the 2023 and 2024 drills were the largest yet."
    assert dateline_date(text, NOW) == (
        datetime(2024, 10, 18, tzinfo=UTC), "dateline has no year; took 2024, the latest year the text mentions")


def test_dateline_without_a_year_ignores_years_in_the_future():
    text = "SEOUL, Oct. 18 (Meridian Wire) - The plan runs from 2024 until 2030, officials said."
    published, _note = dateline_date(text, NOW)
    assert published == datetime(2024, 10, 18, tzinfo=UTC)


def test_dateline_without_any_year_takes_the_most_recent_past_date():
    published, note = dateline_date("SEOUL, Oct. 18 (Meridian Wire) - Officials met again.", NOW)
    assert published.date() == datetime(2024, 10, 18).date()
    assert note == "dateline has no year; took the most recent past date"


@pytest.mark.parametrize("text", [
    "The minister said on Oct. 18 that the talks would resume.",  # a date, but not a dateline
    "PORT ELLIS - Harbour pilots walked out on Monday.",  # a dateline, but without a date
    "PORT ELLIS, March 3, 2031 - A dateline in the future is not believed.",
    "",
])
def test_dateline_date_gives_none_without_a_dateline(text):
    assert dateline_date(text, NOW) is None
