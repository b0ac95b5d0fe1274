"""Copies of one report: syndicated and lightly edited texts grouped into copy families.

A wire story republished by dozens of outlets is one source, not dozens. Two bodies are
copies when most of the shorter one's word 5-grams ("shingles") occur in the longer one:
containment, not plain overlap, because republishers trim the end, swap the headline and
add their own furniture, which leaves a copy much shorter than its original. MinHash
signatures (datasketch) with an LSH index find the candidates among thousands of stored
bodies without comparing every pair; the exact shingle containment then decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from unidecode import unidecode

SHINGLE_WORDS = 5
PERMUTATIONS = 64
CANDIDATE_JACCARD = 0.2  # LSH recall threshold: far below a copy's, so copies are not missed
MIN_CONTAINMENT = 0.6  # share of the shorter body's shingles found in the longer one
SCREEN_CONTAINMENT = 0.4  # estimated from signatures: a margin under MIN_CONTAINMENT for error
MIN_SHINGLES = 8  # bodies shorter than this are too short to call anything a copy of them
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are read back with it
WORD = re.compile(r"[a-z0-9]+")


def shingles(body: str) -> frozenset[str]:
    """The body's word 5-grams after case, accents and punctuation are folded away, so that
    house-style edits ("U.S." / "US", curly quotes) do not break a copy."""
    words = WORD.findall(unidecode(body).lower().replace(".", ""))
    return frozenset(
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(max(len(words) - SHINGLE_WORDS + 1, 0))
    )


def signature(grams: Iterable[str]) -> LeanMinHash:
    sketch = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
    sketch.update_batch([g.encode() for g in grams])
    return LeanMinHash(sketch)


def to_bytes(sketch: LeanMinHash) -> bytes:
    return np.asarray(sketch.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the smaller set found in the larger: 1.0 for a trimmed copy."""
    smaller, larger = (a, b) if len(a) <= len(b) else (b, a)
    if len(smaller) < MIN_SHINGLES:
        return 0.0
    return len(smaller & larger) / len(smaller)


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """An earlier body this one copies, and how much of the shorter text they share."""

    document_id: str
    containment: float


def estimated_containment(a: LeanMinHash, size_a: int, b: LeanMinHash, size_b: int) -> float:
    """Containment from two signatures and set sizes, without the sets: from the estimated
    Jaccard J, |A & B| = J (|A| + |B|) / (1 + J)."""
    if min(size_a, size_b) < MIN_SHINGLES:
        return 0.0
    jaccard = a.jaccard(b)
    return jaccard * (size_a + size_b) / ((1 + jaccard) * min(size_a, size_b))


class CopyIndex:
    """Signatures and shingle counts of the bodies seen so far (64 numbers and one count per
    document). ``candidates`` names the earlier bodies a new one may copy: LSH finds those that
    share some wording, and their signatures screen out the ones that cannot reach the copy
    containment, so only likely copies are read back and compared shingle by shingle."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=PERMUTATIONS)
        self._known: dict[str, tuple[LeanMinHash, int]] = {}

    def add(self, document_id: str, sketch: LeanMinHash, size: int) -> None:
        if document_id not in self._known:
            self._lsh.insert(document_id, sketch)
            self._known[document_id] = (sketch, size)

    def candidates(self, sketch: LeanMinHash, size: int) -> list[str]:
        found = []
        for doc_id in self._lsh.query(sketch):
            other, other_size = self._known[doc_id]
            if estimated_containment(sketch, size, other, other_size) >= SCREEN_CONTAINMENT:
                found.append(doc_id)
        return sorted(found)


def copies_among(grams: frozenset[str], candidates: dict[str, frozenset[str]]) -> list[CopyMatch]:
    """The candidates ``grams`` is a copy of (or that are copies of it), best first."""
    found = [
        CopyMatch(doc_id, round(containment(grams, other), 3))
        for doc_id, other in candidates.items()
    ]
    return sorted(
        (m for m in found if m.containment >= MIN_CONTAINMENT),
        key=lambda m: (-m.containment, m.document_id),
    )
