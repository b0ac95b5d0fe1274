"""The store on a real SQLite file: dedup, failures, crash consistency, migrations."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from chronica.batch import run
from chronica.model import Document, ReadFailure
from chronica.store import MIGRATIONS, Store
from conftest import EXAMPLES, FIXTURES


def docs_and_failures(*paths):
    _, outcomes = run([str(p) for p in paths])
    results = list(outcomes)
    return [r for r in results if isinstance(r, Document)], [r for r in results if isinstance(r, ReadFailure)]


def test_documents_and_removed_parts_round_trip(tmp_path):
    (doc,), _ = docs_and_failures(EXAMPLES / "levant-post-depots.html")
    with Store(tmp_path / "c.db") as store:
        assert store.add_document(doc) is True
        record = store.get_record(doc.id)
        assert record["body"] == doc.body and record["published"] == "2024-04-12T09:30:00+03:00"
        assert store.get_raw(doc.id) == doc.raw
        parts = store.db.execute("SELECT kind, text FROM removed_parts WHERE document_id = ?", (doc.id,)).fetchall()
        assert len(parts) == len(doc.removed)
        assert ("caption", "Smoke rises over the outskirts of Idlib on March 3, 2019. Photo: Omar Kassem/AFP") in [tuple(p) for p in parts]


def test_reingest_is_a_no_op(tmp_path):
    docs, _ = docs_and_failures(FIXTURES / "feed.xml", EXAMPLES)
    path = tmp_path / "c.db"
    with Store(path) as store:
        assert all(store.add_document(d) for d in docs)
    again, _ = docs_and_failures(FIXTURES / "feed.xml", EXAMPLES)
    with Store(path) as store:
        assert not any(store.add_document(d) for d in again)
        counts = store.counts()
    assert counts["documents"] == len(docs)
    assert counts["removed_parts"] == sum(len(d.removed) for d in docs)


def test_failures_keep_bytes_and_count_repeats(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"text": "ok but short"\n')
    _, failures = docs_and_failures(tmp_path / "bad.jsonl")
    with Store(tmp_path / "c.db") as store:
        store.add_failure(failures[0])
        store.add_failure(failures[0])
        (row,) = store.list_failures()
        raw = store.db.execute("SELECT raw FROM failures").fetchone()[0]
    assert row["attempts"] == 2 and row["reason"] == "invalid_json" and row["locator"] == "line 1"
    assert zlib.decompress(raw) == b'{"text": "ok but short"\n'


def test_a_crash_mid_document_leaves_earlier_documents_whole(tmp_path):
    docs, _ = docs_and_failures(FIXTURES / "feed.xml")
    first, second = docs
    path = tmp_path / "c.db"
    with Store(path) as store:
        store.add_document(first)
        broken = Document(**{**{f: getattr(second, f) for f in second.__dataclass_fields__}, "removed": (None,)})
        with pytest.raises(AttributeError):
            store.add_document(broken)  # fails after the documents row was inserted
    with Store(path) as store:
        assert store.counts()["documents"] == 1
        assert store.get_record(first.id) is not None and store.get_record(second.id) is None
        assert store.add_document(second) is True


def test_schema_migrates_and_refuses_a_newer_store(tmp_path):
    path = tmp_path / "c.db"
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    with pytest.raises(RuntimeError, match="newer than this chronica"):
        Store(path)


def test_ingest_stores_events_with_their_evidence(tmp_path):
    db = tmp_path / "events.db"
    with Store(db, pipeline_version="test") as store:
        for outcome in run([str(EXAMPLES / "levant-post-depots.html")])[1]:
            assert isinstance(outcome, Document)
            store.add_document(outcome)
            expected = len(outcome.events)
        assert store.counts()["events"] == expected > 0
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT e.sub_event_type, s.field, s.start, s.end, s.text, d.body FROM evidence_spans s JOIN events e ON e.id = s.event_id JOIN documents d ON d.id = e.document_id").fetchall()
    assert rows and all(body[start:end] == text for _, _, start, end, text, body in rows)
    actors = conn.execute("SELECT actor1, country, fatalities, grade FROM events ORDER BY date_start").fetchall()
    assert actors[-1] == ("Military Forces of Syria", "SY", 4, "Confirmed")  # the ministry in Damascus reports its own strike
    claims = conn.execute("SELECT c.stance, c.kind, c.chain FROM claims c JOIN events e ON e.id = c.event_id WHERE e.fatalities = 4 ORDER BY c.position").fetchall()
    assert [(stance, kind) for stance, kind, _ in claims] == [("asserted", "anonymous"), ("asserted", "party")]
    assert [link["kind"] for link in json.loads(claims[0][2])] == ["outlet", "anonymous"]
