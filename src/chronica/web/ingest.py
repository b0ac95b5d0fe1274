"""``POST /api/documents``: one document in, through the same pipeline and store as ``chronica
ingest``, linked into incidents like any other.

Kept apart from the app so that a read-only server never imports spaCy. A bad document is
answered with the reader's reason and stored as a failure with its bytes, as a batch would.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool

from chronica import __version__
from chronica.errors import InputError
from chronica.ingest.guard import failure
from chronica.ingest.jsonl import record_from_object
from chronica.model import InputFormat, Origin
from chronica.pipeline import build_document
from chronica.store import Store

# one document at a time: the parse is CPU-bound and the store takes one writer
_WRITER = threading.Lock()


def _ingest(db: Path, raw: bytes) -> dict[str, Any]:
    origin = Origin(path="api:POST /api/documents", format=InputFormat.JSONL)
    with _WRITER, Store(db, pipeline_version=__version__) as store:
        try:
            try:
                payload = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise InputError("bad_json", f"the request body is not JSON: {error}") from None
            document = build_document(record_from_object(payload, origin, raw))
        except InputError as error:
            store.add_failure(failure(origin, error.reason, str(error), raw))
            raise HTTPException(422, f"{error.reason}: {error}") from None
        stored = store.add_document(document)
        record = store.get_record(document.id) or {"events": []}
    return {
        "id": document.id,
        "stored": stored,
        "events": [e["id"] for e in record["events"]],
        "url": f"/documents/{document.id}",
    }


async def ingest_json(db: Path, raw: bytes) -> dict[str, Any]:
    """Store one JSON document (in a worker thread: the parse takes a while)."""
    return await run_in_threadpool(_ingest, db, raw)
