"""The one place that loads and runs spaCy.

Sentence boundaries come from spaCy's rule-based sentencizer on a blank
English pipeline: it needs no model download and keeps abbreviations such as
"Dr." and "U.S." inside their sentence.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from chronica.model import Span


@cache
def _sentencizer() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str, paragraphs: tuple[Span, ...]) -> tuple[Span, ...]:
    """Sentences never cross a paragraph boundary; offsets are into ``text``."""
    chunks = [text[p.start : p.end] for p in paragraphs]
    spans: list[Span] = []
    for paragraph, doc in zip(paragraphs, _sentencizer().pipe(chunks), strict=True):
        for sentence in doc.sents:
            stripped = sentence.text.strip()
            if stripped:
                start = paragraph.start + sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
                spans.append(Span(start, start + len(stripped)))
    return tuple(spans)
