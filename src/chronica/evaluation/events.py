"""Event classification scored on labelled snippets (id, label, text), per class and overall."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from chronica.errors import InputError
from chronica.events.classify import classify_text
from chronica.events.taxonomy import BY_NAME


@dataclass(frozen=True)
class Snippet:
    id: str
    label: str
    text: str


def read_snippets(path: Path) -> list[Snippet]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    if not rows or not {"id", "label", "text"} <= set(rows[0]):
        raise InputError("bad_snippets", f"{path}: expected a tab-separated file with columns id, label, text")
    unknown = sorted({r["label"] for r in rows} - set(BY_NAME))
    if unknown:
        raise InputError("bad_snippets", f"{path}: labels not in the taxonomy: {', '.join(unknown)}")
    return [Snippet(r["id"], r["label"], r["text"]) for r in rows]


def scores(gold: list[str], predicted: list[str]) -> dict[str, object]:
    labels = sorted(set(gold) | set(predicted))
    support = Counter(gold)
    per_class = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "support": support[label]}
    gold_labels = [label for label in labels if support[label]]
    total = sum(support.values())
    return {
        "n": total,
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / total, 4),
        "weighted_f1": round(sum(per_class[label]["f1"] * support[label] for label in gold_labels) / total, 4),
        "macro_f1": round(sum(per_class[label]["f1"] for label in gold_labels) / len(gold_labels), 4),
        "per_class": per_class,
        "confusions": Counter(f"{g} -> {p}" for g, p in zip(gold, predicted, strict=True) if g != p).most_common(15),
    }


def evaluate(path: Path) -> dict[str, object]:
    snippets = read_snippets(path)
    predicted = [classify_text(s.text).label for s in snippets]
    return {"file": path.name, **scores([s.label for s in snippets], predicted)}
