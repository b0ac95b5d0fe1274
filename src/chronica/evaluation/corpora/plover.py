"""PLOVER gold-standard example sentences (OEDA), one document per sentence labelled by its event.

The Open Event Data Alliance wrote these 322 sentences (taken from CAMEO's manual) as the
reference examples of PLOVER's 18 event classes, each with its mode (PLOVER's subtype, such
as ``explosives`` or ``demo-org``), context, source and target actors with their CAMEO-style
codes and, for some, place, size and deaths. They are examples chosen to show a class, not a
sample of the news, so they score sentence classification (``label``) rather than whole
records: ``events`` stays unlabelled, and the file is a development reference only (all dev).
A sentence coded for two events appears twice, once per label. The file's "DOCUMENT" records
describe the file itself and are skipped. One id is given to two different sentences
(``PLOVER-GSR01-COERCE-0004``); the second keeps it with ``#2`` appended, so ids stay unique.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chronica.errors import InputError
from chronica.evaluation.corpora._io import need
from chronica.evaluation.corpora.records import CorpusDocument

FILE = "plover/PLOVER_GSR_CAMEO.txt"


def actors(value: Any) -> list[dict[str, str | None]]:
    """Source or target actors; the file writes "no actor" as a missing key, null or ""."""
    if not isinstance(value, list):
        return []
    return [
        {"text": a.get("actorText"), "code": a.get("code"), "sector": a.get("sector")}
        for a in value
        if isinstance(a, dict)
    ]


def records(path: Path) -> list[dict[str, Any]]:
    try:
        found = json.loads(need(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError("bad_corpus", f"{path}: not JSON ({error.msg})") from None
    if not isinstance(found, list):
        raise InputError("bad_corpus", f"{path}: expected a JSON array of records")
    return found


def read(root: Path) -> Iterator[CorpusDocument]:
    seen: Counter[str] = Counter()
    for record in records(root / FILE):
        if record.get("event") == "DOCUMENT":
            continue
        if not all(record.get(key) for key in ("id", "text", "event")):
            missing = f"record {record.get('id')!r} lacks its id, text or event"
            raise InputError("bad_corpus", f"{root / FILE}: {missing}")
        place = record.get("eventLoc") or {}
        seen[record["id"]] += 1
        repeat = seen[record["id"]]
        yield CorpusDocument(
            corpus="plover", id=record["id"] + (f"#{repeat}" if repeat > 1 else ""),
            text=record["text"], split="dev",
            label=record["event"],
            extra={
                "mode": record.get("mode") or None,
                "context": record.get("context") or None,
                "event_text": record.get("eventText"),
                "source_actors": actors(record.get("source")),
                "target_actors": actors(record.get("target")),
                "location": place.get("name"), "location_country": place.get("country code"),
                "size": record.get("size"), "dead": record.get("dead"),
                "injured": record.get("injured"),
            },
        )
