"""From the claims component's spans to `Claim`s: the speaker resolved through the actor layer, the kind of
source it is, and the events read inside what it says.

- A speaker naming several actors side by side ("Ukrainian and South Korean officials") gives one claim
  per actor: two sources confirming the same thing are two claims, as corroboration must count them.
- The source type (official, military, media, expert, unnamed, person, organisation) comes from the actor
  by the rules of `data/claims/source_types.toml`, else from the claims component's hint.
- Events whose trigger lies inside a claim's content belong to that claim. An event that no claim covers
  is asserted by the report itself: each such sentence becomes a claim with the source type "outlet" and
  no cue, so that every event has a claimant, with the estimative words and hedges of its sentence.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.model import ActorMention, Claim, Event, Evidence

EvidenceOf = Callable[[int, int], Evidence]
JOINERS = frozenset({"and", "or", "as well as", "both", "plus", ""})


@lru_cache(maxsize=1)
def _rules() -> dict[str, dict[str, str]]:
    path = resources.files("newsgraph") / "data" / "claims" / "source_types.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def source_type(mention: ActorMention | None, hint: str | None) -> str:
    """The kind of source a speaker is (see the module docstring)."""
    rules = _rules()
    if mention is not None:
        if mention.actor and mention.actor in rules["groups"]:
            return rules["groups"][mention.actor]
        for sector in (mention.sector, mention.sector_hint):
            if sector and sector in rules["sectors"]:
                return rules["sectors"][sector]
        if mention.kind in rules["kinds"] and (mention.kind != "group" or not hint):
            return rules["kinds"][mention.kind]
    return hint or "unnamed"


def claims_of(text: str, row: Any, evidence: EvidenceOf, mentions: Sequence[ActorMention],
              events: Sequence[Event]) -> list[Claim]:
    """The claims of one claims-component row (offsets into `text`, the chunk's text)."""
    fragments = [row.content, *row.more_content]
    content_ev = evidence(row.content[0], max(end for _, end in fragments))
    content = " ".join(text[s:e] for s, e in fragments)
    cue_ev = evidence(*row.cue)
    parts = [*fragments, row.cue] + ([row.source] if row.source else [])
    whole = evidence(min(s for s, _ in parts), max(e for _, e in parts))
    inside = [e for e in events
              if any(_within(e.evidence, evidence(s, end)) for s, end in fragments)]
    speakers: list[ActorMention | None] = [None]
    source_ev = None
    if row.source is not None:
        source_ev = evidence(*row.source)
        speakers = _speakers(text, source_ev, mentions, row.source) or [None]
    claims = []
    for speaker in speakers:
        claims.append(Claim(
            text[row.source[0]:row.source[1]] if row.source else None, text[row.cue[0]:row.cue[1]], content,
            whole, cue_ev, content_ev, source_ev, speaker, source_type(speaker, row.source_type), row.stance,
            row.probability, row.estimative, list(row.hedges), list(inside)))
    return claims


def outlet_claims(sentences: Sequence[tuple[Evidence, str]], events: Sequence[Event], claimed: set[int],
                  estimate: Callable[[str], Any], hedges_of: Callable[[str], Sequence[str]]) -> list[Claim]:
    """The report's own assertions: one claim per sentence holding events that no attribution covers.
    `sentences` are (evidence, text) pairs; `claimed` the ids of the events already inside a claim."""
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        if id(event) not in claimed:
            by_sentence.setdefault(event.evidence.sentence_index, []).append(event)
    found = []
    for where, words in sentences:
        inside = by_sentence.get(where.sentence_index)
        if not inside:
            continue
        estimated = estimate(words)
        found.append(Claim(
            None, "", words, where, Evidence(where.document_id, where.sentence_index, where.start_char,
                                             where.start_char),
            where, None, None, "outlet", "asserts", estimated[1] if estimated else None,
            estimated[0] if estimated else None, list(hedges_of(words)), inside))
    return found


def _within(inner: Evidence, outer: Evidence) -> bool:
    return outer.start_char <= inner.start_char and inner.end_char <= outer.end_char


def _speakers(text: str, source: Evidence, mentions: Sequence[ActorMention],
              chunk_span: tuple[int, int]) -> list[ActorMention]:
    """The actor mentions a speaker span names: the outermost ones inside it; several only when they stand
    side by side, joined by "and", "or" or a comma ("Ukrainian and South Korean officials")."""
    inside = [m for m in mentions if _within(m.evidence, source)]
    outer = [m for m in inside if not any(o is not m and _within(m.evidence, o.evidence)
                                          and (o.evidence.start_char, o.evidence.end_char)
                                          != (m.evidence.start_char, m.evidence.end_char) for o in inside)]
    outer = list({(m.evidence.start_char, m.evidence.end_char): m for m in outer}.values())
    outer.sort(key=lambda m: m.evidence.start_char)
    if len(outer) <= 1:
        return outer
    shift = chunk_span[0] - source.start_char  # document offsets back into the chunk's text
    joined = True
    for left, right in itertools.pairwise(outer):
        between = text[left.evidence.end_char + shift:right.evidence.start_char + shift]
        if between.strip(" ,").lower() not in JOINERS:
            joined = False
    if joined:
        return outer
    # not side by side ("the president of France", "an official of the ministry"): the widest names the speaker
    return [max(outer, key=lambda m: (m.evidence.end_char - m.evidence.start_char, -m.evidence.start_char))]
