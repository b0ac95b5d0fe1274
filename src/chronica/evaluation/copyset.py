"""Edited copies of real stories: the copy-detection set, made the way republishers edit.

A syndicated story reaches readers retitled, trimmed from the end, in another house style,
with a credit line and sometimes a sentence dropped or a paragraph of the outlet's own
added. ``edited_copy`` applies a seeded mix of such edits to a story's text; the agency and
reporter names are invented here. The originals come from the corpus, so no story text is
kept in the repository.
"""

from __future__ import annotations

import random
import re

AGENCIES = ("Meridian Wire", "Northline Press", "Atlas News Service", "Harbour Agency")
EDITORS = ("J. Okafor", "M. Lindqvist", "R. Haddad", "S. Moreau", "T. Nakamura")
OWN_LINES = (
    "Our correspondent in the region said the situation remained tense on Sunday.",
    "Readers can follow our live coverage of the conflict throughout the day.",
    "The newspaper could not independently verify the reports.",
    "Additional reporting by our foreign desk.",
)
STYLE = (
    (r"\bU\.S\.", "US"),
    (r"\bpercent\b", "per cent"),
    (r"\bSept\.", "September"),
    (r"\bsaid\b", "told reporters"),
    ("\u201c|\u201d", '"'),
)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _drop_a_sentence(paragraphs: list[str], rng: random.Random) -> list[str]:
    long = [i for i, p in enumerate(paragraphs) if p.count(". ") >= 1]
    if not long:
        return paragraphs
    i = rng.choice(long)
    sentences = re.split(r"(?<=\.) ", paragraphs[i])
    del sentences[rng.randrange(len(sentences))]
    return [*paragraphs[:i], " ".join(sentences), *paragraphs[i + 1 :]]


def edited_copy(text: str, seed: str) -> str:
    """A republished version of ``text``: always trimmed or restyled, plus some of a rewritten
    lead, a dateline, a dropped sentence, merged paragraphs, the outlet's own lines and a
    credit line."""
    rng = random.Random(seed)
    paragraphs = _paragraphs(text)
    if len(paragraphs) > 3:  # trimmed from the end, as wire subscribers do (to a third, at most)
        paragraphs = paragraphs[: max(2, round(len(paragraphs) * rng.uniform(0.35, 0.9)))]
    if len(paragraphs) > 2 and rng.random() < 0.3:  # the outlet writes its own lead
        paragraphs = [rng.choice(OWN_LINES), *paragraphs[1:]]
    if rng.random() < 0.3:
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), rng.choice(OWN_LINES))
    for pattern, replacement in rng.sample(STYLE, k=rng.randint(1, len(STYLE))):
        paragraphs = [re.sub(pattern, replacement, p) for p in paragraphs]
    if rng.random() < 0.5:
        paragraphs[0] = f"({rng.choice(AGENCIES)}) - {paragraphs[0]}"
    if rng.random() < 0.5:
        paragraphs = _drop_a_sentence(paragraphs, rng)
    if len(paragraphs) > 2 and rng.random() < 0.4:
        i = rng.randrange(len(paragraphs) - 1)
        paragraphs = [*paragraphs[:i], f"{paragraphs[i]} {paragraphs[i + 1]}", *paragraphs[i + 2 :]]
    if rng.random() < 0.6:
        paragraphs.append(
            f"(Reporting by {rng.choice(AGENCIES)}; editing by {rng.choice(EDITORS)})"
        )
    return "\n\n".join(paragraphs)
