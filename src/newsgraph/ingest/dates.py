"""Publication dates: from metadata strings, else from a wire-style dateline at the top of the text.

A dateline such as "SEOUL, Oct. 18 (Meridian Wire) -" often has no year; the year is then taken
from the latest year the text mentions that is not in the future, and a note says so.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import dateparser

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = (rf"(?P<date>{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?|"
         r"\d{4}-\d{2}-\d{2})")
# PLACE[, REGION], DATE [(OUTLET)] - ...     or     PLACE (OUTLET), DATE - ...
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z.'’\- ]{{1,40}}?(?:,\s*[A-Z][A-Za-z.'’\- ]{{1,30}}?)?"
    rf"(?:\s*\([^)\n]{{1,60}}\))?\s*[,:]?\s+{_DATE}\b(?:\s*\([^)\n]{{1,60}}\))?\s*[-–—:]",
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC",
             "TO_TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first"}


def parse_date(value: object, now: datetime | None = None) -> datetime | None:
    """A metadata date (ISO 8601, RFC 822, or a written date) as an aware datetime, or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value / 1000 if value > 10**11 else value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(text, languages=["en"], settings={
            **_SETTINGS, "RELATIVE_BASE": (now or datetime.now(UTC)).replace(tzinfo=None)})
    return parsed


def dateline_date(text: str, now: datetime | None = None) -> tuple[datetime, str | None] | None:
    """The date of a dateline opening `text`, with a note when its year had to be inferred."""
    match = _DATELINE.match(text[:300])
    if not match:
        return None
    now = now or datetime.now(UTC)
    raw = match.group("date")
    note = None
    if not re.search(r"\d{4}", raw):
        years = [int(y) for y in _YEAR.findall(text[:20_000]) if int(y) <= now.year]
        if years:
            raw = f"{raw} {max(years)}"
            note = f"dateline has no year; took {max(years)}, the latest year the text mentions"
        else:
            note = "dateline has no year; took the most recent past date"
    parsed = parse_date(raw, now)
    if parsed is not None and parsed > now and note:  # a yearless "Dec. 30" read in November: last year's
        try:
            parsed = parsed.replace(year=parsed.year - 1)
        except ValueError:  # 29 February
            parsed = None
    if parsed is None or parsed > now:
        return None
    return parsed, note
