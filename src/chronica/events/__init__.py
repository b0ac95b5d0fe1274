"""Events: which sentences report one, of what kind, where, when, how many — each value with its span."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict

from chronica.events.classify import classify_sentence
from chronica.events.quantities import acled_fatalities, find_quantities, ucdp_deaths
from chronica.events.taxonomy import BY_NAME
from chronica.events.timing import resolve_time
from chronica.geo.locate import event_location
from chronica.model import Event, Evidence, PlaceMention, Span
from chronica.nlp import Parsed


def extract_events(body: str, parsed: Parsed, places: tuple[PlaceMention, ...], published: dt.date | None, document_id: str = "") -> tuple[Event, ...]:
    """One event per sentence that reports political violence, a demonstration or a strategic
    development; sentences about disasters, crime, diplomacy or background yield none."""
    events = []
    day = published.date() if isinstance(published, dt.datetime) else published
    for offset, doc in parsed.paragraphs:
        for sentence in doc.sents:
            kind = classify_sentence(sentence, offset)  # cue offsets are paragraph-relative
            if not BY_NAME[kind.label].political_violence:
                continue
            span = Span(offset + sentence.start_char, offset + sentence.end_char)
            text = body[span.start : span.end]
            evidence = [Evidence("sub_event_type", c.start, c.end, c.text, kind.rule) for c in kind.evidence]
            location = event_location((span,), places, parsed)
            evidence += [Evidence("location", m.span.start, m.span.end, m.text, location.rule) for m in location.mentions]
            when = resolve_time(text, day, span.start) if day else None
            if when:
                evidence.append(Evidence("date", when.span_start, when.span_end, when.text, when.rule))
            quantities = find_quantities(sentence, offset)
            evidence += [Evidence(f"quantity:{q.kind}", q.start, q.end, q.text, q.rule) for q in quantities]
            low, best, high = ucdp_deaths(quantities)
            kind_info = BY_NAME[kind.label]
            events.append(Event(
                id=hashlib.sha256(f"{document_id}:{span.start}:{kind.label}".encode()).hexdigest()[:16],
                sentence=span, sub_event_type=kind.label, event_type=kind_info.event_type, disorder_type=kind_info.disorder,
                plover_type=kind_info.plover, confidence=kind.confidence, modality=kind.modality, location=location,
                date_start=when.start if when else day, date_end=when.end if when else day,
                time_precision=when.acled_precision if when else None, date_prec=when.ucdp_precision if when else None,
                fatalities=acled_fatalities(quantities), deaths_low=low, deaths_best=best, deaths_high=high,
                quantities=tuple(asdict(q) for q in quantities), evidence=tuple(evidence),
            ))
    return tuple(events)
