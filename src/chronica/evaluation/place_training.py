"""Train and score the event-place model (geo.place_ranker) on the event_location corpus.

Each sentence of the corpus names an event verb and, where the sentence gives one, the span
of that event's own place. The sentence is parsed and geoparsed as the pipeline does; the
rules leave their candidates (geo.locate.candidates); each candidate is a positive example when
it overlaps the annotated place of that verb. A (sentence, verb) whose place the recogniser did
not find among the candidates teaches nothing about ranking and is left out of training but
counted. Only dev sentences are trained on; cross-validation is grouped by sentence, and the
same measure on the test sentences is a scoreboard row (``place_rows``), next to the rule the
model replaced (the most specific candidate, the first of equals).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronica.evaluation.corpora import CorpusDocument, read_corpus
from chronica.evaluation.linear_fit import pruned_weights, vectorise
from chronica.events.actors import group_names
from chronica.geo import geoparse
from chronica.geo.gazetteer import Gazetteer
from chronica.geo.locate import (
    candidate_features,
    candidates,
    event_location,
    same_place,
    specificity,
)
from chronica.geo.place_ranker import MODEL_FORMAT
from chronica.model import PlaceMention, Span
from chronica.nlp import parse

MIN_FEATURE_COUNT = 3
FOLDS = 5


@dataclass(frozen=True)
class Task:
    """One (sentence, verb) with an annotated place, as the model sees it."""

    group: str  # the sentence: the unit of cross-validation
    pool: list[PlaceMention]
    features: list[dict[str, float]]
    right: list[bool]  # per candidate: overlaps the annotated place
    chosen: PlaceMention | None  # what event_location picks (with the shipped model)


def _overlaps(mention: PlaceMention, spans: list[list[int]]) -> bool:
    return any(mention.span.start < end and start < mention.span.end for start, end in spans)


def tasks(docs: list[CorpusDocument], gazetteer: Gazetteer, choose: bool = False,
          on_document: Callable[[], None] = lambda: None) -> Iterator[Task]:
    """The (sentence, verb) tasks with an annotated place; ``choose`` also runs event_location
    (which needs the shipped model) for each."""
    for doc in docs:
        on_document()
        text = doc.text
        sentence = (Span(0, len(text)),)  # the document is one sentence, parsed as one paragraph
        parsed = parse(text, sentence)
        places = geoparse(text, parsed, gazetteer, None, group_names(parsed))
        found = candidates(sentence, places, parsed)
        sentence_doc = parsed.paragraphs[0][1]
        for task in doc.extra["verb_locations"]:
            if not task["locations"] or not task["verb"]:
                continue
            start, end = task["verb"][0]
            trigger = sentence_doc.char_span(start, end, alignment_mode="expand")
            chosen = None
            if choose:
                located = event_location(sentence, places, parsed, trigger)
                chosen = located.mentions[0] if located.mentions else None
            # a place named twice is one candidate (its first mention): right when any of its
            # mentions is the annotated one ("a blast outside a Mosul clinic in western Mosul")
            named = {same_place(m) for m in found.usable if _overlaps(m, task["locations"])}
            yield Task(doc.id, found.pool, candidate_features(found.pool, parsed, trigger),
                       [same_place(m) in named for m in found.pool], chosen)


def _most_specific(pool: list[PlaceMention]) -> int:
    """The rule the model replaced: the most specific candidate, the first of equals."""
    return min(range(len(pool)), key=lambda n: (specificity(pool[n]), n))


def accuracy(found: list[Task], picks: list[int | None]) -> dict[str, Any]:
    """Share of tasks whose pick overlaps the annotated place, of all and of those whose place
    is among the candidates (the ranking's own ceiling is 1 there)."""
    reachable = sum(any(t.right) for t in found)
    hits = sum(p is not None and t.right[p] for t, p in zip(found, picks, strict=True))
    return {"tasks": len(found), "place_among_candidates": reachable,
            "right": round(hits / max(1, len(found)), 3),
            "right_when_reachable": round(hits / max(1, reachable), 3)}


def baseline_picks(found: list[Task]) -> list[int | None]:
    return [_most_specific(t.pool) if t.pool else None for t in found]


def chosen_picks(found: list[Task]) -> list[int | None]:
    return [next((n for n, m in enumerate(t.pool) if m == t.chosen), None) for t in found]


def _rows(found: list[Task]) -> tuple[list[dict[str, float]], list[bool]]:
    """Features and labels of the candidates of tasks whose place is among them."""
    trained = [t for t in found if any(t.right)]
    return [f for t in trained for f in t.features], [r for t in trained for r in t.right]


def _classifier(strength: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=strength, max_iter=5000, solver="liblinear")


def _picks(found: list[Task], scores: list[float]) -> list[int | None]:
    """Per task, the candidate with the highest score (``scores`` run over all candidates)."""
    picks, at = [], 0
    for task in found:
        own = scores[at: at + len(task.pool)]
        at += len(task.pool)
        picks.append(max(range(len(own)), key=lambda n: (own[n], -n)) if own else None)
    return picks


def cross_validate(found: list[Task], strength: float) -> dict[str, Any]:
    """Top-1 accuracy over sentence-grouped folds; every task is scored, a task whose place is
    not among the candidates counting as wrong."""
    from sklearn.model_selection import GroupKFold

    rows = [(f, r, t.group) for t in found for f, r in zip(t.features, t.right, strict=True)]
    _, matrix = vectorise([f for f, _, _ in rows], MIN_FEATURE_COUNT)
    scores = [0.0] * len(rows)
    has_place = {t.group for t in found if any(t.right)}
    groups = [g for _, _, g in rows]
    for train, held in GroupKFold(n_splits=FOLDS).split(matrix, groups=groups):
        train = [i for i in train if groups[i] in has_place]
        model = _classifier(strength).fit(matrix[train], [rows[i][1] for i in train])
        for i, score in zip(held, model.decision_function(matrix[held]), strict=True):
            scores[i] = float(score)
    return accuracy(found, _picks(found, scores))


def fit(found: list[Task], strength: float) -> dict[str, Any]:
    features, truth = _rows(found)
    vectoriser, matrix = vectorise(features, MIN_FEATURE_COUNT)
    model = _classifier(strength).fit(matrix, truth)
    return pruned_weights(vectoriser, model.coef_[0], model.intercept_[0])


def train(corpora: Path, gazetteer: Gazetteer, strength: float,
          on_document: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """The model file's content, trained on the dev sentences, with its cross-validated
    accuracy next to the rule's on the same tasks."""
    docs = [d for d in read_corpus("event_location", corpora) if d.split == "dev"]
    found = list(tasks(docs, gazetteer, on_document=on_document))
    _, truth = _rows(found)
    about = {
        "trained_on": "event_location dev sentences (ahalterman/event_location, MIT)",
        "tasks": len(found),
        "examples": len(truth),
        "positives": sum(truth),
        "lost": dict(Counter("place not among the candidates" for t in found
                             if not any(t.right))),
        "C": strength,
        "cross_validation": {"folds": FOLDS, "grouped_by": "sentence",
                             **cross_validate(found, strength)},
        "rule_alone": accuracy(found, baseline_picks(found)),
    }
    return {"format": MODEL_FORMAT, "about": about, **fit(found, strength)}
