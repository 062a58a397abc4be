"""Actor recognition and resolution: the `newsgraph_actors` spaCy component.

Three steps over each parsed document:

1. *Names*: a PhraseMatcher over every name form of the registry (countries and their adjectives,
   demonyms, capitals and seats; organisations; people; generic groups) finds the mentions spaCy's
   model knows nothing about, and corrects the entity labels the model gets wrong (a capital tagged as
   a person): the registry's label wins over the model's on the same words.
2. *Composition*: a country word that modifies a noun phrase lends its country to the phrase, the
   phrase's head noun gives the sector: "North Korean soldiers" is PRK + MIL, "Britain's defence
   ministry" is GBR + GOV with a MIL hint, "Ukrainian President Volodymyr Zelenskyy" is the person.
   Persons and spaCy entities not in the registry are kept as unresolved mentions with their text.
3. *Reference*: short descriptions ("the president", "the two countries", "the alliance") and pronouns
   resolve to an earlier actor of the document where exactly one candidate fits; otherwise nothing is
   guessed.

Results are plain tuples on `doc._.ng_actors` (they survive multiprocessing), turned into
`ActorMention`s by `newsgraph.nlp.extract`. Toponyms in a locative role ("in Kyiv") are left to the
places component: they are places, not actors.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from newsgraph.nlp import toponyms
from newsgraph.nlp.folding import strip_accents
from newsgraph.nlp.registry import Name, Registry, default_registry, plurals

if not Doc.has_extension("ng_actors"):
    Doc.set_extension("ng_actors", default=None)

MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
ENTITY_LABEL = {"country": "GPE", "capital": "GPE", "seat": "ORG", "organisation": "ORG", "person": "PERSON",
                "adjective": "NORP", "demonym": "NORP", "group": None}
DEMONSTRATIVE = frozenset({"the", "this", "that", "these", "those"})
PRONOUNS_ORG = frozenset({"it", "its", "they", "their", "them"})
PRONOUNS_PERSON = frozenset({"he", "his", "him", "she", "her"})
COUNTRY_NOUNS = frozenset({"country", "countries", "nation", "nations", "state", "states", "government",
                           "governments", "sides", "neighbours", "neighbors", "allies", "capitals"})
PLACE_IN_NAME_POPULATION = 50_000
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4}


@dataclass(slots=True)
class Found:
    """One actor mention as the component records it; character offsets are into the doc's text."""

    start: int  # token offsets
    end: int
    actor: str | None
    name: str | None
    kind: str
    country: str | None
    sector: str | None
    sector_hint: str | None
    person: str | None  # a person's registry id, for resolving the role on the document's date
    how: str

    def as_tuple(self, doc: Doc) -> tuple:
        span = doc[self.start:self.end]
        return (span.start_char, span.end_char, self.actor, self.name, self.kind, self.country, self.sector,
                self.sector_hint, self.person, self.how)


class _Matchers:
    """The registry's name forms compiled into two PhraseMatchers for one vocabulary."""

    def __init__(self, nlp: Language, registry: Registry):
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.names: dict[str, list[Name]] = {}
        folded: dict[str, str] = {}  # matcher key -> the form its pattern is made from
        exact: dict[str, str] = {}
        for name in registry.names():
            text = name.text.strip()
            if not text:
                continue
            for form in {text, strip_accents(text)}:  # "Thaçi" and "Thaci", "Beyoncé" and "Beyonce"
                key = form if name.case_sensitive else form.lower()
                self.names.setdefault(key, []).append(name)
                (exact if name.case_sensitive else folded).setdefault(key, form)
        self._add(nlp, self.folded, folded)
        self._add(nlp, self.exact, exact)
        # multiword titles and sector nouns ("defense officials", "prime minister"), singular and plural
        self.sector_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrase_values: dict[str, tuple[str, str | None]] = {}
        for phrase, sector in registry.sector_nouns.items():
            if " " in phrase or "-" in phrase:
                self.phrase_values.setdefault(phrase, (sector, None))
        for phrase, value in registry.titles.items():
            if " " in phrase or "-" in phrase:
                self.phrase_values[phrase] = value
        for phrase, value in list(self.phrase_values.items()):
            self.phrase_values.setdefault(plurals(phrase)[0], value)
        self.sector_phrases.add("SECTOR", list(nlp.tokenizer.pipe(self.phrase_values)))

    @staticmethod
    def _add(nlp: Language, matcher: PhraseMatcher, forms: dict[str, str]) -> None:
        for key, doc in zip(forms, nlp.tokenizer.pipe(forms.values()), strict=True):
            matcher.add(key, [doc])


@Language.factory("newsgraph_actors", default_config={"extra": []})
def make_actor_component(nlp: Language, name: str, extra: list[str]) -> ActorRecognizer:
    registry = Registry.load(extra) if extra else default_registry()
    return ActorRecognizer(nlp, registry)


class ActorRecognizer:
    """Finds actor mentions; see the module docstring. Builds its matchers on the first document."""

    def __init__(self, nlp: Language, registry: Registry):
        self.nlp = nlp
        self.registry = registry
        self._matchers: _Matchers | None = None

    @property
    def matchers(self) -> _Matchers:
        if self._matchers is None:
            self._matchers = _Matchers(self.nlp, self.registry)
        return self._matchers

    def __call__(self, doc: Doc) -> Doc:
        found = recognise(doc, self.matchers, self.registry)
        doc._.ng_actors = [f.as_tuple(doc) for f in found]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


# --- step 1: names ------------------------------------------------------------------------------------

def _lower_case_text(doc: Doc) -> bool:
    """True for text with (almost) no capitals, where capitalisation cannot tell names from words."""
    letters = [c for c in doc[:5000].text[:5000] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) < 0.01 * len(letters)


def _name_spans(doc: Doc, m: _Matchers) -> list[tuple[Span, list[Name]]]:
    spans: list[Span] = []
    for matcher in (m.exact, m.folded):
        for match_id, start, end in matcher(doc):
            spans.append(Span(doc, start, end, label=match_id))
    spans = filter_spans(spans)
    lower = _lower_case_text(doc)
    out = []
    for span in spans:
        key = doc.vocab.strings[span.label]
        names = m.names.get(key, [])
        first = span[0]
        # A name must look like one: capitalised (or all caps), unless the whole text is lower case.
        # "the Kremlin" and "the West" are matched with their article, so look at the first content word.
        content = next((t for t in span if t.lower_ not in DEMONSTRATIVE), first)
        if not lower and not (content.is_title or content.is_upper or not content.is_alpha
                              or content.text[:1].isupper()):
            continue
        if names:
            out.append((span, names))
    return out


def _best(names: list[Name]) -> Name:
    """Of several registry entries sharing a form, prefer countries, then organisations, people, groups."""
    order = {"country": 0, "organisation": 1, "person": 2, "group": 3}
    return min(names, key=lambda n: (order.get(n.kind, 9), n.form != "name"))


def _relabel_entities(doc: Doc, named: list[tuple[Span, Name]]) -> None:
    """Let the registry correct spaCy's entity labels and add the entities spaCy missed."""
    if not doc.has_annotation("ENT_IOB") and not named:
        return
    ours: list[Span] = []
    for span, name in named:
        label = ENTITY_LABEL.get(name.form) or ENTITY_LABEL.get(name.kind)
        if name.kind == "country" and name.form in ("adjective", "demonym"):
            label = "NORP"
        elif name.kind == "country" and name.form == "seat":
            label = "ORG" if span[0].lower_ == "the" or span.text.lower().startswith("the ") else "FAC"
        if label:
            # "the" is not part of an entity in spaCy's scheme
            start = span.start + 1 if span[0].lower_ == "the" and len(span) > 1 else span.start
            ours.append(Span(doc, start, span.end, label=label))
    model = list(doc.ents)
    kept = []
    for ent in model:
        overlapping = [s for s in ours if s.start < ent.end and ent.start < s.end]
        if not overlapping:
            kept.append(ent)
        elif all(s.start >= ent.start and s.end <= ent.end for s in overlapping) and len(ent) > max(
                len(s) for s in overlapping) and ent.label_ not in ("PERSON",):
            # the model's longer entity holds the name ("the U.S. Open"): keep the model's
            kept.append(ent)
            ours = [s for s in ours if s not in overlapping]
    doc.ents = filter_spans(kept + ours)


# --- step 2: composition --------------------------------------------------------------------------------

def _token_sector(token: Token, registry: Registry,
                  phrase_sectors: dict[int, tuple[str, str | None]]) -> tuple[str | None, str | None]:
    """A token's (sector, second sector): from a multiword title or noun it is part of, else its own."""
    return phrase_sectors.get(token.i) or _sector_of(token, registry)


def _sector_of(token: Token, registry: Registry) -> tuple[str | None, str | None]:
    """(sector, second sector) of a noun or title word by its lemma, or (None, None). A religious group
    ("Buddhists") has its religion's code, as CAMEO and POLECAT code them."""
    for form in (token.lower_, token.lemma_.lower(), token.lower_.rstrip(".")):  # "Sen.", "Gen."
        if form in registry.titles:
            return registry.titles[form]
        if form in registry.sector_nouns:
            return registry.sector_nouns[form], None
    if token.pos_ in ("NOUN", "PROPN") and token.tag_ in ("NNS", "NNPS"):
        religion = registry.religions.get(token.lemma_.lower()) or registry.religions.get(token.lower_[:-1])
        if religion:
            return religion, None
    return None, None


# Nouns for people by their ending ("accountant", "organiser"): with no sector of their own, they take
# their modifier's ("army accountant" is MIL), where "military aid" stays without one.
AGENTIVE = ("er", "or", "ant", "ent", "ist", "ian", "man", "men", "ers", "ors", "ants", "ents", "ists", "ians")


def _phrase_head(token: Token, limit: int) -> Token:
    """Climb from a modifier to the head noun of its phrase ("North Korean" → "soldiers")."""
    head = token
    while head.dep_ == "conj" and head.head.i < head.i and head.head is not head:
        head = head.head  # "Ukrainian and South Korean officials": climb from the first conjunct
    for _ in range(6):
        parent = head.head
        if (parent is head or head.dep_ not in MODIFIER_DEPS or parent.i < head.i or parent.i > limit
                or parent.pos_ not in ("NOUN", "PROPN")):
            break
        head = parent
    return head


def _adjacent_head(doc: Doc, end: int, registry: Registry) -> int | None:
    """Without a parser: the last of up to three following nouns or sector words."""
    best = None
    for i in range(end, min(end + 3, len(doc))):
        token = doc[i]
        if token.is_punct or token.is_space:
            break
        if token.pos_ in ("NOUN", "PROPN") or _sector_of(token, registry)[0]:
            best = i
        elif token.pos_ and token.pos_ not in ("ADJ", "PART"):
            break
    return best


def _sectors_in(tokens: Iterable[Token], head: Token, registry: Registry,
                phrase_sectors: dict[int, tuple[str, str | None]]) -> tuple[str | None, str | None]:
    """The sector of a phrase: its head's (or a multiword title's), with the modifiers' as a hint."""
    sector, hint = _token_sector(head, registry, phrase_sectors)
    modifiers = []
    for token in tokens:
        if token.i == head.i:
            continue
        s, s2 = _token_sector(token, registry, phrase_sectors)
        if s:
            modifiers.append(s)
        if s2:
            modifiers.append(s2)
    if not sector and modifiers:
        sector = modifiers.pop()
    if not hint:
        hint = next((s for s in modifiers if s != sector), None)
    return sector, hint


# Heads that say "some of them" or "their institution": the sector comes from the members or modifiers
# ("a team of heavily armed police", "a paramilitary organization", "the president's office").
COLLECTIVE = frozenset({"team", "group", "unit", "contingent", "detachment", "delegation", "member", "members",
                        "personnel", "squad", "band", "crowd", "number", "dozens", "hundreds", "thousands",
                        "organization", "organisation", "body", "office", "wing", "branch", "network", "cell",
                        "outfit", "movement", "faction", "association", "alliance", "coalition"})


RELIGIOUS_HEADS = frozenset({"leader", "cleric", "scholar", "authority", "figure", "community", "group",
                             "organisation", "organization", "council", "body"})


def _head_sector(tokens: Span, head: Token, registry: Registry,
                 phrase_sectors: dict[int, tuple[str, str | None]]) -> tuple[str | None, str | None]:
    """The sector of a phrase comes from its head noun ("defense officials" is GOV, "military aid" has
    none); the modifiers only add a hint. A collective head ("a team of police") takes its members'."""
    sector, hint = _token_sector(head, registry, phrase_sectors)
    if not sector and head.lemma_.lower() in COLLECTIVE:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        sector, hint = _sector_of(obj, registry)
        if not sector:
            return _sectors_in(tokens, head, registry, phrase_sectors)
    # scope words: "retired vice president" is an elite figure, "paramilitary organization" paramilitary,
    # "Muslim leaders" religious figures
    for token in tokens:
        scope = registry.modifiers.get(token.lower_)
        if scope == "ELI" and sector:
            return "ELI", sector
        if scope and not sector and head.lemma_.lower() in COLLECTIVE:
            sector = scope
        if token.i != head.i and token.lower_ in registry.religions and head.lemma_.lower() in RELIGIOUS_HEADS:
            return "REL", sector
    if not sector and head.lower_.endswith(AGENTIVE) and head.pos_ == "NOUN":
        sector = next((s for t in tokens if t.i != head.i
                       for s in [_token_sector(t, registry, phrase_sectors)[0]] if s), None)
    if not sector:
        return None, None
    if not hint:
        for token in tokens:
            if token.i != head.i:
                s = _token_sector(token, registry, phrase_sectors)[0]
                if s and s != sector:
                    hint = s
                    break
    return sector, hint if hint != sector else None


def recognise(doc: Doc, m: _Matchers, registry: Registry) -> list[Found]:
    named = [(span, _best(names)) for span, names in _name_spans(doc, m)]
    _relabel_entities(doc, named)
    named_tokens = {i for span, _ in named for i in range(span.start, span.end)}
    parsed = doc.has_annotation("DEP")
    phrase_sectors: dict[int, tuple[str, str | None]] = {}
    for _, start, end in m.sector_phrases(doc):
        value = m.phrase_values.get(doc[start:end].text.lower(), (None, None))
        if value[0]:
            for i in range(start, end):
                phrase_sectors[i] = value
    found: list[Found] = []
    taken: set[int] = set()

    country_ends = {span.end for span, name in named if name.kind == "country"}
    for span, name in named:
        if name.kind == "group":
            if span.start in country_ends:
                continue  # "South Korean defense officials": composed with the country below
            if len(span) == 1 and span.root.dep_ in ("amod", "compound") and span.root.head.i > span.root.i:
                continue  # "military aid": an adjective, not the group
            group = registry.groups[name.code]
            found.append(Found(span.start, span.end, group.code, group.name, "group", None, group.sector, None,
                               None, "name"))
            taken.update(range(span.start, span.end))
    for span, name in named:
        # groups were taken above, or are left to the composition of the country word before them
        if name.kind == "group" or any(i in taken for i in range(span.start, span.end)):
            continue
        if name.kind == "country" and parsed and name.form in ("name", "alternate", "capital"):
            # a country named as a place ("troops in Ukraine") or a capital not standing for its
            # government ("fighting near Kyiv") is left to the places component
            place_role = toponyms.role(span)
            if place_role == "place" or (name.form == "capital" and place_role != "party"):
                continue
        if toponyms.qualifies_a_place(span):
            continue
        found.append(_compose(doc, span, name, registry, parsed, phrase_sectors, taken, named_tokens))
        taken.update(range(found[-1].start, found[-1].end))

    # spaCy's people and organisations that the registry does not know: kept, unresolved, with their text
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "NORP") or any(
                i in taken or i in named_tokens for i in range(ent.start, ent.end)):
            continue
        if ent.label_ == "NORP" and (ent.root.pos_ == "ADJ" or ent.root.dep_ in ("amod", "compound")):
            continue  # "Western sanctions": an adjective, not a group
        if toponyms.coordinated_with_place(ent) or toponyms.opens_dateline(ent):
            continue  # "in Zilina, Nitra and Kosice": the places component has it
        kind = "person" if ent.label_ == "PERSON" else "organisation" if ent.label_ == "ORG" else "group"
        if kind == "person" and ent.root.tag_ in ("NNS", "NNPS") and _sector_of(ent.root, registry)[0]:
            kind = "group"  # "Rakhine Buddhists", "Shia militiamen": a group the model took for a person
        start = ent.start
        sector = hint = None
        # a title before a name gives its sector: "General Thierry Burkhard", "Defense Minister X"
        while start > 0 and _token_sector(doc[start - 1], registry, phrase_sectors)[0] \
                and doc[start - 1].pos_ in ("PROPN", "NOUN", ""):
            start -= 1
        if start < ent.start:
            sector, hint = _sectors_in(doc[start:ent.start], doc[ent.start - 1], registry, phrase_sectors)
        elif kind in ("organisation", "group"):
            sector, hint = _head_sector(ent, ent.root, registry, phrase_sectors)
        found.append(Found(start, ent.end, None, None, kind, None, sector, hint, None, "ner"))
        taken.update(range(start, ent.end))

    chunks = list(doc.noun_chunks) if parsed else []
    if parsed:
        found.extend(_sector_phrases(doc, chunks, registry, phrase_sectors, taken))
        found.extend(_references(doc, chunks, found, registry, taken))
        _heads_of_bodies(doc, found)
    _countries_from_places(doc, found)
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _heads_of_bodies(doc: Doc, found: list[Found]) -> None:
    """A title "of" an organisation is that organisation's: "the president of the Riigikogu" is LEG, "the
    head of the FSB" SPY."""
    organisations = [f for f in found if f.kind == "organisation" and f.sector]
    if not organisations:
        return
    for f in found:
        if f.kind != "group" or f.actor is not None:
            continue
        head = doc[f.end - 1]
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                body = next((o for o in organisations if o.start <= obj.i < o.end), None)
                if body is not None:
                    f.sector, f.sector_hint = body.sector, f.sector if f.sector != body.sector else None
                    f.country = f.country or body.country


def _countries_from_places(doc: Doc, found: list[Found]) -> None:
    """A mention with no country takes the country of a place named in it: "Kano State government",
    "Kyiv police", "the Madras High Court". Only unambiguous, sizeable places count."""
    from newsgraph.nlp.gazetteer import default_gazetteer

    gazetteer = None
    for f in found:
        if f.country or f.kind not in ("organisation", "group"):
            continue
        tokens = doc[f.start:f.end]
        for size in (3, 2, 1):
            hit = None
            for i in range(len(tokens) - size + 1):
                run = tokens[i:i + size]
                if not all(t.is_title or t.is_upper for t in run if t.is_alpha) or not run[0].is_alpha:
                    continue
                gazetteer = gazetteer or default_gazetteer()
                if not gazetteer.knows(run.text):
                    continue
                geo = gazetteer.resolve(run.text)
                if geo is not None and geo.country and (geo.feature in ("country", "admin1")
                                                        or geo.population >= PLACE_IN_NAME_POPULATION):
                    hit = geo.country
                    break
            if hit:
                f.country = hit
                break


def _compose(doc: Doc, span: Span, name: Name, registry: Registry, parsed: bool,
             phrase_sectors: dict[int, tuple[str, str | None]], taken: set[int], named_tokens: set[int]) -> Found:
    """One registry name, widened to the noun phrase it governs or modifies, with country and sector."""
    start, end = span.start, span.end
    actor, display, kind, country, sector, hint, person = name.code, None, name.kind, None, None, None, None
    how = "name"
    if name.kind == "country":
        c = registry.countries[name.code]
        display, country = c.name, c.code
        if name.form in ("capital", "seat"):
            sector, how = "GOV", "metonym"
    elif name.kind == "organisation":
        o = registry.organisations[name.code]
        display, country, sector = o.name, o.country, o.sector
    elif name.kind == "person":
        p = registry.people[name.code]
        display, person, kind = p.name, p.id, "person"
        actor = f"person:{p.id}"
        role = p.role_on(None)
        if role:
            country, sector, hint = role.country, role.sector, role.sector2

    # a title or country word before a person: "Ukrainian President Volodymyr Zelenskyy"
    if name.kind == "person":
        while start > 0 and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ", "") and not doc[start - 1].is_punct \
                and (_token_sector(doc[start - 1], registry, phrase_sectors)[0]
                     or registry.country_of(doc[start - 1].text) is not None):
            start -= 1
        return Found(start, end, actor, display, kind, country, sector, hint, person, how)

    # a country word or an organisation modifying a noun phrase lends it its country
    head_index = None
    if parsed:
        head = _phrase_head(span.root, span.end + 5)
        if head.i >= span.end:
            head_index = head.i
    elif name.form in ("adjective", "name", "alternate", "capital"):
        head_index = _adjacent_head(doc, span.end, registry)
    if head_index is not None and any(i in taken for i in range(span.end, head_index + 1)):
        head_index = None  # the phrase runs into another actor ("Ukraine's Western allies")
    if head_index is not None and (name.kind != "country" or doc[head_index].ent_type_ != "PERSON"):
        head_token = doc[head_index]
        phrase = doc[span.end:head_index + 1]
        s, h = _head_sector(phrase, head_token, registry, phrase_sectors)
        # "Ukrainian and South Korean officials": each country word is composed with the shared head,
        # and the first keeps its own words
        shared = any(i in named_tokens for i in range(span.end, head_index + 1))
        if s:
            end = span.end if shared else head_index + 1
            if s and (name.kind == "country" or not sector):
                sector, hint = s, h if h != s else None
            elif s and sector == "IGO" and s != "GOV":
                sector, hint = s, "IGO"  # "EU legislators", "UN peacekeepers": their own sector, of the body
            elif s and s != sector:
                hint = s
            if name.kind == "country":
                how = "composed"
    if name.kind == "country" and sector is None and name.form == "demonym":
        sector = None  # "Russians": the people of the country, no sector
    return Found(start, end, actor, display, kind, country, sector, hint, person, how)


def _sector_phrases(doc: Doc, chunks: list[Span], registry: Registry, phrase_sectors: dict[int, tuple[str, str | None]],
                    taken: set[int]) -> list[Found]:
    """Noun phrases headed by a sector noun with no country word: "officials", "the police", "rebels"."""
    out = []
    fragment = [] if chunks or len(doc) > 3 or not len(doc) else [doc[:]]  # a headline or a phrase with no noun chunk
    for chunk in chunks or fragment:
        if any(i in taken for i in range(chunk.start, chunk.end)):
            continue
        head = chunk.root
        if (head.pos_ not in ("NOUN", "PROPN") and not fragment) or head.lower_ in PRONOUNS_ORG | PRONOUNS_PERSON:
            continue
        sector, hint = _head_sector(chunk, head, registry, phrase_sectors)
        if not sector:
            continue
        # "the president", "the ministry": a definite description, resolved later if it can be
        definite = chunk[0].lower_ in DEMONSTRATIVE and len(chunk) <= 3
        if definite and head.tag_ in ("NN", "NNP"):
            continue
        country = None
        # "police in Kabul", "officials of Ukraine": a country after the head
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "from", "across"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        c = registry.country_of(doc[obj.left_edge.i:obj.i + 1].text) or registry.country_of(obj.text)
                        if c:
                            country = c.code
        start = chunk.start
        while start < chunk.end - 1 and (doc[start].lower_ in DEMONSTRATIVE or doc[start].tag_ == "PRP$"):
            start += 1
        out.append(Found(start, chunk.end, None, None, "group", country, sector, hint if hint != sector else None,
                         None, "composed"))
        taken.update(range(start, chunk.end))
    return out


def _references(doc: Doc, chunks: list[Span], found: list[Found], registry: Registry,
                taken: set[int]) -> list[Found]:
    """Descriptions and pronouns that point back to one earlier actor, where exactly one fits."""
    by_sentence: dict[int, list[Found]] = {}
    starts = [sent.start for sent in doc.sents]

    def sentence_of(i: int) -> int:
        return max(bisect_right(starts, i) - 1, 0)

    for f in found:
        by_sentence.setdefault(sentence_of(f.start), []).append(f)
    out: list[Found] = []

    def earlier(at: int, window: int, kinds: tuple[str, ...]) -> list[Found]:
        s = sentence_of(at)
        pool = [f for i in range(max(0, s - window), s + 1) for f in by_sentence.get(i, [])
                if f.end <= at and f.kind in kinds and f.actor]
        return pool

    for chunk in chunks:
        if any(i in taken for i in range(chunk.start, chunk.end)):
            continue
        words = [t.lower_ for t in chunk]
        head = chunk.root
        if words[0] in DEMONSTRATIVE and head.lower_ in COUNTRY_NOUNS:
            count = next((NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS), 1 if head.tag_ == "NN" else 0)
            if not count:
                continue
            pool = earlier(chunk.start, 3, ("country",))
            distinct: list[Found] = []
            for f in reversed(pool):
                if f.actor not in [d.actor for d in distinct]:
                    distinct.append(f)
            if len(distinct) >= count and (count > 1 or len({d.actor for d in pool[-3:]}) == 1):
                for ref in distinct[:count]:
                    out.append(Found(chunk.start + 1, chunk.end, ref.actor, ref.name, ref.kind, ref.country,
                                     "GOV" if head.lower_.startswith("government") else ref.sector, None,
                                     ref.person, "coref"))
            continue
        if words[0] == "the" and len(chunk) <= 3 and head.tag_ in ("NN", "NNP"):
            sector, hint = _sector_of(head, registry)
            if not sector:
                continue
            # "the president": the one person mentioned earlier whose role names that title
            people = [f for f in earlier(chunk.start, 50, ("person",)) if f.person]
            matching = {f.actor: f for f in people
                        if (role := registry.people[f.person].role_on(None)) and head.lower_ in role.title.lower()}
            if len(matching) == 1:
                ref = next(iter(matching.values()))
                out.append(Found(chunk.start + 1, chunk.end, ref.actor, ref.name, "person", ref.country, ref.sector,
                                 ref.sector_hint, ref.person, "coref"))
            else:
                out.append(Found(chunk.start + 1, chunk.end, None, None, "group", None, sector, hint, None,
                                 "composed"))
    for token in doc:
        if token.i in taken or token.pos_ != "PRON":
            continue
        word = token.lower_
        if word in PRONOUNS_PERSON:
            pool = earlier(token.i, 1, ("person",))
            if len({f.actor for f in pool}) == 1:
                ref = pool[-1]
                out.append(Found(token.i, token.i + 1, ref.actor, ref.name, "person", ref.country, ref.sector,
                                 ref.sector_hint, ref.person, "coref"))
        elif word in ("it", "its"):
            pool = earlier(token.i, 1, ("country", "organisation"))
            if len({f.actor for f in pool}) == 1:
                ref = pool[-1]
                out.append(Found(token.i, token.i + 1, ref.actor, ref.name, ref.kind, ref.country, ref.sector,
                                 ref.sector_hint, ref.person, "coref"))
                # "its officers": the group the pronoun owns is that country's
                owned = next((f for f in found if f.start == token.i + 1 and f.kind == "group" and not f.country
                              and f.actor is None), None)
                if owned is not None and ref.country:
                    owned.country = ref.country
    return out
