"""Which lines of a flattened page are the story: a model learned from real pages.

Text that a scraper flattened long ago keeps everything a browser showed: menus, list
bullets of teaser headlines, cookie and comment policies, footers, widget labels. The
cleaner's rules name the furniture they recognise by its words; the rest is told apart by
shape and place (a short Title Case line with a bullet, far from any paragraph of prose,
after the story's last paragraph), which no single rule captures. A logistic model over
each line's shape, its words, its neighbours, where it sits relative to the prose, and the
rules' own verdict decides, trained on real pages whose true body is known
(``chronica eval train-lines``).

The model is a JSON file of feature weights shipped with the package: inference is a sum,
and each removed line records its probability and the features that weighed most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from chronica.dates import FULL_DATE, numeric_date
from chronica.linear import Linear, bucket, read_shipped

MODEL_FILE = "data/line_model.json"
MODEL_FORMAT = 1
SHOWN_REASONS = 3
VOCABULARY_WORDS = 8  # the first words of a line carry its vocabulary ("Sign in", "Terms of")
# a text of fewer lines is a report, a note or a snippet, not the flattened web page the model
# learned from (training pages have 38 lines or more but one): its rules alone judge it
MIN_LINES = 20
ONE_CASE = 0.9  # share of capital letters above which a text is written in capitals

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_BULLET = re.compile(r"^(?:[*+•·o◦▪►-]|\d{1,3}[.)])\s+")
_LINK = re.compile(r"https?://|www\.|\S+@\S+\.\w")
_SEPARATOR = re.compile(r"\s[|»›•·]\s")
_PROSE_END = re.compile(r"[.!?][\"'”’»)]*$")


class LineModelError(RuntimeError):
    """The shipped line model is missing or unreadable."""


def _ending(line: str) -> str:
    stripped = line.rstrip()
    if stripped.endswith(("...", "…")):
        return "ellipsis"
    if _PROSE_END.search(stripped):
        return "sentence"
    return {":": "colon", ",": "comma", ";": "semicolon", ")": "bracket"}.get(stripped[-1:], "none")


def _is_prose(words: int, ending: str) -> bool:
    return words >= 30 or (words >= 10 and ending == "sentence")


@dataclass(frozen=True)
class LineShape:
    """What a line looks like on its own, computed once per line."""

    words: int
    ending: str
    bullet: bool
    prose: bool
    features: dict[str, float]


def line_shape(line: str, with_case: bool = True) -> LineShape:
    """``with_case`` False for a text written in one case (a wire message in capitals), where
    capitals say nothing about a line."""
    words = _WORD.findall(line)
    ending = _ending(line)
    bullet = _BULLET.match(line) is not None
    features = {
        f"len:{bucket(len(words), (0, 1, 2, 3, 5, 8, 12, 20, 30, 50))}": 1.0,
        f"end:{ending}": 1.0,
    }
    if bullet:
        features["bullet"] = 1.0
    if words and with_case:
        capitalised = sum(w[0].isupper() for w in words) / len(words)
        features[f"capitalised:{bucket(capitalised, (0.0, 0.34, 0.67, 0.99, 1.0))}"] = 1.0
        if len(words) >= 2 and all(w.isupper() for w in words):
            features["all_caps"] = 1.0
        if line.lstrip()[:1].islower():
            features["lower_start"] = 1.0
    for word in words[:VOCABULARY_WORDS]:
        features[f"w:{word.lower()}"] = 1.0
    digits = sum(c.isdigit() for c in line) / max(1, len(line))
    features[f"digits:{bucket(digits, (0.0, 0.1, 0.3, 0.6))}"] = 1.0
    if _LINK.search(line):
        features["link"] = 1.0
    if _SEPARATOR.search(line):
        features["separator"] = 1.0
    if FULL_DATE.search(line) or numeric_date(line):
        features["date"] = 1.0
    return LineShape(len(words), ending, bullet, _is_prose(len(words), ending), features)


def in_capitals(text: str) -> bool:
    """Whether ``text`` is written in capitals (a wire message, a headline set in caps)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= ONE_CASE * len(letters)


def _normal(line: str) -> str:
    return " ".join(_WORD.findall(line)).casefold()


def page_features(lines: Sequence[str], rules: Sequence[str | None]) -> list[dict[str, float]]:
    """Each line's features: its shape, its neighbours' shapes, its place relative to the
    page's prose, how often the page repeats it, and the rule that named it furniture."""
    one_case = in_capitals("".join(line[:200] for line in lines))
    shapes = [line_shape(line, with_case=not one_case) for line in lines]
    prose = [i for i, shape in enumerate(shapes) if shape.prose]
    repeats = Counter(_normal(line) for line in lines)
    rows = []
    for i, shape in enumerate(shapes):
        features = dict(shape.features)
        features[f"rule:{rules[i] or 'none'}"] = 1.0
        features[f"position:{bucket(i / max(1, len(lines) - 1), (0.1, 0.25, 0.5, 0.75, 0.9))}"] = (
            1.0
        )
        if not prose:
            features["zone:no_prose"] = 1.0
        else:
            zone = "before" if i < prose[0] else "after" if i > prose[-1] else "inside"
            features[f"zone:{zone}"] = 1.0
            distance = min(abs(i - p) for p in prose)
            features[f"prose_distance:{bucket(distance, (0, 1, 2, 4, 8, 16))}"] = 1.0
        around = sum(shapes[j].prose for j in range(max(0, i - 2), min(len(lines), i + 3)))
        features[f"prose_around:{around - shape.prose}"] = 1.0
        for offset, name in ((-1, "prev"), (1, "next")):
            j = i + offset
            if not 0 <= j < len(lines):
                features[f"{name}:edge"] = 1.0
                continue
            other = shapes[j]
            features[f"{name}:len:{bucket(other.words, (0, 2, 5, 12, 30))}"] = 1.0
            features[f"{name}:end:{other.ending}"] = 1.0
            if other.bullet:
                features[f"{name}:bullet"] = 1.0
            if other.prose:
                features[f"{name}:prose"] = 1.0
        count = repeats[_normal(lines[i])]
        if count > 1:
            features[f"repeated:{bucket(count, (2, 3, 5))}"] = 1.0
        rows.append(features)
    return rows


@dataclass(frozen=True)
class LineModel:
    linear: Linear
    threshold: float  # below this probability of being story, a line is furniture
    prose_threshold: float  # the same for a paragraph of prose, which needs surer evidence
    about: dict[str, Any]  # what it was trained on and how it scored

    def probability(self, features: dict[str, float]) -> float:
        return self.linear.probability(features)

    def cut(self, prose: bool) -> float:
        return self.prose_threshold if prose else self.threshold

    def reasons(self, features: dict[str, float]) -> tuple[str, ...]:
        """The features that weighed most, signed: the evidence of a decision."""
        return self.linear.reasons(features, SHOWN_REASONS)


def model_from_dict(data: dict[str, Any]) -> LineModel:
    if data.get("format") != MODEL_FORMAT:
        raise LineModelError(f"line model format {data.get('format')!r}, expected {MODEL_FORMAT}")
    try:
        return LineModel(
            Linear(dict(data["weights"]), float(data["bias"])),
            float(data["threshold"]),
            float(data["prose_threshold"]),
            dict(data.get("about", {})),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise LineModelError(f"line model file is incomplete ({error!r})") from error


@cache
def load_model() -> LineModel:
    """The shipped model; a missing or broken file is an error, never a silent pass."""
    data = read_shipped(MODEL_FILE, LineModelError, "line model", "chronica eval train-lines")
    return model_from_dict(data)
