"""The actor registry: every country, organisation, person, sector and generic group newsgraph knows by name.

The registry is read from TOML files shipped in ``newsgraph/data/actors/`` (see the README there for the
format) and, optionally, from user files with the same format that add or replace entries. Countries start
from pycountry's ISO 3166 list; ``countries.toml`` overlays display names, alternates, adjectives, demonyms,
capitals and seats of power on it. The actor component resolves mentions against :meth:`Registry.names`
(one :class:`Name` per surface form) and :meth:`Registry.lookup`.

Normalisation (:func:`normalise`) is what makes two surface forms equal: case, a leading "the", curly
quotes, diacritics, periods and hyphens do not count. Forms listed as ``case_sensitive`` (``US``, ``WHO``)
are compared as written instead, so the pronoun "us" or the word "who" never match them.
"""

from __future__ import annotations

import calendar
import functools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsgraph.nlp.folding import strip_accents

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
PACKAGE_FILES = ("sectors.toml", "countries.toml", "organisations.toml", "people.toml", "people_history.toml",
                 "groups.toml")

#: Country codes that are not countries: the POLECAT conventions for UN bodies, EU bodies and other
#: intergovernmental bodies.
PSEUDO_COUNTRIES = frozenset({"UNO", "EUR", "IGO"})

ORGANISATION_KINDS = frozenset({"igo", "national", "party", "armed_group", "company", "media", "university", "ngo"})
GROUP_TYPES = frozenset({"expert", "official", "media", "military", "unnamed", "public", "coalition"})
HEADS = {"state": 0, "government": 1}

_COUNTRY_KEYS = frozenset({"name", "alternates", "adjectives", "demonyms", "capitals", "seats", "case_sensitive",
                           "official_name", "replace"})
_SECTIONS = frozenset({"organisation", "person", "sector", "group", "titles", "modifiers", "religions"})
_ALPHA3 = re.compile(r"^[A-Z]{3}$")


class RegistryError(ValueError):
    """A broken or invalid registry file; the message names the file, the entry and what is wrong."""


# --------------------------------------------------------------------------------------------------
# normalisation

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-",
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Curly quotes and dashes folded, whitespace collapsed, a leading "the" dropped; case kept."""
    text = _SPACES.sub(" ", text.translate(_QUOTES)).strip()
    return _THE.sub("", text)


def normalise(text: str) -> str:
    """The key two surface forms are compared by (except case-sensitive forms, see :meth:`Registry.lookup`).

    Lower-cased; a leading "the " dropped; curly quotes folded to ``'``; diacritics removed
    (``Élysée`` -> ``elysee``); periods removed (``U.S.`` -> ``us``, ``St. Kitts`` -> ``st kitts``);
    hyphens and dashes read as spaces (``al-Qaeda`` -> ``al qaeda``); whitespace collapsed.
    Because ``U.S.`` and ``us`` share a key, short forms that are also words are declared case-sensitive.
    """
    text = strip_accents(_fold(text)).lower()
    text = text.replace(".", "").replace("-", " ")
    text = _SPACES.sub(" ", text).strip()
    return _THE.sub("", text)


def _exact(text: str) -> str:
    """The key of a case-sensitive form: as written, except quotes, dashes, whitespace and a leading "the"."""
    return _fold(text)


# --------------------------------------------------------------------------------------------------
# entries


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]  # every name form: pycountry name, official, common, alternates, the display name
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]
    case_sensitive: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    kind: str
    case_sensitive: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    country: str | None
    sector: str | None
    start: date | None
    end: date | None  # the last day in office, inclusive; None while still in office
    head: str | None = None  # "state", "government" or None
    sector2: str | None = None

    def holds_on(self, day: date) -> bool:
        """Whether the role was held on ``day`` (start and end inclusive; a missing start means "always")."""
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day <= self.end

    @property
    def rank(self) -> int:
        """0 for a head of state, 1 for a head of government, 2 for any other role."""
        return HEADS.get(self.head or "", 2)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    case_sensitive: tuple[str, ...] = ()

    def role_on(self, day: date | None) -> Role | None:
        """The role held on ``day``: the highest (head of state, then of government, then the latest begun).

        With ``day`` None: the highest open role, or else the role that ended last. A day before the first
        role or after the last one ended gives None (the caller treats the person as a former official).
        """
        if not self.roles:
            return None
        if day is None:
            current = [r for r in self.roles if r.end is None]
            if not current:
                return max(self.roles, key=lambda r: (r.end or date.min, -r.rank))
        else:
            current = [r for r in self.roles if r.holds_on(day)]
            if not current:
                return None
        return min(current, key=lambda r: (r.rank, -(r.start or date.min).toordinal()))


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    name: str
    description: str
    nouns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name: str
    type: str
    sector: str | None
    phrases: tuple[str, ...]
    case_sensitive: tuple[str, ...] = ()  # phrases that match only as written ("West" but not "west")


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    kind: str  # "country", "organisation", "person", "group"
    code: str  # Country.code, Organisation.code, Person.id or Group.code
    form: str  # "name", "alternate", "adjective", "demonym", "capital", "seat", "alias", "surname", "phrase"
    case_sensitive: bool = False


# --------------------------------------------------------------------------------------------------
# reading files


def _where(path: Path, entry: str) -> str:
    return f"{path}: {entry}"


def _text(value: Any, path: Path, entry: str, key: str, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise RegistryError(f"{_where(path, entry)}: missing {key!r}")
        return ""
    if not isinstance(value, str):
        raise RegistryError(f"{_where(path, entry)}: {key!r} must be a string, not {value!r}")
    return value.strip()


def _texts(value: Any, path: Path, entry: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{_where(path, entry)}: {key!r} must be a list of strings")
    return [v.strip() for v in value if v.strip()]


def _date(value: Any, path: Path, entry: str, key: str, *, end: bool) -> date | None:
    """A date from ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (an end date then means the period's last day)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
        if m:
            year, month, day = int(m[1]), m[2], m[3]
            try:
                if day:
                    return date(year, int(month), int(day))
                if month:
                    last = calendar.monthrange(year, int(month))[1] if end else 1
                    return date(year, int(month), last)
                return date(year, 12, 31) if end else date(year, 1, 1)
            except ValueError:
                pass
    raise RegistryError(f"{_where(path, entry)}: bad date {key} = {value!r} (want YYYY-MM-DD, YYYY-MM or YYYY)")


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)


@dataclass
class _State:
    """The registry being built: raw country overlays, finished entries, and the file each came from."""

    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    titles: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    modifiers: dict[str, str] = field(default_factory=dict)
    religions: dict[str, str] = field(default_factory=dict)
    origin: dict[tuple[str, str], Path] = field(default_factory=dict)
    # (path, entry description, code) of every sector code used, and of every country code used
    sector_uses: list[tuple[Path, str, str]] = field(default_factory=list)
    country_uses: list[tuple[Path, str, str]] = field(default_factory=list)


def _pycountry_base() -> dict[str, dict[str, Any]]:
    import pycountry

    base: dict[str, dict[str, Any]] = {}
    for c in pycountry.countries:
        forms = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        base[c.alpha_3] = {"name": getattr(c, "common_name", None) or c.name,
                           "pycountry": [f for f in forms if f], "alternates": [], "adjectives": [],
                           "demonyms": [], "capitals": [], "seats": [], "case_sensitive": []}
    return base


_BASE_CACHE: dict[str, dict[str, Any]] | None = None


def _base_countries() -> dict[str, dict[str, Any]]:
    global _BASE_CACHE
    if _BASE_CACHE is None:
        _BASE_CACHE = _pycountry_base()
    return {code: {k: (list(v) if isinstance(v, list) else v) for k, v in entry.items()}
            for code, entry in _BASE_CACHE.items()}


def _read_country(state: _State, path: Path, code: str, table: Any, user: bool) -> None:
    entry = f"[{code}]"
    if not isinstance(table, dict):
        raise RegistryError(f"{_where(path, entry)}: a country must be a table of keys")
    unknown = set(table) - _COUNTRY_KEYS
    if unknown:
        raise RegistryError(f"{_where(path, entry)}: unknown key(s) {', '.join(sorted(unknown))}")
    raw = state.countries.get(code)
    if raw is None:
        raw = {"name": None, "pycountry": [], "alternates": [], "adjectives": [], "demonyms": [], "capitals": [],
               "seats": [], "case_sensitive": []}
        state.countries[code] = raw
    if table.get("replace"):
        for key in ("alternates", "adjectives", "demonyms", "capitals", "seats", "case_sensitive"):
            raw[key] = []
    if "name" in table:
        raw["name"] = _text(table["name"], path, entry, "name")
    if "official_name" in table:
        raw["pycountry"].append(_text(table["official_name"], path, entry, "official_name"))
    for key in ("alternates", "adjectives", "demonyms", "capitals", "seats", "case_sensitive"):
        if key in table:
            values = _texts(table[key], path, entry, key)
            # the package's overlay sets a list; a user file adds to it (replace = true to start again)
            raw[key] = raw[key] + values if user else values
    if not raw["name"]:
        raise RegistryError(f"{_where(path, entry)}: missing 'name' (the country is not in ISO 3166 / pycountry)")
    state.origin[("country", code)] = path


def _read_organisation(state: _State, path: Path, index: int, item: Any) -> None:
    entry = f"organisation #{index + 1}"
    if not isinstance(item, dict):
        raise RegistryError(f"{_where(path, entry)}: must be a table")
    code = _text(item.get("code"), path, entry, "code")
    entry = f"organisation {code!r}"
    unknown = set(item) - {"code", "name", "aliases", "country", "sector", "kind", "case_sensitive"}
    if unknown:
        raise RegistryError(f"{_where(path, entry)}: unknown key(s) {', '.join(sorted(unknown))}")
    kind = _text(item.get("kind"), path, entry, "kind")
    if kind not in ORGANISATION_KINDS:
        kinds = ", ".join(sorted(ORGANISATION_KINDS))
        raise RegistryError(f"{_where(path, entry)}: unknown kind {kind!r} (one of {kinds})")
    country = _text(item.get("country"), path, entry, "country", required=False) or None
    sector = _text(item.get("sector"), path, entry, "sector", required=False) or None
    if country:
        state.country_uses.append((path, entry, country))
    if sector:
        state.sector_uses.append((path, entry, sector))
    state.organisations[code] = Organisation(
        code=code, name=_text(item.get("name"), path, entry, "name"),
        aliases=_dedupe(_texts(item.get("aliases"), path, entry, "aliases")), country=country, sector=sector,
        kind=kind, case_sensitive=_dedupe(_texts(item.get("case_sensitive"), path, entry, "case_sensitive")))
    state.origin[("organisation", code)] = path


def _read_person(state: _State, path: Path, index: int, item: Any) -> None:
    entry = f"person #{index + 1}"
    if not isinstance(item, dict):
        raise RegistryError(f"{_where(path, entry)}: must be a table")
    pid = _text(item.get("id"), path, entry, "id")
    entry = f"person {pid!r}"
    unknown = set(item) - {"id", "name", "aliases", "roles", "case_sensitive"}
    if unknown:
        raise RegistryError(f"{_where(path, entry)}: unknown key(s) {', '.join(sorted(unknown))}")
    roles_raw = item.get("roles") or []
    if not isinstance(roles_raw, list):
        raise RegistryError(f"{_where(path, entry)}: 'roles' must be a list of tables")
    roles = []
    for n, r in enumerate(roles_raw, 1):
        where = f"{entry} role #{n}"
        if not isinstance(r, dict):
            raise RegistryError(f"{_where(path, where)}: must be a table")
        unknown = set(r) - {"title", "country", "sector", "sector2", "head", "start", "end"}
        if unknown:
            raise RegistryError(f"{_where(path, where)}: unknown key(s) {', '.join(sorted(unknown))}")
        head = _text(r.get("head"), path, where, "head", required=False) or None
        if head is not None and head not in HEADS:
            raise RegistryError(f"{_where(path, where)}: head must be 'state', 'government' or '', not {head!r}")
        country = _text(r.get("country"), path, where, "country", required=False) or None
        sector = _text(r.get("sector"), path, where, "sector", required=False) or None
        sector2 = _text(r.get("sector2"), path, where, "sector2", required=False) or None
        for code in (sector, sector2):
            if code:
                state.sector_uses.append((path, where, code))
        if country:
            state.country_uses.append((path, where, country))
        start = _date(r.get("start"), path, where, "start", end=False)
        end = _date(r.get("end"), path, where, "end", end=True)
        if start and end and end < start:
            raise RegistryError(f"{_where(path, where)}: end {end} is before start {start}")
        roles.append(Role(title=_text(r.get("title"), path, where, "title"), country=country, sector=sector,
                          start=start, end=end, head=head, sector2=sector2))
    state.people[pid] = Person(id=pid, name=_text(item.get("name"), path, entry, "name"),
                               aliases=_dedupe(_texts(item.get("aliases"), path, entry, "aliases")),
                               roles=tuple(roles),
                               case_sensitive=_dedupe(_texts(item.get("case_sensitive"), path, entry,
                                                             "case_sensitive")))
    state.origin[("person", pid)] = path


def _read_sector(state: _State, path: Path, index: int, item: Any) -> None:
    entry = f"sector #{index + 1}"
    if not isinstance(item, dict):
        raise RegistryError(f"{_where(path, entry)}: must be a table")
    code = _text(item.get("code"), path, entry, "code")
    entry = f"sector {code!r}"
    unknown = set(item) - {"code", "name", "description", "nouns"}
    if unknown:
        raise RegistryError(f"{_where(path, entry)}: unknown key(s) {', '.join(sorted(unknown))}")
    state.sectors[code] = Sector(code=code, name=_text(item.get("name"), path, entry, "name"),
                                 description=_text(item.get("description"), path, entry, "description",
                                                   required=False),
                                 nouns=_dedupe(n.lower() for n in _texts(item.get("nouns"), path, entry, "nouns")))
    state.origin[("sector", code)] = path


def _read_group(state: _State, path: Path, index: int, item: Any) -> None:
    entry = f"group #{index + 1}"
    if not isinstance(item, dict):
        raise RegistryError(f"{_where(path, entry)}: must be a table")
    code = _text(item.get("code"), path, entry, "code")
    entry = f"group {code!r}"
    unknown = set(item) - {"code", "name", "type", "sector", "phrases", "case_sensitive"}
    if unknown:
        raise RegistryError(f"{_where(path, entry)}: unknown key(s) {', '.join(sorted(unknown))}")
    gtype = _text(item.get("type"), path, entry, "type")
    if gtype not in GROUP_TYPES:
        raise RegistryError(f"{_where(path, entry)}: unknown type {gtype!r} (one of {', '.join(sorted(GROUP_TYPES))})")
    sector = _text(item.get("sector"), path, entry, "sector", required=False) or None
    if sector:
        state.sector_uses.append((path, entry, sector))
    state.groups[code] = Group(code=code, name=_text(item.get("name"), path, entry, "name"), type=gtype,
                               sector=sector,
                               phrases=_dedupe(p.lower() for p in _texts(item.get("phrases"), path, entry, "phrases")),
                               case_sensitive=_dedupe(_texts(item.get("case_sensitive"), path, entry,
                                                             "case_sensitive")))
    state.origin[("group", code)] = path


def _read_mapping(state: _State, path: Path, section: str, table: Any) -> None:
    if not isinstance(table, dict):
        raise RegistryError(f"{_where(path, f'[{section}]')}: must be a table")
    for key, value in table.items():
        where = f"[{section}] {key!r}"
        if section == "titles":
            codes = [value] if isinstance(value, str) else value
            if not isinstance(codes, list) or not 1 <= len(codes) <= 2 or not all(isinstance(c, str) for c in codes):
                raise RegistryError(f"{_where(path, where)}: want a sector code or [sector, sector2]")
            for code in codes:
                state.sector_uses.append((path, where, code))
            state.titles[normalise(key)] = (codes[0], codes[1] if len(codes) > 1 else None)
        else:
            if not isinstance(value, str):
                raise RegistryError(f"{_where(path, where)}: want a code string")
            if section == "modifiers":
                state.sector_uses.append((path, where, value))
                state.modifiers[normalise(key)] = value
            else:
                state.religions[normalise(key)] = value


def _read_file(state: _State, path: Path, user: bool) -> None:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from exc
    readers = {"organisation": _read_organisation, "person": _read_person, "sector": _read_sector,
               "group": _read_group}
    for key, value in data.items():
        if key in readers:
            if not isinstance(value, list):
                raise RegistryError(f"{path}: [[{key}]] must be an array of tables")
            for index, item in enumerate(value):
                readers[key](state, path, index, item)
        elif key in ("titles", "modifiers", "religions"):
            _read_mapping(state, path, key, value)
        elif _ALPHA3.match(key):
            _read_country(state, path, key, value, user)
        else:
            raise RegistryError(f"{path}: unknown section {key!r} (want a country code such as [PRK], or one of "
                                f"{', '.join(sorted(_SECTIONS))})")


def _validate(state: _State) -> None:
    for path, entry, code in state.sector_uses:
        if code not in state.sectors:
            raise RegistryError(f"{_where(path, entry)}: unknown sector code {code!r}")
    for path, entry, code in state.country_uses:
        if code not in state.countries and code not in PSEUDO_COUNTRIES:
            raise RegistryError(f"{_where(path, entry)}: unknown country code {code!r}")
    for (kind, code), path in state.origin.items():
        entry = state.countries.get(code) if kind == "country" else None
        if entry is not None:
            forms = set(entry["pycountry"]) | {entry["name"]}
            for key in ("alternates", "adjectives", "demonyms", "capitals", "seats"):
                forms.update(entry[key])
            missing = [f for f in entry["case_sensitive"] if f not in forms]
            if missing:
                raise RegistryError(f"{_where(path, f'[{code}]')}: case_sensitive form(s) {missing} are not "
                                    "among its names, adjectives, demonyms, capitals or seats")


# --------------------------------------------------------------------------------------------------
# the registry


def plurals(noun: str) -> list[str]:
    """Regular English plurals of a noun phrase's last word (``policeman`` -> ``policemen``)."""
    head, _, last = noun.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last.endswith("man"):
        return [f"{prefix}{last[:-3]}men"]
    if last.endswith(("s", "x", "ch", "sh")):
        return [f"{prefix}{last}es"]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return [f"{prefix}{last[:-1]}ies"]
    return [f"{prefix}{last}s"]


class Registry:
    """Every known actor, with indexes from normalised surface forms to entries."""

    countries: dict[str, Country]
    organisations: dict[str, Organisation]
    people: dict[str, Person]
    sectors: dict[str, Sector]
    groups: dict[str, Group]
    sector_nouns: dict[str, str]  # normalised noun or phrase (singular, plus regular plurals) -> sector code
    titles: dict[str, tuple[str, str | None]]  # normalised title -> (sector, sector2)
    modifiers: dict[str, str]  # normalised scope word ("former", "opposition") -> sector code
    religions: dict[str, str]  # normalised religious group noun ("buddhist", "sunni") -> religion code

    def __init__(self, countries: dict[str, Country], organisations: dict[str, Organisation],
                 people: dict[str, Person], sectors: dict[str, Sector], groups: dict[str, Group],
                 titles: dict[str, tuple[str, str | None]] | None = None, modifiers: dict[str, str] | None = None,
                 religions: dict[str, str] | None = None) -> None:
        self.countries = countries
        self.organisations = organisations
        self.people = people
        self.sectors = sectors
        self.groups = groups
        self.titles = dict(titles or {})
        self.modifiers = dict(modifiers or {})
        self.religions = dict(religions or {})
        self.sector_nouns = {}
        for sector in sectors.values():
            for noun in sector.nouns:
                self.sector_nouns.setdefault(normalise(noun), sector.code)
        for sector in sectors.values():  # plurals never override a singular listed elsewhere
            for noun in sector.nouns:
                for plural in plurals(normalise(noun)):
                    self.sector_nouns.setdefault(plural, sector.code)
        self._names = tuple(self._all_names())
        self._folded: dict[str, list[Name]] = {}
        self._exact: dict[str, list[Name]] = {}
        for name in self._names:
            if name.case_sensitive:
                self._exact.setdefault(_exact(name.text), []).append(name)
            else:
                key = normalise(name.text)
                if key:
                    self._folded.setdefault(key, []).append(name)

    def __repr__(self) -> str:
        return (f"<Registry {len(self.countries)} countries, {len(self.organisations)} organisations, "
                f"{len(self.people)} people, {len(self.sectors)} sectors, {len(self.groups)} groups>")

    # -- surface forms ------------------------------------------------------------------------------

    def _all_names(self) -> Iterator[Name]:
        def emit(kind: str, code: str, pairs: Iterable[tuple[str, str]], sensitive: Iterable[str]) -> Iterator[Name]:
            exact = {_exact(s) for s in sensitive}
            seen: set[str] = set()
            for form, text in pairs:
                text = _fold(text)
                if not text or text in seen:
                    continue
                seen.add(text)
                yield Name(text=text, kind=kind, code=code, form=form, case_sensitive=text in exact)

        for c in self.countries.values():
            pairs = [("name", c.name), *(("name" if i == 0 else "alternate", n) for i, n in enumerate(c.names)),
                     *(("adjective", a) for a in c.adjectives), *(("demonym", d) for d in c.demonyms),
                     *(("capital", k) for k in c.capitals), *(("seat", s) for s in c.seats)]
            yield from emit("country", c.code, pairs, c.case_sensitive)
        for o in self.organisations.values():
            yield from emit("organisation", o.code, [("name", o.name), *(("alias", a) for a in o.aliases)],
                            o.case_sensitive)
        for p in self.people.values():
            last = p.name.split()[-1] if p.name.split() else ""
            pairs = [("name", p.name)]
            for alias in p.aliases:
                pairs.append(("surname" if " " not in alias and alias == last else "alias", alias))
            yield from emit("person", p.id, pairs, p.case_sensitive)
        for g in self.groups.values():
            pairs = [("phrase", ph) for ph in (*g.phrases, *g.case_sensitive)]
            yield from emit("group", g.code, pairs, g.case_sensitive)

    def names(self) -> Iterator[Name]:
        """Every surface form of every entry (a leading "the" removed: it is optional in text)."""
        return iter(self._names)

    def lookup(self, text: str) -> list[Name]:
        """Every entry whose surface form equals ``text`` after :func:`normalise`.

        Case-sensitive forms match only as written (``US`` but not ``us``; quotes, spacing and a leading
        "the" still do not count).
        """
        return [*self._exact.get(_exact(text), ()), *self._folded.get(normalise(text), ())]

    def country_of(self, text: str) -> Country | None:
        """The country a name, alternate, adjective, demonym, capital or seat of power stands for.

        When several countries share a form, the one whose form is the most specific kind wins (a name
        before an alternate before an adjective ...); then the first in the registry.
        """
        order = ("name", "alternate", "capital", "seat", "adjective", "demonym")
        found = [n for n in self.lookup(text) if n.kind == "country"]
        if not found:
            return None
        best = min(found, key=lambda n: order.index(n.form))
        return self.countries[best.code]

    def sector_of(self, noun: str) -> str | None:
        """The sector a noun or short phrase signals ("soldiers" -> MIL), or None."""
        return self.sector_nouns.get(normalise(noun))

    def person_named(self, text: str) -> list[Person]:
        """The people a name, alias or surname may refer to."""
        return [self.people[n.code] for n in self.lookup(text) if n.kind == "person"]

    # -- loading ------------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> Registry:
        """The package's files, then each user file in ``extra`` (same formats, any sections).

        A user entry with the code or id of an existing one replaces it; a user country table adds its
        forms to the country's (``replace = true`` in the table starts its lists afresh).
        """
        state = _State(countries=_base_countries())
        for name in PACKAGE_FILES:
            _read_file(state, DATA_DIR / name, user=False)
        for path in extra:
            _read_file(state, Path(path), user=True)
        _validate(state)
        countries = {}
        for code, raw in state.countries.items():
            names = _dedupe([raw["name"], *raw["pycountry"], *raw["alternates"]])
            countries[code] = Country(code=code, name=raw["name"], names=names,
                                      adjectives=_dedupe(raw["adjectives"]), demonyms=_dedupe(raw["demonyms"]),
                                      capitals=_dedupe(raw["capitals"]), seats=_dedupe(raw["seats"]),
                                      case_sensitive=_dedupe(raw["case_sensitive"]))
        return cls(countries=countries, organisations=state.organisations, people=state.people,
                   sectors=state.sectors, groups=state.groups, titles=state.titles, modifiers=state.modifiers,
                   religions=state.religions)


@functools.cache
def default_registry() -> Registry:
    """The registry of the package's own files, loaded once."""
    return Registry.load()
