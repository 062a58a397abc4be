"""Time expressions: find them in a parsed document and resolve them against its publication date.

`find_times(doc)` returns the candidate expressions of a spaCy doc: the model's DATE and TIME entities
(trimmed of a leading "the" and edge punctuation, widened by a "since"/"until" before them, and split
when the model ran two dates together) plus the relative and vague phrases of the lexicon that the
model misses ("recently", "in recent weeks", "over the past year"). Spans do not overlap; the longest wins.

`resolve_time(text, anchor)` turns one expression into a `TimeValue`: inclusive bounds and a precision.
Rules and the lexicon in `newsgraph/data/times.toml` come first; dateparser is a fallback for absolute
dates the rules do not know. Choices, so that callers know what they get:

- A day runs 00:00:00 .. 23:59:59; a week runs Monday .. Sunday.
- Calendar arithmetic happens in the anchor's own calendar (its wall-clock date), so "today" in a Seoul
  dateline is the Seoul day. With a tz-aware anchor the bounds are that wall-clock time labelled UTC, so
  that `.date()` always gives the day the words name; with a naive anchor they are naive.
- News tells the past: a bare weekday ("on Wednesday") is the latest such day on or before the anchor,
  so a report published on a Wednesday that says "on Wednesday" means that very day; "last Wednesday" is
  strictly before, "next Wednesday" strictly after. A month and day without a year ("Oct. 18") or a bare
  month ("in June") take the year that puts them nearest before the anchor, up to `ahead_days` after it.
- "late 2023" is Sep 1 .. Dec 31 2023, "early June" June 1 .. 10, "mid-2023" May .. Aug: precision range.
- "last week" is the previous Monday .. Sunday (range); "last month"/"last year" are calendar (month/year);
  "over the past year" is anchor-365 days .. anchor (range); "two weeks ago" is the week that contains the
  day 14 days back (range); "three days ago" is a day; "a year ago" is the year before (year).
- Vague words ("recently", "in recent weeks") give None .. anchor (or anchor .. None for "soon") with
  precision vague; `vague_horizon` says how far they usually reach.
- A clock time ("3 p.m.", "10:30 on Tuesday") has precision time, one minute wide, on the named day or,
  if none is named, on the anchor's day. Time zones named after it are ignored.
- "since X" is X's start .. anchor, "until X"/"by X" is None .. X's end (range). An ISO timestamp
  ("2024-06-19T21:40:00+09:00") is read at its own wall-clock time; its offset is ignored.
- Durations ("three years", "for 10 days"), ages ("65 years old") and story-relative words ("the next
  day", "at the time") are not points in time: None. Without an anchor only absolute expressions resolve.
- Odd input (too long, garbage, not a string) gives None; nothing here raises.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

PRECISIONS = ("day", "month", "year", "range", "vague", "time")
_DAY_END = time(23, 59, 59)
_MONTHS = {name: i for i, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")], start=1) for name in names}
_WEEKDAYS = {name: i for i, names in enumerate([
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]) for name in names}
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORDINALS = {w: i for i, w in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth"), start=1)}
_ORDINALS |= {f"twenty-{w}": 20 + i for w, i in list(_ORDINALS.items())[:9]}
_ORDINALS |= {"thirtieth": 30, "thirty-first": 31}
_PROBE = datetime(2199, 6, 15, 12)  # find_times asks if rules know a span; late, so "since 2022" resolves


@dataclass(frozen=True, slots=True)
class TimeValue:
    """The period a time expression means: inclusive bounds (None when open) and a precision."""

    start: datetime | None
    end: datetime | None
    precision: str


@dataclass(frozen=True)
class Lexicon:
    """times.toml, loaded once: phrases and the words the rules are made of."""

    ahead_days: int
    max_chars: int
    numbers: dict[str, int]
    fuzzy: tuple[str, ...]
    units: dict[str, float]
    rolling: tuple[str, ...]
    future: tuple[str, ...]
    seasons: dict[str, tuple[int, int]]
    parts: dict[str, dict[str, tuple[int, int]]]
    part_words: dict[str, str]
    vague: dict[str, tuple[str, int]]
    calendar: dict[str, tuple[str, int, str, str]]
    narrative: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon shipped in newsgraph/data/times.toml."""
    raw = tomllib.loads(resources.files("newsgraph").joinpath("data", "times.toml").read_text("utf-8"))
    parts = raw["parts"]
    return Lexicon(
        ahead_days=int(raw["settings"]["ahead_days"]),
        max_chars=int(raw["settings"]["max_chars"]),
        numbers={k: int(v) for k, v in raw["numbers"].items()},
        fuzzy=tuple(raw["fuzzy"]["words"]),
        units={k: float(v) for k, v in raw["units"].items()},
        rolling=tuple(raw["rolling"]["prefixes"]),
        future=tuple(raw["rolling"]["future_prefixes"]),
        seasons={k: (int(v[0]), int(v[1])) for k, v in raw["seasons"].items()},
        parts={key: {k: (int(v[0]), int(v[1])) for k, v in parts[key].items()}
               for key in ("month_days", "year_months", "decade_years")},
        part_words={w: kind for kind in ("early", "mid", "late") for w in parts[kind]},
        vague={p: (e["direction"], int(e["horizon_days"])) for e in raw["vague"] for p in e["phrases"]},
        calendar={p: (e["unit"], int(e["offset"]), e.get("part", "whole"), e["precision"])
                  for e in raw["calendar"] for p in e["phrases"]},
        narrative=frozenset(raw["narrative"]["phrases"]),
    )


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Rules:
    rolling: re.Pattern
    future: re.Pattern
    ago: re.Pattern
    part: re.Pattern


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lex = lexicon()
    num = rf"(?P<num>\d+|{_alt(lex.numbers)}|(?P<fuzzy>{_alt(lex.fuzzy)}))"
    unit = rf"(?P<unit>{_alt(lex.units)})(?P<plural>s)?"
    return _Rules(
        rolling=re.compile(rf"^(?:{_alt(lex.rolling)}) (?:{num} )?{unit}$"),
        future=re.compile(rf"^(?:{_alt(lex.future)}) (?:{num} )?{unit}$"),
        ago=re.compile(rf"^(?:{num} )?{unit} (?:ago|back)$"),
        part=re.compile(rf"^(?P<part>{_alt(lex.part_words)})(?: |-)(?P<rest>.+)$"),
    )


_MON = _alt(_MONTHS)
_WD = _alt(_WEEKDAYS)
_YEAR = r"(?P<year>1\d{3}|2\d{3})"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\S*)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_YEAR_RANGE = re.compile(r"^(1\d{3}|2\d{3}) ?(?:-|to|and|through|until) ?(\d{2}|\d{4})$")
_MONTH_DAY = re.compile(rf"^(?:(?:{_WD}) )?(?P<mon>{_MON}) (?:the )?(?P<day>\d{{1,2}})(?: {_YEAR})?$")
_DAY_MONTH = re.compile(rf"^(?:(?:{_WD}) )?(?P<day>\d{{1,2}}) (?:of )?(?P<mon>{_MON})(?: {_YEAR})?$")
_DAYS_RANGE = re.compile(rf"^(?P<mon>{_MON}) (?P<d1>\d{{1,2}}) ?(?:-|to|and|through|until) ?"
                         rf"(?:(?P<mon2>{_MON}) )?(?P<d2>\d{{1,2}})(?: {_YEAR})?$")
_RANGE_DAYS = re.compile(rf"^(?P<d1>\d{{1,2}}) ?(?:-|to|and) ?(?P<d2>\d{{1,2}}) (?P<mon>{_MON})(?: {_YEAR})?$")
_MONTH_YEAR = re.compile(rf"^(?P<mon>{_MON})(?: of)?(?: {_YEAR})?$")
_DECADE = re.compile(r"^(?P<cent>1\d|2\d)?'?(?P<dec>\d)0'?s$")
_SEASON = re.compile(r"^(?:(?P<rel>last|this|next|past|coming) )?(?P<season>spring|summer|autumn|fall|winter)"
                     rf"(?: of)?(?: {_YEAR})?$")
_QUARTER = re.compile(rf"^(?:(?P<ord>first|second|third|fourth|[1-4]) quarter|q(?P<q>[1-4]))"
                      rf"(?: of)?(?: {_YEAR})?$")
_WEEKDAY = re.compile(rf"^(?:(?P<rel>last|next|this|past|coming|on|early|late) )?(?P<wd>{_WD})"
                      r"(?: (?:morning|afternoon|evening|night|overnight))?$")
_CLOCK = re.compile(r"(?:^|\s)(?:at |around |about )?(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))? ?(?P<ap>am|pm)\b"
                    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b|(?P<word>noon|midday|midnight)\b)")
_CLOCK_REST = re.compile(r"\b(?:on|at|of|local time|[a-z]+ time|gmt|utc|[a-z]st|[a-z]dt|et|pt|ct|kst|msk|cet|eet)\b")
_SINCE = re.compile(r"^(?:ever |at least |as early as )?since (?P<rest>.+)$")
_UNTIL = re.compile(r"^(?:until|till|til|up to|up until|through|no later than|by) (?P<rest>.+)$")
_DROP = re.compile(r"^(?:in|on|at|during|around|about|circa|approximately|sometime in|some time in|back in|"
                   r"as of|as early as|as late as|from|earlier in|later in|throughout|over|between) (?P<rest>.+)$")
_SPAN = re.compile(r"^(?:from |between )?(?P<a>.+?) (?:-|to|and|until|till|through) (?P<b>.+)$")
_PART_OF_DAY = re.compile(r"^(?P<rest>.+) (?:morning|afternoon|evening|night|overnight)$")
_ORDINAL_DAY = re.compile(rf"\b({_alt(_ORDINALS)})(?= of (?:{_MON})\b|$)")
_LOOKS_ABSOLUTE = re.compile(rf"\b(?:{_MON})\b|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}")


def resolve_time(text: str, anchor: datetime | None) -> TimeValue | None:
    """The period `text` means, read on the publication date `anchor`, or None (see the module doc)."""
    if not isinstance(text, str) or not text.strip() or len(text) > lexicon().max_chars:
        return None
    if text.strip() == "may":  # the verb, not the month
        return None
    if isinstance(anchor, datetime):
        aware, wall = anchor.tzinfo is not None, anchor.replace(tzinfo=None)
    elif isinstance(anchor, date):
        aware, wall = False, datetime.combine(anchor, time(12))
    else:
        aware, wall = False, None
    try:
        value = _resolve_cached(normalize(text), wall, True)
    except (ValueError, OverflowError, RecursionError):
        return None
    if value is None or not aware:
        return value
    return TimeValue(*(b.replace(tzinfo=UTC) if b else None for b in (value.start, value.end)), value.precision)


def vague_horizon(text: str) -> timedelta | None:
    """How far a vague phrase usually reaches from the anchor ("recently": 30 days), or None."""
    found = lexicon().vague.get(_strip_the(normalize(text))) or lexicon().vague.get(normalize(text))
    return timedelta(days=found[1]) if found else None


def normalize(text: str) -> str:
    """Lower case, plain punctuation: "Oct. 18th, 2024" -> "oct 18 2024", "3 p.m." -> "3 pm"."""
    s = text.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"[‐‑‒–—−]", "-", s)
    s = re.sub(r"\b([ap])\.m\.?", r"\1m", s)
    s = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s)
    s = re.sub(r"\.(?=\s|$)|,|;|\(|\)|\"", " ", s)
    s = _ORDINAL_DAY.sub(lambda m: str(_ORDINALS[m[1]]), s)
    s = re.sub(r"\bmid-(?=[a-z\d])", "mid ", s)
    s = re.sub(r"\s+", " ", s).strip(" .:'-")
    return re.sub(r" ?'s$", "", s)


def _strip_the(s: str) -> str:
    return s[4:] if s.startswith("the ") else s


@lru_cache(maxsize=8192)
def _resolve_cached(s: str, a: datetime | None, fallback: bool) -> TimeValue | None:
    return _resolve(s, a, fallback, 0)


def _resolve(s: str, a: datetime | None, fallback: bool, depth: int) -> TimeValue | None:
    if not s or depth > 4:
        return None
    lex = lexicon()
    for key in (s, _strip_the(s)):
        if key in lex.narrative:
            return None
        if key in lex.vague:
            if a is None:
                return None
            return TimeValue(None, a, "vague") if lex.vague[key][0] == "past" else TimeValue(a, None, "vague")
        if key in lex.calendar:
            return _calendar(a, *lex.calendar[key]) if a else None
    if m := _SINCE.match(s):
        inner = _resolve(m["rest"], a, fallback, depth + 1)
        if inner is None or inner.start is None or (a is not None and inner.start > a):
            return None
        return TimeValue(inner.start, a, "range")
    if m := _UNTIL.match(s):
        inner = _resolve(m["rest"], a, fallback, depth + 1)
        return TimeValue(None, inner.end, "range") if inner and inner.end else None
    if value := _relative(s, a):
        return value
    if m := _DROP.match(s):
        return _resolve(m["rest"], a, fallback, depth + 1)
    s = _strip_the(s)
    value = _absolute(s, a, fallback, depth)
    if value is None and fallback and _LOOKS_ABSOLUTE.search(s) and _plausible_numbers(s):
        value = _dateparser(s, a)
    return value


def _plausible_numbers(s: str) -> bool:
    """Whether every number in `s` could be a day, an hour or a year: "oct 2 818" cannot be a date, and
    the slow fallback parser is not asked."""
    return all(int(n) <= 60 or 1000 <= int(n) <= 2999 for n in re.findall(r"\d+", s))


def _relative(s: str, a: datetime | None) -> TimeValue | None:
    """Spans counted from the anchor: rolling periods, "N units ago", "next N units"."""
    rules = _rules()
    for pattern, sign in ((rules.rolling, -1), (rules.future, 1), (rules.ago, 0)):
        m = pattern.match(s)
        if not m:
            continue
        if a is None:
            return None
        if m["fuzzy"] or (m["plural"] and not m["num"]):  # "a few days ago", "in the past months"
            return TimeValue(None, a, "vague") if sign <= 0 else TimeValue(a, None, "vague")
        n = _number(m["num"]) if m["num"] else 1
        unit = m["unit"]
        if sign == -1:
            return TimeValue(a - timedelta(hours=n * lexicon().units[unit]), a, "range")
        if sign == 1:
            return TimeValue(a, a + timedelta(hours=n * lexicon().units[unit]), "range")
        if unit in ("month", "year", "decade"):
            months = n * {"month": 1, "year": 12, "decade": 120}[unit]
            y, mo = divmod(a.year * 12 + a.month - 1 - months, 12)
            return _month(y, mo + 1) if unit == "month" else _year(y)
        back = (a - timedelta(hours=n * lexicon().units[unit])).date()
        if unit in ("week", "fortnight"):
            monday = back - timedelta(days=back.weekday())
            return _days(monday, monday + timedelta(days=6), "range")
        return _days(back, back, "day")
    return None


def _absolute(s: str, a: datetime | None, fallback: bool, depth: int) -> TimeValue | None:
    """Calendar dates, months, years, decades, seasons, quarters, weekdays and clock times."""
    if m := _ISO.match(s):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        if m[4]:
            return _clock(d, int(m[4]), int(m[5]))
        return _days(d, d, "day")
    if m := _SLASH.match(s):
        first, second, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 else y
        mo, d = (second, first) if first > 12 else (first, second)
        return _days(date(y, mo, d), date(y, mo, d), "day")
    if m := _YEAR_RANGE.match(s):
        y1, y2 = int(m[1]), int(m[2])
        if y2 < 100:
            y2 += y1 - y1 % 100
        if y1 < y2 <= y1 + 100:
            return TimeValue(_year(y1).start, _year(y2).end, "range")
        if len(m[2]) == 2 and 1 <= int(m[2]) <= 12:
            return _month(y1, int(m[2]))
        return None
    if re.fullmatch(r"1\d{3}|2\d{3}", s):
        return _year(int(s))
    if m := _MONTH_DAY.match(s) or _DAY_MONTH.match(s):
        return _month_day(_MONTHS[m["mon"]], int(m["day"]), m["year"], a)
    if m := _DAYS_RANGE.match(s) or _RANGE_DAYS.match(s):
        mon = _MONTHS[m["mon"]]
        mon2 = _MONTHS[m["mon2"]] if m.groupdict().get("mon2") else mon
        first = _month_day(mon, int(m["d1"]), m["year"], a)
        if first is None or first.start is None:
            return None
        y2 = first.start.year + (1 if mon2 < mon else 0)
        last = date(y2, mon2, int(m["d2"]))
        return _days(first.start.date(), last, "range") if last >= first.start.date() else None
    if m := _MONTH_YEAR.match(s):
        mon = _MONTHS[m["mon"]]
        if m["year"]:
            return _month(int(m["year"]), mon)
        if a is None:
            return None
        latest = a.date() + timedelta(days=lexicon().ahead_days)
        return _month(next(y for y in (a.year + 1, a.year, a.year - 1) if date(y, mon, 1) <= latest), mon)
    if m := _DECADE.match(s):
        dec = int(m["dec"]) * 10
        if m["cent"]:
            start = int(m["cent"]) * 100 + dec
        elif a is not None:
            start = a.year - a.year % 100 + dec
            start -= 100 if start > a.year else 0
        else:
            start = 1900 + dec if dec >= 30 else 2000 + dec
        return TimeValue(_year(start).start, _year(start + 9).end, "range")
    if m := _SEASON.match(s):
        return _season(m["season"], m["rel"], m["year"], a)
    if m := _QUARTER.match(s):
        q = int(m["q"]) if m["q"] else _QUARTERS[m["ord"]]
        y = int(m["year"]) if m["year"] else (a.year if a and date(a.year, 3 * q - 2, 1) <= a.date() else
                                              a.year - 1 if a else None)
        if y is None:
            return None
        return TimeValue(_month(y, 3 * q - 2).start, _month(y, 3 * q).end, "range")
    if m := _WEEKDAY.match(s):
        return _weekday(_WEEKDAYS[m["wd"]], m["rel"], a)
    if m := _rules().part.match(s):
        inner = _resolve(m["rest"], a, fallback, depth + 1)
        return _part(inner, lexicon().part_words[m["part"]]) if inner else None
    if m := _CLOCK.search(s):
        rest = _CLOCK_REST.sub(" ", s[: m.start()] + " " + s[m.end():]).strip()
        rest = re.sub(r"\s+", " ", rest)
        day = _resolve(rest, a, fallback, depth + 1) if rest else (_days(a.date(), a.date(), "day") if a else None)
        if day is None or day.precision != "day" or day.start is None:
            return None
        if m["word"]:
            hour, minute = (0, 0) if m["word"] == "midnight" else (12, 0)
        elif m["h24"]:
            hour, minute = int(m["h24"]), int(m["m24"])
        else:
            hour, minute = int(m["h"]) % 12 + (12 if m["ap"] == "pm" else 0), int(m["m"] or 0)
        return _clock(day.start.date(), hour, minute)
    if m := _PART_OF_DAY.match(s):
        inner = _resolve(m["rest"], a, fallback, depth + 1)
        return inner if inner and inner.precision == "day" else None
    if m := _SPAN.match(s):
        first = _resolve(m["a"], a, fallback, depth + 1)
        last = _resolve(m["b"], a, fallback, depth + 1)
        if first and last and first.start and last.end and first.start <= last.end:
            return TimeValue(first.start, last.end, "range")
    return None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else lexicon().numbers[word]


def _days(first: date, last: date, precision: str) -> TimeValue:
    return TimeValue(datetime.combine(first, time()), datetime.combine(last, _DAY_END), precision)


def _month(y: int, mo: int) -> TimeValue:
    return _days(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month")


def _year(y: int) -> TimeValue:
    return _days(date(y, 1, 1), date(y, 12, 31), "year")


def _clock(d: date, hour: int, minute: int) -> TimeValue:
    start = datetime.combine(d, time(hour, minute))
    return TimeValue(start, start + timedelta(seconds=59), "time")


def _month_day(mon: int, day: int, year: str | None, a: datetime | None) -> TimeValue | None:
    if year:
        return _days(date(int(year), mon, day), date(int(year), mon, day), "day")
    if a is None:
        return None
    latest = a.date() + timedelta(days=lexicon().ahead_days)
    for y in range(a.year + 1, a.year - 8, -1):  # Feb. 29 may need a few years back
        if (mon, day) != (2, 29) or calendar.isleap(y):
            d = date(y, mon, day)  # ValueError for "February 30": the caller gives None
            if d <= latest:
                return _days(d, d, "day")
    return None


def _calendar(a: datetime, unit: str, offset: int, part: str, precision: str) -> TimeValue:
    d = a.date()
    if unit == "day":
        first = last = d + timedelta(days=offset)
    elif unit == "week":
        first = d - timedelta(days=d.weekday()) + timedelta(weeks=offset)
        last = first + timedelta(days=6)
    elif unit in ("weekend", "past_weekend"):
        first = d - timedelta(days=d.weekday()) + timedelta(days=5, weeks=offset)
        if unit == "past_weekend" and first > d:
            first -= timedelta(weeks=1)
        last = first + timedelta(days=1)
    elif unit in ("month", "quarter"):
        size = 1 if unit == "month" else 3
        index = (d.year * 12 + d.month - 1) // size + offset
        y, m0 = divmod(index * size, 12)
        first = date(y, m0 + 1, 1)
        y2, m2 = divmod(index * size + size - 1, 12)
        last = date(y2, m2 + 1, calendar.monthrange(y2, m2 + 1)[1])
    else:
        size = 1 if unit == "year" else 10
        y = d.year - d.year % size + offset * size
        first, last = date(y, 1, 1), date(y + size - 1, 12, 31)
    value = _days(first, last, precision)
    if part == "to_anchor":
        return TimeValue(value.start, a, precision)
    if part == "from_anchor":
        return TimeValue(a, value.end, precision)
    return value


def _season(name: str, rel: str | None, year: str | None, a: datetime | None) -> TimeValue | None:
    first_month, last_month = lexicon().seasons[name]

    def of(y: int) -> TimeValue:
        y2 = y + 1 if last_month < first_month else y
        return TimeValue(_month(y, first_month).start, _month(y2, last_month).end, "range")

    if year:
        return of(int(year))
    if a is None:
        return None
    y = a.year - (1 if last_month < first_month and a.month <= last_month else 0)
    current = of(y)  # the season of the anchor's year (winter: the one that includes Jan/Feb of it)
    if rel in ("last", "past"):
        return current if current.end < a else of(y - 1)
    if rel in ("next", "coming"):
        return current if current.start > a else of(y + 1)
    return current


def _weekday(wd: int, rel: str | None, a: datetime | None) -> TimeValue | None:
    if a is None:
        return None
    d = a.date()
    if rel in ("next", "coming"):
        target = d + timedelta(days=(wd - d.weekday() - 1) % 7 + 1)
    elif rel == "this":
        target = d - timedelta(days=d.weekday()) + timedelta(days=wd)
    elif rel in ("last", "past"):
        target = d - timedelta(days=(d.weekday() - wd - 1) % 7 + 1)
    else:
        target = d - timedelta(days=(d.weekday() - wd) % 7)
    return _days(target, target, "day")


def _part(value: TimeValue, kind: str) -> TimeValue | None:
    """early/mid/late of a month, a year or a decade; a day stays a day ("early Wednesday")."""
    if value.start is None or value.end is None:
        return None
    parts = lexicon().parts
    s, e = value.start, value.end
    if value.precision == "day" and s.date() == e.date():
        return value
    if value.precision == "month" or (s.day == 1 and (e.year, e.month) == (s.year, s.month) and s.month == e.month):
        lo, hi = parts["month_days"][kind]
        hi = min(hi, calendar.monthrange(s.year, s.month)[1])
        return _days(date(s.year, s.month, lo), date(s.year, s.month, hi), "range")
    if value.precision == "year":
        lo, hi = parts["year_months"][kind]
        return TimeValue(_month(s.year, lo).start, _month(s.year, hi).end, "range")
    if e.year - s.year == 9 and s.year % 10 == 0 and (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        lo, hi = parts["decade_years"][kind]
        return TimeValue(_year(s.year + lo).start, _year(s.year + hi).end, "range")
    return None


@lru_cache(maxsize=64)
def _date_parser(day: date | None):
    """A dateparser parser for one anchor day (building one is slow: documents of a day share it)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if day is not None:
        settings["RELATIVE_BASE"] = datetime.combine(day, time(12))
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(s: str, a: datetime | None) -> TimeValue | None:
    """The fallback for absolute dates the rules do not know; without an anchor a year must be written."""
    if a is None and not re.search(r"\b(?:1\d{3}|2\d{3})\b", s):
        return None
    try:
        # a written year makes the anchor irrelevant: one parser serves every document
        written_year = re.search(r"\b(?:1\d{3}|2\d{3})\b", s)
        data = _date_parser(None if written_year or a is None else a.date()).get_date_data(s)
    except Exception:  # dateparser fails in many ways on odd input; a failure is "not a date"
        return None
    found = data.date_obj if data else None
    if found is None:
        return None
    if data.period == "year":
        return _year(found.year)
    if data.period == "month":
        return _month(found.year, found.month)
    if data.period == "time" and (found.hour or found.minute):
        return _clock(found.date(), found.hour, found.minute)
    return _days(found.date(), found.date(), "day")


# --- finding time expressions in a parsed document -------------------------------------------------------

_LABELS = frozenset({"DATE", "TIME"})
_WIDEN = frozenset({"since", "until", "till"})
_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher, Matcher]] = {}


def find_times(doc: Doc) -> list[Span]:
    """The time expressions of `doc`: DATE/TIME entities and lexicon phrases, non-overlapping, in order."""
    phrases, shapes = _matchers(doc.vocab)
    lexical = [doc[s:e] for _, s, e in phrases(doc)] + _counted(doc)
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        span = _trim(doc, ent.start, ent.end)
        if span is None:
            continue
        if not _understood(span.text):
            # The model may run two expressions together ("earlier this month three days ago"): keep the
            # pieces the rules know, if there are any, instead of the whole.
            # shape matches inside this entity only (a Matcher on a span gives offsets from its start)
            inside = sorted([(sp.start, sp.end) for sp in lexical]
                            + [(ent.start + s, ent.start + e) for _, s, e in shapes(doc[ent.start:ent.end])])
            i = bisect_left(inside, (ent.start, ent.start))
            pieces = []
            while i < len(inside) and inside[i][0] < ent.end:
                s, e = inside[i]
                if e <= ent.end and e - s < ent.end - ent.start:
                    pieces.append(doc[s:e])
                i += 1
            if pieces:
                spans.extend(filter_spans(pieces))
                continue
        spans.append(span)
    spans.extend(lexical)
    return filter_spans(spans)


def _counted(doc: Doc) -> list[Span]:
    """Spans counted from the anchor ("over the past two years", "three weeks ago"), found from their unit
    word backwards: a few tokens per unit word, so linear in the document."""
    units = _unit_words()
    lowers = [t.lower_ for t in doc]
    found = []
    for i, word in enumerate(lowers):
        if word not in units:
            continue
        end = i + 2 if i + 1 < len(lowers) and lowers[i + 1] in ("ago", "back") else i + 1
        for start in range(max(0, i - 7), i + 1):
            if _is_counted(" ".join(lowers[start:end])):
                found.append(doc[start:end])
                break
    return found


@lru_cache(maxsize=4096)
def _is_counted(text: str) -> bool:
    rules = _rules()
    return bool(rules.rolling.match(text) or rules.future.match(text) or rules.ago.match(text))


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    return frozenset(w for unit in lexicon().units for w in (unit, unit + "s"))


def _trim(doc: Doc, start: int, end: int) -> Span | None:
    """Drop a leading "the", edge punctuation and a trailing "'s"; take in a "since"/"until" before."""
    if start > 0 and doc[start - 1].lower_ in _WIDEN:
        start -= 1
    while start < end and (doc[start].lower_ == "the" or (doc[start].is_punct and doc[start].text not in "'’")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return doc[start:end] if end > start else None


def _understood(text: str) -> bool:
    s = normalize(text)
    if len(s) > lexicon().max_chars:
        return False
    try:
        return _strip_the(s) in lexicon().narrative or _resolve_cached(s, _PROBE, False) is not None
    except (ValueError, OverflowError, RecursionError):
        return False


def _words(phrase: str) -> list[str]:
    """A phrase split the way the English tokenizer splits it ("year's end" -> year, 's, end)."""
    return re.findall(r"'s\b|[^\s']+", phrase)


def _matchers(vocab: Vocab) -> tuple[PhraseMatcher, Matcher]:
    """The lexicon's PhraseMatcher and the shape Matcher for one vocab, built once."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1], cached[2]
    lex = lexicon()
    phrases = PhraseMatcher(vocab, attr="LOWER")
    known = sorted(set(lex.vague) | set(lex.calendar))
    phrases.add("TIME_LEXICON", [Doc(vocab, words=_words(p)) for p in known])
    matcher = Matcher(vocab)
    months = [m for m in _MONTHS if m != "may"]
    mon = {"LOWER": {"IN": [*months, *(m + "." for m in months), "may"]}}
    day = {"SHAPE": {"IN": ["d", "dd", "dxx", "ddxx"]}}
    year = {"SHAPE": "dddd"}
    weekday = {"LOWER": {"IN": list(_WEEKDAYS)}}
    comma = {"ORTH": ","}
    matcher.add("TIME_SHAPE", [
        [mon, day], [mon, day, year], [mon, day, comma, year], [mon, year], [day, mon], [day, mon, year],
        [{"LOWER": {"IN": months}}], [weekday], [{"LOWER": {"IN": ["last", "next", "this"]}}, weekday], [year],
        [{"SHAPE": {"IN": ["ddddx", "ddx"]}, "LOWER": {"REGEX": r"0s$"}}],
    ])
    if len(_MATCHERS) >= 8:
        _MATCHERS.clear()
    _MATCHERS[id(vocab)] = (vocab, phrases, matcher)
    return phrases, matcher
