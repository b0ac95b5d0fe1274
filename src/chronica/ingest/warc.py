"""WARC / WARC.gz archives: HTML responses become documents; everything else is skipped."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from chronica.ingest.decode import decode_bytes
from chronica.ingest.guard import failure, guarded
from chronica.ingest.html import html_record
from chronica.model import InputFormat, Origin, ReadResult, Skipped, SourceRecord

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _html_response(body: bytes, origin: Origin, url: str, declared: str | None, warnings: tuple[str, ...]) -> SourceRecord:
    text, decode_warnings = decode_bytes(body, declared)
    return html_record(text, origin, body, url=url, warnings=warnings + tuple(decode_warnings))


def _cut_short(record: ArcWarcRecord) -> bool:
    """The record ends before its declared length (or its header is cut): the file stops here.
    Meaningful once the record's content has been read to its end."""
    return record.length is None or bool(getattr(record.raw_stream, "limit", 0))


def _unread_tail(stream: BinaryIO, records: ArchiveIterator) -> bool:
    """Bytes after the last record that warcio could parse: a record cut inside its header."""
    stream.seek(records.get_record_offset() + records.get_record_length())
    return bool(stream.read(4096).strip())


def _break_offset(records: ArchiveIterator) -> int:
    """Where the record that broke starts (the last one warcio began); 0 when it cannot tell."""
    try:
        return records.get_record_offset() or 0
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError):
        return 0


def _tail(stream: BinaryIO, offset: int, max_bytes: int) -> bytes | None:
    """The archive's bytes from the break on (compressed as in the file), kept with the failure."""
    try:
        stream.seek(offset)
        return stream.read(max_bytes) or None
    except (OSError, ValueError):
        return None


def warc_records(stream: BinaryIO, path: str, max_bytes: int, warnings: tuple[str, ...] = ()) -> Iterator[ReadResult]:
    records = ArchiveIterator(stream)
    documents = 0
    record = None
    try:
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            content_type = record.http_headers.get_header("Content-Type") or ""
            status = record.http_headers.get_statuscode() or ""
            if not content_type.lower().startswith(_HTML_TYPES):
                yield Skipped(path, f"{url}: {content_type or 'untyped'} response is not HTML")
                continue
            if not status.startswith("2"):
                yield Skipped(path, f"{url}: HTTP status {status}")
                continue
            body = record.content_stream().read(max_bytes + 1)
            # warcio computes the offset by reading past the record: only after the body is read
            origin = Origin(path, InputFormat.WARC, f"record at byte {records.get_record_offset()} ({url})")
            if len(body) > max_bytes:
                yield failure(origin, "too_large", f"the page is over the {max_bytes:,}-byte limit for one document")
                continue
            if _cut_short(record):
                break
            documents += 1
            yield guarded(origin, body, lambda: _html_response(body, origin, url, _charset(content_type), warnings))
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        cause = f"{type(exc).__name__}: {exc}"
    else:
        if record is None:
            cause = "no complete record was found"
        elif _cut_short(record) or _unread_tail(stream, records):
            cause = "the last record is incomplete"
        else:
            return
    start = _break_offset(records)
    yield failure(
        Origin(path, InputFormat.WARC, f"from byte {start}"),
        "truncated",
        f"the archive breaks after {documents} HTML responses were read ({cause}); those before the break were kept, the bytes after it are attached",
        _tail(stream, start, max_bytes),
    )
