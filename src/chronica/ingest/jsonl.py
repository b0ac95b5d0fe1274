"""JSON Lines (or a JSON array) of records with `text` or `html` and optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from chronica.dates import parse_when
from chronica.errors import InputError
from chronica.ingest.guard import failure, guarded
from chronica.ingest.html import html_record
from chronica.ingest.text import text_blocks
from chronica.model import DateSource, InputFormat, Origin, ReadResult, SourceRecord

_OPTIONAL_STRINGS = ("url", "title", "source", "published")


def record_from_object(obj: Any, origin: Origin, raw: bytes, warnings: tuple[str, ...] = ()) -> SourceRecord:
    if not isinstance(obj, dict):
        raise InputError("not_object", f"expected a JSON object, found {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError("no_text", "the record has no 'text' or 'html' string field")
    for key in _OPTIONAL_STRINGS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError("bad_field", f"field '{key}' must be a string, found {type(obj[key]).__name__}")
    notes = list(warnings)
    published = parse_when(obj["published"]) if obj.get("published") else None
    if obj.get("published") and published is None:
        notes.append(f"ignored 'published' value {obj['published']!r}: not a date")
    fields = {
        "url": obj.get("url"),
        "title": obj.get("title"),
        "source": obj.get("source"),
        "published": published,
        "published_source": DateSource.INPUT if published else None,
    }
    if isinstance(html, str) and html.strip():
        return html_record(html, origin, raw, warnings=tuple(notes), **fields)
    if not isinstance(text, str) or not text.strip():
        raise InputError("empty", "the record's 'text' field is empty")
    return SourceRecord(origin=origin, blocks=text_blocks(text), raw=raw, warnings=tuple(notes), scraped_text=True, **fields)


def jsonl_records(lines: Iterable[bytes], path: str, max_bytes: int, warnings: tuple[str, ...] = ()) -> Iterator[ReadResult]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        origin = Origin(path, InputFormat.JSONL, f"line {number}")
        if len(line) > max_bytes:
            yield failure(origin, "too_large", f"{len(line):,} bytes, over the {max_bytes:,}-byte limit for one document")
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            detail = f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield failure(origin, "invalid_json", f"not valid JSON: {detail}", line)
            continue
        yield guarded(origin, line, lambda: record_from_object(obj, origin, line, warnings))


def json_array_records(data: bytes, path: str, warnings: tuple[str, ...] = ()) -> Iterator[ReadResult]:
    try:
        items = json.loads(data)
    except ValueError as exc:
        yield failure(Origin(path, InputFormat.JSONL), "invalid_json", f"not valid JSON: {exc}", data)
        return
    if not isinstance(items, list):
        items = [items]
    for number, obj in enumerate(items, 1):
        origin = Origin(path, InputFormat.JSONL, f"element {number}")
        raw = json.dumps(obj, ensure_ascii=False).encode()
        yield guarded(origin, raw, lambda: record_from_object(obj, origin, raw, warnings))
