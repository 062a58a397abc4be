"""The one data model every stage of newsgraph speaks.

Ingest makes `Document`s and `Failure`s, the nlp stage adds `Sentence`s (and, later, mentions, actors,
events, claims, places and times), corroboration makes `Proposition`s with a `Grade`. Every fact made
from text carries an `Evidence`: the document, the sentence index and the character offsets into the
document's text, so that nothing is shown that cannot be traced to the sentence that says it.

These are plain dataclasses: no database or spaCy objects leak through them, so the CLI, the Python
API, the REST API and the exports can all hand them out unchanged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class DateSource(StrEnum):
    """Where a document's publication date came from, best first."""

    METADATA = "metadata"  # a header, an HTML meta tag, a feed entry, a corpus field
    DATELINE = "dateline"  # the wire-style line that opens the text ("SEOUL, Oct. 18 (...) -")
    INGEST = "ingest"  # nothing better: the time newsgraph read it


class DocumentStatus(StrEnum):
    EXTRACTED = "extracted"  # the language has a pipeline; sentences (and facts) were extracted
    NOT_EXTRACTED = "not_extracted"  # stored and flagged: no pipeline is configured for its language
    FAILED = "extraction_failed"  # stored; the pipeline raised on it (the note says why)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: document, sentence and character offsets into the document text."""

    document_id: int
    sentence_index: int
    start_char: int
    end_char: int


@dataclass(slots=True)
class Document:
    """One news report, as ingested.

    `text` is the cleaned body; every offset elsewhere points into it. `original_id` links a near-copy
    (a wire story republished by another outlet) to the earliest copy of its cluster, so that later
    stages count independent origins rather than articles.
    """

    text: str
    source: str  # where it was read: a path, a URL, "stdin", "feed-url#entry-id", "file.jsonl:12"
    source_kind: str  # text, html, jsonl, csv, url, feed, stdin
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    date_source: DateSource = DateSource.INGEST
    language: str | None = None
    language_score: float | None = None
    encoding: str | None = None
    status: DocumentStatus = DocumentStatus.EXTRACTED
    id: int | None = None
    content_hash: str | None = None
    original_id: int | None = None
    similarity: float | None = None  # estimated Jaccard similarity to the original
    ingested_at: datetime | None = None
    notes: list[str] = field(default_factory=list)  # warnings such as "decoded as cp1252"

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(frozen=True, slots=True)
class Sentence:
    document_id: int
    index: int
    start_char: int
    end_char: int
    text: str

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.document_id, self.index, self.start_char, self.end_char)

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be ingested, and why, in words a user can act on."""

    source: str
    reason: str
    stage: str = "read"  # read, decode, parse, fetch, store

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A sentence matching a full-text query, with the document it belongs to."""

    sentence: Sentence
    title: str | None
    outlet: str | None
    published: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return _plain({**self.sentence.to_dict(), "title": self.title, "outlet": self.outlet,
                       "published": self.published})


# --- the facts the extraction and corroboration stages produce --------------------------------------
# Their stores and extractors come with the extraction issues; the shapes are fixed here so that every
# stage already speaks them.


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names something: an actor, a place or a time."""

    text: str
    label: str  # ACTOR, PLACE, TIME
    evidence: Evidence


@dataclass(slots=True)
class Actor:
    """A canonical actor: a country, an organisation, a person or a generic group, with its sector."""

    code: str  # e.g. "PRK", "NATO", or a person's id
    name: str
    kind: str  # country, organisation, person, group
    country: str | None = None  # ISO 3166 alpha-3 (or POLECAT's UNO, EUR, IGO for international bodies)
    sector: str | None = None  # PLOVER agent code: GOV, MIL, REB, ...
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class ActorMention:
    """One mention of an actor in a document, resolved as far as the text allows.

    `actor` is the canonical id (a country code such as "PRK", an organisation code such as "NATO",
    "person:volodymyr-zelenskyy", "group:analysts"); None when the mention stays unresolved: its text
    is kept, never forced onto a wrong code. `country` and `sector` are those of this mention: "North
    Korean soldiers" is PRK + MIL although the actor it names is the country PRK. `how` says how it was
    resolved: name, composed, metonym, coref, ner (spaCy alone, not in the registry), role (a country the
    places component read as a place, taken as a party because it fills an event role: "attacked Peru"),
    located (a group without a country given the country of the place its phrase puts it in:
    "demonstrators in Baghdad").
    """

    text: str
    evidence: Evidence
    actor: str | None
    name: str | None
    kind: str  # country, organisation, person, group, unknown
    country: str | None = None
    sector: str | None = None
    role: str | None = None  # a person's role on the document's date, e.g. "President of Ukraine"
    how: str = "name"
    sector_hint: str | None = None  # a second sector the words suggest ("defense officials": GOV, hint MIL)

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(slots=True)
class Place:
    """A toponym read as a place (not a metonym or a demonym), geocoded where the gazetteer knows it."""

    name: str
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    geonames_id: int | None
    evidence: Evidence | None = None
    text: str | None = None  # the words as written, when they differ from the gazetteer name
    feature: str | None = None  # country, admin1, city, region, continent, ...

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(slots=True)
class TimeExpression:
    """A date expression resolved against the document's publication date; start and end are inclusive
    bounds of the period meant, None where the words give none ("recently" has an end but no start)."""

    text: str
    start: datetime | None
    end: datetime | None
    precision: str  # day, month, year, range, vague
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(slots=True)
class Quantity:
    """A number the text gives for an event, as written ("about 3,000", "at least 600", "thousands"), with
    what it counts (troops, killed, wounded, missing, arrested, displaced, people) and, where the words
    allow, a value and a qualifier (exact, about, at least, at most, vague)."""

    kind: str
    text: str
    value: int | None
    qualifier: str
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(slots=True)
class Event:
    """Who did what to whom, where and when: a PLOVER event with its evidence.

    `evidence` is the trigger, the words that name the event ("signed", "the deployment"); `sentence`
    is the sentence it was read in. `event_type` is the PLOVER type (None for events outside PLOVER that
    still have an ACLED-style category, such as a flood); `category` is the ACLED-style sub-event code
    (AIR_STRIKE, ARMED_CLASH, PEACE_PROTEST, ...) and `category_group` its ACLED event type (Battles,
    Explosions/Remote violence, ...). `confidence` drops when the parse leaves roles unclear; `depth` says
    how central the event is to its sentence (0: the main verb; a noun in a side phrase is deeper).
    """

    event_type: str | None
    trigger: str
    evidence: Evidence
    sentence: Evidence | None = None
    mode: str | None = None
    cameo: str | None = None  # the CAMEO code of the predicate, e.g. "057"
    cameo_root: str | None = None  # its first two digits, "01".."20"
    category: str | None = None
    category_group: str | None = None
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    place: Place | None = None
    time: TimeExpression | None = None
    modality: str = "happened"  # happened, ongoing, planned, threatened, denied, hypothetical
    negated: bool = False
    quantities: list[Quantity] = field(default_factory=list)
    confidence: float = 1.0
    depth: int | None = None  # head steps from the trigger to its sentence's root: 0 is the main verb

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(slots=True)
class Claim:
    """Who asserts what: a source, a reporting cue and a content span, with stance and probability.

    `evidence` covers the whole attribution (source, cue and content, possibly over several sentences);
    the three parts have their own spans. The source is resolved to an actor mention where the actor layer
    knows it; `source_type` says what kind of source it is: official, military, media, expert, unnamed,
    person, organisation, outlet (the report's own unattributed assertion). `stance` is asserts, denies,
    doubts or questions; `probability` is the ICD 203 range of the wording's estimative words
    (`estimative`, e.g. "likely" gives (0.55, 0.80)); `hedges` lists hedging words ("potentially",
    "reportedly"). `events` are the events read inside the content.
    """

    source_text: str | None
    cue: str
    content: str
    evidence: Evidence
    cue_evidence: Evidence
    content_evidence: Evidence
    source_evidence: Evidence | None = None
    source: ActorMention | None = None
    source_type: str = "unnamed"
    stance: str = "asserts"
    probability: tuple[float, float] | None = None
    estimative: str | None = None
    hedges: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    def to_dict(self) -> dict[str, Any]:
        data = _plain(asdict(self))
        data["hedged"] = self.hedged
        return data


@dataclass(frozen=True, slots=True)
class Grade:
    """A NATO Admiralty grade: source reliability A-F, information credibility 1-6, with its reasons."""

    reliability: str
    credibility: int
    reasons: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"


@dataclass(slots=True)
class Proposition:
    """One claim or event as reported by several documents, merged, counted by origin, and graded."""

    summary: str
    reports: list[Claim | Event] = field(default_factory=list)
    origins: int = 0
    contradictions: list[Claim] = field(default_factory=list)
    grade: Grade | None = None


def _plain(value: Any) -> Any:
    """Make a dataclass dict JSON-ready: datetimes as ISO strings, enums as their values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
