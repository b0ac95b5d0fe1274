"""The SQLite store: documents, removed parts, failures, events with their evidence and claims.

Each document is written in its own transaction, so a crash mid-batch leaves
every earlier document whole and none half-written. Schema changes are
numbered migrations applied in order and recorded in ``PRAGMA user_version``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from chronica.export import document_to_dict
from chronica.incidents.ledger import Ledger, placeholders
from chronica.model import Document, ReadFailure
from chronica.views import event_place

ENV_DB = "CHRONICA_DB"

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        url TEXT,
        source TEXT,
        title TEXT,
        author TEXT,
        published TEXT,
        published_source TEXT,
        language TEXT,
        origin_path TEXT NOT NULL,
        origin_format TEXT NOT NULL,
        origin_locator TEXT,
        body TEXT NOT NULL,
        record TEXT NOT NULL,           -- the full JSON record, as `chronica extract` prints it
        raw BLOB,                       -- zlib-compressed input bytes, kept for re-processing
        pipeline_version TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_published ON documents(published);

    CREATE TABLE removed_parts (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        rule TEXT NOT NULL,
        position INTEGER,
        text TEXT NOT NULL
    );
    CREATE INDEX removed_parts_document ON removed_parts(document_id);

    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        event_type TEXT,
        sub_event_type TEXT,
        date_start TEXT,
        date_end TEXT,
        record TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX events_document ON events(document_id);

    CREATE TABLE evidence_spans (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        rule TEXT NOT NULL
    );
    CREATE INDEX evidence_spans_event ON evidence_spans(event_id);

    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        locator TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        message TEXT NOT NULL,
        raw BLOB,
        raw_sha256 TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        UNIQUE (path, locator, raw_sha256)
    );
    """,
    # 2: who did what to whom, how many died, how sure: queryable without opening the record; claims with their chains
    """
    ALTER TABLE events ADD COLUMN actor1 TEXT;
    ALTER TABLE events ADD COLUMN actor2 TEXT;
    ALTER TABLE events ADD COLUMN interaction INTEGER;
    ALTER TABLE events ADD COLUMN country TEXT;
    ALTER TABLE events ADD COLUMN fatalities INTEGER;
    ALTER TABLE events ADD COLUMN grade TEXT;
    CREATE INDEX events_actor1 ON events(actor1);
    CREATE INDEX events_country_date ON events(country, date_start);

    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        stance TEXT NOT NULL,
        claimant TEXT NOT NULL,
        kind TEXT NOT NULL,
        chain TEXT NOT NULL
    );
    CREATE INDEX claims_event ON claims(event_id);
    """,
    # 3: incidents across articles: copy families, linked reports, reconciled values, revisions
    """
    CREATE TABLE document_copies (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        family TEXT NOT NULL,           -- the first stored document of its copy family
        copy_of TEXT,                   -- the stored document it copies most closely
        containment REAL,               -- share of the shorter body's 5-word shingles in the other
        signature BLOB NOT NULL,        -- MinHash of the body's shingles (64 x uint64)
        shingles INTEGER NOT NULL       -- how many shingles the body has
    );
    CREATE INDEX document_copies_family ON document_copies(family);

    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        date_start TEXT,
        date_end TEXT,
        country TEXT,
        sub_event_type TEXT,
        fatalities INTEGER,
        grade TEXT,
        documents INTEGER NOT NULL,
        independent_sources INTEGER NOT NULL,
        span_start TEXT,                -- the earliest day any report allows (candidate search)
        span_end TEXT,                  -- the latest
        record TEXT NOT NULL,           -- reconciled values with the reports behind each
        merged_into TEXT,               -- set when a later report showed it is another's part
        opened_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX incidents_span_end ON incidents(span_end);  -- news arrives roughly in order:
                                                             -- recent incidents are the few
                                                             -- whose span ends after a day

    CREATE TABLE incident_reports (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL,
        family TEXT NOT NULL,
        score REAL,
        linked_by TEXT NOT NULL,        -- JSON list of the reasons for the link
        report TEXT NOT NULL,           -- the report as compared (JSON)
        position INTEGER NOT NULL       -- order of linking
    );
    CREATE INDEX incident_reports_incident ON incident_reports(incident_id);
    CREATE INDEX incident_reports_family ON incident_reports(family);

    CREATE TABLE incident_revisions (
        id INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,             -- opened, linked, changed, merged, split
        field TEXT,
        old TEXT,
        new TEXT,
        document_id TEXT,
        published TEXT,                 -- the publication day of the document behind it
        note TEXT,
        at TEXT NOT NULL
    );
    CREATE INDEX incident_revisions_incident ON incident_revisions(incident_id);
    """,
    # 4: where each event is, queryable for the map (bounding boxes, clusters) without its record
    """
    ALTER TABLE events ADD COLUMN place TEXT;
    ALTER TABLE events ADD COLUMN admin1 TEXT;
    ALTER TABLE events ADD COLUMN lat REAL;
    ALTER TABLE events ADD COLUMN lon REAL;
    ALTER TABLE events ADD COLUMN geo_precision INTEGER;
    CREATE INDEX events_date ON events(date_start);
    -- covers the map's queries (clusters, timeline, counts in a view) so that they read this
    -- index, not the table's rows with their large JSON records
    CREATE INDEX events_map ON events(date_start, country, event_type, sub_event_type, grade,
                                      lat, lon, fatalities, id);
    """,
)


# which evidence fields back each reconciled value of an incident
VALUE_EVIDENCE = {
    "date": ("date",),
    "place": ("location",),
    "sub_event_type": ("sub_event_type",),
    "actor1": ("actor1",),
    "actor2": ("actor2",),
    "deaths": ("quantity:killed",),
}


def default_db_path() -> Path:
    """``$CHRONICA_DB`` if set, else chronica.db in the user's data folder."""
    configured = os.environ.get(ENV_DB)
    return Path(configured) if configured else Path(user_data_dir("chronica")) / "chronica.db"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _place_columns(event: dict[str, Any]) -> tuple[Any, ...]:
    """(country, place, admin1, lat, lon, geo_precision) of an event, for the events table."""
    place = event_place(event)
    if place is None:
        return None, None, None, None, None, None
    return (place["country"], place["name"], place["admin1"], place["lat"], place["lon"],
            event["location"].get("geo_precision"))


def _backfill_places(db: sqlite3.Connection) -> None:
    """Fill migration 4's place columns of the events stored before it."""
    rows = db.execute("SELECT id, record FROM events").fetchall()
    db.executemany(
        "UPDATE events SET place = ?, admin1 = ?, lat = ?, lon = ?, geo_precision = ? WHERE id = ?",
        [(*_place_columns(json.loads(record))[1:], event_id) for event_id, record in rows])


# Python steps run inside a migration's transaction, after its script
BACKFILLS = {4: _backfill_places}


def _country_and_since(country: str | None, since: str | None, day: str) -> tuple[list[str], list[str]]:
    """WHERE conditions and their values for a country code and a first day (``day``: the
    column or expression compared with it)."""
    where, values = [], []
    if country:
        where.append("country = ?")
        values.append(country.upper())
    if since:
        where.append(f"{day} >= ?")
        values.append(since)
    return where, values


def _pack(raw: bytes | None) -> bytes | None:
    return zlib.compress(raw) if raw else None


class Store:
    def __init__(self, path: Path | str, pipeline_version: str = "unknown",
                 handed_over: bool = False):
        """``handed_over``: the store may be opened on one thread and used on another, one at
        a time (a web request's dependency and its handler run on different worker threads)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.pipeline_version = pipeline_version
        self.db = sqlite3.connect(self.path, isolation_level=None,  # explicit BEGIN/COMMIT below
                                  check_same_thread=not handed_over)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        self._ledger: Ledger | None = None

    @property
    def ledger(self) -> Ledger:
        """The incident linker, with the copy index of the stored bodies (loaded on first use)."""
        if self._ledger is None:
            self._ledger = Ledger(self.db)
        return self._ledger

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise RuntimeError(
                f"{self.path} has schema version {current}, newer than this chronica ({len(MIGRATIONS)}); upgrade chronica"
            )
        for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
            self.db.executescript(f"BEGIN; {script};")
            try:
                if version in BACKFILLS:
                    BACKFILLS[version](self.db)
                self.db.execute(f"PRAGMA user_version = {version}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def add_document(self, doc: Document, link: bool = True) -> bool:
        """Store ``doc`` with its removed parts, events and their evidence, then (``link``)
        link its events into incidents; False if it was already stored."""
        return self.add_record(document_to_dict(doc), doc.raw, link)

    def add_record(self, record: dict[str, Any], raw: bytes | None = None, link: bool = True) -> bool:
        """``add_document`` for a document already turned into its JSON record (as
        ``chronica extract`` prints it), with the input bytes when they are to be kept."""
        origin = record["origin"]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            inserted = self.db.execute(
                """INSERT OR IGNORE INTO documents (id, content_hash, url, source, title, author, published,
                   published_source, language, origin_path, origin_format, origin_locator, body, record, raw,
                   pipeline_version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    record["id"], record["content_hash"], record["url"], record["source"], record["title"],
                    record["author"], record["published"], record["published_source"], record["language"],
                    origin["path"], origin["format"], origin["locator"], record["body"],
                    json.dumps(record, ensure_ascii=False), _pack(raw), self.pipeline_version, _now(),
                ),
            ).rowcount
            if inserted:
                self._add_parts(record)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        if inserted and link:
            self.ledger.add(record["id"])
        return bool(inserted)

    def _add_parts(self, record: dict[str, Any]) -> None:
        """The removed parts, events, claims and evidence spans of a newly stored record."""
        doc_id, events = record["id"], record["events"]
        self.db.executemany(
            "INSERT INTO removed_parts (document_id, kind, rule, position, text) VALUES (?,?,?,?,?)",
            [(doc_id, p["kind"], p["rule"], p["position"], p["text"]) for p in record["removed"]],
        )
        now = _now()
        self.db.executemany(
            """INSERT INTO events (id, document_id, event_type, sub_event_type, date_start, date_end, record,
               created_at, actor1, actor2, interaction, fatalities, grade, country, place, admin1, lat,
               lon, geo_precision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [(e["id"], doc_id, e["event_type"], e["sub_event_type"], e["date_start"], e["date_end"],
              json.dumps(e, ensure_ascii=False), now, (e["actor1"] or {}).get("name"),
              (e["actor2"] or {}).get("name"), e["interaction"], e["fatalities"], e["grade"],
              *_place_columns(e))
             for e in events],
        )
        self.db.executemany(
            "INSERT INTO claims (event_id, position, stance, claimant, kind, chain) VALUES (?,?,?,?,?,?)",
            [(e["id"], i, c["stance"], c["claimant"]["text"], c["claimant"]["kind"],
              json.dumps(c["chain"], ensure_ascii=False))
             for e in events for i, c in enumerate(e["claims"])],
        )
        self.db.executemany(
            "INSERT INTO evidence_spans (event_id, field, start, end, text, rule) VALUES (?,?,?,?,?,?)",
            [(e["id"], v["field"], v["start"], v["end"], v["text"], v["rule"])
             for e in events for v in e["evidence"]],
        )

    def add_failure(self, failure: ReadFailure) -> None:
        """Record a failed input with its bytes; the same failure again only bumps its count."""
        locator = failure.origin.locator if failure.origin and failure.origin.locator else ""
        digest = hashlib.sha256(failure.raw).hexdigest() if failure.raw else ""
        now = _now()
        self.db.execute(
            """INSERT INTO failures (path, locator, reason, message, raw, raw_sha256, first_seen, last_seen)
               VALUES (?,?,?,?,?,?,?,?)
               ON CONFLICT (path, locator, raw_sha256) DO UPDATE SET
                 attempts = attempts + 1, last_seen = excluded.last_seen,
                 reason = excluded.reason, message = excluded.message""",
            (failure.path, locator, failure.reason, failure.message, _pack(failure.raw), digest, now, now),
        )

    def list_documents(self, limit: int = 50, offset: int = 0) -> list[sqlite3.Row]:
        return self.db.execute(
            """SELECT id, published, source, title, language, length(body) AS chars, origin_path
               FROM documents ORDER BY published DESC, id LIMIT ? OFFSET ?""",
            (limit, offset),
        ).fetchall()

    def find_documents(self, id_prefix: str) -> list[str]:
        pattern = id_prefix.replace("%", "").replace("_", "") + "%"
        return [row[0] for row in self.db.execute("SELECT id FROM documents WHERE id LIKE ? LIMIT 5", (pattern,))]

    def get_record(self, doc_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_raw(self, doc_id: str) -> bytes | None:
        row = self.db.execute("SELECT raw FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return zlib.decompress(row[0]) if row and row[0] else None

    def records(self) -> Iterator[dict[str, Any]]:
        """Every stored document's record, oldest publication first (for exporting a view of the store)."""
        for (record,) in self.db.execute("SELECT record FROM documents ORDER BY published, id"):
            yield json.loads(record)

    def list_events(self, country: str | None = None, since: str | None = None, actor: str | None = None, limit: int = 100) -> list[sqlite3.Row]:
        """Stored events, newest first, filtered by country code, first day and a part of an actor's name."""
        where, values = _country_and_since(country, since, "date_start")
        if actor:
            where.append("(actor1 LIKE ? OR actor2 LIKE ?)")
            values += [f"%{actor}%"] * 2
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self.db.execute(
            f"""SELECT id, events.document_id, date_start, sub_event_type, actor1, actor2, country,
                fatalities, grade, incident_reports.incident_id AS incident
                FROM events LEFT JOIN incident_reports ON incident_reports.event_id = events.id
                {clause} ORDER BY date_start DESC, id LIMIT ?""", (*values, limit)).fetchall()

    def list_incidents(self, country: str | None = None, since: str | None = None,
                       limit: int | None = 100) -> list[sqlite3.Row]:
        """Incidents, newest first, by country code and the day they last reach."""
        where, values = _country_and_since(country, since, "coalesce(date_end, span_end)")
        clause = f"WHERE {' AND '.join(['merged_into IS NULL', *where])}"
        return self.db.execute(
            f"""SELECT id, date_start, date_end, country, sub_event_type, fatalities, grade,
                documents, independent_sources, record FROM incidents {clause}
                ORDER BY coalesce(date_start, span_start) DESC, id LIMIT ?""",
            (*values, -1 if limit is None else limit)).fetchall()

    def find_incidents(self, id_prefix: str) -> list[str]:
        pattern = id_prefix.replace("%", "").replace("_", "") + "%"
        return [row[0] for row in self.db.execute("SELECT id FROM incidents WHERE id LIKE ? LIMIT 5", (pattern,))]

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """The incident's reconciled values, its reports (each with the link's reasons) and its
        revision log."""
        row = self.db.execute(
            "SELECT record, merged_into FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            return None
        reports = [{"event_id": r["event_id"], "document_id": r["document_id"], "family": r["family"],
                    "score": r["score"], "linked_by": json.loads(r["linked_by"]), "report": json.loads(r["report"])}
                   for r in self.db.execute("SELECT * FROM incident_reports WHERE incident_id = ? ORDER BY position",
                                            (incident_id,))]
        revisions = [dict(r) for r in self.db.execute(
            """SELECT kind, field, old, new, document_id, published, note, at FROM incident_revisions
               WHERE incident_id = ? ORDER BY id""", (incident_id,))]
        values = json.loads(row[0])
        for name, fields in VALUE_EVIDENCE.items():
            backing = values[name]
            backing["spans"] = self._spans(backing["reports"], fields) if backing["reports"] else []
        return {"id": incident_id, "merged_into": row[1], **values, "linked": reports,
                "revisions": revisions}

    def _spans(self, event_ids: list[str], fields: tuple[str, ...]) -> list[dict[str, Any]]:
        """The evidence spans of ``fields`` in the given events, with their documents."""
        rows = self.db.execute(
            f"""SELECT e.document_id, s.event_id, s.field, s.start, s.end, s.text, s.rule
                FROM evidence_spans s JOIN events e ON e.id = s.event_id
                WHERE s.event_id IN ({placeholders(event_ids)})
                AND s.field IN ({placeholders(fields)}) ORDER BY s.id""",
            (*event_ids, *fields))
        return [dict(r) for r in rows]

    def event_records(self, event_ids: list[str]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
        """``{event id: (event record, its document's record)}``."""
        found = {}
        for event_id, event, document in self.db.execute(
                f"""SELECT e.id, e.record, d.record FROM events e JOIN documents d ON d.id = e.document_id
                    WHERE e.id IN ({placeholders(event_ids)})""", event_ids):
            found[event_id] = (json.loads(event), json.loads(document))
        return found

    def list_failures(self, limit: int = 50) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT path, locator, reason, message, attempts, last_seen FROM failures ORDER BY last_seen DESC, id LIMIT ?",
            (limit,),
        ).fetchall()

    def counts(self) -> dict[str, int]:
        tables = ("documents", "removed_parts", "events", "claims", "failures", "incidents")
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
