"""Readers: paths, folders, globs or stdin → SourceRecords, one failure per bad part.

Nothing here raises on bad input: every problem becomes a ReadFailure with a
message, and reading goes on with the next record or file.
"""

from __future__ import annotations

import glob
import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from chronica.errors import InputError
from chronica.ingest.decode import decode_bytes
from chronica.ingest.detect import GZIP_MAGIC, detect_format, extension_format
from chronica.ingest.feed import feed_records
from chronica.ingest.guard import failure, guarded
from chronica.ingest.html import html_record
from chronica.ingest.jsonl import json_array_records, jsonl_records
from chronica.ingest.text import text_blocks
from chronica.ingest.warc import warc_records
from chronica.model import InputFormat, Origin, ReadFailure, ReadResult, SourceRecord

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
STDIN = "-"
_HEAD = 65536
_GLOB_CHARS = frozenset("*?[")


def expand_paths(paths: Iterable[str]) -> Iterator[str | ReadFailure]:
    """Files named directly, every non-hidden file under a folder, glob matches, or stdin."""
    for raw in paths:
        path = Path(raw)
        if raw == STDIN or path.is_file():
            yield raw
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield ReadFailure(None, raw, "empty_folder", f"{raw}: the folder has no files")
            yield from (str(p) for p in files)
        elif _GLOB_CHARS & set(raw):
            matches = sorted(m for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            if not matches:
                yield ReadFailure(None, raw, "not_found", f"{raw}: no file matches this pattern")
            yield from matches
        else:
            yield ReadFailure(None, raw, "not_found", f"{raw}: no such file or folder")


def read_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    for item in expand_paths(paths):
        if isinstance(item, ReadFailure):
            yield item
        else:
            yield from read_file(item, max_bytes)


def _size_message(size: int, max_bytes: int) -> str:
    return (
        f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit for one document; "
        "split it, or raise the limit with --max-bytes"
    )


def _single_document(fmt: InputFormat, data: bytes, path: str, warnings: list[str]) -> SourceRecord:
    text, decode_warnings = decode_bytes(data)
    warnings = warnings + decode_warnings
    origin = Origin(path, fmt)
    if fmt is InputFormat.HTML:
        return html_record(text, origin, data, warnings=tuple(warnings))
    return SourceRecord(origin=origin, blocks=text_blocks(text), raw=data, warnings=tuple(warnings), scraped_text=True)


def _open(path: str) -> io.BufferedReader:
    """A seekable, peekable stream; stdin is read into memory so archives can rewind."""
    if path == STDIN:
        return io.BufferedReader(io.BytesIO(sys.stdin.buffer.read()))
    return open(path, "rb")  # noqa: SIM115 - closed by the caller's with-block


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    """All records in one file. Containers (JSONL, WARC, feeds) are streamed."""
    name = "<stdin>" if path == STDIN else path
    try:
        handle = _open(path)
    except OSError as exc:
        yield ReadFailure(None, name, "unreadable", f"{name}: {exc.strerror or exc}")
        return
    with handle:
        compressed = handle.peek(2)[:2] == GZIP_MAGIC
        try:
            content: BinaryIO = gzip.GzipFile(fileobj=handle) if compressed else handle
            head = content.peek(_HEAD)[:_HEAD]
        except (EOFError, OSError, zlib.error) as exc:
            yield ReadFailure(Origin(name, InputFormat.TEXT), name, "truncated", f"{name}: the gzip data is damaged ({exc})")
            return
        fmt = detect_format(head)
        warnings = []
        promised = extension_format(name)
        if promised is not None and promised is not fmt:
            warnings.append(f"the file name suggests {promised.value} but the content is {fmt.value}; read as {fmt.value}")
        if fmt is InputFormat.WARC:
            handle.seek(0)  # warcio decompresses member by member itself
            yield from warc_records(handle, name, max_bytes, tuple(warnings))
            return
        if fmt is InputFormat.JSONL and not head.lstrip().startswith(b"["):
            yield from _guard_stream(jsonl_records(content, name, max_bytes, tuple(warnings)), name, fmt)
            return
        limit = max_bytes * 10 if fmt in (InputFormat.FEED, InputFormat.JSONL) else max_bytes
        origin = Origin(name, fmt)
        try:
            data = content.read(limit + 1)
        except (EOFError, OSError, zlib.error) as exc:
            yield failure(origin, "truncated", f"the gzip data is damaged ({exc})")
            return
        if not data.strip():
            yield failure(origin, "empty", "the file is empty")
        elif len(data) > limit:
            yield failure(origin, "too_large", _size_message(_total_size(name, len(data)), limit))
        elif fmt is InputFormat.FEED:
            yield from feed_records(data, name, tuple(warnings))
        elif fmt is InputFormat.JSONL:
            yield from json_array_records(data, name, tuple(warnings))
        else:
            yield guarded(origin, data, lambda: _single_document(fmt, data, name, warnings))


def _total_size(name: str, read: int) -> int:
    try:
        return Path(name).stat().st_size
    except OSError:
        return read


def _guard_stream(results: Iterator[ReadResult], name: str, fmt: InputFormat) -> Iterator[ReadResult]:
    """A stream that breaks part-way (truncated gzip) keeps what it yielded so far."""
    count = 0
    try:
        for result in results:
            count += 1
            yield result
    except (EOFError, OSError, zlib.error) as exc:
        yield failure(Origin(name, fmt), "truncated", f"the data breaks after {count} records ({exc}); those were kept")


__all__ = ["DEFAULT_MAX_BYTES", "InputError", "expand_paths", "read_file", "read_paths"]
