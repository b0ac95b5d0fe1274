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
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from chronica.evaluation.corpora import acled
from chronica.evaluation.events import scores
from chronica.events.type_training import Labelled, fit
from chronica.events.typemodel import TypeModel

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
        len(members) / total
        * abs(sum(c for c, _ in members) / len(members) - sum(ok for _, ok in members) / len(members))
        for members in bins.values()
    )


def evaluate(model: TypeModel, examples: Sequence[Labelled]) -> dict[str, Any]:
    """Accuracy, weighted and macro F1, per class, confusions, calibration and speed."""
    started = time.perf_counter()
    opinions = [model.opinion(e.text) for e in examples]
    elapsed = time.perf_counter() - started
    gold = [e.label for e in examples]
    report = scores(gold, [o.label for o in opinions])
    right = [o.label == g for o, g in zip(opinions, gold, strict=True)]
    report["expected_calibration_error"] = round(
        calibration_error([o.probability for o in opinions], right), 4)
    report["texts_per_second"] = round(len(examples) / max(elapsed, 1e-9), 1)
    return report


def _rules_report(examples: Sequence[Labelled]) -> dict[str, Any]:
    from chronica.events.classify import classify_text

    return scores([e.label for e in examples], [classify_text(e.text).label for e in examples])


def _brief(report: dict[str, Any]) -> dict[str, Any]:
    keep = ("n", "accuracy", "weighted_f1", "macro_f1", "expected_calibration_error",
            "texts_per_second")
    return {k: report[k] for k in keep if k in report}


def acled_report(
    corpora: Path, on_step: Callable[[str], None] = lambda _: None, rules: bool = True
) -> dict[str, Any]:
    """Train on the 2022 rows of the kept countries, score the 2023 rows: model and rules."""
    train, test = acled_split(corpora)
    model = fit(train, card={"name": "acled-heldout-experiment"}, on_step=on_step)
    unseen = [e for e in test if held_out_country(e.group)]
    on_step("scoring the held-out rows")
    report: dict[str, Any] = {
        "train_rows": len(train), "test_rows": len(test),
        "held_out_countries": sorted({e.group for e in unseen}),
        "model": evaluate(model, test),
        "model_unseen_countries": _brief(evaluate(model, unseen)),
        "features": len(model.index),
    }
    if rules:
        on_step("running the codebook rules on the same rows")
        report["rules"] = _brief(_rules_report(test))
        report["rules_unseen_countries"] = _brief(_rules_report(unseen))
    return report
