"""Small spaCy components newsgraph adds to any pipeline it loads."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, datelines and bylines have no final full stop.

    Runs before the parser, which keeps sentence starts that are already set.
    """
    for token in doc[:-1]:
        if "\n\n" in token.text_with_ws[len(token.text):] or (token.is_space and "\n\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc
