"""RSS/Atom feeds: each item is a document. Links are recorded, never followed."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterator

import feedparser

from chronica.errors import InputError
from chronica.ingest.guard import failure, guarded
from chronica.ingest.html import html_record
from chronica.ingest.text import text_blocks
from chronica.model import DateSource, InputFormat, Origin, ReadResult, SourceRecord


def _entry_published(entry: feedparser.FeedParserDict) -> dt.datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(stamp), tz=dt.UTC)


def _entry_record(entry: feedparser.FeedParserDict, origin: Origin, feed_title: str | None, warnings: tuple[str, ...]) -> SourceRecord:
    contents = entry.get("content") or []
    body = contents[0] if contents else {"value": entry.get("summary", ""), "type": entry.get("summary_detail", {}).get("type", "text/html")}
    value = body.get("value") or ""
    if not value.strip():
        raise InputError("empty", "the feed item has no content or summary")
    raw = json.dumps({"title": entry.get("title"), "link": entry.get("link"), "content": value}, ensure_ascii=False).encode()
    published = _entry_published(entry)
    fields = {
        "url": entry.get("link"),
        "title": entry.get("title"),
        "source": feed_title,
        "published": published,
        "published_source": DateSource.INPUT if published else None,
        "warnings": warnings,
    }
    if "html" in (body.get("type") or ""):
        return html_record(value, origin, raw, **fields)
    return SourceRecord(origin=origin, blocks=text_blocks(value), raw=raw, scraped_text=True, **fields)


def feed_records(data: bytes, path: str, warnings: tuple[str, ...] = ()) -> Iterator[ReadResult]:
    parsed = feedparser.parse(data, resolve_relative_uris=False)
    feed_origin = Origin(path, InputFormat.FEED)
    if parsed.bozo and not parsed.entries:
        yield failure(feed_origin, "malformed_feed", f"the feed could not be parsed: {parsed.get('bozo_exception')}", data)
        return
    if not parsed.entries:
        yield failure(feed_origin, "empty", "the feed has no items", data)
        return
    if parsed.bozo:
        warnings += (f"the feed is not well-formed ({parsed.get('bozo_exception')}); items were read leniently",)
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, 1):
        origin = Origin(path, InputFormat.FEED, f"item {number}")
        yield guarded(origin, None, lambda: _entry_record(entry, origin, feed_title, warnings))
