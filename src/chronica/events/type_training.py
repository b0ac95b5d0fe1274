"""Train an event-type classifier (events.typemodel) from labelled text people coded.

Reads what coders already have: an ACLED-format export (CSV with ``notes`` and
``sub_event_type``), a tab-separated file with a label and a text column, or JSON Lines with
``text`` and ``label``. Labels must be chronica's classes (events.taxonomy): the 25 ACLED
sub-event types and the classes of reports that are not political violence.

Fitting is a multinomial logistic regression (scikit-learn, needed only here: the ``train``
extra), class-balanced by default because real coded data is skewed (half of an ACLED sample
is peaceful protests, some classes have a dozen rows). The result records which files it was
trained on (name, SHA-256, rows) and its parameters, so a model can be traced and rebuilt.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chronica.errors import InputError
from chronica.events.taxonomy import BY_NAME
from chronica.events.typemodel import (
    RULE_WEIGHT,
    RuleReading,
    TypeModel,
    features,
    rule_features,
)

LABEL_COLUMNS = ("label", "sub_event_type", "class", "type")
TEXT_COLUMNS = ("text", "notes", "sentence", "snippet", "content")
GROUP_COLUMNS = ("country", "iso")
DEFAULT_C = 10.0
DEFAULT_MIN_COUNT = 2


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str
    origin: str  # file:line, for error messages and per-source reports
    group: str = ""  # the country (ACLED exports), for held-out reports


@dataclass(frozen=True)
class Prepared:
    """A labelled text as the model reads it: entities masked, with the rules' reading."""

    reading: str
    rule: RuleReading
    label: str


def prepare(
    examples: Sequence[Labelled], on_text: Callable[[], None] = lambda: None
) -> list[Prepared]:
    """Parse each text once (spaCy), mask its entities and ask the codebook rules about it, as
    the pipeline does for a sentence (``events.classify.model_input``)."""
    from chronica.events.classify import model_input
    from chronica.nlp import model

    prepared = []
    for example, doc in zip(examples, model().pipe(e.text for e in examples), strict=True):
        reading, rule = model_input(doc)
        prepared.append(Prepared(reading, rule, example.label))
        on_text()
    return prepared


@dataclass(frozen=True)
class Source:
    name: str
    sha256: str
    rows: int


def _column(header: Sequence[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def _table_rows(path: Path, raw: str) -> Iterable[tuple[int, str, str, str]]:
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    rows = list(csv.reader(io.StringIO(raw), delimiter=delimiter))
    if not rows:
        return []
    label_at, text_at = _column(rows[0], LABEL_COLUMNS), _column(rows[0], TEXT_COLUMNS)
    group_at = _column(rows[0], GROUP_COLUMNS)
    if label_at is None or text_at is None:
        raise InputError(
            "bad_training_data",
            f"{path}: the header needs a label column ({', '.join(LABEL_COLUMNS)}) and a text "
            f"column ({', '.join(TEXT_COLUMNS)}); found {', '.join(rows[0])}",
        )
    width = max(label_at, text_at, group_at or 0) + 1
    return [
        (number, row[label_at], row[text_at], row[group_at] if group_at is not None else "")
        for number, row in enumerate(rows[1:], 2)
        if len(row) >= width
    ]


def _json_rows(path: Path, raw: str) -> Iterable[tuple[int, str, str, str]]:
    out = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            raise InputError("bad_training_data", f"{path}:{number}: not JSON ({error})") from None
        label = next((row[k] for k in LABEL_COLUMNS if k in row), None)
        text = next((row[k] for k in TEXT_COLUMNS if k in row), None)
        if not isinstance(label, str) or not isinstance(text, str):
            raise InputError(
                "bad_training_data", f"{path}:{number}: needs string fields 'text' and 'label'"
            )
        out.append((number, label, text, str(row.get("country", ""))))
    return out


def read_labelled(path: Path) -> tuple[list[Labelled], Source]:
    """The labelled texts of one file; unknown labels are an error that lists them."""
    try:
        data = path.read_bytes()
        raw = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError("bad_training_data", f"cannot read {path}: {error}") from None
    reader = _json_rows if path.suffix.lower() in (".jsonl", ".json") else _table_rows
    rows = [
        (n, label.strip(), text.strip(), group.strip())
        for n, label, text, group in reader(path, raw)
    ]
    unknown = Counter(label for _, label, _, _ in rows if label not in BY_NAME)
    if unknown:
        listed = ", ".join(f"{label!r} ({n})" for label, n in unknown.most_common(8))
        raise InputError(
            "bad_training_data",
            f"{path}: labels that are not chronica classes: {listed}; "
            "use the ACLED sub-event type names or see `chronica classify --help`",
        )
    examples = [
        Labelled(text, label, f"{path.name}:{n}", group) for n, label, text, group in rows if text
    ]
    if not examples:
        raise InputError("bad_training_data", f"{path}: no labelled text found")
    return examples, Source(path.name, hashlib.sha256(data).hexdigest(), len(examples))


def design(examples: Sequence[Prepared], index: dict[str, int], idf: np.ndarray) -> Any:
    """The sparse matrix of the examples, row by row as ``TypeModel.vector`` builds one."""
    from scipy.sparse import csr_matrix

    data: list[float] = []
    columns: list[int] = []
    pointers = [0]
    for example in examples:
        found = [
            (index[f], (1.0 + math.log(n)) * float(idf[index[f]]))
            for f, n in features(example.reading).items()
            if f in index
        ]
        norm = math.sqrt(sum(v * v for _, v in found)) or 1.0
        columns += [c for c, _ in found]
        data += [v / norm for _, v in found]
        ruled = [index[f] for f in rule_features(example.rule) if f in index]
        columns += ruled
        data += [RULE_WEIGHT] * len(ruled)
        pointers.append(len(columns))
    return csr_matrix(
        (np.asarray(data, dtype=np.float32), columns, pointers), shape=(len(examples), len(index))
    )


@dataclass(frozen=True)
class _Rows:
    index: dict[str, int]
    idf: np.ndarray
    matrix: Any  # scipy CSR, one row per text

    @classmethod
    def of(cls, examples: Sequence[Prepared], min_count: int) -> _Rows:
        """Text features seen in ``min_count`` texts, then the rules' readings, as columns."""
        document_frequency: Counter[str] = Counter()
        for example in examples:
            document_frequency.update(features(example.reading).keys())
        kept = sorted(f for f, n in document_frequency.items() if n >= min_count)
        ruled = sorted({f for e in examples for f in rule_features(e.rule)})
        total = len(examples)
        idf = np.asarray(
            [math.log((1 + total) / (1 + document_frequency[f])) + 1.0 for f in kept]
            + [1.0] * len(ruled),
            dtype=np.float32,
        )
        index = {f: i for i, f in enumerate(kept + ruled)}
        return cls(index, idf, design(examples, index, idf))


def _learner(strength: float, balanced: bool) -> Any:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ImportError("training needs scikit-learn: pip install 'chronica[train]'") from None
    return LogisticRegression(
        C=strength, max_iter=3000, class_weight="balanced" if balanced else None
    )


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


def _fit_linear(
    matrix: Any, labels: list[str], strength: float, balanced: bool
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """(coefficients per class, intercepts, classes) of a multinomial logistic regression."""
    learner = _learner(strength, balanced)
    learner.fit(matrix, labels)
    coef, intercept = learner.coef_, learner.intercept_
    if len(learner.classes_) == 2:  # one row for two classes: the softmax of ±z/2 is its sigmoid
        coef, intercept = (
            np.vstack([-coef / 2, coef / 2]),
            np.concatenate([-intercept / 2, intercept / 2]),
        )
    return coef, intercept, tuple(str(c) for c in learner.classes_)


TEMPERATURES = tuple(round(0.2 + 0.05 * i, 2) for i in range(77))  # 0.2 .. 4.0


def _held_back(example: Prepared) -> bool:
    return hashlib.sha256(example.reading.encode()).digest()[0] < 256 // 5


def _temperature(
    examples: Sequence[Prepared], strength: float, min_count: int, balanced: bool
) -> float:
    """The temperature with the least log loss on the held-back fifth (1.0 if it is too small)."""
    kept = [e for e in examples if not _held_back(e)]
    back = [e for e in examples if _held_back(e)]
    if len(back) < 20 or len({e.label for e in kept}) < 2:
        return 1.0
    rows = _Rows.of(kept, min_count)
    coef, intercept, classes = _fit_linear(rows.matrix, [e.label for e in kept], strength, balanced)
    known = [(e, classes.index(e.label)) for e in back if e.label in classes]
    logits = design([e for e, _ in known], rows.index, rows.idf) @ coef.T + intercept
    truth = np.asarray([i for _, i in known])

    def loss(temperature: float) -> float:
        scaled = logits / temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        return float(np.mean(log_norm - scaled[np.arange(len(truth)), truth]))

    return min(TEMPERATURES, key=loss)


def fit(
    examples: Sequence[Prepared],
    *,
    strength: float = DEFAULT_C,
    min_count: int = DEFAULT_MIN_COUNT,
    balanced: bool = True,
    calibrate: bool = True,
    card: dict[str, Any] | None = None,
    on_step: Callable[[str], None] = lambda _: None,
) -> TypeModel:
    """A model from prepared texts (``prepare``): features seen in at least ``min_count``
    texts, idf-weighted, and the rules' readings, so that it learns how far each rule holds.

    With ``calibrate``, a fifth of the texts (chosen by a hash of their text) is held back once
    to find the temperature that makes the probabilities honest (least log loss there); the
    model is then fitted on all texts and its scores divided by that temperature.
    """
    labels = tuple(sorted({e.label for e in examples}))
    if len(labels) < 2:
        raise InputError("bad_training_data", f"need at least two labels, found {list(labels)}")
    rows = _Rows.of(examples, min_count)
    on_step(f"fitting {len(labels)} labels on {len(examples)} texts, {len(rows.index)} features")
    coef, intercept, classes = _fit_linear(
        rows.matrix, [e.label for e in examples], strength, balanced
    )
    temperature = 1.0
    if calibrate:
        on_step("calibrating probabilities on a held-back fifth")
        temperature = _temperature(examples, strength, min_count, balanced)
    about = {
        **(card or {}),
        "parameters": {
            "C": strength,
            "min_count": min_count,
            "class_weight": "balanced" if balanced else None,
            "features": "entity-masked word 1-2 grams and character 3-5 grams in words, digits "
            "as 0, sublinear tf-idf, L2; the rules' class and rule",
            "rule_weight": RULE_WEIGHT,
        },
        "label_counts": dict(sorted(Counter(e.label for e in examples).items())),
        "temperature": round(temperature, 3),
        "scikit_learn": _sklearn_version(),
    }
    return TypeModel(
        classes,
        rows.index,
        rows.idf,
        (coef.T / temperature).astype(np.float32),
        (intercept / temperature).astype(np.float32),
        about,
    )
