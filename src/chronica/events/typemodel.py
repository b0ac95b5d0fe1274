"""A learned reading of what kind of event a sentence reports, beside the codebook's cue rules.

Cue rules know the codebook's hard definitions (a fatal protest is excessive force, a weapon
stopped is disrupted weapons use) but miss paraphrase: "warplanes pounded", "a blast tore
through". A linear model over the sentence's words, word pairs and character n-grams, trained
on real labelled sentences, reads paraphrase from examples instead. Its probabilities are kept
as evidence beside the rule; ``events.classify.combined`` decides between the two.

A model is a folder: ``model.json`` (labels, what it was trained on and how it scored, and
the SHA-256 of each data file), ``vocabulary.txt.gz`` (one feature per line) and
``weights.npy.gz`` (inverse document frequencies, then the weight matrix, then the biases, as
float32 rows). The files are written byte for byte the same from the same training, so a
retrained model can be compared with the shipped one by checksum. Inference needs only numpy.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FORMAT = 1
KIND = "chronica-event-type-classifier"
ENV_CLASSIFIER = "CHRONICA_CLASSIFIER"
SHIPPED = "data/event_types"
VOCABULARY, WEIGHTS, CARD = "vocabulary.txt.gz", "weights.npy.gz", "model.json"
CHAR_SIZES = (3, 4, 5)
WORD_CACHE = 200_000
_WORD = re.compile(r"\w+(?:['’]\w+)?")
_DIGIT = re.compile(r"\d")


RuleReading = tuple[str, str]  # the rules' class and the name of the rule that chose it
RULE_WEIGHT = 0.5  # beside an L2-normalised text; chosen on the event_location dev sentences
# Names, places, dates and numbers are read as their kind: the model should learn how an event
# is told, not which country's news it was trained on ("Syria" is no sign of a clash).
MASKED_ENTITIES = frozenset({"GPE", "LOC", "FAC", "PERSON", "ORG", "NORP", "DATE", "TIME"})


class ClassifierModelError(RuntimeError):
    """A classifier folder is missing, incomplete, altered or of another format."""


def features(text: str) -> Counter[str]:
    """Word unigrams and pairs and the character 3-5-grams inside words, lower-cased, with
    every digit read as 0 (a toll of 12 and one of 31 say the same about the event's kind)."""
    words = _words(text)
    counts: Counter[str] = Counter(f"w:{w}" for w in words)
    counts.update(f"b:{a} {b}" for a, b in pairwise(words))
    for word in words:
        counts.update(_character_grams(word))
    return counts


def _words(text: str) -> list[str]:
    return _WORD.findall(_DIGIT.sub("0", text.lower()))


def _word_grams(word: str) -> tuple[str, ...]:
    """The features one word gives: itself and its character n-grams (as ``features`` counts
    them; ``TypeModel.vector`` keeps their rows per word)."""
    return (f"w:{word}", *_character_grams(word))


def masked_text(tokens: Iterable[Any]) -> str:
    """The words of parsed tokens (a spaCy Doc or Span), each named entity of
    ``MASKED_ENTITIES`` written once as its kind ("Xgpe")."""
    words: list[str] = []
    for token in tokens:
        kind = token.ent_type_
        if kind in MASKED_ENTITIES:
            if token.ent_iob_ == "B" or not words or words[-1] != f"X{kind.lower()}":
                words.append(f"X{kind.lower()}")
        else:
            words.append(token.text)
    return " ".join(words)


def rule_features(rule: RuleReading | None) -> tuple[str, ...]:
    return () if rule is None else (f"r:{rule[0]}", f"rr:{rule[1]}")


@lru_cache(maxsize=WORD_CACHE)
def _character_grams(word: str) -> tuple[str, ...]:
    """A word's character n-grams; cached, as news repeats its words (a third of the time)."""
    padded = f" {word} "
    return tuple(
        f"c:{padded[i : i + size]}" for size in CHAR_SIZES for i in range(len(padded) - size + 1)
    )


@dataclass(frozen=True)
class Opinion:
    """The model's distribution over its labels for one text, best first."""

    ranked: tuple[tuple[str, float], ...]
    model: str  # the model's name, for the evidence

    @property
    def label(self) -> str:
        return self.ranked[0][0]

    @property
    def probability(self) -> float:
        return self.ranked[0][1]

    def summary(self, top: int = 3) -> str:
        shown = ", ".join(f"{name} {p:.2f}" for name, p in self.ranked[:top])
        return f"model {self.model}: {shown}"


@dataclass(frozen=True)
class TypeModel:
    labels: tuple[str, ...]
    index: dict[str, int]  # feature -> row
    idf: np.ndarray  # (features,)
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    card: dict[str, Any]  # name, training data, scores
    _rows_by_word: dict[str, tuple[int, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def name(self) -> str:
        return str(self.card.get("name", "unnamed"))

    def vector(self, text: str, rule: RuleReading | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rows, values): the text's known features (``features``) as sublinear tf x idf,
        L2-normalised, then the rules' reading as features of weight ``RULE_WEIGHT``."""
        words = _words(text)
        counts: Counter[int] = Counter()
        for word in words:
            counts.update(self._word_rows(word))
        pairs = (self.index.get(f"b:{a} {b}") for a, b in pairwise(words))
        counts.update(row for row in pairs if row is not None)
        ruled = [self.index[f] for f in rule_features(rule) if f in self.index]
        rows = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        values *= self.idf[rows]
        values /= max(float(np.linalg.norm(values)), 1e-12)
        return (
            np.concatenate([rows, np.asarray(ruled, dtype=np.int64)]),
            np.concatenate([values, np.full(len(ruled), RULE_WEIGHT, dtype=np.float32)]),
        )

    def _word_rows(self, word: str) -> tuple[int, ...]:
        """The rows of a word and of its character n-grams, remembered: news repeats words."""
        rows = self._rows_by_word.get(word)
        if rows is None:
            if len(self._rows_by_word) > WORD_CACHE:
                self._rows_by_word.clear()
            rows = tuple(self.index[g] for g in _word_grams(word) if g in self.index)
            self._rows_by_word[word] = rows
        return rows

    def probabilities(self, text: str, rule: RuleReading | None = None) -> np.ndarray:
        rows, values = self.vector(text, rule)
        scores = self.bias + values @ self.weights[rows]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def opinion(self, text: str, rule: RuleReading | None = None) -> Opinion:
        """The distribution over labels for an entity-masked text (``masked_text``) and, when
        given, the codebook rules' reading of it (the model learned how far to trust each rule)."""
        probabilities = self.probabilities(text, rule)
        order = np.argsort(-probabilities, kind="stable")
        ranked = tuple((self.labels[i], round(float(probabilities[i]), 4)) for i in order)
        return Opinion(ranked, self.name)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _gzip(data: bytes) -> bytes:
    """gzip with no time stamp and no file name: the same content gives the same bytes."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as handle:
        handle.write(data)
    return out.getvalue()


def save(model: TypeModel, folder: Path) -> dict[str, str]:
    """Write the model folder; returns each file's SHA-256 (also recorded in model.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = sorted(model.index, key=model.index.__getitem__)
    if any("\n" in f for f in vocabulary):
        raise ValueError("a feature holds a line break")
    buffer = io.BytesIO()
    for array in (model.idf, model.weights, model.bias):
        np.save(buffer, np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)
    blobs = {
        VOCABULARY: _gzip("\n".join(vocabulary).encode("utf-8")),
        WEIGHTS: _gzip(buffer.getvalue()),
    }
    checksums = {name: _sha256(blob) for name, blob in blobs.items()}
    for name, blob in blobs.items():
        (folder / name).write_bytes(blob)
    card = {
        "format": MODEL_FORMAT,
        "kind": KIND,
        "labels": list(model.labels),
        **{k: v for k, v in model.card.items() if k not in ("format", "kind", "labels")},
        "files": checksums,
    }
    (folder / CARD).write_text(
        json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return checksums


def _read(folder: Path, name: str, expected: str | None) -> bytes:
    try:
        blob = (folder / name).read_bytes()
    except OSError as error:
        raise ClassifierModelError(f"{folder}: cannot read {name} ({error})") from None
    if expected is not None and _sha256(blob) != expected:
        raise ClassifierModelError(
            f"{folder / name} does not match the SHA-256 in {CARD}: altered or half-copied; "
            "copy the folder again or retrain with `chronica train classifier`"
        )
    return gzip.decompress(blob)


def load(folder: Path) -> TypeModel:
    """A model folder, checked: format, kind, checksums and shapes; any fault is an error."""
    try:
        card = json.loads((folder / CARD).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ClassifierModelError(
            f"{folder} is not a chronica classifier folder (no readable {CARD}: {error})"
        ) from None
    if card.get("kind") != KIND or card.get("format") != MODEL_FORMAT:
        raise ClassifierModelError(
            f"{folder / CARD}: kind {card.get('kind')!r} format {card.get('format')!r}, "
            f"expected {KIND!r} format {MODEL_FORMAT}"
        )
    files = card.get("files", {})
    vocabulary = _read(folder, VOCABULARY, files.get(VOCABULARY)).decode("utf-8").split("\n")
    arrays = io.BytesIO(_read(folder, WEIGHTS, files.get(WEIGHTS)))
    try:
        idf, weights, bias = (np.load(arrays, allow_pickle=False) for _ in range(3))
    except ValueError as error:
        raise ClassifierModelError(f"{folder / WEIGHTS}: not three arrays ({error})") from None
    labels = tuple(card["labels"])
    if (
        weights.shape != (len(vocabulary), len(labels))
        or idf.shape != (len(vocabulary),)
        or (bias.shape != (len(labels),))
    ):
        raise ClassifierModelError(
            f"{folder}: weights {weights.shape}, idf {idf.shape}, bias {bias.shape} do not fit "
            f"{len(vocabulary)} features and {len(labels)} labels"
        )
    index = {feature: row for row, feature in enumerate(vocabulary)}
    return TypeModel(labels, index, idf, weights, bias, card)


@cache
def shipped_folder() -> Path:
    return Path(str(resources.files("chronica").joinpath(SHIPPED)))


def active_model() -> TypeModel:
    """The model every command uses: ``CHRONICA_CLASSIFIER`` (a folder) or the shipped one."""
    return _model_for(os.environ.get(ENV_CLASSIFIER) or "")


@cache
def _model_for(chosen: str) -> TypeModel:
    return load(Path(chosen).expanduser() if chosen else shipped_folder())
