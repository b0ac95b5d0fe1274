"""Decide an input's format from its first bytes; the extension is only a tie-breaker."""

from __future__ import annotations

import re

from chronica.model import InputFormat

GZIP_MAGIC = b"\x1f\x8b"
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(p|div|article|section|h1|span)[\s>]", re.I)
_EXTENSIONS = {
    ".txt": InputFormat.TEXT,
    ".html": InputFormat.HTML,
    ".htm": InputFormat.HTML,
    ".xml": InputFormat.FEED,
    ".rss": InputFormat.FEED,
    ".atom": InputFormat.FEED,
    ".warc": InputFormat.WARC,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
    ".json": InputFormat.JSONL,
}


def _first_json_line(head: bytes) -> bool:
    """JSON records start with a brace (or an array bracket); prose and markup never do."""
    first = next((line.strip() for line in head.splitlines() if line.strip()), b"")
    return first.startswith((b"{", b"["))


def detect_format(head: bytes) -> InputFormat:
    """``head`` is the start of the (decompressed) content."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return InputFormat.WARC
    if _first_json_line(stripped):
        return InputFormat.JSONL
    probe = stripped[:4096]
    if _FEED_ROOT.search(probe) and not re.match(rb"<!doctype\s+html|<html", probe, re.I):
        return InputFormat.FEED
    if _HTML_MARKERS.search(probe):
        return InputFormat.HTML
    return InputFormat.TEXT


def extension_format(name: str) -> InputFormat | None:
    """The format a file name promises, used only to warn when content disagrees."""
    lowered = name.lower().removesuffix(".gz")
    for extension, fmt in _EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    return None
