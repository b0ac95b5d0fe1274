"""Typed records that cross stage boundaries.

Every offset in these records points into ``Document.body``: later stages
(places, events, claims) store spans into that one string, so the evidence for
any value can always be shown in the text it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit


class InputFormat(StrEnum):
    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    WARC = "warc"
    JSONL = "jsonl"


class RemovedKind(StrEnum):
    """What a piece of page furniture was, so it stays usable as evidence."""

    CAPTION = "caption"
    IMAGE_CREDIT = "image_credit"
    TEASER = "teaser"
    COMMENT_PROMPT = "comment_prompt"
    SHARE_UI = "share_ui"
    FOREIGN_UI = "foreign_ui"
    NAVIGATION = "navigation"
    BYLINE = "byline"
    DATELINE = "dateline"
    HEADLINE = "headline"
    FURNITURE = "furniture"  # not the story by the line model's reading, of no kind a rule names


class DateSource(StrEnum):
    """Where the publication date came from, strongest first."""

    INPUT = "input"  # a field of the input record (feed item, JSONL `published`)
    OPTION = "option"  # given by the user (--published) for inputs that carry no date
    METADATA = "metadata"  # HTML meta tags / structured data
    BYLINE = "byline"  # a "Published 12 April 2024" line near the top
    DATELINE = "dateline"  # "BEIRUT, April 12 (Reuters) -"
    STAMP = "stamp"  # a date stamp line among the story's opening paragraphs
    URL = "url"  # a date in the page's address ("/2021/08/20/")
    TEXT = "text"  # latest explicit past date in the story itself (weakest)


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into ``Document.body``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RemovedPart:
    """A block the cleaner took out of the story, with the rule that decided it.

    ``position`` is the block's index in the page's reading order before
    cleaning, so the original layout can be reconstructed for display.
    """

    kind: RemovedKind
    text: str
    rule: str
    position: int | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str
    place: str | None
    date_text: str | None
    agency: str | None


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was read from: enough to find the bytes again."""

    path: str
    format: InputFormat
    locator: str | None = None  # "line 12", "item 3", "record at byte 5120"


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One document as a reader found it, before cleaning.

    ``blocks`` are the candidate paragraphs in reading order; ``removed`` holds
    furniture a reader could already identify from markup (figcaption, nav...).
    """

    origin: Origin
    blocks: tuple[str, ...]
    raw: bytes
    url: str | None = None
    title: str | None = None
    author: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_source: DateSource | None = None
    removed: tuple[RemovedPart, ...] = ()
    warnings: tuple[str, ...] = ()
    # lines of already-flattened text (a scrape, a paste): furniture sits among them as plain
    # lines, so where a line stands on the page counts; HTML-extracted blocks do not need that
    scraped_text: bool = False
    # lines (in clean.line_key form) that earlier pages of the same host in this batch also
    # carried: a line a site prints on every page is its furniture, not this story
    host_lines: frozenset[str] = frozenset()

    @property
    def outlet(self) -> str | None:
        """Who published it: the outlet the input names, else the host of its address."""
        return self.source or (urlsplit(self.url).hostname if self.url else None)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input (or one record inside it) that could not become a document.

    The raw bytes are kept when they are small enough, so nothing is lost and
    the record can be re-processed after a fix.
    """

    origin: Origin | None
    path: str
    reason: str  # short machine-readable kind, e.g. "empty", "binary", "invalid_json"
    message: str  # what a person needs to know to fix it
    raw: bytes | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input part that is deliberately not a document (e.g. a WARC image)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry (GeoNames ids, codes and names)."""

    geonameid: int
    name: str
    feature_class: str  # GeoNames class: A admin, P populated place, T, H, S, L, V
    feature_code: str  # PCLI, ADM1, ADM2, PPL, PPLC, DSRT, ...
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # name of the first-order division containing it
    admin2: str | None
    lat: float
    lon: float
    population: int


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    score: float


class Qualifier(StrEnum):
    """How a sentence places something relative to a named place."""

    AT = "at"  # "in X", "X" on its own
    NEAR = "near"  # "near X", "outskirts of X", "10 km from X"
    AREA = "area"  # "the countryside of X", "east of X", "X Desert": a fuzzy area around X
    PART = "part"  # "northern X", "the east of X": a part of X, not all of it
    BETWEEN = "between"  # "between X and Y"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the story, resolved or not.

    ``place`` is None when no gazetteer entry was convincing; the span is kept
    so an unresolved name is reported, never dropped.
    """

    span: Span
    text: str
    # "toponym"; "site", a named site in a town ("the Heart Hospital"); or "demonym" ("Syrian"
    # names a country, not where something happened)
    kind: str
    recognised_by: str  # e.g. "ner:GPE", "ner:ORG+gazetteer", "gazetteer+cue"
    qualifier: Qualifier
    qualifier_span: Span | None
    place: Place | None
    score: float
    rule: str  # the evidence that decided the resolution
    alternatives: tuple[Candidate, ...] = ()
    names_actor: bool = False  # "Iran-backed", "a Beirut-based monitor": names who, not where
    # the text calls it a village or town ("the village of X", "X town"), or a site in one
    settlement: bool = False


@dataclass(frozen=True, slots=True)
class EventLocation:
    """Where an event happened: the mention(s) chosen and the coders' precision codes."""

    mentions: tuple[PlaceMention, ...]
    geo_precision: int | None  # ACLED 1-3
    where_prec: int | None  # UCDP GED 1-7
    rule: str
    dateline: Place | None = None  # when no sentence names the place, the dateline's (its text is in ``removed``)
    # a village the gazetteer lacks is placed at the known place the sentence puts it in or near
    # ("the village of Tel al-Laban, west of Tel Tamr"): its coordinates stand in, coarser
    container: PlaceMention | None = None

    @property
    def place(self) -> Place | None:
        """The gazetteer entry the event is placed at: its first resolved mention, else the
        container of an unlisted village, else the dateline's place."""
        found = next((m.place for m in self.mentions if m.place is not None), None)
        if found is None and self.container is not None:
            found = self.container.place
        return found if found is not None else self.dateline


@dataclass(frozen=True, slots=True)
class Evidence:
    """The text span behind one field of an event, and what produced it."""

    field: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Actor:
    """One side of an event, normalised to the registry's canonical name; the surface form is kept."""

    name: str  # "Military Forces of Turkey", "Islamic State", "Civilians (Syria)"
    inter: int | None  # ACLED actor type 1-8; None for an organisation the registry does not know
    country: str | None  # ISO alpha-2 of the state or group's home
    surface: str  # the words in the text ("Turkish drones"); "" when inferred from the event type
    span: Span | None  # None when inferred
    rule: str


@dataclass(frozen=True, slots=True)
class ClaimSource:
    """One link of an attribution chain: who passed the report on, and what kind of source it is."""

    text: str
    kind: str  # party, official, state_media, independent_media, ngo_un, activists, witness, medical, anonymous, outlet, unknown
    span: Span | None  # None for the publishing outlet, known from metadata


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says the event happened, and how. ``chain`` runs outward-in: the publishing outlet first,
    the original informant last."""

    stance: str  # asserted, alleged, denied, claimed_responsibility, acknowledged, no_comment
    chain: tuple[ClaimSource, ...]
    verb: Span | None  # the reporting word ("said", "according to"); None when the outlet reports directly
    sentence: Span
    rule: str

    @property
    def claimant(self) -> ClaimSource:
        return self.chain[-1]


@dataclass(frozen=True, slots=True)
class Event:
    """One reported event (or, when ``modality`` is not "asserted", a reported claim of one)."""

    id: str
    sentence: Span
    sub_event_type: str
    event_type: str
    disorder_type: str | None
    plover_type: str | None
    confidence: float
    # asserted; for statements: negated, denied, future, hypothetical, or (the incident model's
    # reasons) background, series, generic, not_violence, fragment
    modality: str
    location: EventLocation
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: int | None  # ACLED 1-3
    date_prec: int | None  # UCDP 1-5
    fatalities: int  # ACLED conservative count
    deaths_low: int
    deaths_best: int
    deaths_high: int
    quantities: tuple[dict, ...]  # the raw counts: kind, low, best, high, counted, span, rule
    evidence: tuple[Evidence, ...]
    actor1: Actor | None = None
    assoc_actor_1: tuple[Actor, ...] = ()
    actor2: Actor | None = None
    assoc_actor_2: tuple[Actor, ...] = ()
    interaction: int | None = None  # ACLED: the two inter codes, lower first; one-sided 10, 20, ...
    civilian_targeting: bool = False
    claims: tuple[Claim, ...] = ()
    event_clarity: int = 1  # UCDP: 1 one identifiable event, 2 an aggregate or summary report
    grade: str | None = None  # Airwars-style: Confirmed, Fair, Weak, Contested
    sentences: tuple[Span, ...] = ()  # every sentence merged into this event, the first being ``sentence``


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    content_hash: str
    origin: Origin
    url: str | None
    source: str | None
    title: str | None
    author: str | None
    published: dt.date | None  # a datetime when the time of day is known
    published_source: DateSource | None
    language: str | None
    language_score: float | None
    body: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    removed: tuple[RemovedPart, ...]
    dateline: Dateline | None
    warnings: tuple[str, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    events: tuple[Event, ...] = ()
    statements: tuple[Event, ...] = ()  # threats, plans, hypotheticals, unanswered denials: claims, not events
    raw: bytes = field(default=b"", repr=False, compare=False)

    def text_of(self, span: Span) -> str:
        return self.body[span.start : span.end]


ReadResult = SourceRecord | ReadFailure | Skipped
