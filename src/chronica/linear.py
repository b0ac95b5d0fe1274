"""Shipped logistic models read from JSON: a weighted sum, its probability, its evidence.

The incident model (events.gate) and the line model (line_model) are both a dictionary of
feature weights and a bias, shipped as a JSON file in the package and refused loudly when
missing or broken. Inference is a sum; the features that weighed most are what each decision
records as its evidence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

SCORE_LIMIT = 30.0  # beyond this the probability is 0 or 1 to many decimals; exp() stays finite


def bucket(value: float, edges: Sequence[float]) -> str:
    """A number as the feature name of its range: the first edge it does not exceed, or ">last"
    (a sparse model learns a weight per range, not one slope for all values)."""
    return str(next((edge for edge in edges if value <= edge), f">{edges[-1]}"))


@dataclass(frozen=True)
class Linear:
    weights: dict[str, float]
    bias: float

    def score(self, features: dict[str, float]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) * v for f, v in features.items())

    def probability(self, features: dict[str, float]) -> float:
        score = max(-SCORE_LIMIT, min(SCORE_LIMIT, self.score(features)))
        return 1.0 / (1.0 + math.exp(-score))

    def reasons(self, features: dict[str, float], shown: int) -> tuple[str, ...]:
        """The ``shown`` features that weighed most, signed ("+verb_tag:VBD", "-zone:after")."""
        contributions = sorted(
            ((self.weights[f] * v, f) for f, v in features.items() if f in self.weights),
            key=lambda c: abs(c[0]),
            reverse=True,
        )[:shown]
        return tuple(f"{'+' if w > 0 else '-'}{f}" for w, f in contributions)


def read_shipped(model_file: str, error: type[Exception], what: str, rebuild: str) -> Any:
    """The JSON of a model file shipped in the package; a missing or unreadable file raises
    ``error`` saying how to get it back, never a silent pass."""
    path = resources.files("chronica").joinpath(model_file)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as failure:
        raise error(
            f"cannot read the {what} {model_file} ({failure}); reinstall chronica or "
            f"rebuild it with `{rebuild}`"
        ) from failure
