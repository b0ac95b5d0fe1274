"""SourceRecord → Document: clean, date, language, parse, places, events, identity.

Every later value points its spans into ``Document.body``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from chronica.clean import Cleaned, clean_blocks, stamp_date
from chronica.dates import day_of, find_dates, parse_when, url_date
from chronica.errors import InputError
from chronica.events import extract_events
from chronica.events.actors import group_names
from chronica.geo import dateline_place, geoparse
from chronica.geo.gazetteer import Gazetteer
from chronica.geo.gazetteer import load as load_gazetteer
from chronica.ingest.decode import repair_mojibake
from chronica.language import detect_language
from chronica.model import DateSource, Document, RemovedKind, SourceRecord, Span
from chronica.nlp import Parsed, parse

PARAGRAPH_SEPARATOR = "\n\n"
MODEL_LANGUAGE = "en"
FOREIGN_CONFIDENCE = 0.9  # below it, a short or mixed text is read as English rather than skipped


def _paragraph_spans(paragraphs: tuple[str, ...]) -> tuple[Span, ...]:
    spans, offset = [], 0
    for paragraph in paragraphs:
        spans.append(Span(offset, offset + len(paragraph)))
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return tuple(spans)


def _latest_past_date(body: str, today: dt.date) -> dt.date | None:
    """A story is published on or after every past date it reports."""
    days = (day_of(m.value) for m in find_dates(body))
    return max((day for day in days if day <= today), default=None)


def _unless_story_is_later(
    stamp: dt.date | None, latest_in_story: dt.date | None
) -> dt.date | None:
    """A stamp older than a date the story itself reports belongs to an old photo or teaser."""
    if stamp is None or (latest_in_story is not None and latest_in_story > day_of(stamp)):
        return None
    return stamp


BYLINE_MAX_WORDS = 40


def _byline_date_shown(record: SourceRecord, cleaned: Cleaned) -> dt.date | None:
    """The date the page prints beside its byline: a stamp line the cleaner read, else the
    byline element the HTML reader took out ("Chris Davies - Nov 19, 2019, 10:31 pm CST")."""
    if cleaned.byline_date:
        return cleaned.byline_date
    for part in record.removed:
        if part.kind is RemovedKind.BYLINE and len(part.text.split()) <= BYLINE_MAX_WORDS:
            day = stamp_date(part.text)
            if day:
                return day
    return None


def document_id(url: str | None, body: str) -> str:
    """Stable across runs and machines: the same story at the same address is the same document."""
    return hashlib.sha256(f"{url or ''}\n{body}".encode()).hexdigest()[:20]


def story(record: SourceRecord) -> tuple[Cleaned, str, tuple[Span, ...]]:
    """The cleaned page, its story body and the body's paragraph spans (what every stage reads)."""
    cleaned = clean_blocks(record.blocks, record.title, scraped_text=record.scraped_text,
                           host_lines=record.host_lines)
    if not cleaned.paragraphs:
        kinds = sorted({part.kind.value for part in cleaned.removed})
        raise InputError(
            "no_story",
            f"no story text is left after cleaning: all {len(record.blocks)} blocks were page furniture ({', '.join(kinds) or 'none'})",
        )
    return cleaned, PARAGRAPH_SEPARATOR.join(cleaned.paragraphs), _paragraph_spans(cleaned.paragraphs)


def repaired(record: SourceRecord) -> SourceRecord:
    """The record with mis-decoded text repaired, and a warning saying how much was."""
    texts, changed = repair_mojibake((*record.blocks, record.title or ""))
    if not changed:
        return record
    warning = f"repaired mis-decoded characters in {changed} block(s) (ftfy)"
    return replace(record, blocks=texts[:-1], title=texts[-1] or None,
                   warnings=(*record.warnings, warning))


def build_document(record: SourceRecord, today: dt.date | None = None, gazetteer: Gazetteer | None = None) -> Document:
    record = repaired(record)
    cleaned, body, paragraphs = story(record)
    dateline_date = parse_when(cleaned.dateline.date_text) if cleaned.dateline and cleaned.dateline.date_text else None
    latest_in_story = _latest_past_date(body, today or dt.date.today())
    near = _unless_story_is_later(cleaned.near_stamp, latest_in_story)
    byline = _byline_date_shown(record, cleaned)
    shown = near or byline
    declared = record.published
    if record.published_source is DateSource.METADATA and shown and day_of(shown) != day_of(declared):
        declared = None  # metadata in UTC, or a modified date: the day the page prints wins
    candidates = (
        (declared, record.published_source),
        (near, DateSource.STAMP),
        (byline, DateSource.BYLINE),
        (dateline_date, DateSource.DATELINE),
        (_unless_story_is_later(cleaned.page_stamp, latest_in_story), DateSource.STAMP),
        (url_date(record.url, today or dt.date.today()), DateSource.URL),
        (latest_in_story, DateSource.TEXT),
    )
    published, published_source = next(((d, s) for d, s in candidates if d is not None), (None, None))
    language, language_score = detect_language(body)
    warnings = record.warnings
    if language not in (None, MODEL_LANGUAGE) and (language_score or 0) >= FOREIGN_CONFIDENCE:
        # the parser, gazetteer cues and event rules read English; on other languages they would invent events
        warnings += (f"the story is in '{language}' (p={language_score}); places and events are read from English text only",)
        parsed = Parsed(())
    else:
        parsed = parse(body, paragraphs)
    gazetteer = gazetteer or load_gazetteer()
    dateline = cleaned.dateline.place if cleaned.dateline else None
    places = geoparse(body, parsed, gazetteer, dateline, group_names(parsed))
    identity = document_id(record.url, body)
    events, statements = extract_events(body, parsed, places, published, gazetteer, identity, record.outlet, dateline_place(dateline, gazetteer))
    return Document(
        id=identity,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        origin=record.origin,
        url=record.url,
        source=record.source,
        title=record.title or cleaned.headline,
        author=record.author or cleaned.author,
        published=published,
        published_source=published_source,
        language=language,
        language_score=language_score,
        body=body,
        paragraphs=paragraphs,
        sentences=parsed.sentences(),
        removed=record.removed + cleaned.removed,
        dateline=cleaned.dateline,
        warnings=warnings,
        raw=record.raw,
        places=places,
        events=events,
        statements=statements,
    )
