"""The one record every real corpus is read into, whatever its own layout.

Corpora differ (news stories, coded incidents with their sources, single sentences,
HTML pages with their true body), but the scoreboard asks the same questions of
each: which events a careful coder found, which places and where they are, which
part of the page is the story. A converter fills what its corpus knows and leaves
the rest ``None`` ("not labelled"), which is different from an empty tuple ("labelled:
there is none").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GoldEvent:
    """One event as a coder recorded it; fields a corpus does not code are ``None``."""

    sub_event_type: str | None = None  # ACLED sub-event type, or a corpus' own label
    event_type: str | None = None  # ACLED event type (the family matched on)
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None  # ACLED 1-3
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int | None = None  # ACLED 1-3
    actor1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    inter2: int | None = None
    fatalities: int | None = None  # ACLED's conservative count
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    claimant_kind: str | None = None
    stance: str | None = None
    span: tuple[int, int] | None = None  # the sentence that reports it, in the document text
    ref: str | None = None  # the corpus' own id for the event (incident code, template id)


@dataclass(frozen=True)
class GoldPlace:
    """A place name in the text with the place annotators meant."""

    start: int
    end: int
    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None
    role: str | None = None  # "event" when it is the event's own location


@dataclass(frozen=True)
class CorpusDocument:
    """A text of a real corpus with whatever gold the corpus carries."""

    corpus: str
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet (host or publisher)
    published: dt.date | None = None
    split: str | None = None  # "dev" or "test" where the corpus or our annotation split it
    html: bytes | None = None  # the page as served, for the cleaner
    body: str | None = None  # the true story text, for the cleaner
    events: tuple[GoldEvent, ...] | None = None
    places: tuple[GoldPlace, ...] | None = None
    label: str | None = None  # a class for the whole text (sentence type, relevance)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """Annotations name this hash: a changed text is reported, never silently mis-scored."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
