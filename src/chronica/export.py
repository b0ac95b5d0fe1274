"""Documents → JSON-ready dicts and the JSON / JSONL / CSV writers.

One dict shape serves the CLI output, the store's record column and the tests,
so what a user sees is what is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from enum import StrEnum
from typing import Any, TextIO

from chronica import views
from chronica.model import Actor, Claim, Document, Event, Place, PlaceMention, Span

FORMAT_VERSION = "7"


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    ACLED = "acled"  # CSV, one row per event, ACLED column order
    UCDP = "ucdp"  # CSV, one row per organised lethal event, UCDP GED fields
    PLOVER = "plover"  # JSON lines, one PLOVER event per line (statements with their mode)


CSV_COLUMNS = (
    "id", "url", "source", "title", "author", "published", "published_source", "language",
    "origin_path", "origin_locator", "removed_kinds", "places", "warnings", "body",
)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def place_to_dict(place: Place) -> dict[str, Any]:
    return {
        "geonameid": place.geonameid, "name": place.name, "feature_class": place.feature_class,
        "feature_code": place.feature_code, "country": place.country, "admin1": place.admin1,
        "admin2": place.admin2, "lat": place.lat, "lon": place.lon, "population": place.population,
    }


def mention_to_dict(mention: PlaceMention, body: str) -> dict[str, Any]:
    qualifier = mention.qualifier_span
    return {
        "start": mention.span.start, "end": mention.span.end, "text": mention.text,
        "kind": mention.kind, "recognised_by": mention.recognised_by,
        "qualifier": mention.qualifier.value,
        "qualifier_evidence": None if qualifier is None else {"start": qualifier.start, "end": qualifier.end, "text": body[qualifier.start : qualifier.end]},
        "names_actor": mention.names_actor,
        "settlement": mention.settlement,
        "resolved": mention.place is not None,
        "place": None if mention.place is None else place_to_dict(mention.place),
        "score": mention.score,
        "rule": mention.rule,
        "alternatives": [{**place_to_dict(c.place), "score": c.score} for c in mention.alternatives],
    }


def _span(span: Span | None, body: str) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": body[span.start : span.end]}


def actor_to_dict(actor: Actor | None, body: str) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "inter": actor.inter, "country": actor.country, "surface": actor.surface,
            "evidence": _span(actor.span, body), "rule": actor.rule}


def claim_to_dict(claim: Claim, body: str) -> dict[str, Any]:
    return {
        "stance": claim.stance,
        "claimant": {"text": claim.claimant.text, "kind": claim.claimant.kind, "evidence": _span(claim.claimant.span, body)},
        "chain": [{"text": link.text, "kind": link.kind, "evidence": _span(link.span, body)} for link in claim.chain],
        "verb": _span(claim.verb, body), "sentence": _span(claim.sentence, body), "rule": claim.rule,
    }


def _event_place(mention: PlaceMention, role: str) -> dict[str, Any]:
    """One of an event's places; "container" is the known place an unlisted village of the event
    is placed at (its coordinates stand in), listed after the event's own places."""
    return {"start": mention.span.start, "end": mention.span.end, "text": mention.text,
            "role": role, "place": None if mention.place is None else place_to_dict(mention.place)}


def event_to_dict(event: Event, body: str) -> dict[str, Any]:
    location = event.location
    return {
        "id": event.id,
        "sentence": {"start": event.sentence.start, "end": event.sentence.end, "text": body[event.sentence.start : event.sentence.end]},
        "sub_event_type": event.sub_event_type, "event_type": event.event_type, "disorder_type": event.disorder_type,
        "plover_type": event.plover_type, "confidence": event.confidence, "modality": event.modality,
        "location": {
            "places": [_event_place(m, "event") for m in location.mentions]
            + ([_event_place(location.container, "container")] if location.container else []),
            "dateline_place": None if location.dateline is None else place_to_dict(location.dateline),
            "geo_precision": location.geo_precision, "where_prec": location.where_prec, "rule": location.rule,
        },
        "date_start": _iso(event.date_start), "date_end": _iso(event.date_end),
        "time_precision": event.time_precision, "date_prec": event.date_prec,
        "fatalities": event.fatalities, "deaths": {"low": event.deaths_low, "best": event.deaths_best, "high": event.deaths_high},
        "quantities": list(event.quantities),
        "actor1": actor_to_dict(event.actor1, body), "assoc_actor_1": [actor_to_dict(a, body) for a in event.assoc_actor_1],
        "actor2": actor_to_dict(event.actor2, body), "assoc_actor_2": [actor_to_dict(a, body) for a in event.assoc_actor_2],
        "interaction": event.interaction, "civilian_targeting": event.civilian_targeting,
        "claims": [claim_to_dict(c, body) for c in event.claims],
        "event_clarity": event.event_clarity, "grade": event.grade,
        "sentences": [_span(s, body) for s in event.sentences],
        "evidence": [{"field": e.field, "start": e.start, "end": e.end, "text": e.text, "rule": e.rule} for e in event.evidence],
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "id": doc.id,
        "content_hash": doc.content_hash,
        "url": doc.url,
        "source": doc.source,
        "title": doc.title,
        "author": doc.author,
        "published": _iso(doc.published),
        "published_source": doc.published_source.value if doc.published_source else None,
        "language": doc.language,
        "language_score": doc.language_score,
        "origin": {"path": doc.origin.path, "format": doc.origin.format.value, "locator": doc.origin.locator},
        "dateline": None if doc.dateline is None else {
            "text": doc.dateline.text, "place": doc.dateline.place,
            "date_text": doc.dateline.date_text, "agency": doc.dateline.agency,
        },
        "body": doc.body,
        "paragraphs": [{"start": s.start, "end": s.end} for s in doc.paragraphs],
        "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
        "places": [mention_to_dict(m, doc.body) for m in doc.places],
        "events": [event_to_dict(e, doc.body) for e in doc.events],
        "statements": [event_to_dict(e, doc.body) for e in doc.statements],
        "removed": [
            {"kind": p.kind.value, "text": p.text, "rule": p.rule, "position": p.position} for p in doc.removed
        ],
        "warnings": list(doc.warnings),
    }


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    origin = record["origin"]
    flat = {key: record.get(key) for key in CSV_COLUMNS}
    flat.update(
        origin_path=origin["path"],
        origin_locator=origin["locator"],
        removed_kinds=";".join(sorted({part["kind"] for part in record["removed"]})),
        places="; ".join(f"{p['text']} ({p['place']['country']} {p['place']['geonameid']})" if p["resolved"] else f"{p['text']} (unresolved)" for p in record["places"]),
        warnings=" | ".join(record["warnings"]),
    )
    return flat


class Writer:
    """Streams records to ``out`` in one of the output formats; JSON is one array. The coders'
    views (ACLED, UCDP, PLOVER) write one row per event, not per document."""

    def __init__(self, out: TextIO, fmt: OutputFormat):
        self.out, self.fmt, self.count = out, fmt, 0
        self.left_out: Counter[str] = Counter()  # events a coders' table does not hold, by reason
        columns = {OutputFormat.CSV: CSV_COLUMNS, OutputFormat.ACLED: views.ACLED_COLUMNS, OutputFormat.UCDP: views.UCDP_COLUMNS}.get(fmt)
        self._csv = csv.DictWriter(out, fieldnames=columns) if columns else None
        if self._csv:
            self._csv.writeheader()
        elif fmt is OutputFormat.JSON:
            out.write("[")

    def _rows(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        match self.fmt:
            case OutputFormat.ACLED:
                return list(views.acled_rows(record))
            case OutputFormat.UCDP:
                return list(views.ucdp_rows(record))
            case OutputFormat.PLOVER:
                return list(views.plover_events(record))
            case OutputFormat.CSV:
                return [csv_row(record)]
            case _:
                return [record]

    def write(self, record: dict[str, Any]) -> None:
        why_not = {OutputFormat.ACLED: views.acled_left_out, OutputFormat.UCDP: views.ucdp_left_out}.get(self.fmt)
        if why_not:
            self.left_out.update(reason for reason in map(why_not, record["events"]) if reason)
        for row in self._rows(record):
            if self._csv:
                self._csv.writerow(row)
            elif self.fmt in (OutputFormat.JSONL, OutputFormat.PLOVER):
                self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                self.out.write(("," if self.count else "") + "\n" + json.dumps(row, ensure_ascii=False, indent=2))
            self.count += 1

    def close(self) -> None:
        if self.fmt is OutputFormat.JSON:
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()
