"""Is this report another account of a known incident? A scored decision with its reasons.

The codebooks' test for "same event" is the same kind of violence, on the same day, at the
same place, by the same actors. Each of those gives points or vetoes the link; a copy of a
document already in the incident (a syndicated story) and near-identical wording add
points. The reasons are kept as the link's evidence (``linked_by``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from chronica.geo.distance import km
from chronica.incidents import Report

LINK_THRESHOLD = 1.5
COPY_TEXT_POINTS = 0.4  # event sentences at least 0.8 alike
VIOLENT_FAMILIES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians"}
)
STREET_FAMILIES = frozenset({"Protests", "Riots"})
NEAR_KM = 10.0
COARSE_CODES = ("ADM1", "ADM2", "ADM3", "RGN", "AREA")


@dataclass(frozen=True, slots=True)
class Decision:
    """How well a report fits an incident: the points, why, and whether anything forbids it."""

    score: float
    reasons: tuple[str, ...]
    vetoed: bool
    corroborated: bool = True  # a place, an actor or the wording in common, not only type and day

    @property
    def links(self) -> bool:
        return not self.vetoed and self.corroborated and self.score >= LINK_THRESHOLD


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    return km(a["lat"], a["lon"], b["lat"], b["lon"])


def _coarse(place: dict[str, Any]) -> bool:
    return place["feature_code"] in COARSE_CODES or place["feature_code"].startswith("PCL")


def type_points(a: Report, b: Report) -> tuple[float, str | None]:
    """Same sub-event type, same event type, or two kinds of lethal violence (one article's
    air strike is another's 'attack'); protests never join strikes."""
    if a.sub_event_type == b.sub_event_type:
        return 0.4, f"type: both {a.sub_event_type}"
    if a.event_type == b.event_type:
        return 0.2, f"type: both {a.event_type}"
    for families in (VIOLENT_FAMILIES, STREET_FAMILIES):
        if a.event_type in families and b.event_type in families:
            return 0.0, None
    return -math.inf, f"type: {a.sub_event_type} vs {b.sub_event_type}"


def date_points(a: Report, b: Report) -> tuple[float, str | None]:
    """Days that meet (a day's slack for 'last night' across midnight and time zones); the
    days before a report, when no words date the event, count for less than a named day."""
    if a.date_start is None or b.date_start is None:
        return 0.0, None
    slack = dt.timedelta(days=1)
    if a.date_start > b.date_end + slack or b.date_start > a.date_end + slack:
        return -math.inf, f"date: {a.date_start}..{a.date_end} vs {b.date_start}..{b.date_end}"
    if "report" in (a.dated_by, b.dated_by):
        return 0.5, "date: within the days before the report"
    if a.date_start == a.date_end == b.date_start == b.date_end:
        return 1.0, f"date: both {a.date_start}"
    if a.time_precision == 1 and b.time_precision == 1:
        return 0.7, f"date: {a.date_start} and {b.date_start}, a day apart"
    return (
        0.5,
        f"date: intervals overlap ({a.date_start}..{a.date_end}, {b.date_start}..{b.date_end})",
    )


def _place_pair_points(p: dict[str, Any], q: dict[str, Any]) -> tuple[float, str]:
    if p["country"] != q["country"]:
        return -math.inf, f"place: {p['country']} vs {q['country']}"
    if p["feature_code"].startswith("PCL") or q["feature_code"].startswith("PCL"):
        return 0.1, f"place: {p['name']} / {q['name']} (country only)"
    if p["admin1"] and q["admin1"] and p["admin1"] != q["admin1"]:
        return -math.inf, f"place: {p['admin1']} vs {q['admin1']}"
    if _coarse(p) or _coarse(q):
        return 0.4, f"place: {p['name']} / {q['name']} (same province)"
    if p["geonameid"] == q["geonameid"]:
        return 1.0, f"place: both {p['name']}"
    distance = _km(p, q)
    if distance <= NEAR_KM:
        return 0.6, f"place: {p['name']} and {q['name']} {distance:.0f} km apart"
    return -math.inf, f"place: {p['name']} and {q['name']} {distance:.0f} km apart"


def place_points(a: Report, b: Report) -> tuple[float, str | None]:
    """The same town, one a few kilometres from the other, one inside the other's province;
    another country, another province, or two towns further apart forbid the link. A shared
    country or province alone says little: many strikes hit one province on one day. Every
    place the two events name is tried ("the Bazan refinery in Haifa" meets "Haifa"); the
    link is forbidden only when no pair of them fits."""
    if not a.places or not b.places:
        return 0.0, None
    pairs = [_place_pair_points(p, q) for p in a.places for q in b.places]
    return max(pairs, key=lambda pair: pair[0])


def actor_points(a: Report, b: Report) -> tuple[float, str | None]:
    if not a.actor1 or not b.actor1:
        return 0.0, None
    if a.actor1 == b.actor1:
        return 0.3, f"actors: both {a.actor1}"
    return -0.3, f"actors: {a.actor1} vs {b.actor1}"


def text_points(a: Report, b: Report) -> tuple[float, str | None]:
    similarity = fuzz.token_set_ratio(a.sentence, b.sentence) / 100
    if similarity < 0.6:
        return 0.0, None
    return round(similarity - 0.4, 2), f"text: sentences {similarity:.2f} alike"


def compare(report: Report, other: Report) -> Decision:
    """The report against one report of the incident. Copies of one story link outright when
    they tell the event in the same words (a copy family's pages can share furniture and
    still report different strikes)."""
    text, text_reason = text_points(report, other)
    if report.family == other.family and text >= COPY_TEXT_POINTS:
        return Decision(3.0, (f"copy: same copy family as {other.document_id}", text_reason), False)
    score, reasons, vetoed = 0.0, [], False
    place, place_reason = place_points(report, other)
    if place_reason is None and set(report.story_towns) & set(other.story_towns):
        place, place_reason = 0.4, "place: both stories name the same town"
    actors, actor_reason = actor_points(report, other)
    for points, reason in (
        type_points(report, other),
        date_points(report, other),
        (place, place_reason),
        (actors, actor_reason),
        (text, text_reason),
    ):
        if reason:
            reasons.append(reason)
        if points == -math.inf:
            vetoed = True
        else:
            score += points
    corroborated = place > 0.1 or actors > 0 or text >= COPY_TEXT_POINTS
    if not corroborated:
        reasons.append("no place, actor or wording in common")
    return Decision(round(score, 2), tuple(reasons), vetoed, corroborated)


def decide(report: Report, members: list[Report]) -> Decision:
    """The report against an incident: its best fit with any member, unless some member
    forbids it (another province, another day) and the report is no copy of a member. A
    report never joins an incident that already holds its own document."""
    if any(m.document_id == report.document_id for m in members):
        return Decision(0.0, ("document already in the incident",), True)
    decisions = [compare(report, m) for m in members]
    best = max(decisions, key=lambda d: d.score)
    if best.reasons and best.reasons[0].startswith("copy:"):
        return best  # a copy of a member: the same story, whatever its parse made of it
    veto = next((d for d in decisions if d.vetoed), None)
    if veto is None:
        return best
    return Decision(
        best.score, tuple(dict.fromkeys(best.reasons + veto.reasons)), True, best.corroborated
    )
