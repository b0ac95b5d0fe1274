"""Pure scoring functions for the real-corpus scoreboard: events, fields, body text, places.

An event predicted by chronica matches a gold event when, as the scoreboard promises,
their ACLED event type (the sub-event family), their place (admin1 where both name one,
else the country) and their date intervals agree — intervals may miss each other by
``DATE_SLACK_DAYS``, since a night raid is dated either side of midnight. Pairs are
matched one to one, best first. Fields are then checked on matched pairs only, each over
the gold events that code that field (admin1 is part of the match, so it is not a field).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from unidecode import unidecode

from chronica.clean import split_dateline
from chronica.evaluation.corpora.records import GoldEvent
from chronica.geo.distance import km
from chronica.geo.gazetteer import Gazetteer
from chronica.views import acled_codable, event_place

DATE_SLACK_DAYS = 1
ORGANISED_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
POINT_KM = 25
FIELDS = (
    "sub_event_type",
    "actor1",
    "actor2",
    "actor_types",
    "point_25km",
    "date",
    "fatalities_exact",
    "fatalities_in_range",
    "claimant_kind",
    "stance",
)
_DIVISION_WORDS = re.compile(
    r"\b(governorate|province|state|region|oblast|county|district|department|muhafazat|"
    r"wilayah|prefecture|territory)\b"
)
_ARTICLE = re.compile(r"^(al|el|ar|as|ad|ash|at|az|an|ad)[ -]")
_WORD = re.compile(r"\w+")
_PERIOD = re.compile(r"\s*\(\d{4}-(\d{4})?\)$")


@dataclass(frozen=True)
class Predicted:
    """The fields of one of chronica's events that the scoreboard compares."""

    event_type: str
    sub_event_type: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    start: dt.date | None
    end: dt.date | None
    actor1: str
    inter1: int | None
    actor2: str
    inter2: int | None
    fatalities: int
    claimant_kind: str | None
    stance: str | None
    sentence: str


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def predicted_events(record: dict[str, Any]) -> list[Predicted]:
    """The events chronica would put in its ACLED table: a day/week/month and a place."""
    found = []
    for event in filter(acled_codable, record["events"]):
        place = event_place(event) or {}
        claim = (event["claims"] or [{}])[0]
        actor1, actor2 = event["actor1"] or {}, event["actor2"] or {}
        found.append(
            Predicted(
                event["event_type"],
                event["sub_event_type"],
                place.get("country"),
                place.get("admin1"),
                place.get("lat"),
                place.get("lon"),
                _day(event["date_start"]),
                _day(event["date_end"] or event["date_start"]),
                actor1.get("name", ""),
                actor1.get("inter"),
                actor2.get("name", ""),
                actor2.get("inter"),
                event["fatalities"],
                (claim.get("claimant") or {}).get("kind"),
                claim.get("stance"),
                event["sentence"]["text"],
            )
        )
    return found


def as_predicted(event: GoldEvent) -> Predicted:
    """A second annotator's event in the shape of a prediction, to score agreement the same way."""
    return Predicted(
        event.event_type or "",
        event.sub_event_type or "",
        event.country,
        event.admin1,
        event.lat,
        event.lon,
        event.date_start,
        event.date_end or event.date_start,
        event.actor1 or "",
        event.inter1,
        event.actor2 or "",
        event.inter2,
        event.fatalities or 0,
        event.claimant_kind,
        event.stance,
        "",
    )


def division_key(name: str | None) -> str:
    """'Al-Hasakah Governorate' and 'Hasakah' meet; accents, articles and kind words go."""
    text = _DIVISION_WORDS.sub(" ", unidecode(name or "").lower())
    text = _ARTICLE.sub("", text.strip())
    return re.sub(r"[^a-z]", "", text)


def same_division(gold: str | None, predicted: str | None) -> bool:
    a, b = division_key(gold), division_key(predicted)
    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= 85)


@dataclass(frozen=True)
class Divisions:
    """First-order divisions compared as the gazetteer knows them when one is given: "Deir
    ez-Zor" and "Dayr az Zawr", "Rif Dimashq" and "Damascus Countryside" are one governorate
    that spelling alone cannot join. A name the gazetteer does not hold is compared by spelling."""

    gazetteer: Gazetteer | None = None

    def _adm1(self, country: str | None, name: str | None) -> int | None:
        if self.gazetteer is None or not country or not name:
            return None
        return next((p.geonameid for p, _ in self.gazetteer.by_name(name)
                     if p.feature_code == "ADM1" and p.country == country), None)

    def same(self, country: str | None, gold: str | None, predicted: str | None) -> bool:
        a, b = self._adm1(country, gold), self._adm1(country, predicted)
        if a is not None and b is not None:
            return a == b
        return same_division(gold, predicted)


BY_SPELLING = Divisions()


def actor_key(name: str | None) -> str:
    """ACLED's regime period ('(2000-)') and spelling differences do not make another actor."""
    return re.sub(r"[^a-z0-9]", "", unidecode(_PERIOD.sub("", name or "")).lower())


def _overlap(gold: GoldEvent, event: Predicted) -> bool:
    if gold.date_start is None or event.start is None or event.end is None:
        return False
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    return (
        event.start - slack <= (gold.date_end or gold.date_start)
        and gold.date_start <= event.end + slack
    )


def _place_agrees(gold: GoldEvent, event: Predicted, divisions: Divisions) -> bool:
    if gold.country and event.country and gold.country != event.country:
        return False
    if gold.admin1 and event.admin1:
        return divisions.same(gold.country or event.country, gold.admin1, event.admin1)
    return bool(gold.country) and gold.country == event.country and not gold.admin1


def _family_agrees(gold: GoldEvent, event: Predicted) -> bool:
    """Same ACLED event type; a corpus without one (UCDP) takes any organised violence."""
    if gold.event_type is None:
        return event.event_type in ORGANISED_VIOLENCE
    return gold.event_type == event.event_type


def matches(gold: GoldEvent, event: Predicted, divisions: Divisions = BY_SPELLING) -> bool:
    return (_family_agrees(gold, event) and _place_agrees(gold, event, divisions)
            and _overlap(gold, event))


def _closeness(gold: GoldEvent, event: Predicted) -> tuple[bool, bool, int]:
    days = abs((event.start - gold.date_start).days) if event.start and gold.date_start else 99
    return gold.sub_event_type == event.sub_event_type, bool(gold.admin1 and event.admin1), -days


def pair(
    golds: list[GoldEvent], events: list[Predicted], divisions: Divisions = BY_SPELLING
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) matches, the closest candidates first."""
    candidates = sorted(
        (
            (g, p)
            for g, gold in enumerate(golds)
            for p, event in enumerate(events)
            if matches(gold, event, divisions)
        ),
        key=lambda gp: _closeness(golds[gp[0]], events[gp[1]]),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return pairs


def _actors(gold: GoldEvent, event: Predicted) -> tuple[bool | None, bool | None]:
    """Each side right or wrong; None where the annotator left it empty (unknown, not "none")."""
    wanted = [actor_key(gold.actor1), actor_key(gold.actor2)]
    got = [actor_key(event.actor1), actor_key(event.actor2)]
    if gold.event_type == "Battles" and all(wanted):  # a battle's order is free
        both = sorted(wanted) == sorted(got)
        return both, both
    return tuple(w == g if w else None for w, g in zip(wanted, got, strict=True))  # type: ignore[return-value]


def field_checks(gold: GoldEvent, event: Predicted) -> dict[str, bool | None]:
    """Each field right or wrong; None where the gold does not code it."""
    actor1, actor2 = _actors(gold, event)
    types = None
    if gold.inter1 is not None:
        types = sorted([gold.inter1, gold.inter2 or 0]) == sorted(
            [event.inter1 or 0, event.inter2 or 0]
        )
    point = None
    if gold.lat is not None and gold.lon is not None:
        point = event.lat is not None and km(gold.lat, gold.lon, event.lat, event.lon) <= POINT_KM
    in_range = None
    if gold.fatalities_low is not None:
        high = gold.fatalities_high if gold.fatalities_high is not None else gold.fatalities_low
        in_range = gold.fatalities_low <= event.fatalities <= high
    return {
        "sub_event_type": gold.sub_event_type == event.sub_event_type if gold.event_type else None,
        "actor1": actor1,
        "actor2": actor2,
        "actor_types": types,
        "point_25km": point,
        "date": event.start == gold.date_start and event.end == (gold.date_end or gold.date_start)
        if gold.date_start
        else None,
        "fatalities_exact": gold.fatalities == event.fatalities
        if gold.fatalities is not None
        else None,
        "fatalities_in_range": in_range,
        "claimant_kind": gold.claimant_kind == event.claimant_kind if gold.claimant_kind else None,
        "stance": gold.stance == event.stance if gold.stance else None,
    }


@dataclass
class EventTally:
    """Counts over many documents: events found, matched, and each field right of those checked."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    empty_gold_docs: int = 0
    empty_gold_docs_with_events: int = 0
    failed: int = 0
    right: Counter = field(default_factory=Counter)
    checked: Counter = field(default_factory=Counter)
    divisions: Divisions = BY_SPELLING

    def add(self, golds: list[GoldEvent], events: list[Predicted]) -> list[str]:
        """Tally one document; returns what went wrong, for the error listing."""
        self.documents += 1
        self.gold += len(golds)
        self.predicted += len(events)
        if not golds:
            self.empty_gold_docs += 1
            self.empty_gold_docs_with_events += bool(events)
        pairs = pair(golds, events, self.divisions)
        self.matched += len(pairs)
        errors = []
        for g, p in pairs:
            for name, ok in field_checks(golds[g], events[p]).items():
                if ok is None:
                    continue
                self.checked[name] += 1
                self.right[name] += ok
                if not ok:
                    errors.append(
                        f"{name}: gold {_shown(golds[g], name)} / got {_shown(events[p], name)}"
                    )
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        errors += [
            f"missed: {_describe(golds[g])}" for g in range(len(golds)) if g not in matched_gold
        ]
        errors += [
            f"spurious: {e.sub_event_type}, {e.admin1 or e.country}, {e.start} «{e.sentence[:90]}»"
            for p, e in enumerate(events)
            if p not in matched_pred
        ]
        return errors

    def row(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else None
        recall = self.matched / self.gold if self.gold else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        return {
            "documents": self.documents,
            "failed": self.failed,
            "gold_events": self.gold,
            "predicted_events": self.predicted,
            "matched": self.matched,
            "precision": rounded(precision),
            "recall": rounded(recall),
            "f1": rounded(f1),
            "no_event_docs": self.empty_gold_docs,
            "no_event_docs_with_events": self.empty_gold_docs_with_events,
            "fields": {
                name: {
                    "accuracy": rounded(self.right[name] / self.checked[name]),
                    "n": self.checked[name],
                }
                for name in FIELDS
                if self.checked[name]
            },
        }


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


_SHOWN = {
    "actor1": "actor1",
    "actor2": "actor2",
    "claimant_kind": "claimant_kind",
    "stance": "stance",
    "sub_event_type": "sub_event_type",
    "fatalities_exact": "fatalities",
}


def _shown(item: GoldEvent | Predicted, name: str) -> str:
    if name in _SHOWN:
        return repr(getattr(item, _SHOWN[name], None))
    if name == "date":
        start = getattr(item, "date_start", None) or getattr(item, "start", None)
        end = getattr(item, "date_end", None) or getattr(item, "end", None)
        return f"{start}..{end}"
    if name == "actor_types":
        return f"{item.inter1}/{item.inter2}"
    if name == "fatalities_in_range" and isinstance(item, GoldEvent):
        return f"{item.fatalities_low}-{item.fatalities_high}"
    if name == "point_25km":
        return f"({item.lat}, {item.lon})"
    return repr(getattr(item, "fatalities", None))


def _describe(gold: GoldEvent) -> str:
    return f"{gold.sub_event_type}, {gold.admin1 or gold.country}, {gold.date_start}"


def bag(text: str) -> Counter:
    return Counter(word.lower() for word in _WORD.findall(text))


@dataclass
class TextTally:
    """Character precision and recall of extracted text, on words (order and layout ignored)."""

    overlap: int = 0
    predicted: int = 0
    gold: int = 0
    documents: int = 0

    def add(self, gold: str, predicted: str) -> None:
        g, p = bag(gold), bag(predicted)
        self.documents += 1
        self.overlap += sum(len(w) * min(n, p[w]) for w, n in g.items())
        self.predicted += sum(len(w) * n for w, n in p.items())
        self.gold += sum(len(w) * n for w, n in g.items())

    def row(self) -> dict[str, Any]:
        precision = self.overlap / self.predicted if self.predicted else 0.0
        recall = self.overlap / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "documents": self.documents,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        }


SHORT_LINE_WORDS = 3  # a line this short is kept only as a paragraph's whole, head or tail


def kept_lines(text: str, body: str) -> set[int]:
    """The numbers of the page's non-empty lines that stand in ``body``: a line's words run,
    at word boundaries, inside one paragraph of the body (a line that opens with a dateline
    counts when the rest does: the dateline is kept as one). A line of a few words must be a
    paragraph's whole, head or tail: a counter "1" or a tag "Syria" is not kept merely
    because the story says "1" or "Syria" somewhere."""
    paragraphs = [f" {' '.join(p.split())} " for p in body.split("\n") if p.split()]
    kept = set()
    for number, line in enumerate(text.split("\n")):
        words = " ".join(line.split())
        if not words:
            continue
        for form in {words, " ".join(split_dateline(words)[1].split())}:
            if len(form.split()) > SHORT_LINE_WORDS:
                found = any(f" {form} " in p for p in paragraphs)
            else:
                found = any(p.startswith(f" {form} ") or p.endswith(f" {form} ")
                            for p in paragraphs)
            if found:
                kept.add(number)
                break
    return kept


def line_outcomes(text: str, story_lines: Iterable[int], body: str) -> tuple[int, int, int, int]:
    """(furniture lines kept, furniture lines, story lines lost, story lines) of a scraped page."""
    story = set(story_lines)
    kept = kept_lines(text, body)
    lines = [n for n, line in enumerate(text.split("\n")) if line.split()]
    furniture = [n for n in lines if n not in story]
    stories = [n for n in lines if n in story]
    return (sum(n in kept for n in furniture), len(furniture),
            sum(n not in kept for n in stories), len(stories))
