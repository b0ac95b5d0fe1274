"""Incidents across articles, scored as pairs of documents.

- Same incident: Airwars links each incident to the articles that report it, so two source
  articles report the same incident when they share an Airwars incident. chronica says so
  when, after all of a split's articles are stored (oldest first) and linked, an incident
  holds events of both. Every pair of articles in the split counts.
- Copy of: VOA stories, each with edited copies made by ``copyset`` (trimmed, restyled,
  credited, a sentence dropped). Two texts are copies when one derives from the other;
  chronica says so when the store puts them in one copy family.

Both run the real pipeline and the real store (a temporary SQLite file) on the split.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from chronica.evaluation.copyset import edited_copy
from chronica.evaluation.corpora import CorpusDocument, read_corpus
from chronica.evaluation.scoring import rounded
from chronica.evaluation.split import assign
from chronica.store import Store

COPIES_PER_STORY = 2
COPY_OUTLET = "copy.example"


def pair_scores(gold: dict[str, set[str]], predicted: dict[str, set[str]]) -> dict[str, Any]:
    """Pairwise precision / recall / F1 of "in one group" over every pair of documents."""
    true_pos = false_pos = false_neg = 0
    for a, b in combinations(sorted(gold), 2):
        said = bool(predicted.get(a, set()) & predicted.get(b, set()))
        truth = bool(gold[a] & gold[b])
        true_pos += said and truth
        false_pos += said and not truth
        false_neg += truth and not said
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else None
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {
        "precision": rounded(precision),
        "recall": rounded(recall),
        "f1": rounded(f1),
        "gold_pairs": true_pos + false_neg,
        "predicted_pairs": true_pos + false_pos,
    }


def stored(records: Iterable[dict[str, Any]], query: str) -> dict[str, set[str]]:
    """Store the records (in order) in a fresh store and group their documents by ``query``
    (document id, group key)."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "eval.db", "eval") as store:
        for record in records:
            store.add_record(record)
        groups: dict[str, set[str]] = {}
        for doc_id, key in store.db.execute(query):
            groups.setdefault(doc_id, set()).add(key)
        return groups


INCIDENTS_OF_DOCUMENTS = "SELECT document_id, incident_id FROM incident_reports"
FAMILIES_OF_DOCUMENTS = "SELECT document_id, family FROM document_copies"


def _oldest_first(doc: CorpusDocument) -> tuple[str, str]:
    return (doc.published.isoformat() if doc.published else "9999", doc.id)


RecordOf = Callable[[CorpusDocument], dict[str, Any] | None]


def _dated(record: dict[str, Any]) -> bool:
    """Whether any of the record's events has a day (its own, or its report's)."""
    return bool(record["published"]) or any(
        e["field"] == "date" for event in record["events"] for e in event["evidence"]
    )


def missed(
    gold: dict[str, set[str]], predicted: dict[str, set[str]], records: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Why gold pairs were not linked: an article with no event, an article with no day (so
    its reports meet only copies), or the linker's decision. Beside them, recall over the
    gold pairs whose two articles both carry a day: the part of the task the pages allow
    (most Airwars source pages were archived without any date)."""
    reasons: dict[str, Any] = {"missed_no_event": 0, "missed_undated": 0, "missed_by_linker": 0}
    dated_pairs = dated_found = 0
    for a, b in combinations(sorted(gold), 2):
        if not gold[a] & gold[b]:
            continue
        found = bool(predicted.get(a, set()) & predicted.get(b, set()))
        if _dated(records[a]) and _dated(records[b]):
            dated_pairs += 1
            dated_found += found
        if found:
            continue
        if not records[a]["events"] or not records[b]["events"]:
            reasons["missed_no_event"] += 1
        elif not _dated(records[a]) or not _dated(records[b]):
            reasons["missed_undated"] += 1
        else:
            reasons["missed_by_linker"] += 1
    reasons["gold_pairs_both_dated"] = dated_pairs
    reasons["recall_both_dated"] = rounded(dated_found / dated_pairs if dated_pairs else None)
    return reasons


def _rows_by_split(
    docs: list[CorpusDocument],
    record_of: RecordOf,
    gold_of: Callable[[CorpusDocument], set[str]],
    query: str,
    explain: bool = False,
) -> dict[str, tuple[dict[str, Any], int, float]]:
    results = {}
    for split in sorted({d.split or "dev" for d in docs}):
        group = sorted((d for d in docs if (d.split or "dev") == split), key=_oldest_first)
        started = time.perf_counter()
        built = {doc.id: record for doc in group if (record := record_of(doc)) is not None}
        predicted = stored(built.values(), query)
        corpus_id = {record["id"]: doc_id for doc_id, record in built.items()}
        gold = {doc.id: gold_of(doc) for doc in group if doc.id in built}
        said = {corpus_id[i]: keys for i, keys in predicted.items() if i in corpus_id}
        scores = {**pair_scores(gold, said), **(missed(gold, said, built) if explain else {})}
        results[split] = (scores, len(built), time.perf_counter() - started)
    return results


def same_incident(root: Path, record_of: RecordOf) -> dict[str, tuple[dict[str, Any], int, float]]:
    """Airwars source articles: pairs that share an incident, found by linking."""
    docs = [d for d in read_corpus("airwars", root) if d.extra.get("incident_ids")]
    sides = assign(docs)
    docs = [dataclasses.replace(d, split=sides[d.id]) for d in docs]
    results = _rows_by_split(
        docs,
        record_of,
        lambda d: set(d.extra["incident_ids"]),
        INCIDENTS_OF_DOCUMENTS,
        explain=True,
    )
    for split, (scores, _, _) in results.items():
        counts: dict[str, int] = {}
        for doc in docs:
            if doc.split == split:
                for incident in doc.extra["incident_ids"]:
                    counts[incident] = counts.get(incident, 0) + 1
        scores["multi_source_incidents"] = sum(n > 1 for n in counts.values())
    return results


def copy_documents(stories: list[CorpusDocument]) -> list[CorpusDocument]:
    """The stories and their edited copies (stored oldest first, a copy after its original)."""
    docs = list(stories)
    for story in stories:
        for k in range(1, COPIES_PER_STORY + 1):
            docs.append(
                dataclasses.replace(
                    story,
                    id=f"{story.id}~copy{k}",
                    text=edited_copy(story.text, f"{story.id}/{k}"),
                    source=f"{COPY_OUTLET}{k}",
                    title=None,
                    url=None,
                    extra={**story.extra, "copy_of": story.id},
                )
            )
    return docs


def copy_of(root: Path, record_of: RecordOf) -> dict[str, tuple[dict[str, Any], int, float]]:
    """VOA stories with edited copies: pairs in one copy family."""
    stories = list(read_corpus("voa", root))
    sides = assign(stories)
    docs = copy_documents([dataclasses.replace(d, split=sides[d.id]) for d in stories])
    return _rows_by_split(
        docs, record_of, lambda d: {d.extra.get("copy_of", d.id)}, FAMILIES_OF_DOCUMENTS
    )
