"""Links each stored document's events into incidents, keeping every decision and revision.

Runs against the store after a document is written, in its own transaction: the document's
copy family first (the earlier stored bodies it copies), then each event as a report,
scored against the incidents whose days it could share or that hold a copy of it. The best
link above the threshold joins that incident; otherwise the report opens one. Changed
headline values (toll, date, place, grade, independent sources) go to the revision log with
the document behind them; nothing is overwritten silently. ``relink`` rebuilds it all from
the stored records and says which incidents merged or split.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from chronica.incidents import Report, report_from_dict, report_of, report_to_dict
from chronica.incidents.copies import (
    CopyIndex,
    copies_among,
    from_bytes,
    shingles,
    signature,
    to_bytes,
)
from chronica.incidents.link import Decision, decide
from chronica.incidents.reconcile import changes, reconcile

SEARCH_SLACK = dt.timedelta(days=2)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def placeholders(values: list[str] | tuple[str, ...]) -> str:
    """The ``?,?,?`` of an SQL ``IN (...)`` over ``values``."""
    return ",".join("?" * len(values))


def _compatible(these: list[Report], those: list[Report]) -> bool:
    """Two incidents may become one when no report of either forbids the other's (another
    day, province, kind) and they share no document."""
    return all(not decide(report, those).vetoed for report in these)


def _regrouped(one: dict[str, str], other: dict[str, str]) -> dict[str, set[str]]:
    """For each incident of grouping ``one`` (event -> incident), the incidents of ``other``
    its events ended up in."""
    groups: dict[str, set[str]] = {}
    for event, incident in one.items():
        if event in other:
            groups.setdefault(incident, set()).add(other[event])
    return groups


def incident_id(first_event_id: str) -> str:
    """Stable: the id of the report that opened the incident decides it, so a relink that
    groups the same reports gives the same ids."""
    return "inc-" + hashlib.sha256(first_event_id.encode()).hexdigest()[:12]


@dataclass
class Tally:
    """What linking did: incidents opened, reports linked, incidents merged, revisions written,
    copies found."""

    documents: int = 0
    opened: int = 0
    linked: int = 0
    merged: int = 0
    revisions: int = 0
    copies: int = 0

    def add(self, other: Tally) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RelinkSummary:
    incidents_before: int
    incidents_after: int
    reports_moved: int
    merged: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


class Ledger:
    """The incident tables of one store, with the copy index of its bodies in memory."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._load_index()

    def _load_index(self) -> None:
        self.index = CopyIndex()
        for doc_id, packed, size in self.db.execute(
            "SELECT document_id, signature, shingles FROM document_copies"
        ):
            self.index.add(doc_id, from_bytes(packed), size)
        self.position = self.db.execute(
            "SELECT coalesce(max(position), 0) FROM incident_reports"
        ).fetchone()[0]

    def pending(self) -> list[str]:
        """Stored documents not linked yet (stored by an older chronica, or cut off mid-way)."""
        return [
            row[0]
            for row in self.db.execute(
                """SELECT id FROM documents
                   WHERE id NOT IN (SELECT document_id FROM document_copies) ORDER BY rowid"""
            )
        ]

    def add(self, document_id: str) -> Tally:
        """Link one stored document's events; one transaction, so a crash leaves it pending."""
        row = self.db.execute(
            "SELECT record FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no stored document {document_id}")
        record = json.loads(row[0])
        tally = Tally(documents=1)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            family = self._family(record, tally)
            for event in record["events"]:
                tally.add(self.link(report_of(event, record, family)))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._load_index()
            raise
        return tally

    def _family(self, record: dict[str, Any], tally: Tally) -> str:
        grams = shingles(record["body"])
        sketch = signature(grams)
        candidates = [c for c in self.index.candidates(sketch, len(grams)) if c != record["id"]]
        bodies = (
            {
                doc_id: shingles(body)
                for doc_id, body in self.db.execute(
                    f"SELECT id, body FROM documents WHERE id IN ({placeholders(candidates)})",
                    candidates,
                )
            }
            if candidates
            else {}
        )
        matches = copies_among(grams, bodies)
        family, copy_of, share = record["id"], None, None
        if matches:
            copy_of, share = matches[0].document_id, matches[0].containment
            family = self.db.execute(
                "SELECT family FROM document_copies WHERE document_id = ?", (copy_of,)
            ).fetchone()[0]
            tally.copies += 1
        self.db.execute(
            "INSERT INTO document_copies VALUES (?,?,?,?,?,?)",
            (record["id"], family, copy_of, share, to_bytes(sketch), len(grams)),
        )
        self.index.add(record["id"], sketch, len(grams))
        return family

    def _candidates(self, report: Report) -> list[str]:
        found = {
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT incident_id FROM incident_reports WHERE family = ?",
                (report.family,),
            )
        }
        if report.date_start is not None:  # undated reports meet only their copies: one town
            country = report.place["country"] if report.place else None  # is hit on many days
            found.update(
                row[0]
                for row in self.db.execute(
                    """SELECT id FROM incidents WHERE span_end >= ? AND span_start <= ?
                   AND merged_into IS NULL AND (country = ? OR country IS NULL OR ? IS NULL)""",
                    (
                        (report.date_start - SEARCH_SLACK).isoformat(),
                        (report.date_end + SEARCH_SLACK).isoformat(),
                        country,
                        country,
                    ),
                )
            )
        return sorted(found)

    def members(self, incident: str) -> list[Report]:
        return [
            report_from_dict(json.loads(row[0]))
            for row in self.db.execute(
                "SELECT report FROM incident_reports WHERE incident_id = ? ORDER BY position",
                (incident,),
            )
        ]

    def link(self, report: Report) -> Tally:
        """Link one report (the caller holds the transaction): join the best incident it fits,
        merging in any other it also fits whose reports fit that one, or open a new incident."""
        tally = Tally()
        fitting: list[tuple[Decision, str, list[Report]]] = []
        for incident in self._candidates(report):
            members = self.members(incident)
            decision = decide(report, members)
            if decision.links:
                fitting.append((decision, incident, members))
        if not fitting:
            self._open(report, tally)
            return tally
        fitting.sort(key=lambda found: (-found[0].score, found[1]))
        decision, incident, members = fitting[0]
        before = json.loads(
            self.db.execute("SELECT record FROM incidents WHERE id = ?", (incident,)).fetchone()[0]
        )
        for _, other, other_members in fitting[1:]:
            if _compatible(other_members, members):
                self._merge(other, incident, report)
                members = [*members, *other_members]
                tally.merged += 1
        self._add_report(incident, report, decision.score, list(decision.reasons))
        after = reconcile([*members, report])
        self._write(incident, [*members, report], after, opened=False)
        self._revise(
            incident,
            "linked",
            report,
            note=f"score {decision.score}: " + "; ".join(decision.reasons),
        )
        for name, old, new in changes(before, after):
            self._revise(incident, "changed", report, name, old, new)
            tally.revisions += 1
        tally.linked += 1
        return tally

    def _merge(self, absorbed: str, into: str, bridge: Report) -> None:
        """Move ``absorbed``'s reports into ``into``; the absorbed id stays, pointing to it."""
        self.db.execute(
            "UPDATE incident_reports SET incident_id = ? WHERE incident_id = ?", (into, absorbed)
        )
        self.db.execute(
            "UPDATE incidents SET merged_into = ?, updated_at = ? WHERE id = ?",
            (into, _now(), absorbed),
        )
        why = f"a report of {bridge.document_id} fits both"
        self._revise(into, "merged", bridge, note=f"merged in {absorbed}: {why}")
        self._revise(absorbed, "merged", bridge, note=f"merged into {into}: {why}")

    def _open(self, report: Report, tally: Tally) -> None:
        incident = incident_id(report.event_id)
        self._write(incident, [report], reconcile([report]), opened=True)
        self._add_report(incident, report, None, ["opened the incident"])
        self._revise(incident, "opened", report)
        tally.opened += 1

    def _add_report(
        self, incident: str, report: Report, score: float | None, reasons: list[str]
    ) -> None:
        self.position += 1
        self.db.execute(
            "INSERT INTO incident_reports VALUES (?,?,?,?,?,?,?,?)",
            (
                report.event_id,
                incident,
                report.document_id,
                report.family,
                score,
                json.dumps(reasons),
                json.dumps(report_to_dict(report)),
                self.position,
            ),
        )

    def _write(
        self, incident: str, reports: list[Report], values: dict[str, Any], opened: bool
    ) -> None:
        starts = [r.date_start for r in reports if r.date_start]
        ends = [r.date_end for r in reports if r.date_end]
        row = (
            values["date"]["start"],
            values["date"]["end"],
            values["country"],
            values["sub_event_type"]["value"],
            values["deaths"]["acled"],
            values["grade"],
            len(values["documents"]),
            values["independent_sources"],
            min(starts).isoformat() if starts else None,
            max(ends).isoformat() if ends else None,
            json.dumps(values, ensure_ascii=False, default=str),
            _now(),
        )
        if opened:
            self.db.execute(
                """INSERT INTO incidents (date_start, date_end, country, sub_event_type, fatalities,
                   grade, documents, independent_sources, span_start, span_end, record, updated_at,
                   opened_at, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (*row, _now(), incident),
            )
        else:
            self.db.execute(
                """UPDATE incidents SET date_start=?, date_end=?, country=?, sub_event_type=?,
                   fatalities=?, grade=?, documents=?, independent_sources=?, span_start=?,
                   span_end=?, record=?, updated_at=? WHERE id=?""",
                (*row, incident),
            )

    def _revise(
        self,
        incident: str,
        kind: str,
        report: Report | None,
        name: str | None = None,
        old: Any = None,
        new: Any = None,
        note: str | None = None,
    ) -> None:
        self.db.execute(
            """INSERT INTO incident_revisions (incident_id, kind, field, old, new, document_id,
               published, note, at) VALUES (?,?,?,?,?,?,?,?,?)""",
            (
                incident,
                kind,
                name,
                None if old is None else str(old),
                None if new is None else str(new),
                report.document_id if report else None,
                report.published.isoformat() if report and report.published else None,
                note,
                _now(),
            ),
        )

    def link_pending(
        self, progress: Callable[[int, int], None] = lambda done, total: None
    ) -> Tally:
        tally = Tally()
        waiting = self.pending()
        for done, document_id in enumerate(waiting, start=1):
            tally.add(self.add(document_id))
            progress(done, len(waiting))
        return tally

    def relink(
        self, progress: Callable[[int, int], None] = lambda done, total: None
    ) -> RelinkSummary:
        """Rebuild every incident from the stored records, in the order documents were stored,
        and record which incidents merged or split compared with before."""
        before = dict(
            self.db.execute("SELECT event_id, incident_id FROM incident_reports").fetchall()
        )
        count_before = len(set(before.values()))
        self.db.execute("BEGIN IMMEDIATE")
        for table in ("incident_revisions", "incident_reports", "incidents", "document_copies"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("COMMIT")
        self._load_index()
        tally = self.link_pending(progress)
        after = dict(
            self.db.execute("SELECT event_id, incident_id FROM incident_reports").fetchall()
        )
        summary = RelinkSummary(
            count_before,
            len(set(after.values())),
            sum(before.get(e) not in (None, i) for e, i in after.items()),
            tally=tally,
        )
        self._log_regrouping(before, after, summary)
        return summary

    def _log_regrouping(
        self, before: dict[str, str], after: dict[str, str], summary: RelinkSummary
    ) -> None:
        old_groups, new_groups = _regrouped(before, after), _regrouped(after, before)
        self.db.execute("BEGIN IMMEDIATE")
        for old, news in sorted(old_groups.items()):
            if len(news) > 1:
                summary.split.append(old)
                for new in sorted(news):
                    self._revise(
                        new,
                        "split",
                        None,
                        note=f"relink: {old} split into {', '.join(sorted(news))}",
                    )
        for new, olds in sorted(new_groups.items()):
            if len(olds) > 1:
                summary.merged.append(new)
                self._revise(new, "merged", None, note=f"relink: merged {', '.join(sorted(olds))}")
        self.db.execute("COMMIT")
