"""Place or party? The role of a toponym in its sentence, read from the dependency parse.

"Troops in Ukraine" and "strikes on Kyiv" name places; "Ukraine said", "aid to Kyiv" and "talks
between Moscow and Pyongyang" name parties: the government or people that act (metonymy). The actors
component keeps the parties as actors and leaves the places to the places component. The word lists
are in `data/places/roles.toml`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Span, Token


@dataclass(frozen=True, slots=True)
class Roles:
    locative: frozenset[str]
    party_nouns: frozenset[str]
    party_verbs: frozenset[str]
    motion_verbs: frozenset[str]
    addressing_verbs: frozenset[str]
    part_nouns: frozenset[str]
    place_qualifiers: frozenset[str]
    place_nouns: frozenset[str]
    facility_words: frozenset[str]


@cache
def roles() -> Roles:
    data = tomllib.loads(resources.files("newsgraph").joinpath("data/places/roles.toml").read_text("utf-8"))
    return Roles(**{key: frozenset(data[key]) for key in Roles.__slots__})


def _lemma(token: Token) -> str:
    return token.lemma_.lower() or token.lower_


def role(span: Span) -> str | None:
    """"place", "party", or None where the parse says neither (a bare mention, a list, a fragment)."""
    r = roles()
    token = span.root
    while token.dep_ == "conj" and token.head is not token and token.head.i < token.i:
        token = token.head  # "Moscow and Pyongyang": the first conjunct's role is the role of both
    dep = token.dep_
    if dep in ("compound", "nmod", "amod") and token.head.i > token.i:
        # "the Donetsk region" is a place; "the Kremlin spokesman" is not a place role
        return "place" if _lemma(token.head) in r.part_nouns else None
    if dep == "pobj":
        prep = token.head
        word = prep.lower_
        governor = prep.head
        if word not in r.locative and word != "of":
            return "party" if word in ("with", "by", "against", "for") else None
        if word == "of":
            return "place" if _lemma(governor) in r.part_nouns else "party"
        if governor.pos_ in ("NOUN", "PROPN") and _lemma(governor) in r.party_nouns:
            return "party"
        if governor.pos_ in ("VERB", "AUX") and _lemma(governor) in r.party_verbs:
            return "party"
        return "place"
    if dep == "nsubjpass":
        return "place"
    if dep in ("nsubj", "poss", "agent"):
        return "party"
    if dep == "dobj":
        verb = _lemma(token.head)
        if verb in r.motion_verbs:
            return "place"
        if verb in r.addressing_verbs:
            return "party"
    return None


def qualifies_a_place(span: Span) -> bool:
    """ "Russian-occupied areas": a country word hyphenated to a participle of control."""
    doc = span.doc
    return (span.end + 1 < len(doc) and doc[span.end].text == "-"
            and doc[span.end + 1].lower_ in roles().place_qualifiers)
