"""Events: the `newsgraph_events` spaCy component reads who did what to whom off the dependency parse.

A predicate is a verb or a noun that the predicate dictionary (`data/events/verbs.toml`, `nouns.toml`,
read by `newsgraph.nlp.lexicon`) maps to a PLOVER type, a CAMEO code and an ACLED-style category. Around
each predicate the parse gives the roles (`data/events/roles.toml` holds the grammar words):

- source: the subject of an active verb, the "by" phrase of a passive one, the subject a complement or a
  coordinated verb shares with its head ("agreed to cooperate", "attacked and killed"), the governing
  verb's subject for a noun that is its object ("launched an attack"), a noun's "by"/"of" phrase or
  possessive ("Russia's invasion", "the deployment of North Korean soldiers");
- target: the direct object, the subject of a passive verb, a "against/on/with/to ..." phrase, an indirect
  object; reversed for verbs whose subject receives ("North Korea received Russian assistance");
- where and when: a place and a time expression inside the predicate's phrase, else the only one in the
  sentence;
- modality (planned, threatened, denied, hypothetical, ongoing), negation and quantities ("at least 600
  killed", "thousands of troops").

Roles are read from the actor mentions of `newsgraph_actors` and the places of `newsgraph_places`, so this
component runs after both. A role the parse does not give directly is borrowed from the clause around it
and the event's confidence drops: an unclear parse lowers confidence rather than inventing an actor.
Output: `doc._.ng_events`, a list of `EventRow`, turned into `Event`s by `newsgraph.nlp.extract`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.lexicon import EventLexicon, QuantityRow, Sense, default_lexicon, through_partitive
from newsgraph.nlp.times import find_times

if not Doc.has_extension("ng_events"):
    Doc.set_extension("ng_events", default=None)
if not Doc.has_extension("ng_times"):
    Doc.set_extension("ng_times", default=None)

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "obj", "attr", "oprd"})
# dependents that belong to the same noun phrase as the word they modify: their actors are its actors
NOMINAL = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "cc", "det", "nummod", "quantmod",
                     "npadvmod", "case"})
DEMANDED = Sense(("must",), "verb", "DEMAND", "10", mode="obligation")  # "X said Y must ...", any verb
LONG_SENTENCE = 120  # tokens; beyond this (flattened lists, tables) roles are searched near the predicate only
WINDOW = 30  # tokens either side of the predicate searched in a long sentence


@dataclass(slots=True)
class EventRow:
    """One event as found in a Doc: character offsets are into the Doc's text; actors and places are indices
    into `doc._.ng_actors` and `doc._.ng_places`."""

    sense: Sense
    start: int  # the trigger
    end: int
    sentence: tuple[int, int]
    sources: tuple[int, ...] = ()
    targets: tuple[int, ...] = ()
    place: int | None = None
    time: tuple[int, int] | None = None
    modality: str = "happened"
    negated: bool = False
    quantities: tuple[QuantityRow, ...] = ()
    confidence: float = 1.0
    depth: int = 0  # its distance from the sentence root in the parse


@Language.factory("newsgraph_events", default_config={"extra": []})
def make_event_component(nlp: Language, name: str, extra: list[str]) -> EventFinder:
    """The events component; `extra` names the user's dictionary files, added to the package's."""
    return EventFinder(EventLexicon.load(extra=extra) if extra else None)


class EventFinder:
    """Finds the events of each sentence; see the module docstring."""

    def __init__(self, lexicon: EventLexicon | None = None):
        self._lexicon = lexicon

    @property
    def lexicon(self) -> EventLexicon:
        if self._lexicon is None:
            self._lexicon = default_lexicon()
        return self._lexicon

    def __call__(self, doc: Doc) -> Doc:
        if doc._.ng_times is None:
            # token offsets, not Spans: a Span kept in its own Doc's user data is a reference cycle the
            # garbage collector cannot free, and every Doc would stay in memory
            doc._.ng_times = [(span.start, span.end) for span in find_times(doc)]
        doc._.ng_events = find_events(doc, self.lexicon)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


# --- finding the predicates -----------------------------------------------------------------------------

def find_events(doc: Doc, lexicon: EventLexicon) -> list[EventRow]:
    if not doc.has_annotation("DEP"):
        return []  # a pipeline without a parser (blank:en) gives no roles to read
    # only the words whose lemma or form the dictionary holds (or the verbs of a "must") are looked at:
    # the rest of the document is never turned into Python objects
    keys, obliging = lexicon.keys(), lexicon.obligation_keys()
    candidates = []
    for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
        if lemma in keys or lower in keys:
            candidates.append(i)
        elif lower in obliging:
            candidates.append(doc[i].head.i)
    if not candidates:
        return []
    candidates = sorted(set(candidates))
    roles = _Roles(doc, lexicon)
    named = roles.inside_names()
    rows: list[EventRow] = []
    for sent in doc.sents:
        found: list[tuple[Token, Sense]] = []
        low, high = bisect_left(candidates, sent.start), bisect_left(candidates, sent.end)
        for i in candidates[low:high]:
            if i in named:
                continue  # "Cooperation" in "Asia-Pacific Economic Cooperation" names a body, not an event
            token = doc[i]
            sense = lexicon.match(token) or roles.demanded(token)
            if sense is not None:
                found.append((token, sense))
        if not found:
            continue
        by_token = {token.i: sense for token, sense in found}
        for token, sense in found:
            row = roles.read(token, sense, sent, by_token)
            if row is not None:
                rows.append(row)
    return rows


class _Roles:
    """The actors, places, times and numbers of one Doc, indexed by token, and the rules that read an
    event's roles from them."""

    def __init__(self, doc: Doc, lexicon: EventLexicon):
        self.doc = doc
        self.lexicon = lexicon
        self.grammar = lexicon.grammar
        # token index -> indices of the actor mentions covering it
        self.actor_at: dict[int, list[int]] = {}
        self.actor_span: dict[int, tuple[int, int]] = {}  # actor -> its tokens (start, end)
        for n, row in enumerate(doc._.ng_actors or ()):
            span = doc.char_span(row[0], row[1], alignment_mode="expand")
            if span is None:
                continue
            self.actor_span[n] = (span.start, span.end)
            for i in range(span.start, span.end):
                self.actor_at.setdefault(i, []).append(n)
        self.place_at: dict[int, int] = {}
        for n, row in enumerate(doc._.ng_places or ()):
            span = doc.char_span(row[0], row[1], alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.place_at.setdefault(i, n)
        self.time_at: dict[int, tuple[int, int]] = {}
        for start, end in doc._.ng_times or ():
            span = doc[start:end]
            for i in range(span.start, span.end):
                self.time_at.setdefault(i, (span.start_char, span.end_char))

    def inside_names(self) -> set[int]:
        """Tokens inside the name of an organisation or a person (not the head noun of a composed phrase:
        "North Korean soldiers" is no name, "Agency for Development and Cooperation" is)."""
        inside: set[int] = set()
        for row in self.doc._.ng_actors or ():
            if row[4] in ("organisation", "person") and row[9] == "name":
                span = self.doc.char_span(row[0], row[1], alignment_mode="expand")
                if span is not None and len(span) > 1:
                    inside.update(range(span.start, span.end))
        for ent in self.doc.ents:
            if ent.label_ in ("ORG", "PERSON", "WORK_OF_ART", "EVENT", "LAW") and len(ent) > 1 and \
                    all(t.is_title or not t.is_alpha or t.is_stop for t in ent):
                inside.update(range(ent.start, ent.end))
        return inside

    # --- one event ---------------------------------------------------------------------------------------

    def read(self, token: Token, sense: Sense, sent: Span, senses: dict[int, Sense]) -> EventRow | None:
        long = len(sent) > LONG_SENTENCE
        low, high = (token.i - WINDOW, token.i + WINDOW) if long else (sent.start, sent.end)
        confidence = 0.8 if long else 1.0
        if token.pos_ in ("VERB", "AUX"):
            if token.dep_ in ("acl", "relcl") and token.head.i in senses \
                    and senses[token.head.i].plover == sense.plover:
                return None  # "a pact signed in June": the noun names the event, the participle restates it
            sources, targets, borrowed = self._verb_roles(token, sense, senses)
        else:
            sources, targets, borrowed = self._noun_roles(token, sense, senses)
            if sources is None:
                return None  # the noun only restates the event its verb already names ("signed a pact")
        sources = tuple(i for i in dict.fromkeys(sources) if self._inside(i, low, high))
        targets = tuple(i for i in dict.fromkeys(targets) if i not in sources and self._inside(i, low, high))
        if sense.reciprocal and sources and not targets and len(sources) > 1:
            targets = sources  # "Russia and North Korea signed a pact": each is the other's partner
        if borrowed:
            confidence -= 0.2
        if not sources:
            confidence -= 0.2
        start, end = self._trigger(token, sense)
        modality, negated = self._modality(token)
        sense, sources, targets = self._recode(token, sense, modality, negated, sources, targets)
        depth = 0
        head = token
        while head.head.i != head.i and depth < 50:
            head, depth = head.head, depth + 1
        return EventRow(
            sense, start, end, (sent.start_char, sent.end_char), sources, targets,
            self._place(token, sent, low, high), self._time(token, sent, low, high), modality, negated,
            tuple(self._quantities(token, sense, low, high)), round(max(confidence, 0.2), 2), depth)

    def _inside(self, actor: int, low: int, high: int) -> bool:
        span = self.actor_span.get(actor)
        return span is not None and span[1] > low and span[0] < high

    def _trigger(self, token: Token, sense: Sense) -> tuple[int, int]:
        """The trigger's characters: the verb with its particle, the noun with the words of its name."""
        tokens = [token]
        if len(sense.words) > 1:
            if token.pos_ in ("VERB", "AUX"):
                tokens += [c for c in token.children if c.lower_ in sense.words[1:] and c.dep_ in ("prt", "prep")]
            else:
                left = token.i - (len(sense.words) - 1)
                if left >= 0:
                    tokens.append(self.doc[left])
        return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)

    # --- roles of a verb ---------------------------------------------------------------------------------

    def _verb_roles(self, verb: Token, sense: Sense, senses: dict[int, Sense]) -> tuple[list[int], list[int], bool]:
        g = self.grammar
        lemma = verb.lemma_.lower()
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS]
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        objects = [c for c in verb.children if c.dep_ in OBJECTS]
        datives = [c for c in verb.children if c.dep_ == "dative"]
        borrowed = False
        sources = self._actors_of(subjects) + self._actors_of(agents)
        if not subjects and not agents and not passive:
            inherited = self._inherited_subject(verb)
            if inherited:
                sources, borrowed = self._actors_of(inherited), True
        elif not sources and subjects and all(s.pos_ == "PRON" for s in subjects) and verb.dep_ == "ccomp":
            # "French farmers said they would blockade Paris": a pronoun subject of what a speaker says is,
            # unless the actor layer resolved it otherwise, the speaker
            speakers = [c for c in verb.head.children if c.dep_ in SUBJECTS]
            if speakers and subjects[0].lower_ in ("it", "they", "he", "she", "we"):
                sources, borrowed = self._actors_of(speakers), True
        targets: list[int] = []
        theme = lemma in g.theme or sense.phrase in g.theme
        if passive:
            if theme or sense.plover == "MOBILIZE":
                # "troops were deployed": the troops are their country's, the deployer's
                sources = sources or self._actors_of(passive)
            else:
                targets += self._actors_of(passive)
        if not theme:
            targets += self._actors_of(objects)
        for obj in objects:
            # "signed a pact with Argentina", "imposed sanctions on Iran"
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in g.target_preps and prep.lower_ != "of":
                    targets += self._actors_of([c for c in prep.children if c.dep_ == "pobj"])
        targets += self._actors_of(datives)
        for prep in verb.children:
            if prep.dep_ != "prep":
                continue
            word = prep.lower_
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if word in g.target_preps and word not in sense.words:
                targets += self._actors_of(objs)
            elif word in sense.words[1:]:
                (sources if lemma in g.converse else targets).extend(self._actors_of(objs))
            elif word in g.source_preps and (lemma in g.converse or (word == "by" and passive and not agents)):
                sources += self._actors_of(objs)
        if theme and not targets and objects and any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
            # "supplied Russia with munitions": the object is the recipient when a "with" phrase is the theme
            targets += self._actors_of(objects)
        if lemma in g.converse or sense.phrase in g.converse:
            # the subject received: it is the target, the giver comes from "from X" or the object's modifiers
            receivers = [i for i in sources if i not in self._actors_of(agents)]
            givers = [i for o in objects for i in self._modifier_actors(o)]
            givers += [i for p in verb.children if p.dep_ == "prep" and p.lower_ == "from"
                       for i in self._actors_of([c for c in p.children if c.dep_ == "pobj"])]
            return givers, receivers, borrowed
        if passive and not sources:
            # "soldiers were killed during Ukrainian strikes": the agent is the source of an event noun that
            # the verb's prepositional phrase names
            for prep in verb.children:
                if prep.dep_ == "prep":
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.i in senses:
                            found = self._modifier_actors(obj)
                            if found:
                                sources, borrowed = found, True
        return sources, targets, borrowed

    def _inherited_subject(self, verb: Token) -> list[Token]:
        """The subject a verb without one shares with the verb it depends on: "agreed to cooperate",
        "attacked and killed", "North Korean soldiers fighting alongside", "..., noting that"."""
        current = verb
        for _ in range(5):
            head = current.head
            if head.i == current.i:
                return []
            if current.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
                # a participle or relative clause on a noun: the noun acts ("soldiers fighting"), or the
                # noun just before the participle does ("the shift from North Korea supplying weapons")
                if current.dep_ == "relcl" or current.tag_ == "VBG":
                    for t in reversed(current.doc[max(head.i + 1, current.i - 4):current.i]):
                        if t.pos_ in ("NOUN", "PROPN") and self.actor_at.get(t.i):
                            return [t]
                    if not self.actor_at.get(head.i) and head.dep_ in OBJECTS and current.tag_ == "VBG":
                        # "X issued a declaration demanding ...": who issued it demands
                        subjects = [c for c in head.head.children if c.dep_ in SUBJECTS]
                        if subjects:
                            return subjects
                    return [head]
                return []  # "a pact signed in June": the noun is what is acted on, not who acts
            if current.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acl", "acomp", "prep", "pobj"):
                subjects = [c for c in head.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS]
                if current.dep_ == "pcomp" and head.dep_ == "prep":
                    # "the shift from North Korea supplying weapons": the preposition's noun acts
                    nouns = [c for c in head.children if c.dep_ == "pobj"]
                    if nouns:
                        return nouns
                if subjects:
                    return subjects
                current = head
                continue
            return []
        return []

    # --- roles of a noun ---------------------------------------------------------------------------------

    def _noun_roles(self, noun: Token, sense: Sense,
                    senses: dict[int, Sense]) -> tuple[list[int] | None, list[int], bool]:
        g = self.grammar
        head = noun.head
        lemma = noun.lemma_.lower()
        sources: list[int] = []
        targets: list[int] = []
        borrowed = False
        governor = head.head if noun.dep_ == "pobj" and head.dep_ in ("prep", "dative") else head
        if noun.dep_ in OBJECTS | PASSIVE_SUBJECTS | {"pobj"} and governor.i in senses and governor.i != noun.i:
            verb_sense = senses[governor.i]
            if verb_sense.plover == sense.plover and verb_sense.category in (sense.category, None):
                return None, [], False
            if verb_sense.objects & {lemma, noun.lower_}:
                return None, [], False  # "cut off aid" is one event, a sanction, not an aid as well
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and self.actor_at.get(child.i)):
                sources += self.actor_at.get(child.i) or self._actors_of([child])
            elif child.dep_ == "prep":
                word = child.lower_
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if word in g.source_preps:
                    sources += self._actors_of(objs)
                elif word == "of":
                    (sources if lemma in g.of_source else targets).extend(self._actors_of(objs))
                elif word in g.partner_preps:
                    partners = self._actors_of(objs)
                    if word in ("between", "among"):
                        sources += partners
                elif word in g.target_preps:
                    targets += self._actors_of(objs)
        if noun.dep_ == "pobj" and head.lower_ == "of" and through_partitive(head.head, g.partitive) is noun:
            # "launched ten days of war games": the measure word stands for the noun in its verb's clause
            noun, head = head.head, head.head.head
        if not sources and noun.dep_ in OBJECTS and head.pos_ in ("VERB", "AUX"):
            # "launched an attack", "signed a pact": the verb's subject carries out the noun's event
            subjects = [c for c in head.children if c.dep_ in SUBJECTS] or self._inherited_subject(head)
            sources = self._actors_of(subjects)
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in g.target_preps and not targets:
                    targets += self._actors_of([c for c in prep.children if c.dep_ == "pobj"])
        if not sources and sense.reciprocal:
            # "a defense pact signed in June": the parties are named in the clause around it
            sources = self._clause_parties(noun)
            borrowed = bool(sources)
        return sources, targets, borrowed

    def _clause_parties(self, token: Token) -> list[int]:
        """Actors of the subject of the clause above `token` ("The alliance between X and Y has grown, ...
        culminating in a pact"), for events whose parties the words around them do not name."""
        current = token
        for _ in range(6):
            head = current.head
            if head.i == current.i:
                break
            subjects = [c for c in head.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS and c.i != current.i]
            if subjects and head.pos_ in ("VERB", "AUX"):
                found = self._actors_of(subjects, deep=True)
                return found if len(found) >= 2 else []
            current = head
        return []

    # --- actors of a phrase -------------------------------------------------------------------------------

    def _actors_of(self, heads: Sequence[Token], deep: bool = False) -> list[int]:
        """The actor mentions of noun phrases: the head word, its coordinated words, its name parts and
        modifiers, and its "of" phrase ("the president of Russia"); `deep` takes every actor of the phrase.
        A country the places component read as a place is a party when it fills a role ("attacked Peru")."""
        found: list[int] = []
        for head in heads:
            mine = []
            for t in (head.subtree if deep else self._phrase_tokens(head, 0)):
                mine += self.actor_at.get(t.i, ()) or self._country_party(t)
            found += self._located(head, mine)
        return list(dict.fromkeys(found))

    def _located(self, head: Token, found: list[int]) -> list[int]:
        """Actors without a country take the country of the place their phrase puts them in:
        "demonstrators in Baghdad" are Iraqi demonstrators, "prisoners in Dili" East Timorese."""
        rows = self.doc._.ng_actors
        if not rows or not found or any(rows[i][5] for i in found):
            return found
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                for obj in prep.children:
                    place = self.place_at.get(obj.i) if obj.dep_ == "pobj" else None
                    country = (self.doc._.ng_places or ())[place][6] if place is not None else None
                    if country:
                        for i in found:
                            row = rows[i]
                            rows[i] = (*row[:5], country, *row[6:9], "located")
                        return found
        return found

    def _country_party(self, token: Token) -> list[int]:
        place = self.place_at.get(token.i)
        if place is None:
            return []
        start, end, _gid, name, _lat, _lon, country, _admin1, feature = self.doc._.ng_places[place]
        if feature != "country" or not country:
            return []
        rows = self.doc._.ng_actors
        if rows is None:
            rows = self.doc._.ng_actors = []
        rows.append((start, end, country, name, "country", country, None, None, None, "role"))
        n = len(rows) - 1
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            self.actor_span[n] = (span.start, span.end)
            for i in range(span.start, span.end):
                self.actor_at.setdefault(i, []).append(n)
        return [n]

    def _phrase_tokens(self, head: Token, level: int) -> Iterable[Token]:
        yield head
        if level > 3:
            return
        for child in head.children:
            if child.dep_ in NOMINAL:
                yield from self._phrase_tokens(child, level + 1)
            elif child.dep_ == "prep" and child.lower_ in ("of", "from") and not self._has_country(head):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        yield from self._phrase_tokens(obj, level + 1)

    def _has_country(self, token: Token) -> bool:
        """Whether an actor with a country covers the token ("A group of Moroccan diplomats": "group" has
        none, so its "of" phrase names the actor)."""
        rows = self.doc._.ng_actors or ()
        return any(rows[n][5] for n in self.actor_at.get(token.i, ()))

    def _modifier_actors(self, noun: Token) -> list[int]:
        """Actors that modify a noun as its owner or maker: "Russian assistance", "Ukraine's strikes",
        "aid from Russia"."""
        found: list[int] = []
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                found += self.actor_at.get(child.i, ())
            elif child.dep_ == "prep" and child.lower_ in ("from", "by"):
                found += self._actors_of([c for c in child.children if c.dep_ == "pobj"])
            elif child.dep_ == "conj":
                found += self._modifier_actors(child)
        return list(dict.fromkeys(found))

    # --- where, when, how sure, how many -------------------------------------------------------------------

    def _scope(self, token: Token, low: int, high: int) -> Iterable[Token]:
        """The predicate's phrase (and for a noun, the clause of its verb), without the clauses of other
        predicates it governs."""
        for t in token.subtree:
            if low <= t.i < high:
                yield t
        if token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and token.dep_ in OBJECTS | {"pobj"}:
            verb = token.head if token.dep_ in OBJECTS else token.head.head
            for child in verb.children:
                if child.dep_ in ("prep", "npadvmod", "advmod") and child.i != token.i:
                    for t in child.subtree:
                        if low <= t.i < high:
                            yield t

    def _place(self, token: Token, sent: Span, low: int, high: int) -> int | None:
        return self._nearest(self.place_at, token, sent, low, high)

    def _time(self, token: Token, sent: Span, low: int, high: int) -> tuple[int, int] | None:
        return self._nearest(self.time_at, token, sent, low, high)

    def _nearest(self, at: dict[int, Any], token: Token, sent: Span, low: int, high: int) -> Any:
        """The place (or time) inside the predicate's phrase, else the only one of the sentence."""
        inside = {value for i, value in at.items() if sent.start <= i < sent.end and low <= i < high}
        if len(inside) <= 1:
            return inside.pop() if inside else None
        for t in self._scope(token, low, high):
            if t.i in at:
                return at[t.i]
        return None

    def _recode(self, token: Token, sense: Sense, modality: str, negated: bool, sources: tuple[int, ...],
                targets: tuple[int, ...]) -> tuple[Sense, tuple[int, ...], tuple[int, ...]]:
        """PLOVER's coding of intents, threats, refusals and demands, and of conventional military force
        (see [coding] in roles.toml); the predicate's own type becomes the mode."""
        g = self.grammar
        sense = self._territory(sense, sources)
        plover = sense.plover
        if plover is None:
            return sense, sources, targets
        governors = self._governors(token)
        speaker = self._speaker(token, governors)
        if speaker:
            # "Russia said Sudan must return the helicopter": Russia demands it of Sudan
            mode = sense.mode if sense is DEMANDED else plover.lower()
            return replace(sense, plover="DEMAND", cameo="10", mode=mode), tuple(speaker), sources
        lemmas = {t.lemma_.lower() for t in governors}
        mode = plover.lower()
        if plover in g.cooperative and (negated or lemmas & g.refusal):
            # "will not accept refugees", "declined to resign", "failed to reach agreement"
            return replace(sense, plover="REJECT", cameo="12", mode=mode), sources, targets
        if plover in ("AGREE", "THREATEN", "REJECT", "DEMAND"):
            return sense, sources, targets
        auxes = {c.lower_ for c in token.children if c.dep_ == "aux"}
        for t in governors:
            auxes |= {c.lower_ for c in t.children if c.dep_ == "aux"}
        # a threat is an act announced under a condition ("will withdraw unless ..."); the act inside the
        # condition ("if Serbia attacks ...") is hypothetical, not a threat
        path = {token.i, *(t.i for t in governors)}
        conditional = not any(c.dep_ == "mark" and c.lower_ in g.hypothetical_mark for c in token.children) and any(
            c.dep_ == "advcl" and c.i not in path and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                                          for m in c.children)
            for t in (token, *governors) for c in t.children)
        if conditional or modality == "threatened" or (plover in g.conflictual and "would" in auxes):
            return replace(sense, plover="THREATEN", cameo="13", mode=mode), sources, targets
        intent = lemmas & g.intent or auxes & g.future_aux or "would" in auxes
        if plover in g.cooperative and intent and not negated:
            code = dict(g.intent_codes).get(plover, "03")
            return replace(sense, plover="AGREE", cameo=code, mode=mode), sources, targets
        if plover == "ASSAULT" and sense.mode not in g.assault_only_modes:
            rows = self.doc._.ng_actors or ()
            if any(rows[i][6] in g.fight_sectors and rows[i][5] and rows[i][5] not in ("IGO", "UNO", "EUR")
                   for i in sources):  # a state's forces: "jihadist fighters" have no country and stay ASSAULT
                return replace(sense, plover="FIGHT", cameo="19"), sources, targets
        return sense, sources, targets

    def demanded(self, token: Token) -> Sense | None:
        """A verb the dictionary does not know is still a demand when a speaker says someone must do it."""
        if token.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ in self.grammar.obligation
                                           for c in token.children):
            return None
        return DEMANDED if self._speaker(token, self._governors(token)) else None

    def _speaker(self, token: Token, governors: list[Token]) -> list[int]:
        """The actors of the speaker when the predicate is what a speaker says someone must do."""
        if not any(c.dep_ == "aux" and c.lower_ in self.grammar.obligation for c in token.children):
            return []
        speech = next((t for t in governors if t.lemma_.lower() in self.grammar.speech), None)
        if speech is None:
            return []
        subjects = [c for c in speech.children if c.dep_ in SUBJECTS]
        # the speaker's phrase may be parsed as a clause ("The Red Cross operating in Iraq said")
        return self._actors_of(subjects) or self._actors_of(subjects, deep=True)[:1]

    def _territory(self, sense: Sense, sources: tuple[int, ...]) -> Sense:
        """Territory taken by force is ACLED's "government regains territory" when state forces take it and
        "non-state actor overtakes territory" when an armed group does, whatever the verb."""
        if sense.category not in ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER") or not sources:
            return sense
        rows = self.doc._.ng_actors or ()
        state = [rows[i][5] and rows[i][6] in ("MIL", "GOV", "COP") for i in sources]
        non_state = [rows[i][6] in ("REB", "PRM", "UAF", "CRM") or (rows[i][6] and not rows[i][5]) for i in sources]
        if any(state) and not any(non_state):
            return replace(sense, category="GOV_REGAINS_TERIT")
        if any(non_state) and not any(state):
            return replace(sense, category="NON_STATE_ACTOR_OVERTAKES_TER")
        return sense

    def _governors(self, token: Token) -> list[Token]:
        """The words an event's predicate is the complement of, nearest first: "offered to [hand over]",
        "is ready to [send]", "said [it would allow]"."""
        found = []
        current = token
        for _ in range(3):
            if current.dep_ not in ("xcomp", "ccomp", "acomp", "pcomp", "prep", "advcl", "conj") \
                    or current.head.i == current.i:
                break
            current = current.head
            found.append(current)
        return found

    def _modality(self, token: Token) -> tuple[str, bool]:
        m = self.grammar
        negated = any(c.dep_ == "neg" for c in token.children) or any(
            c.lower_ in m.noun_negators and c.dep_ in ("det", "neg", "advmod") for c in token.children)
        if token.dep_ == "pobj" and token.head.lower_ == "without":
            negated = True
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        modality = "happened"
        if auxes & m.hypothetical_aux or any(c.dep_ == "mark" and c.lower_ in m.hypothetical_mark
                                              for c in token.children):
            modality = "hypothetical"
        elif auxes & m.future_aux or (token.tag_ == "VB" and "going" in {a.lower_ for a in token.head.children}):
            modality = "planned"
        elif (token.tag_ == "VBG" and auxes & {"is", "are", "am", "was", "were", "be", "been"}) or any(
                c.lower_ in m.ongoing for c in token.children if c.dep_ == "amod"):
            modality = "ongoing"
        # a governing verb: "threatened to strike", "plans to sign", "denied attacking"
        current = token
        for _ in range(3):
            if current.dep_ not in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "advcl", "acomp"):
                break
            current = current.head
            lemma = current.lemma_.lower()
            if lemma in m.denied:
                return "denied", negated
            if lemma in m.threatened:
                return "threatened", negated
            if lemma in m.planned and modality == "happened":
                return "planned", negated
            if lemma in m.ongoing and modality == "happened":
                modality = "ongoing"
            if {c.lower_ for c in current.children if c.dep_ == "aux"} & m.hypothetical_aux:
                modality = "hypothetical"
            if current.pos_ in ("VERB", "AUX"):
                break
        return modality, negated

    def _quantities(self, token: Token, sense: Sense, low: int, high: int) -> Iterable[QuantityRow]:
        """Numbers given for the event's people: "killed at least 12 civilians", "3,000 troops were
        deployed", "thousands of soldiers"."""
        q = self.lexicon.quantities
        lemma = token.lemma_.lower()
        harm = q.kind_of_verb(lemma)
        seen: set[int] = set()
        candidates: list[Token] = []
        for child in token.children:
            if child.dep_ in OBJECTS | PASSIVE_SUBJECTS | SUBJECTS | {"pobj", "dative"}:
                candidates.append(child)
            elif child.dep_ in ("prep", "agent"):
                candidates += [c for c in child.children if c.dep_ == "pobj"]
        if token.pos_ not in ("VERB", "AUX"):
            candidates.append(token)
            candidates += [c for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                           for c in p.children if c.dep_ == "pobj"]
        for noun in candidates:
            if not low <= noun.i < high or noun.i in seen:
                continue
            seen.add(noun.i)
            found = q.read(noun, harm)
            if found is not None:
                yield found
