"""The learned event-type classifier measured on real coded text, held out by country and month.

ACLED's coders' notes are real descriptions of events, each with the sub-event type a coder gave
it. The test rows are the December 2023 export (months the training rows, January-June 2022,
never saw); a quarter of the countries, chosen by a stable hash, are also left out of training
altogether, and the test rows from those countries are reported on their own (held out by
country *and* month). The codebook rules run on the same rows in the same report.

The model measured here is trained in the run and never shipped: ACLED's terms of use forbid
using its data to build a product that could substitute for its own, so the shipped model is
trained on other sources (see eval/SOURCES.md) and measured separately.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from chronica.errors import InputError
from chronica.evaluation.corpora import acled, event_location
from chronica.evaluation.events import read_snippets, scores
from chronica.events.type_training import Labelled, Source, fit, prepare
from chronica.events.typemodel import TypeModel

EVAL = Path(__file__).resolve().parents[3] / "eval"
TYPE_LABELS = EVAL / "real" / "types" / "event-location-types.jsonl"
OWN_SNIPPETS = EVAL / "events" / "snippets-dev.tsv"
SHIPPED_NAME = "chronica-event-types-1"

HELD_OUT_COUNTRY_SHARE = 0.25
SALT = "chronica-classifier-countries-1"
CALIBRATION_BINS = 10


def held_out_country(country: str) -> bool:
    digest = hashlib.sha256(f"{SALT}:{country}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < HELD_OUT_COUNTRY_SHARE


def acled_split(corpora: Path) -> tuple[list[Labelled], list[Labelled]]:
    """(training rows: 2022, countries not held out; test rows: 2023, every country)."""
    train, test = [], []
    for doc in acled.read(corpora):
        event = doc.events[0] if doc.events else None
        if event is None or not event.sub_event_type:
            continue
        row = Labelled(doc.text, event.sub_event_type, f"acled:{doc.id}", event.country or "")
        if doc.split == "test":
            test.append(row)
        elif not held_out_country(row.group):
            train.append(row)
    return train, test


def calibration_error(confidences: Sequence[float], right: Sequence[bool]) -> float:
    """Expected calibration error of the top label over equal-width confidence bins."""
    bins: dict[int, list[tuple[float, bool]]] = {}
    for confidence, ok in zip(confidences, right, strict=True):
        slot = min(int(confidence * CALIBRATION_BINS), CALIBRATION_BINS - 1)
        bins.setdefault(slot, []).append((confidence, ok))
    total = len(confidences)
    return sum(
        len(members)
        / total
        * abs(
            sum(c for c, _ in members) / len(members) - sum(ok for _, ok in members) / len(members)
        )
        for members in bins.values()
    )


def evaluate(model: TypeModel, examples: Sequence[Labelled]) -> dict[str, Any]:
    """The model with the rules, as ``classify`` reads a snippet: accuracy, weighted and macro
    F1, per class, confusions, calibration of the top class, and texts per second (parse,
    rules and model together)."""
    from chronica.events.classify import classify_text

    started = time.perf_counter()
    readings = [classify_text(e.text, type_model=model) for e in examples]
    elapsed = time.perf_counter() - started
    gold = [e.label for e in examples]
    report = scores(gold, [r.label for r in readings])
    right = [r.label == g for r, g in zip(readings, gold, strict=True)]
    report["expected_calibration_error"] = round(
        calibration_error([r.confidence for r in readings], right), 4
    )
    report["texts_per_second"] = round(len(examples) / max(elapsed, 1e-9), 1)
    return report


def _rules(examples: Sequence[Labelled]) -> dict[str, Any]:
    """The codebook rules alone on the same texts."""
    from chronica.events.classify import classify_text

    gold = [e.label for e in examples]
    return _brief(scores(gold, [classify_text(e.text, learned=False).label for e in examples]))


SCORES = ("n", "accuracy", "weighted_f1", "macro_f1", "expected_calibration_error")


def _brief(report: dict[str, Any]) -> dict[str, Any]:
    return {k: report[k] for k in (*SCORES, "texts_per_second") if k in report}


def card_scores(model: TypeModel, examples: Sequence[Labelled]) -> dict[str, Any]:
    """The scores a model card records for held-out texts (no speed: a card stays the same
    from one run to the next)."""
    report = evaluate(model, examples)
    return {k: report[k] for k in SCORES}


def acled_report(
    corpora: Path, on_step: Callable[[str], None] = lambda _: None, rules: bool = True
) -> dict[str, Any]:
    """Train on the 2022 rows of the kept countries, score the 2023 rows: model and rules."""
    train, test = acled_split(corpora)
    on_step(f"parsing {len(train)} training notes")
    model = fit(prepare(train), card={"name": "acled-heldout-experiment"}, on_step=on_step)
    unseen = [e for e in test if held_out_country(e.group)]
    on_step("scoring the held-out rows")
    report: dict[str, Any] = {
        "train_rows": len(train),
        "test_rows": len(test),
        "held_out_countries": sorted({e.group for e in unseen}),
        "model": evaluate(model, test),
        "model_unseen_countries": _brief(evaluate(model, unseen)),
        "features": len(model.index),
    }
    if rules:
        on_step("running the codebook rules on the same rows")
        report["rules"] = _rules(test)
        report["rules_unseen_countries"] = _rules(unseen)
    return report


def labelled_sentences(corpora: Path, labels: Path = TYPE_LABELS) -> dict[str, list[Labelled]]:
    """Our sub-event-type labels of event_location sentences, by split, texts read from the
    corpus; a sentence whose text no longer has the labelled SHA-256 is an error naming it."""
    texts = {doc.id: doc for doc in event_location.read(corpora)}
    by_split: dict[str, list[Labelled]] = {}
    for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        doc = texts.get(row["doc"])
        if doc is None or doc.sha256 != row["sha256"]:
            raise InputError(
                "bad_labels",
                f"{labels}:{number}: event_location sentence {row['doc']} is "
                "missing or changed in the corpus (its SHA-256 differs)",
            )
        example = Labelled(doc.text, row["label"], f"event_location:{doc.id}")
        by_split.setdefault(row["split"], []).append(example)
    return by_split


def shipped_training_set(corpora: Path) -> tuple[list[Labelled], list[Source]]:
    """What the shipped model learns from: only text whose terms allow shipping a derived model
    (eval/SOURCES.md): our labels of the MIT-licensed event_location dev sentences and our own
    invented dev snippets. ACLED, Airwars, MUC-4 and PLOVER text is never in it."""
    sentences = labelled_sentences(corpora)["dev"]
    snippets = [
        Labelled(s.text, s.label, f"snippets-dev:{s.id}") for s in read_snippets(OWN_SNIPPETS)
    ]
    sources = [
        Source(
            f"event_location dev sentences, labels {TYPE_LABELS.name}",
            _sha256(TYPE_LABELS),
            len(sentences),
        ),
        Source(OWN_SNIPPETS.name, _sha256(OWN_SNIPPETS), len(snippets)),
    ]
    return sentences + snippets, sources


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_shipped(corpora: Path, on_step: Callable[[str], None] = lambda _: None) -> TypeModel:
    """The default model, as shipped: trained on ``shipped_training_set``, scored on the
    event_location test sentences (never trained or tuned on) and written into its card."""
    examples, sources = shipped_training_set(corpora)
    card = {
        "name": SHIPPED_NAME,
        "trained_on": [vars(source) for source in sources],
        "licence": "Apache-2.0 (weights); training text: event_location (MIT), our own",
    }
    on_step(f"parsing {len(examples)} training texts")
    model = fit(prepare(examples), card=card, on_step=on_step)
    on_step("scoring the held-out event_location test sentences")
    test = labelled_sentences(corpora)["test"]
    model.card["held_out"] = {"event_location test": card_scores(model, test)}
    return model


def full_report(
    corpora: Path, model: TypeModel, on_step: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    """Every held-out figure of event typing, one row per (test set, reader)."""
    rows: dict[str, dict[str, Any]] = {}
    sets = {
        "event_location test sentences": labelled_sentences(corpora)["test"],
        "own snippets test (invented)": [
            Labelled(s.text, s.label, s.id)
            for s in read_snippets(EVAL / "events" / "snippets-test.tsv")
        ],
    }
    for set_name, examples in sets.items():
        on_step(set_name)
        rows[f"{set_name}: rules"] = _rules(examples)
        rows[f"{set_name}: rules + model"] = _brief(evaluate(model, examples))
    acled_rows = acled_report(corpora, on_step=on_step)
    rows["ACLED 2023 notes: rules"] = acled_rows["rules"]
    rows["ACLED 2023 notes: rules + model trained on ACLED 2022 in the run"] = _brief(
        acled_rows["model"]
    )
    rows["ACLED 2023 notes, held-out countries: the same"] = acled_rows["model_unseen_countries"]
    on_step("ACLED 2023 notes: the active model")
    rows["ACLED 2023 notes: rules + active model"] = _brief(
        evaluate(model, acled_split(corpora)[1])
    )
    return {"model": model.name, "rows": rows, "acled": acled_rows}
