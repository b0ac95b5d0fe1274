"""Training the line model (``chronica eval train-lines``) on real pages, dev split only.

The model ships with chronica, and a model is derived from its training text (its weights
name words of the lines), so it learns only from text whose terms allow that: the
article-extraction benchmark's pages (MIT), dev hosts only, each rendered to all its visible
text and each line labelled by whether its words run inside the page's true body. Airwars
pages (no licence), MUC-4 (research only) and VOA stories (wire copy inside) are never
trained on; the scoreboard measures the model on them as unseen text.

Folds are grouped by host, so a site's house furniture is never seen on both sides of a
fold; the threshold is the one with the best body F1 over the held-out folds.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronica.clean import is_sentence, rule_verdicts
from chronica.errors import InputError
from chronica.evaluation.corpora import read_corpus
from chronica.evaluation.corpora.extraction import flattened, story_flags
from chronica.evaluation.linear_fit import pruned_weights, vectorise
from chronica.evaluation.scoring import TextTally
from chronica.ingest.text import text_blocks
from chronica.line_model import MIN_LINES, MODEL_FORMAT, page_features

FOLDS = 5
MIN_FEATURE_COUNT = 3
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(2, 15))


@dataclass(frozen=True)
class Page:
    group: str  # the host: folds never split one
    blocks: tuple[str, ...]
    story: tuple[bool, ...]
    body: str  # the true body, for character scores
    features: tuple[dict[str, float], ...]
    rules_keep: tuple[bool, ...]  # what the rules alone leave standing
    prose: tuple[bool, ...]  # prose or full sentences (their own, lower threshold)


def _page(group: str, text: str, body: str) -> Page:
    blocks = text_blocks(text)
    rules = rule_verdicts(blocks, None, scraped_text=True)
    features = page_features(blocks, [v[1] if v else None for v in rules])
    return Page(
        group,
        blocks,
        tuple(story_flags(blocks, body)),
        body,
        tuple(features),
        tuple(v is None for v in rules),
        tuple(is_sentence(block) for block in blocks),
    )


def training_pages(corpora: Path, on_page: Callable[[], None] = lambda: None) -> list[Page]:
    """The benchmark's dev pages, flattened; test pages are never read here."""
    pages = []
    for doc in read_corpus("extraction", corpora):
        if doc.split == "dev":
            flat = flattened(doc)
            pages.append(_page(f"extraction:{doc.source}", flat.text, doc.body or ""))
            on_page()
    return pages


def _rows(pages: Iterable[Page]) -> tuple[list[dict[str, float]], list[bool]]:
    features, labels = [], []
    for page in pages:
        features += page.features
        labels += page.story
    return features, labels


def _classifier(strength: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=strength, max_iter=5000, solver="liblinear")


def _body_scores(pages: list[Page], kept: list[list[bool]]) -> dict[str, float]:
    tally = TextTally()
    for page, keep in zip(pages, kept, strict=True):
        tally.add(page.body, "\n".join(b for b, k in zip(page.blocks, keep, strict=True) if k))
    return tally.row()


def _kept(
    pages: list[Page], chances: list[list[float]], threshold: float, prose_threshold: float
) -> list[list[bool]]:
    """What the pipeline keeps: what the rules kept and the model does not take (the model
    reads no text shorter than ``MIN_LINES``)."""
    return [
        [
            keep
            and (len(page.blocks) < MIN_LINES or p >= (prose_threshold if prose else threshold))
            for p, keep, prose in zip(page_chances, page.rules_keep, page.prose, strict=True)
        ]
        for page, page_chances in zip(pages, chances, strict=True)
    ]


def cross_validate(
    pages: list[Page], strength: float, prose_threshold: float
) -> tuple[float, dict[str, Any]]:
    """Held-out story probabilities of every line (folds grouped by host) applied as the
    pipeline applies them, after the rules and with the prose threshold; the line threshold
    with the best body F1, the scores there, and beside them the rules alone and the page
    kept whole."""
    from sklearn.model_selection import GroupKFold

    features, labels = _rows(pages)
    _, matrix = vectorise(features, MIN_FEATURE_COUNT)
    groups = [page.group for page in pages for _ in page.blocks]
    held_out = [0.0] * len(labels)
    for train, held in GroupKFold(n_splits=FOLDS).split(matrix, labels, groups):
        model = _classifier(strength).fit(matrix[train], [labels[i] for i in train])
        for i, p in zip(held, model.predict_proba(matrix[held])[:, 1], strict=True):
            held_out[i] = float(p)
    chances, start = [], 0
    for page in pages:
        chances.append(held_out[start : start + len(page.blocks)])
        start += len(page.blocks)
    scored = {t: _body_scores(pages, _kept(pages, chances, t, prose_threshold)) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (scored[t]["f1"], -abs(t - 0.5)))
    lines_right = sum((p >= best) == y for p, y in zip(held_out, labels, strict=True))
    return best, {
        **scored[best],
        "model_line_accuracy": round(lines_right / max(1, len(labels)), 3),
        "rules_alone": _body_scores(pages, [list(p.rules_keep) for p in pages]),
        "all_kept": _body_scores(pages, [[True] * len(p.blocks) for p in pages]),
    }


def train(
    corpora: Path,
    strength: float,
    prose_threshold: float,
    on_page: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """The model file's content: weights, the cross-validated threshold, and ``about``."""
    pages = training_pages(corpora, on_page)
    features, labels = _rows(pages)
    if len(pages) < FOLDS * 2 or len(set(labels)) < 2:
        raise InputError(
            "too_few_labels",
            f"only {len(pages)} usable dev pages; check --corpora (article_extraction_benchmark)",
        )
    threshold, scores = cross_validate(pages, strength, prose_threshold)
    vectoriser, matrix = vectorise(features, MIN_FEATURE_COUNT)
    model = _classifier(strength).fit(matrix, labels)
    by_source = Counter(page.group.split(":")[0] for page in pages)
    about = {
        "pages": dict(sorted(by_source.items())),
        "lines": len(labels),
        "story_lines": sum(labels),
        "pages_sha256": hashlib.sha256(
            "\n".join(sorted(f"{p.group}\t{hash_text(p.blocks)}" for p in pages)).encode()
        ).hexdigest(),
        "C": strength,
        "prose_threshold_chosen_on": "Airwars dev pages (story paragraphs lost vs furniture "
        "kept), measured, never trained on",
        "cross_validation": {"folds": FOLDS, "grouped_by": "host", **scores},
    }
    return {
        "format": MODEL_FORMAT,
        "threshold": threshold,
        "prose_threshold": prose_threshold,
        "about": about,
        **pruned_weights(vectoriser, model.coef_[0], model.intercept_[0]),
    }


def hash_text(blocks: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(blocks).encode()).hexdigest()[:16]
