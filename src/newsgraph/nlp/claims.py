"""Claims: the `newsgraph_claims` spaCy component finds attributions, who says what.

An attribution has a source (the speaker: "South Korean defense officials", "a senior official", "he"),
a cue (the reporting word: "said", "according to", "has learned", "denied") and a content (what is
asserted). The component reads them from the dependency parse, one cue word at a time; the cue words,
their stances and the frames in which they take their content are the data of `data/claims/cues.toml`.

- A verb cue takes as content its clausal complement ("X said (that) ...", "reports indicate that ..."),
  else an adjacent quotation ('"...," she said', 'He said: "..."'), else the next paragraph when the
  cue ends its paragraph with a colon, else the clause it hangs off ("..., officials said", "which, he
  said, is ..."), else per its frames an infinitive ("vowed to ..."), a prepositional object ("called
  for ...") or its object ("denied the report"; the subject of a passive: "the plan was rejected by X").
- Its source is the subject, or a passive's agent (nobody for "it was reported that"); participles and
  coordinated verbs ("..., adding that ...") borrow the subject of the verb they hang off, and a
  participle the parser hangs on the reported clause ("X said Y rose, citing Z") that of the reporting
  verb. A bare infinitive under another cue ("refused to disclose") is that cue's content, not a claim.
- "according to X" (and the other prepositional cues) gives X as source and the rest of the sentence
  as content; a noun cue ("X's claim that ...", "the statement by X that ...", "a Times report that")
  needs a clause or a quote; an adjective held with "be" ("X is critical of Y", "X was convinced that")
  takes its clause or prepositional object.
- A transcript turn ("WALLACE: ...") and a pull quote signed on its line ('"..." ― Maria Lopez') are
  claims of the named speaker.

Quotations are paired once per document (curly quotes by their shape, straight ones by alternation in
their paragraph). A quote that never closes ends at its paragraph's end (at most MAX_QUOTE_TOKENS
tokens), and a closing mark with no opening one starts at its paragraph's start (the last paragraph of
a quote running over several): a quote content may run over several sentences. When the quote resumes
right after the cue ('"A," he said. "B."'), the resumed part is a second content fragment (`more_content`).

What is left out, and why:
- cues inside a quotation or a transcript turn, and cues inside the content of a speech cue ("She said
  leaders had agreed to ..."): they are part of the outer claim, which carries them;
- a negated cue ("did not say that ..."): what was not said is asserted by nobody;
- the reader addressed ("ask yourself", "you might think") and imperatives.

Span conventions are PolNeAR's: content includes the "that" complementizer and the quotation marks with
the punctuation inside them, and leaves out punctuation outside quotes; a cue includes the auxiliaries
and adverbs right before it (not those of time: "recently") and its particle ("has also said", "pointed
out").

Bounded work: one pass over the tokens with hash lookups; for each cue a fixed number of steps through
the tree (subtree edges are spaCy's, in constant time), cues read only in a sentence's first
MAX_SENT_TOKENS tokens, estimative words and hedges read in a content's first MAX_READ tokens.

Results are `ClaimSpan`s on `doc._.ng_claims`, with character offsets into `doc.text`; the stance comes
from the cue (and "questions" for ask/wonder/question with "whether"/"if"/wh- content), the ICD 203
estimate and hedges from `newsgraph.nlp.estimative`, the source type hint from the source's head noun.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.estimative import estimate, hedges

if not Doc.has_extension("ng_claims"):
    Doc.set_extension("ng_claims", default=None)

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "claims" / "cues.toml"
STANCES = ("asserts", "denies", "doubts", "questions")
MAX_QUOTE_TOKENS = 400  # an unclosed quote ends at its paragraph's end, or this many tokens on
MAX_SENT_TOKENS = 300  # cues past this many tokens into a sentence are not read (flattened tables)
MAX_CLIMB = 3  # verbs climbed to find the subject of a participle or coordinated verb
MAX_SPEAKER = 4  # words of a transcript speaker's name ("SEN. JOHN SMITH:")
BARS = ("―", "”―", "—")  # the dash that signs a pull quote
BAR_IDS = frozenset(hash_string(b) for b in BARS)
COLON = hash_string(":")
MAX_READ = 80  # content tokens read for estimative words and hedges: bounded work per claim
NESTING = 16  # content spans looked at, nearest first, to tell whether a cue is inside one
NEAR = 12  # tokens between a cue and the quote that is its content

Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """One attribution, as character offsets into `doc.text`.

    `content` is the (first) content span; `more_content` holds the further fragments of a content the
    cue splits ('"A," he said, "B."': content "A," and more_content ("B.",)). `source` is None when
    the text names no source ("it was reported that ..."). `source_type` is a hint from the words alone:
    "unnamed", "media", "expert" or None.
    """

    source: Offsets | None
    cue: Offsets
    content: Offsets
    cue_lemma: str
    stance: str = "asserts"
    source_type: str | None = None
    estimative: str | None = None
    probability: tuple[float, float] | None = None
    hedges: tuple[str, ...] = ()
    more_content: tuple[Offsets, ...] = ()


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lexicon of cues.toml, by lemma."""

    verbs: dict[str, str]  # lemma -> stance
    nouns: dict[str, str]
    object_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    preposition_verbs: dict[str, frozenset[str]]
    prepositions: tuple[tuple[str, ...], ...]
    source_types: dict[str, str]  # head noun lemma -> type
    adjectives: dict[str, str] = field(default_factory=dict)  # "critical" (of), "convinced" (that)
    # the same lemmas by their string hash, which is what a token's `lemma` and `lower` give
    verb_ids: dict[int, str] = field(default_factory=dict)
    noun_ids: dict[int, str] = field(default_factory=dict)
    adjective_ids: dict[int, str] = field(default_factory=dict)
    preposition_ids: frozenset[int] = frozenset()
    not_speakers: frozenset[str] = frozenset()  # "Note:", "Photo:": labels, not transcript speakers


def load_cues(path: Path = DATA_FILE) -> Cues:
    with path.open("rb") as fh:
        data = tomllib.load(fh)

    def stances(section: dict[str, list[str]]) -> dict[str, str]:
        found: dict[str, str] = {}
        for stance in STANCES:
            for lemma in section.get(stance, []):
                found.setdefault(lemma.lower(), stance)
        unknown = set(section) - set(STANCES)
        if unknown:
            raise ValueError(f"{path}: unknown stance(s) {sorted(unknown)}")
        return found

    frames = data.get("verb_frames", {})
    types: dict[str, str] = {}
    for kind, nouns in data.get("source_types", {}).items():
        for noun in nouns:
            types.setdefault(noun.lower(), kind)
    verbs, nouns = stances(data.get("verbs", {})), stances(data.get("nouns", {}))
    adjectives = stances(data.get("adjectives", {}))
    prepositions = tuple(tuple(p.lower().split()) for p in data.get("prepositions", {}).get("phrases", []))
    return Cues(
        verbs=verbs, nouns=nouns, object_verbs=frozenset(frames.get("object", [])),
        clause_verbs=frozenset(frames.get("clause", [])),
        preposition_verbs={verb: frozenset(preps) for verb, preps in frames.get("preposition", {}).items()},
        prepositions=prepositions, source_types=types, adjectives=adjectives,
        verb_ids={hash_string(w): w for w in verbs}, noun_ids={hash_string(w): w for w in nouns},
        adjective_ids={hash_string(w): w for w in adjectives},
        preposition_ids=frozenset(hash_string(p[0]) for p in prepositions),
        not_speakers=frozenset(w.lower() for w in data.get("transcripts", {}).get("not_speakers", [])))


@lru_cache(maxsize=1)
def default_cues() -> Cues:
    return load_cues()


# --- quotations ---------------------------------------------------------------------------------------

OPENING = frozenset({"“", "``", "«", "„"})
CLOSING = frozenset({"”", "»", "”―"})  # the tokenizer leaves '”―' (a quote signed with a bar) whole
# characters that can start a quotation mark token: only the tokens holding one are looked at
QUOTE_CHARS = re.compile("[\"'`“”‘’«»„‹›]")
STRAIGHT = frozenset({'"', "''"})


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # first token (the opening mark)
    end: int  # last token (the closing mark, or the last token before the paragraph break)
    closed: bool


class Quotes:
    """The quotations of a document, paired once; looked up by their first or last token."""

    def __init__(self, doc: Doc):
        self.spans: list[Quote] = _pair_quotes(doc)
        self.starts = [q.start for q in self.spans]
        self.by_start = {q.start: q for q in self.spans}
        self.by_end = {q.end: q for q in self.spans if q.closed}

    def around(self, i: int) -> Quote | None:
        """The quote holding token i, if any."""
        at = bisect.bisect_right(self.starts, i) - 1
        if at >= 0 and self.spans[at].start <= i <= self.spans[at].end:
            return self.spans[at]
        return None


def _paragraph_breaks(doc: Doc) -> list[int]:
    """Character offsets of blank lines, found by str.find (no per-token work)."""
    text = doc.text
    breaks: list[int] = []
    at = text.find("\n\n")
    while at != -1:
        breaks.append(at)
        at = text.find("\n\n", at + 2)
    return breaks


def _pair_quotes(doc: Doc) -> list[Quote]:
    breaks = _paragraph_breaks(doc)
    marks: list[Token] = []
    for found in QUOTE_CHARS.finditer(doc.text):
        span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = span[0]
        if (marks and marks[-1].i == token.i) or not (token.is_quote or token.text in OPENING
                                                      or token.text in CLOSING):
            continue
        marks.append(token)
    quotes: list[Quote] = []
    open_at: int | None = None
    open_par = -1

    def paragraph(token: Token) -> int:
        return bisect.bisect_right(breaks, token.idx)

    def close_unclosed(start: int) -> None:
        par_end = breaks[open_par] if open_par < len(breaks) else len(doc.text)
        last = start
        limit = min(len(doc), start + MAX_QUOTE_TOKENS)
        while last + 1 < limit and doc[last + 1].idx < par_end:
            last += 1
        while last > start and doc[last].is_space:
            last -= 1
        quotes.append(Quote(start, last, False))

    for token in marks:
        text = token.text
        par = paragraph(token)
        if open_at is not None and par != open_par:
            close_unclosed(open_at)
            open_at = None
        if text in OPENING:
            if open_at is not None:
                close_unclosed(open_at)
            open_at, open_par = token.i, par
        elif text in CLOSING:
            if open_at is not None:
                quotes.append(Quote(open_at, token.i, True))
                open_at = None
            else:
                # the last paragraph of a quote running over several opens with no mark of its own
                # only when the writer left it out; its quote then starts with the paragraph
                par_start = breaks[par - 1] + 2 if par > 0 else 0
                start = token.i
                while start > 0 and token.i - start < MAX_QUOTE_TOKENS and doc[start - 1].idx >= par_start \
                        and not (quotes and quotes[-1].end >= start - 1):
                    start -= 1
                while start < token.i and doc[start].is_space:
                    start += 1
                if start < token.i:
                    quotes.append(Quote(start, token.i, True))
        elif text in STRAIGHT:
            if open_at is None:
                open_at, open_par = token.i, par
            else:
                quotes.append(Quote(open_at, token.i, True))
                open_at = None
    if open_at is not None:
        close_unclosed(open_at)
    return [q for q in quotes if q.end > q.start]


# --- spans --------------------------------------------------------------------------------------------

PUNCT_EDGE = frozenset({",", ".", ";", ":", "—", "–", "-", "--", "―", "(", ")", "…"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
EXPLETIVES = frozenset({"it", "there"})
CLAUSAL = frozenset({"ccomp"})
ATTACHED = frozenset({"parataxis", "ccomp", "dep"})
COMPLEMENTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "oprd", "dative"})
CLIMB_DEPS = frozenset({"advcl", "conj", "xcomp", "acl"})
QUESTION_WORDS = frozenset({"whether", "if", "why", "how", "what", "who", "when", "where", "which"})


def _is_close_quote(token: Token, quotes: Quotes) -> bool:
    q = quotes.around(token.i)
    return q is not None and q.end == token.i and q.closed


def _trim(doc: Doc, lo: int, hi: int, quotes: Quotes) -> tuple[int, int] | None:
    """Token range [lo, hi] without whitespace and punctuation at its edges (quotation marks kept when
    they open or close a quote inside the range)."""
    lo, hi = max(lo, 0), min(hi, len(doc) - 1)  # a colon or cue at the very end leaves nothing after it
    while lo <= hi and (doc[lo].is_space or (doc[lo].text in PUNCT_EDGE)
                        or (doc[lo].is_quote and lo not in quotes.by_start)):
        lo += 1
    while hi >= lo and (doc[hi].is_space or doc[hi].text in PUNCT_EDGE
                        or (doc[hi].is_quote and not _is_close_quote(doc[hi], quotes)
                            and not _closes_single(doc, lo, hi))):
        hi -= 1
    return (lo, hi) if lo <= hi else None


def _closes_single(doc: Doc, lo: int, hi: int) -> bool:
    """A single quotation mark closing one opened inside the range ("Trump 'absolutely right'")."""
    return doc[hi].text in ("'", "’") and any(doc[k].text in ("'", "‘") for k in range(max(lo, hi - MAX_READ), hi))


def _chars(doc: Doc, lo: int, hi: int) -> Offsets:
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _with_quotes(lo: int, hi: int, quotes: Quotes, avoid: tuple[int, int]) -> tuple[int, int]:
    """Widen a content range to the whole of any quote it starts or ends in, unless that quote holds the
    cue or source (`avoid`)."""
    for edge in (lo, hi):
        q = quotes.around(edge)
        if q is None or (q.start <= avoid[1] and avoid[0] <= q.end):
            continue
        lo, hi = min(lo, q.start), max(hi, q.end)
    return lo, hi


def _subject(verb: Token, quotes: Quotes | None = None) -> Token | None:
    """The verb's subject; with `quotes`, one outside quotation marks (a misparse can make a word of the
    quote a second subject of "said")."""
    found = None
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if quotes is None or quotes.around(child.i) is None:
                return child
            found = found or child
    return found if quotes is None else None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _source_of(verb: Token, quotes: Quotes) -> Token | None:
    """The verb's subject; a passive's agent; a participle's or coordinated verb's borrowed subject."""
    current = verb
    for _ in range(MAX_CLIMB + 1):
        subject = _subject(current, quotes)
        if subject is not None:
            if subject.dep_ in PASSIVE_SUBJECTS:
                return _agent(current)
            return subject
        agent = _agent(current)
        if agent is not None:
            return agent
        if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def _subtree(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


# "the said report", "has said" (read from "said"), "compared with" used as a preposition
SKIP_DEPS = frozenset({"amod", "compound", "aux", "prep"})
CUE_LEFT = frozenset({"aux", "auxpass", "neg", "advmod"})
# adverbs of time say when the claim was made (the times layer reads them), not how: not part of the cue
WHEN_ADVERBS = frozenset({"recently", "earlier", "later", "previously", "now", "then", "today", "yesterday",
                          "tonight", "once", "already", "soon", "again", "first", "last", "lately"})


def _cue_range(verb: Token) -> tuple[int, int]:
    """The verb with the auxiliaries, negation and particles right next to it ("has said", "pointed out")."""
    lo = hi = verb.i
    doc = verb.doc
    while lo > verb.sent.start and doc[lo - 1].head.i == verb.i and doc[lo - 1].dep_ in CUE_LEFT \
            and doc[lo - 1].lower_ not in WHEN_ADVERBS:
        lo -= 1
    while hi + 1 < verb.sent.end and doc[hi + 1].head.i == verb.i and doc[hi + 1].dep_ == "prt":
        hi += 1
    return lo, hi


def _without(lo: int, hi: int, avoid: tuple[int, int]) -> list[tuple[int, int]]:
    """The range [lo, hi] less the cue-and-source range `avoid` ("which, he said, were ...")."""
    if avoid[1] < lo or avoid[0] > hi:
        return [(lo, hi)]
    return [r for r in ((lo, avoid[0] - 1), (avoid[1] + 1, hi)) if r[0] <= r[1]]


def _infinitive(verb: Token) -> bool:
    """A bare infinitive ("refused to disclose"): the verb it depends on is the attribution, if any."""
    if verb.dep_ not in ("xcomp", "advcl", "acl", "relcl", "ccomp", "conj"):
        return False
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and _subject(verb) is None


def _imperative(verb: Token) -> bool:
    return verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(c.dep_ in SUBJECTS for c in verb.children)


def _negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


class ClaimReader:
    """Finds the claims of one document; see the module docstring."""

    def __init__(self, doc: Doc, cues: Cues):
        self.doc = doc
        self.cues = cues
        self.quotes = Quotes(doc)
        self.verb_hashes = cues.verb_ids
        self.noun_hashes = cues.noun_ids
        self.adjective_hashes = cues.adjective_ids
        self.prep_firsts = cues.preposition_ids
        self.turn_end = -1  # the last token of the transcript turn being read
        self.own_cues: set[Offsets] = set()  # participles of a reporting verb: the speaker's own claims
        self.reported: set[Offsets] = set()  # cues whose content is speech, which may report other claims

    def read(self) -> list[ClaimSpan]:
        found: list[ClaimSpan] = []
        for sent in self.doc.sents:
            limit = min(sent.end, sent.start + MAX_SENT_TOKENS)
            for token in self.doc[sent.start:limit]:
                if token.i <= self.turn_end:
                    continue  # a transcript turn is read like a quote
                lemma = token.lemma
                if (lemma in self.verb_hashes or lemma in self.noun_hashes or lemma in self.adjective_hashes
                        or token.lower in self.prep_firsts) and self.quotes.around(token.i) is not None:
                    continue  # a cue inside a quote is the quoted speaker's: part of the outer claim's content
                if lemma in self.verb_hashes and token.pos_ in ("VERB", "AUX"):
                    claim = self._verb_claim(token, self.verb_hashes[lemma])
                elif lemma in self.noun_hashes and token.pos_ == "NOUN":
                    claim = self._noun_claim(token, self.noun_hashes[lemma])
                elif lemma in self.adjective_hashes and token.dep_ == "acomp":
                    claim = self._adjective_claim(token, self.adjective_hashes[lemma])
                elif token.lower in self.prep_firsts:
                    claim = self._preposition_claim(token, sent)
                elif token.lower == COLON:
                    claim = self._speaker_claim(token)
                elif token.lower in BAR_IDS:
                    claim = self._byline_claim(token)
                else:
                    continue
                if claim is not None:
                    found.append(claim)
        return self._resumed(_outermost(found, self.own_cues, self.reported))

    # -- cue kinds ------------------------------------------------------------------------------------

    def _verb_claim(self, verb: Token, lemma: str) -> ClaimSpan | None:
        if verb.dep_ in SKIP_DEPS or _negated(verb):
            return None
        if _infinitive(verb) and (verb.head.lemma in self.verb_hashes or verb.dep_ != "xcomp"):
            return None  # "refused to disclose": the claim is the head's
        cue_lo, cue_hi = _cue_range(verb)
        if verb.dep_ == "xcomp" and verb.head.i < verb.i and verb.i - verb.head.i <= 3 and _infinitive(verb):
            cue_lo = _cue_range(verb.head)[0]  # "continued to call for"
        report = self._reported_by(verb)
        source = _source_of(report if report is not None else verb, self.quotes)
        if (source is not None and source.lower_ == "you") or (source is None and _imperative(verb)):
            return None  # the reader addressed ("ask yourself", "you might think"): nobody's claim
        parts = self._verb_content(verb, lemma, source)
        if parts is None:
            return None
        content, cue_hi = parts[0], max(cue_hi, parts[1])
        claim = self._claim(source, (cue_lo, cue_hi), content, lemma, self.cues.verbs[lemma])
        if claim is not None:
            if report is not None:
                self.own_cues.add(claim.cue)
            if parts[2]:
                self.reported.add(claim.cue)
        return claim

    def _reported_by(self, verb: Token) -> Token | None:
        """'X said Y rose, citing Z': the parser hangs the participle on the reported clause; its speaker is
        the reporting verb's subject, and it is X's own claim, not one X reports."""
        if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "conj") or _subject(verb) is not None:
            return None
        head = verb.head
        if head.dep_ == "ccomp" and head.head.lemma in self.verb_hashes and head.head.i < head.i:
            return head.head
        return None

    def _verb_content(self, verb: Token, lemma: str,
                      source: Token | None) -> tuple[list[tuple[int, int]], int, bool] | None:
        """The content fragments (token ranges), the cue's last token, and whether the content is what
        the source says (a clause or quote) rather than what it acts on (an object)."""
        src = _subtree(source) if source is not None else (verb.i, verb.i)
        avoid = (min(verb.i, src[0]), max(verb.i, src[1]))
        for child in verb.children:
            if child.dep_ in CLAUSAL and child.i > verb.i:
                lo, hi = _with_quotes(*_subtree(child), self.quotes, avoid)
                return _without(lo, hi, avoid), verb.i, True
        quote = self._adjacent_quote(verb, avoid)
        if quote is not None:
            return [(quote.start, quote.end)], verb.i, True
        for child in verb.children:
            if child.dep_ in CLAUSAL:
                lo, hi = _with_quotes(*_subtree(child), self.quotes, avoid)
                return _without(lo, hi, avoid), verb.i, True
        block = self._block_after(verb)
        if block is not None:
            return [block], verb.i, True
        if self._inverted(verb):
            # "..., officials said." / "which, he said, is ...": the clause the cue hangs off
            head_lo, head_hi = _subtree(verb.head)
            own_lo, own_hi = _subtree(verb)
            own_lo, own_hi = min(own_lo, avoid[0]), max(own_hi, avoid[1])
            parts = [r for r in ((head_lo, own_lo - 1), (own_hi + 1, head_hi)) if r[0] <= r[1]]
            parts = [_with_quotes(lo, hi, self.quotes, avoid) for lo, hi in parts]
            if parts:
                return parts, verb.i, True
        if lemma in self.cues.clause_verbs:
            for child in verb.children:
                if child.dep_ == "xcomp" and child.i > verb.i:
                    return [_subtree(child)], verb.i, True
        preps = self.cues.preposition_verbs.get(lemma)
        if preps:
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in preps and child.i > verb.i:
                    objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                    if objects:
                        return [(objects[0].left_edge.i, child.right_edge.i)], child.i, False
        if lemma in self.cues.object_verbs:
            for child in verb.children:
                if child.dep_ in ("dobj", "attr") and child.i > verb.i and child.lower_ != "so":
                    clause = self._noun_clause(child) if child.lemma in self.noun_hashes else None
                    if clause is not None:  # "rejected claims that ...": what is rejected is the clause
                        return [clause], verb.i, False
                    hi = child.right_edge.i
                    for other in verb.children:  # "called him a liar", "accused X of Y"
                        if other.i > hi and other.dep_ in ("oprd", "xcomp", "ccomp"):
                            hi = other.right_edge.i
                    return [(child.left_edge.i, hi)], verb.i, False
            for child in verb.children:
                # the passive: "the plan was rejected by the council": the subject is the content
                if child.dep_ == "nsubjpass" and child.lower_ not in EXPLETIVES:
                    return [_subtree(child)], verb.i, False
                # a relative pronoun object: "an act that the mayor described as ...": "that"
                if child.dep_ == "dobj" and child.i < verb.i and child.tag_ in ("WDT", "WP"):
                    return [(child.i, child.i)], verb.i, False
        return None

    def _inverted(self, verb: Token) -> bool:
        """'..., officials said.' / 'which, he said, is ...': a cue with nothing of its own to say, hanging
        off the clause it reports (not off another cue, whose content it would then be)."""
        head = verb.head
        if verb.dep_ not in ATTACHED or head.i == verb.i or head.lemma in self.verb_hashes:
            return False
        if verb.i < head.i and verb.dep_ != "parataxis":
            return False
        return not any(c.dep_ in COMPLEMENTS for c in verb.children)

    def _block_after(self, verb: Token) -> tuple[int, int] | None:
        """'He said:' or 'The Times reports:' ending a paragraph: the next paragraph is the content."""
        doc = self.doc
        j = verb.i + 1
        while j < len(doc) and j < verb.i + NEAR and doc[j].text != ":" and not doc[j].is_space:
            j += 1
        if j + 1 >= len(doc) or doc[j].text != ":" or "\n\n" not in doc[j].whitespace_ + doc[j + 1].text:
            return None
        start = j + 1
        while start < len(doc) and doc[start].is_space:
            start += 1
        end = self._paragraph_end(start)
        return (start, end) if start <= end else None

    def _paragraph_end(self, start: int) -> int:
        doc = self.doc
        end = start
        limit = min(len(doc), start + MAX_QUOTE_TOKENS)
        while end + 1 < limit and not (doc[end + 1].is_space and "\n" in doc[end + 1].text) \
                and "\n\n" not in doc[end].whitespace_:
            end += 1
        return end

    def _adjacent_quote(self, verb: Token, avoid: tuple[int, int]) -> Quote | None:
        """A quote ending right before the cue clause ('"...," she said') or opening right after the cue
        ('She said: "..."')."""
        doc = self.doc
        i = avoid[0] - 1
        steps = 0
        while i >= 0 and steps < 3 and doc[i].text in PUNCT_EDGE:
            i -= 1
            steps += 1
        if i >= 0:
            q = self.quotes.by_end.get(i)
            if q is not None and not q.start <= verb.i <= q.end:
                return q
        j = verb.i + 1
        end = min(len(doc), verb.i + NEAR, verb.sent.end + 1)
        while j < end:
            token = doc[j]
            if j in self.quotes.by_start:
                before = doc[j - 1]
                if j - 1 == verb.i or before.text in (":", ",") or before.i == avoid[1]:
                    return self.quotes.by_start[j]
                return None
            if token.text in (".", "?", "!") or token.is_space:
                return None
            j += 1
        return None

    def _adjective_claim(self, adjective: Token, lemma: str) -> ClaimSpan | None:
        """A stance held: "X is critical of Y", "X was convinced that Y", "X were frustrated that Y"."""
        verb = adjective.head
        if _negated(verb) or _negated(adjective):
            return None
        content: list[tuple[int, int]] | None = None
        last = adjective.i
        for child in adjective.children:
            if child.i < adjective.i:
                continue
            if child.dep_ in ("ccomp", "xcomp"):
                content = [_subtree(child)]
            elif child.dep_ == "prep":
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    content, last = [(objects[0].left_edge.i, child.right_edge.i)], child.i
            if content is not None:
                break
        if content is None:
            for child in verb.children:  # "were frustrated that ...": the clause may hang off the verb
                if child.dep_ == "ccomp" and child.i > adjective.i:
                    content = [_subtree(child)]
                    break
        if content is None:
            return None
        source = _source_of(verb, self.quotes)
        cue_lo = min(_cue_range(verb)[0], _cue_range(adjective)[0])
        return self._claim(source, (cue_lo, last), content, lemma, self.cues.adjectives[lemma])

    @staticmethod
    def _noun_clause(noun: Token) -> tuple[int, int] | None:
        """The clause a noun cue introduces: "the claim that ...", "the question whether ..."."""
        for child in noun.children:
            if child.dep_ in ("acl", "relcl", "ccomp", "appos") and child.i > noun.i and any(
                    c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in child.children):
                return _subtree(child)
        return None

    def _noun_claim(self, noun: Token, lemma: str) -> ClaimSpan | None:
        content = self._noun_clause(noun)
        if content is None:
            j = noun.i + 1
            if j + 1 < len(self.doc) and self.doc[j].text == ":" and j + 1 in self.quotes.by_start:
                q = self.quotes.by_start[j + 1]
                content = (q.start, q.end)
        if content is None:
            return None
        source: Token | None = None
        for child in noun.children:
            if child.dep_ == "poss":
                source = child
            elif child.dep_ == "prep" and child.lower_ in ("by", "from", "of") and child.i < content[0]:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and source is None:
                    source = objects[0]
        src = _subtree(source) if source is not None else None
        if source is None:
            # "a New York Times report that ...": the proper-noun modifiers name the source
            names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i]
            if names:
                src = (names[0].left_edge.i, names[-1].i)
        if source is not None and source.dep_ == "poss":
            # "X's claim": the source is X without its "'s"
            lo, hi = src  # type: ignore[misc]
            while hi > lo and self.doc[hi].dep_ == "case":
                hi -= 1
            src = (lo, hi)
        lo, hi = _with_quotes(*content, self.quotes, (noun.i, noun.i))
        return self._claim(None, (noun.i, noun.i), [(lo, hi)], lemma, self.cues.nouns[lemma], source_range=src)

    def _preposition_claim(self, token: Token, sent: Span) -> ClaimSpan | None:
        doc = self.doc
        phrase = next((p for p in self.cues.prepositions
                       if token.i + len(p) <= sent.end
                       and all(doc[token.i + k].lower_ == w for k, w in enumerate(p))), None)
        if phrase is None:
            return None
        last = doc[token.i + len(phrase) - 1]
        objects = [c for c in last.children if c.dep_ == "pobj"]
        if not objects:
            objects = [c for c in token.children if c.dep_ == "pobj"]
        if not objects:
            return None
        source = objects[0]
        src_lo, src_hi = _subtree(source)
        src_lo = min(src_lo, last.i + 1)
        phrase_lo, phrase_hi = token.i, max(src_hi, last.i)
        lo, hi = sent.start, sent.end - 1
        parts = [r for r in ((lo, phrase_lo - 1), (phrase_hi + 1, hi)) if r[0] <= r[1]]
        parts = [_with_quotes(a, b, self.quotes, (phrase_lo, phrase_hi)) for a, b in parts]
        trimmed = [t for t in (_trim(doc, a, b, self.quotes) for a, b in parts) if t is not None and t[1] - t[0] >= 1]
        if not trimmed:
            return None
        lemma = " ".join(phrase)
        claim = self._claim(None, (token.i, last.i), trimmed, lemma, "asserts", source_range=(src_lo, src_hi))
        if claim is not None:
            self.reported.add(claim.cue)
        return claim

    def _line_start(self, i: int) -> bool:
        doc = self.doc
        while i > 0 and doc[i - 1].is_quote:
            i -= 1
        return i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text) or doc[i - 1].text == "\n"

    def _speaker_claim(self, colon: Token) -> ClaimSpan | None:
        """A transcript turn: 'WALLACE: ...' or 'Politifact: ...' at the start of a line."""
        doc = self.doc
        start = colon.i
        while start > 0 and colon.i - start < MAX_SPEAKER and doc[start - 1].is_alpha and (
                doc[start - 1].is_title or doc[start - 1].is_upper or doc[start - 1].lower_ in ("the", "of")):
            start -= 1
        if start == colon.i or not self._line_start(start) or not doc[start].is_alpha \
                or not (doc[start].is_title or doc[start].is_upper) \
                or doc[start:colon.i].text.lower() in self.cues.not_speakers:
            return None
        if colon.i + 1 >= len(doc):
            return None  # "WALLACE:" with nothing after it says nothing
        end = self._paragraph_end(colon.i + 1)
        self.turn_end = end
        return self._claim(None, (colon.i, colon.i), [(colon.i + 1, end)], ":", "asserts",
                           source_range=(start, colon.i - 1))

    def _byline_claim(self, bar: Token) -> ClaimSpan | None:
        """A pull quote signed on its line: '"..." ― Krystal Correa'."""
        doc = self.doc
        before = bar.i - 1
        while before > 0 and doc[before].is_space and "\n" not in doc[before].text:
            before -= 1
        q = self.quotes.by_end.get(before) or self.quotes.around(bar.i)
        if q is None or q.end > bar.i or not q.closed:
            return None
        last = q.end if q.end < bar.i else q.end - 1  # '”―' is one token: the content stops before it
        first = bar.i + 1
        while first < len(doc) and doc[first].is_space and "\n" not in doc[first].text:
            first += 1
        end = first - 1
        while end + 1 < len(doc) and end - bar.i < MAX_SPEAKER + 4 and not (
                doc[end + 1].is_space or doc[end + 1].is_quote):
            end += 1
        if end < first or not (doc[first].is_title or doc[first].is_upper) \
                or any(t.pos_ in ("VERB", "AUX") for t in doc[first:end + 1]):
            return None
        line_ends = end + 1 >= len(doc) or doc[end + 1].is_space or doc[end + 1].is_quote
        if not line_ends:
            return None
        return self._claim(None, (bar.i, bar.i), [(q.start, last)], "―", "asserts", source_range=(first, end))

    # -- assembly -------------------------------------------------------------------------------------

    def _claim(self, source: Token | None, cue: tuple[int, int], content: list[tuple[int, int]], lemma: str,
               stance: str, source_range: tuple[int, int] | None = None) -> ClaimSpan | None:
        doc = self.doc
        pieces = [t for t in (_trim(doc, lo, hi, self.quotes) for lo, hi in content) if t is not None]
        pieces = [p for p in pieces if not (p[0] <= cue[0] <= p[1])]
        if not pieces:
            return None
        if source_range is None and source is not None:
            if source.lower_ == "there" or (source.lower_ == "it" and source.dep_ in PASSIVE_SUBJECTS):
                source_range = None
            else:
                source_range = _subtree(source)
                if source_range[0] <= cue[0] <= source_range[1]:
                    source_range = (source.i, source.i)
        src_span: Offsets | None = None
        source_type: str | None = None
        if source_range is not None:
            trimmed = _trim(doc, *source_range, self.quotes)
            if trimmed is not None:
                src_span = _chars(doc, *trimmed)
                span = doc[trimmed[0]:min(trimmed[1] + 1, trimmed[0] + MAX_READ)]
                head = source if source is not None and trimmed[0] <= source.i <= trimmed[1] else span.root
                source_type = self._source_type(head, span)
        first = pieces[0]
        if lemma in ("question", "ask", "wonder") and doc[first[0]].lower_ in QUESTION_WORDS:
            stance = "questions"
        words = [*doc[cue[0]:cue[1] + 1], *doc[first[0]:min(first[1] + 1, first[0] + MAX_READ)]]
        found = estimate(words)
        return ClaimSpan(
            source=src_span, cue=_chars(doc, *cue), content=_chars(doc, *first), cue_lemma=lemma, stance=stance,
            source_type=source_type, estimative=found[0] if found else None, probability=found[1] if found else None,
            hedges=tuple(hedges(words)), more_content=tuple(_chars(doc, *p) for p in pieces[1:]))

    def _source_type(self, root: Token, span: Span) -> str | None:
        if any(t.pos_ == "PROPN" for t in span):
            return None
        if root.lower_ in ("he", "she", "they", "we", "i", "you", "who", "it"):
            return None
        return self.cues.source_types.get(root.lemma_.lower()) or self.cues.source_types.get(root.lower_)

    def _resumed(self, claims: list[ClaimSpan]) -> list[ClaimSpan]:
        """'"A," he said. "B."': the quote that resumes right after a quote-and-cue claim (in its sentence,
        or opening the next one in the paragraph) is its content too, unless another cue takes it."""
        doc = self.doc
        taken = {c.content for c in claims} | {m for c in claims for m in c.more_content}
        out: list[ClaimSpan] = []
        for claim in claims:
            if claim.more_content or claim.content[1] > claim.cue[0] or claim.cue_lemma not in self.cues.verbs:
                out.append(claim)
                continue
            end_char = max(claim.cue[1], claim.source[1] if claim.source else 0)
            i = self._token_at(end_char)
            if i is None:
                out.append(claim)
                continue
            j, steps = i + 1, 0
            while j < len(doc) and steps < 4 and doc[j].text in PUNCT_EDGE | {"\n"} and doc[j].text != ":" \
                    and j not in self.quotes.by_start:
                j += 1
                steps += 1
            last = self._token_at(claim.content[1])
            if j not in self.quotes.by_start and last is not None and self.quotes.around(last) is not None:
                # '"A," he said in an interview on Monday. "B."': the quote opening the next sentence
                j = doc[i].sent.end
                while j < len(doc) and doc[j].is_space and "\n\n" not in doc[j].text:
                    j += 1
            q = self.quotes.by_start.get(j)
            if q is None or j == i + 1 or "\n\n" in doc[i:j].text:
                out.append(claim)
                continue
            span = _trim(doc, q.start, q.end, self.quotes)
            chars = _chars(doc, *span) if span else None
            if chars is None or chars in taken:
                out.append(claim)
                continue
            taken.add(chars)
            out.append(ClaimSpan(claim.source, claim.cue, claim.content, claim.cue_lemma, claim.stance,
                                 claim.source_type, claim.estimative, claim.probability, claim.hedges, (chars,)))
        return out

    def _token_at(self, char_end: int) -> int | None:
        span = self.doc.char_span(char_end - 1, char_end, alignment_mode="expand")
        return span[-1].i if span is not None and len(span) else None


def _inside(span: Offsets, claim: ClaimSpan) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in (claim.content, *claim.more_content))


def _outermost(claims: list[ClaimSpan], own: set[Offsets], reporting: set[Offsets]) -> list[ClaimSpan]:
    """Without the claims reported inside another claim's content ("She said leaders had agreed to ..."):
    the outer claim carries them, as PolNeAR annotates only the outer one. `own` cues are kept (the
    speaker's own participles); only the contents of `reporting` cues (speech) hide claims."""
    outer = sorted(((a, b, c) for c in claims if c.cue in reporting for a, b in (c.content, *c.more_content)),
                   key=lambda o: (o[0], o[1]))
    if not outer:
        return claims
    starts = [a for a, _, _ in outer]
    kept = []
    for claim in claims:
        at = bisect.bisect_right(starts, claim.cue[0])
        hidden = claim.cue not in own and any(
            other is not claim and claim.cue[1] <= b and not _inside(other.cue, claim)
            for _, b, other in outer[max(0, at - NESTING):at])
        if not hidden:
            kept.append(claim)
    return kept


def find_claims(doc: Doc, cues: Cues | None = None) -> list[ClaimSpan]:
    """The attributions of a parsed document (needs a dependency parse; none without one)."""
    if not doc.has_annotation("DEP"):
        return []
    return ClaimReader(doc, cues or default_cues()).read()


@Language.factory("newsgraph_claims")
def make_claim_component(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder()


class ClaimFinder:
    """Sets `doc._.ng_claims`; see the module docstring."""

    def __init__(self, cues: Cues | None = None):
        self._cues = cues

    @property
    def cues(self) -> Cues:
        if self._cues is None:
            self._cues = default_cues()
        return self._cues

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_claims = find_claims(doc, self.cues)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)
