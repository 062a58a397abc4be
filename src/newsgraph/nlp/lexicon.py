"""The predicate dictionary of the events component: verb and noun senses, the grammar words around them,
and the reading of quantities.

The data is in `newsgraph/data/events/` (format in its README.md): `verbs.toml` and `nouns.toml` map
lemmas (and phrasal verbs, multiword nouns) to a PLOVER type, a CAMEO code and an ACLED-style category,
optionally only with given objects or modifiers; `categories.toml` names the categories; `roles.toml` holds
the grammar words (light verbs, converse verbs, role prepositions, modality words, quantity words). Users
add senses with their own files in the same format (`EventLexicon.load(extra=[...])`); a user sense with the
same lemma and constraints as a shipped one replaces it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.strings import get_string_id
from spacy.tokens import Token

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "DISAPPROVE",
                "REJECT", "THREATEN", "INVESTIGATE", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
                "FIGHT")
# POLECAT's later names for two PLOVER types
ALIASES = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
VERB_TAGS = frozenset({"VERB"})
NOUN_TAGS = frozenset({"NOUN", "PROPN"})
PARTICLES = frozenset({"prt", "prep", "advmod"})
MODIFIERS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})
KEYS = frozenset({"lemma", "object", "modifier", "prep", "plover", "cameo", "category", "mode", "reciprocal"})


class LexiconError(Exception):
    """A predicate dictionary file is broken; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Sense:
    """One sense of a predicate: what a verb or noun (with its constraints) means as an event."""

    words: tuple[str, ...]  # the phrase: ("sign",), ("call", "for"), ("air", "strike")
    pos: str  # verb, noun
    plover: str | None
    cameo: str | None = None
    category: str | None = None
    category_group: str | None = None
    mode: str | None = None
    reciprocal: bool = False
    objects: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()

    @property
    def lemma(self) -> str:
        """The word the sense is looked up by: a verb's first word, a noun's last."""
        return self.words[0] if self.pos == "verb" else self.words[-1]

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def cameo_root(self) -> str | None:
        return self.cameo[:2] if self.cameo else None

    @property
    def specificity(self) -> int:
        return 4 * bool(self.objects or self.modifiers or self.preps) + len(self.words)


@dataclass(frozen=True, slots=True)
class Grammar:
    """The words of roles.toml, as sets."""

    light: frozenset[str]
    converse: frozenset[str]
    theme: frozenset[str]
    target_preps: frozenset[str]
    source_preps: frozenset[str]
    of_source: frozenset[str]
    partner_preps: frozenset[str]
    planned: frozenset[str]
    threatened: frozenset[str]
    denied: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_mark: frozenset[str]
    future_aux: frozenset[str]
    ongoing: frozenset[str]
    noun_negators: frozenset[str]
    cooperative: frozenset[str] = frozenset()
    conflictual: frozenset[str] = frozenset()
    intent_codes: tuple[tuple[str, str], ...] = ()
    intent: frozenset[str] = frozenset()
    refusal: frozenset[str] = frozenset()
    obligation: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()
    fight_sectors: frozenset[str] = frozenset()
    assault_only_modes: frozenset[str] = frozenset()
    partitive: frozenset[str] = frozenset()


class EventLexicon:
    """Verb and noun senses by lemma, with the grammar words and the quantity reader."""

    def __init__(self, senses: Iterable[Sense], grammar: Grammar, quantities: Quantities,
                 categories: dict[str, dict[str, str]]):
        self.verbs: dict[str, list[Sense]] = {}
        self.nouns: dict[str, list[Sense]] = {}
        for sense in senses:
            table = self.verbs if sense.pos == "verb" else self.nouns
            table.setdefault(sense.lemma, []).append(sense)
        for table in (self.verbs, self.nouns):
            for lemma, found in table.items():
                table[lemma] = sorted(found, key=lambda s: -s.specificity)
        self.grammar = grammar
        self.quantities = quantities
        self.categories = categories
        self._keys: frozenset[int] | None = None

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), folder: Any = None) -> EventLexicon:
        """The dictionary in `folder` (by default the package's), with the senses of the `extra` files."""
        package = resources.files("newsgraph") / "data" / "events"
        folder = folder if folder is not None else package
        categories = _read(folder / "categories.toml", "categories.toml")
        grammar = folder / "roles.toml"
        roles = _read(grammar if grammar.is_file() else package / "roles.toml", "roles.toml")
        senses: dict[tuple, Sense] = {}
        files: list[tuple[Any, str]] = [(folder / "verbs.toml", "verbs.toml"), (folder / "nouns.toml", "nouns.toml")]
        files += [(Path(p), str(p)) for p in extra]
        for path, label in files:
            data = _read(path, label)
            for pos in ("verb", "noun"):
                for n, entry in enumerate(data.get(pos, ())):
                    sense = _sense(entry, pos, categories, f"{label}, {pos} #{n + 1}")
                    senses[(sense.pos, sense.words, sense.objects, sense.modifiers, sense.preps)] = sense
        return cls(senses.values(), _grammar(roles), Quantities(roles.get("quantities", {})), categories)

    def keys(self) -> frozenset[int]:
        """The string ids of every lemma a sense is looked up by, for a first pass over a Doc's arrays."""
        if self._keys is None:
            self._keys = frozenset(get_string_id(w) for w in (*self.verbs, *self.nouns))
        return self._keys

    def obligation_keys(self) -> frozenset[int]:
        return frozenset(get_string_id(w) for w in self.grammar.obligation)

    # --- matching a token ----------------------------------------------------------------------------

    def match(self, token: Token) -> Sense | None:
        """The most specific sense whose constraints the token's parse meets, or None."""
        pos = token.pos_
        if pos in VERB_TAGS:
            found = self.verbs.get(token.lemma_.lower())
            if found:
                parse = _VerbParse(token, self.grammar.partitive)
                return next((s for s in found if parse.fits(s)), None)
        elif pos in NOUN_TAGS:
            lemma = token.lemma_.lower()
            found = self.nouns.get(lemma) or self.nouns.get(token.lower_)
            if found:
                return next((s for s in found if _noun_fits(token, s)), None)
        return None


def through_partitive(token: Token, partitive: frozenset[str]) -> Token:
    """The noun a measure or count stands before: "tons" in "25,000 tons of aid" gives "aid"."""
    for _ in range(2):
        if not (token.lemma_.lower() in partitive or token.like_num):
            break
        nouns = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]
        if not nouns:
            break
        token = nouns[0]
    return token


class _VerbParse:
    """What a verb's senses are checked against, read from the parse once per verb: its particles and
    prepositions, and the names of its objects (direct, passive subject, prepositional, coordinated, and
    through a measure word)."""

    __slots__ = ("_objects", "_partitive", "particles", "token")

    def __init__(self, token: Token, partitive: frozenset[str]):
        self.token = token
        self._partitive = partitive
        self.particles = {c.lower_ for c in token.children if c.dep_ in PARTICLES}
        self._objects: set[str] | None = None

    @property
    def objects(self) -> set[str]:
        if self._objects is None:
            children = list(self.token.children)
            heads = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
            heads += [g for c in children if c.dep_ in ("prep", "dative") for g in c.children if g.dep_ == "pobj"]
            heads += [g for h in list(heads) for g in h.children if g.dep_ == "conj"]
            heads += [through_partitive(h, self._partitive) for h in heads]
            self._objects = {name for h in heads for name in _names(h)}
        return self._objects

    def fits(self, sense: Sense) -> bool:
        if len(sense.words) > 1 and not all(w in self.particles for w in sense.words[1:]):
            return False
        return not sense.objects or bool(self.objects & sense.objects)


def _noun_fits(token: Token, sense: Sense) -> bool:
    if len(sense.words) > 1:
        n = len(sense.words) - 1
        if token.i < n:
            return False
        before = token.doc[token.i - n:token.i]
        if tuple(t.lower_ for t in before) != sense.words[:-1] and \
                tuple(t.lemma_.lower() for t in before) != sense.words[:-1]:
            return False
    if sense.modifiers and not any(
            c.dep_ in MODIFIERS and (c.lemma_.lower() in sense.modifiers or c.lower_ in sense.modifiers)
            for c in token.children):
        return False
    return not sense.preps or any(c.dep_ == "prep" and c.lower_ in sense.preps for c in token.children)


def _names(token: Token) -> set[str]:
    """The words an object constraint is checked against: the head's lemma and form, and a compound
    before it ("peace deal" meets both "deal" and "peace deal")."""
    found = {token.lemma_.lower(), token.lower_}
    for child in token.children:
        if child.dep_ == "compound":
            found.add(f"{child.lower_} {token.lemma_.lower()}")
    return found


# --- quantities --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class QuantityRow:
    kind: str
    text: str
    value: int | None
    qualifier: str
    start: int
    end: int


NUMBER_WORDS = {w: n for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"))}
SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
HARM_KINDS = ("killed", "wounded", "missing", "arrested", "displaced", "abducted")


class Quantities:
    """Reads a counted noun phrase ("at least 12 civilians", "thousands of troops") into a quantity."""

    def __init__(self, data: dict[str, Any]):
        self.troops = frozenset(data.get("troops", ()))
        self.people = frozenset(data.get("people", ()))
        self.harm = {word: kind for kind in HARM_KINDS for word in data.get(kind, ())}
        self.about = tuple(sorted(data.get("about", ()), key=len, reverse=True))
        self.at_least = frozenset(data.get("at_least", ()))
        self.at_most = frozenset(data.get("at_most", ()))
        self.vague = {k: int(v) for k, v in data.get("vague", {}).items()}

    def kind_of_verb(self, lemma: str) -> str | None:
        return self.harm.get(lemma)

    def read(self, noun: Token, harm: str | None) -> QuantityRow | None:
        lemma = noun.lemma_.lower()
        counted = noun
        number: Token | None = None
        if noun.like_num or noun.pos_ == "NUM":
            number = noun  # "the strike killed 12"
            counted = None
        elif lemma in {"dozen", "score", "hundred", "thousand", "million"} and noun.tag_ == "NNS":
            # "thousands of troops": the vague amount heads the phrase
            of = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
            number, counted = noun, (of[0] if of else None)
        else:
            number = next((c for c in noun.children if c.dep_ == "nummod"), None)
        if number is None:
            return None
        kind = self._kind(counted, harm)
        if kind is None:
            return None
        left = min((t for t in number.subtree if t.i < noun.i or t is number), key=lambda t: t.i, default=number)
        right = max((t for t in number.subtree if t.i <= number.i), key=lambda t: t.i, default=number)
        doc = noun.doc
        # take in a qualifier right before the number that the parser hung elsewhere ("at least 600")
        while left.i > 0 and doc[left.i - 1].lower_ in {"at", "least", "most", "about", "around", "some", "nearly",
                                                          "almost", "approximately", "roughly", "over", "than",
                                                          "more", "fewer", "less", "up", "to", "estimated", "an"}:
            if doc[left.i - 1].lower_ in {"to", "an"} and not ((left.i > 1 and doc[left.i - 2].lower_ in {"up", "of"})
                                                                or doc[left.i - 1].lower_ == "an"):
                break
            left = doc[left.i - 1]
        span = doc[left.i:right.i + 1]
        text = span.text
        words = text.lower()
        qualifier = "exact"
        for phrase in sorted(self.at_least, key=len, reverse=True):
            if words.startswith(phrase + " "):
                qualifier = "at least"
                break
        else:
            if any(words.startswith(p + " ") for p in self.at_most):
                qualifier = "at most"
            elif any(words.startswith(p + " ") for p in self.about):
                qualifier = "about"
        value = _value(span)
        vague = self.vague.get(number.lower_)
        if vague is not None:
            qualifier, value = "vague", None
        return QuantityRow(kind, text, value, qualifier, span.start_char, span.end_char)

    def _kind(self, counted: Token | None, harm: str | None) -> str | None:
        if counted is None:
            return harm
        lemma = counted.lemma_.lower()
        if lemma in self.harm and lemma not in self.people:
            return self.harm[lemma]  # "12 deaths"
        if lemma in self.troops:
            return harm or "troops"
        if lemma in self.people:
            return harm or "people"
        return None


def _value(span: Any) -> int | None:
    total: float | None = None
    for token in span:
        word = token.lower_.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", word):
            total = float(word)
        elif word in NUMBER_WORDS:
            total = float(NUMBER_WORDS[word])
        elif word in SCALE and total is not None:
            total *= SCALE[word]
    return int(total) if total is not None else None


# --- loading -----------------------------------------------------------------------------------------

def _read(path: Any, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LexiconError(f"{label}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{label}: not valid TOML: {exc}") from exc


def _sense(entry: dict[str, Any], pos: str, categories: dict[str, dict[str, str]], where: str) -> Sense:
    unknown = set(entry) - KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    lemma = str(entry.get("lemma", "")).strip().lower()
    if not lemma:
        raise LexiconError(f"{where}: no lemma")
    plover = entry.get("plover")
    plover = ALIASES.get(plover, plover) if plover else None
    if plover is not None and plover not in PLOVER_TYPES:
        raise LexiconError(f"{where} ({lemma}): unknown PLOVER type {plover!r}")
    category = entry.get("category") or None
    if category is not None and category not in categories:
        raise LexiconError(f"{where} ({lemma}): unknown category {category!r}")
    if plover is None and category is None:
        raise LexiconError(f"{where} ({lemma}): needs a plover type or a category")
    cameo = str(entry["cameo"]) if entry.get("cameo") else None
    if cameo is not None and not re.fullmatch(r"(0[1-9]|1\d|20)\d{0,2}", cameo):
        raise LexiconError(f"{where} ({lemma}): bad CAMEO code {cameo!r}")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in entry.get(key, ()))

    return Sense(tuple(lemma.split()), pos, plover, cameo, category,
                 categories[category]["group"] if category else None, entry.get("mode") or None,
                 bool(entry.get("reciprocal", False)), words("object"), words("modifier"), words("prep"))


def _grammar(data: dict[str, Any]) -> Grammar:
    roles, modality, coding = data.get("roles", {}), data.get("modality", {}), data.get("coding", {})

    def s(table: dict[str, Any], key: str) -> frozenset[str]:
        return frozenset(table.get(key, ()))

    return Grammar(s(roles, "light"), s(roles, "converse"), s(roles, "theme"), s(roles, "target_preps"),
                   s(roles, "source_preps"), s(roles, "of_source"), s(roles, "partner_preps"),
                   s(modality, "planned"), s(modality, "threatened"), s(modality, "denied"),
                   s(modality, "hypothetical_aux"), s(modality, "hypothetical_mark"), s(modality, "future_aux"),
                   s(modality, "ongoing"), s(modality, "noun_negators"), s(coding, "cooperative"),
                   s(coding, "conflictual"), tuple(coding.get("intent_codes", {}).items()), s(coding, "intent"),
                   s(coding, "refusal"), s(coding, "obligation"), s(coding, "speech"), s(coding, "fight_sectors"),
                   s(coding, "assault_only_modes"), s(roles, "partitive"))


@lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    """The package's own dictionary, loaded once."""
    return EventLexicon.load()
