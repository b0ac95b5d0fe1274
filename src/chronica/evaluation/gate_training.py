"""Train the incident model (events.gate) from our labels of real candidate sentences.

The labels (``eval/real/incident-sentences.jsonl``) name a document by corpus, id and SHA-256
and a sentence by the hash of its whitespace-normalised text; the text itself is read from the
corpora. Each labelled document is cleaned and parsed as the pipeline does, its candidate
sentences (the rules' political-violence kinds) get the runtime features, and the labels join
them by hash. Cross-validation is grouped by document, so a story's sentences are never on
both sides of a fold; the figures go into the model file next to the weights.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronica.errors import InputError
from chronica.evaluation.corpora import CorpusDocument, read_corpus
from chronica.evaluation.linear_fit import pruned_weights, vectorise
from chronica.evaluation.scoreboard import source_record
from chronica.events.classify import classify_sentence
from chronica.events.gate import MODEL_FORMAT, NOT_INCIDENT_MODES, sentence_features
from chronica.events.taxonomy import BY_NAME
from chronica.nlp import parse
from chronica.pipeline import repaired, story

DEFAULT_LABELS = (
    Path(__file__).resolve().parents[3] / "eval" / "real" / "sentences" / "incident-sentences.jsonl"
)
MIN_FEATURE_COUNT = 2  # a feature seen once cannot generalise; dropping it keeps the file small
FOLDS = 5


@dataclass(frozen=True)
class Example:
    group: str  # corpus/document: the unit of cross-validation
    features: dict[str, float]
    incident: bool
    mode: str


def sentence_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


def read_labels(path: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Labels by (corpus, document id); a malformed line is an error naming it."""
    by_doc: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
            key = (row["corpus"], row["doc"])
            if row["label"] not in ("incident", "not"):
                raise ValueError(f"label {row['label']!r}")
            if row["label"] == "not" and row["mode"] not in NOT_INCIDENT_MODES:
                raise ValueError(f"mode {row['mode']!r}")
        except (ValueError, KeyError, TypeError) as error:
            raise InputError("bad_label", f"{path}:{number}: {error}") from error
        by_doc.setdefault(key, []).append(row)
    return by_doc


def candidates(doc: CorpusDocument) -> Iterator[tuple[str, dict[str, float]]]:
    """(sentence hash, features) of each candidate sentence, as the pipeline would see it."""
    _, body, paragraphs = story(repaired(source_record(doc)))
    for paragraph, (offset, parsed) in enumerate(parse(body, paragraphs).paragraphs):
        for sentence in parsed.sents:
            kind = classify_sentence(sentence, offset, cued_only=True)  # as events._read_sentence
            if BY_NAME[kind.label].political_violence:
                text = body[offset + sentence.start_char : offset + sentence.end_char]
                yield sentence_hash(text), sentence_features(sentence, kind, paragraph)


def examples(labels: Path, corpora: Path, on_document: Callable[[], None] = lambda: None
             ) -> tuple[list[Example], Counter]:
    """The labelled candidates, and a count of labels that could not be used (and why)."""
    by_doc = read_labels(labels)
    lost: Counter = Counter()
    found: list[Example] = []
    for corpus in sorted({c for c, _ in by_doc}):
        for doc in read_corpus(corpus, corpora):
            rows = by_doc.get((corpus, doc.id))
            if rows is None:
                continue
            on_document()
            if doc.sha256 != rows[0]["sha256"]:
                lost["document text changed"] += len(rows)
                continue
            try:
                features = dict(candidates(doc))
            except InputError:
                lost["no story left after cleaning"] += len(rows)
                continue
            for row in rows:
                if row["sentence_sha"] not in features:
                    lost["sentence no longer a candidate"] += 1
                    continue
                found.append(Example(f"{corpus}/{doc.id}", features[row["sentence_sha"]],
                                     row["label"] == "incident", row["mode"]))
    return found, lost


def _vectorise(rows: list[Example]):
    return vectorise([row.features for row in rows], MIN_FEATURE_COUNT)


def _classifier(strength: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=strength, class_weight="balanced", max_iter=5000, solver="liblinear"
    )


def cross_validate(rows: list[Example], strength: float, threshold: float) -> dict[str, float]:
    """Incident precision / recall / F1 and accuracy over document-grouped folds."""
    from sklearn.model_selection import GroupKFold

    _, matrix = _vectorise(rows)
    truth = [row.incident for row in rows]
    predicted = [False] * len(rows)
    for train, held in GroupKFold(n_splits=FOLDS).split(matrix, truth, [r.group for r in rows]):
        model = _classifier(strength).fit(matrix[train], [truth[i] for i in train])
        for i, p in zip(held, model.predict_proba(matrix[held])[:, 1], strict=True):
            predicted[i] = bool(p >= threshold)
    return incident_scores(truth, predicted)


def incident_scores(truth: list[bool], predicted: list[bool]) -> dict[str, float]:
    """Precision, recall and F1 of "incident", accuracy, and the precision of keeping every
    candidate (the rules alone), for cross-validation and the held-out scoreboard row alike."""
    hits = sum(t and p for t, p in zip(truth, predicted, strict=True))
    precision = hits / max(1, sum(predicted))
    recall = hits / max(1, sum(truth))
    right = sum(t == p for t, p in zip(truth, predicted, strict=True))
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
        "accuracy": round(right / max(1, len(truth)), 3),
        "all_kept_precision": round(sum(truth) / max(1, len(truth)), 3),
    }


def fit(
    rows: list[Example], strength: float, threshold: float, about: dict[str, Any]
) -> dict[str, Any]:
    """The model file's content: the incident model, one reason model per mode, and ``about``."""
    vectoriser, matrix = _vectorise(rows)
    incident = _classifier(strength).fit(matrix, [r.incident for r in rows])
    negatives = [i for i, r in enumerate(rows) if not r.incident]
    modes = {}
    reasons = sorted({rows[i].mode for i in negatives})
    for mode in reasons:
        if len(reasons) == 1:  # the only reason seen is the reason, whatever the sentence
            modes[mode] = {"bias": 0.0, "weights": {}}
            continue
        is_mode = [rows[i].mode == mode for i in negatives]
        model = _classifier(strength).fit(matrix[negatives], is_mode)
        modes[mode] = pruned_weights(vectoriser, model.coef_[0], model.intercept_[0])
    return {
        "format": MODEL_FORMAT,
        "threshold": threshold,
        "about": about,
        "incident": pruned_weights(vectoriser, incident.coef_[0], incident.intercept_[0]),
        "modes": modes,
    }


def train(labels: Path, corpora: Path, strength: float, threshold: float,
          on_document: Callable[[], None] = lambda: None) -> dict[str, Any]:
    rows, lost = examples(labels, corpora, on_document)
    if len(rows) < 50 or len({r.incident for r in rows}) < 2:
        raise InputError("too_few_labels", f"only {len(rows)} usable labelled sentences "
                         f"({dict(lost)}); check --labels and --corpora")
    about = {
        "labels": labels.name,
        "labels_sha256": hashlib.sha256(labels.read_bytes()).hexdigest(),
        "sentences": len(rows),
        "incidents": sum(r.incident for r in rows),
        "by_corpus": dict(sorted(Counter(r.group.split("/")[0] for r in rows).items())),
        "labels_not_used": dict(lost),
        "C": strength,
        "cross_validation": {"folds": FOLDS, "grouped_by": "document",
                             **cross_validate(rows, strength, threshold)},
    }
    return fit(rows, strength, threshold, about)
