"""What an event page shows: each coded value beside the words behind it, and the story text cut
into pieces so that every evidence span can be marked where it stands.

Pure functions from stored records to plain data the templates lay out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from chronica.views import event_place

# the colour family of each evidence field on the page (CSS class ``ev-<family>``)
FIELD_FAMILIES = {
    "sub_event_type": "type",
    "incident": "sentence",
    "actor1": "actor1",
    "actor2": "actor2",
    "location": "place",
    "date": "date",
    "claimant": "claimant",
}
FIELD_LABELS = {
    "sub_event_type": "event type",
    "incident": "event sentence",
    "actor1": "actor 1",
    "actor2": "actor 2",
    "location": "place",
    "date": "date",
    "claimant": "claimant",
}


def family(field_name: str) -> str:
    """``quantity:killed`` and its kin are counts; unknown fields share one neutral colour."""
    if field_name.startswith("quantity:"):
        return "count"
    return FIELD_FAMILIES.get(field_name, "other")


def label(field_name: str) -> str:
    if field_name.startswith("quantity:"):
        return field_name.split(":", 1)[1] + " (count)"
    return FIELD_LABELS.get(field_name, field_name.replace("_", " "))


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    field: str
    text: str
    rule: str


@dataclass(slots=True)
class Piece:
    """A run of story text and the evidence fields that cover all of it (none: plain text)."""

    text: str
    fields: list[str] = field(default_factory=list)

    @property
    def families(self) -> list[str]:
        return sorted({family(f) for f in self.fields})


def event_spans(event: dict[str, Any]) -> list[Span]:
    """Every evidence span of an event, in text order."""
    spans = [
        Span(e["start"], e["end"], e["field"], e["text"], e["rule"]) for e in event["evidence"]
    ]
    return sorted(spans, key=lambda s: (s.start, -s.end, s.field))


def pieces(text: str, spans: list[Span]) -> list[Piece]:
    """``text`` cut at every span boundary; overlapping spans (a date inside a quoted claim)
    both cover the piece they share. Spans outside the text are ignored, not fatal."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    found = []
    for start, end in pairwise(cuts):
        covering = sorted({s.field for s in valid if s.start <= start and end <= s.end})
        found.append(Piece(text[start:end], covering))
    return found


def _actor(actor: dict[str, Any] | None) -> str | None:
    return None if actor is None else actor["name"]


def _place(event: dict[str, Any]) -> str | None:
    place = event_place(event)
    if place is None:
        return None
    where = ", ".join(p for p in (place["name"], place.get("admin1"), place["country"]) if p)
    precision = event["location"]["geo_precision"]
    return f"{where} ({place['lat']:.4f}, {place['lon']:.4f}; precision {precision})"


def _date(event: dict[str, Any]) -> str | None:
    start, end = event["date_start"], event["date_end"]
    if not start:
        return None
    day = start if start == end else f"{start} to {end}"
    return f"{day} (precision {event['time_precision']})"


def _count(event: dict[str, Any], kind: str) -> str | None:
    found = [q for q in event["quantities"] if q["kind"] == kind]
    if not found:
        return None

    def bound(value: int | None) -> str:
        return "open" if value is None else str(value)

    return "; ".join(
        f"{q['text']} {q['counted'] or ''} (low {bound(q['low'])}, best "
        f"{bound(q['best'])}, high {bound(q['high'])})".replace("  ", " ")
        for q in found
    )


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One coded value on the event page, with the spans and rules behind it."""

    name: str
    label: str
    family: str
    value: str | None
    spans: list[Span]
    rule: str | None = None


def field_rows(event: dict[str, Any]) -> list[FieldRow]:
    """The event's values in coding order, each with its evidence spans; values without a span
    (the dateline's place, a type inferred from a whole sentence) say which rule set them."""
    spans = event_spans(event)

    def row(name: str, value: str | None, rule: str | None = None) -> FieldRow:
        backing = [s for s in spans if s.field == name]
        said = rule if rule and all(s.rule != rule for s in backing) else None
        return FieldRow(name, label(name), family(name), value, backing, said)

    actor1, actor2 = event["actor1"], event["actor2"]
    rows = [
        row("sub_event_type", f"{event['event_type']} / {event['sub_event_type']}"),
        row("actor1", _actor(actor1), actor1 and actor1.get("rule")),
        row("actor2", _actor(actor2), actor2 and actor2.get("rule")),
        row("location", _place(event), event["location"].get("rule")),
        row("date", _date(event)),
    ]
    kinds = sorted({q["kind"] for q in event["quantities"]})
    rows += [row(f"quantity:{kind}", _count(event, kind)) for kind in kinds]
    claimants = "; ".join(
        f"{c['claimant']['text']} ({c['claimant']['kind']}, {c['stance']})" for c in event["claims"]
    )
    rows.append(row("claimant", claimants or None))
    listed = {r.name for r in rows}
    others = [s.field for s in spans if s.field not in listed]
    rows += [row(name, f"{others.count(name)} span(s)") for name in dict.fromkeys(others)]
    return rows
