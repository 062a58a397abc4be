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
    direction_words: frozenset[str]
    generic_words: frozenset[str]


@cache
def roles() -> Roles:
    data = tomllib.loads(resources.files("newsgraph").joinpath("data/places/roles.toml").read_text("utf-8"))
    return Roles(**{key: frozenset(data[key]) for key in Roles.__slots__})


# the prepositions that may link parties rather than point at a place ("talks in Austria" is a place)
MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"})
RELATIONAL = frozenset({"to", "between", "on", "toward", "towards"})


def _lemma(token: Token) -> str:
    return token.lemma_.lower() or token.lower_


def role(span: Span) -> str | None:
    """"place", "party", or None where the parse says neither (a bare mention, a list, a fragment)."""
    r = roles()
    if opens_dateline(span):
        return "place"
    token = span.root
    while token.dep_ == "conj" and token.head is not token and token.head.i < token.i:
        token = token.head  # "Moscow and Pyongyang": the first conjunct's role is the role of both
    dep = token.dep_
    if dep in ("compound", "nmod", "amod") and token.head.i > token.i:
        # "the Donetsk region" is a place; "the Kremlin spokesman" is not a place role
        return "place" if _lemma(token.head) in r.part_nouns else None
    if dep == "pobj" and _gerund_after(span):
        return "party"  # "the shift from North Korea supplying weapons": the name acts
    if dep == "pobj":
        prep = token.head
        word = prep.lower_
        governor = prep.head
        if word not in r.locative and word != "of":
            return "party" if word in ("with", "by", "against", "for") else None
        if word == "of":
            return "place" if _lemma(governor) in r.part_nouns else "party"
        if word in RELATIONAL:
            # "aid to Kyiv", "talks between Washington and Havana", "approved aid to Kyiv"
            if governor.pos_ in ("NOUN", "PROPN") and _lemma(governor) in r.party_nouns:
                return "party"
            if governor.pos_ in ("VERB", "AUX") and (_lemma(governor) in r.party_verbs or any(
                    c.dep_ == "dobj" and _lemma(c) in r.party_nouns for c in governor.children)):
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


def _gerund_after(span: Span) -> bool:
    """A gerund right after the name (adverbs aside) that hangs on the same noun: the name is its agent."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ == "ADV" and i < span.end + 2:
        i += 1
    return i < len(doc) and doc[i].tag_ == "VBG" and doc[i].dep_ == "acl" and doc[i].head.i < span.start


def qualifies_a_place(span: Span) -> bool:
    """ "Russian-occupied areas": a country word hyphenated to a participle of control."""
    doc = span.doc
    return (span.end + 1 < len(doc) and doc[span.end].text == "-"
            and doc[span.end + 1].lower_ in roles().place_qualifiers)


def opens_dateline(span: Span) -> bool:
    """A wire dateline: the place that opens a paragraph, before a comma, colon or dash."""
    doc = span.doc
    i = span.start
    at_start = i == 0 or "\n" in doc[i - 1].text_with_ws or doc[i - 1].is_space
    if not at_start or span.end >= len(doc):
        return False
    following = doc[span.end].text
    if following in (":", "(", "-", "—", "–"):
        return True
    # "NAIROBI, March 3" or "Nairobi, Kenya -": a comma, then a date or another capitalised name and a dash
    if following != "," or span.end + 1 >= len(doc):
        return False
    after = doc[span.end + 1]
    return span.text.isupper() or after.lower_[:3] in MONTHS or after.like_num or (
        after.is_title and span.end + 2 < len(doc) and doc[span.end + 2].text in ("-", "—", "–", "("))


def coordinated_with_place(span: Span, labels: frozenset[str] = frozenset({"GPE", "LOC"})) -> bool:
    """ "the cities of Homs and Aleppo": a name in a coordination with a place name."""
    root = span.root
    linked = [root.head] if root.dep_ == "conj" else []
    linked += [c for c in root.children if c.dep_ == "conj"]
    return any(t.ent_type_ in labels for t in linked)
