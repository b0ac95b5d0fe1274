"""Dev / test splits of real corpora, by source and by month.

Two documents land on the same side when they share an outlet-month (one outlet's
reporting in one month: its house style, its running stories) or an incident (texts
of one Airwars incident). Each connected group goes to test when a stable hash of its
first key falls under ``TEST_SHARE``, so the split needs no list to be kept and a
document added later joins its group's side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from chronica.evaluation.corpora.records import CorpusDocument

TEST_SHARE = 0.4
SALT = "chronica-real-split-2"  # of salts 1-7, the first with both corpora near 60:40


def _keys(doc: CorpusDocument) -> list[str]:
    month = doc.extra.get("month") or (doc.published.strftime("%Y-%m") if doc.published else "")
    keys = [f"outlet-month:{doc.source}:{month}"]
    keys += [f"incident:{i}" for i in doc.extra.get("incident_ids", ())]
    return keys


def _find(parent: dict[str, str], key: str) -> str:
    while parent.setdefault(key, key) != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _to_test(group: str) -> bool:
    digest = hashlib.sha256(f"{SALT}:{group}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < TEST_SHARE


def assign(docs: Iterable[CorpusDocument]) -> dict[str, str]:
    """``{doc id: "dev" | "test"}`` with no outlet-month and no incident on both sides."""
    parent: dict[str, str] = {}
    keys = {doc.id: _keys(doc) for doc in docs}
    for doc_keys in keys.values():
        for key in doc_keys[1:]:
            parent[_find(parent, key)] = _find(parent, doc_keys[0])
    groups: dict[str, list[str]] = {}
    for doc_keys in keys.values():
        groups.setdefault(_find(parent, doc_keys[0]), []).extend(doc_keys)
    side = {root: "test" if _to_test(min(members)) else "dev" for root, members in groups.items()}
    return {doc_id: side[_find(parent, doc_keys[0])] for doc_id, doc_keys in keys.items()}
