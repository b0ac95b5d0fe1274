"""Incidents across articles: the reports of one happening, linked, reconciled and graded.

Each event a document codes becomes a ``Report`` (the event's values plus what the
document says about where it came from: outlet, publication day, copy family, original
informants). ``link`` scores a report against the incidents already known and says why;
``reconcile`` turns an incident's reports into one set of values, each with the documents
behind it. Both are pure: the store (``chronica.store``) keeps reports, incidents and their
revision log, and ``chronica.incidents.ledger`` runs the two against it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from chronica.views import event_place

REPORT_WINDOW_DAYS = 3  # an event no words date happened in the days before its report
OWN_REPORTING = ("outlet", "unknown")  # a claimant kind that means: the outlet's own reporting


@dataclass(frozen=True, slots=True)
class Report:
    """One document's account of an event, with what linking and reconciling need of it."""

    event_id: str
    document_id: str
    outlet: str
    published: dt.date | None
    family: str  # the copy family: the first stored document this one copies, else itself
    sub_event_type: str
    event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    dated_by: str  # "event" (words date it), "report" (days before its report), "none"
    time_precision: int | None
    place: dict[str, Any] | None  # the event's place (the one the coders' views give)
    places: tuple[dict[str, Any], ...]  # every resolved place the event's sentences name
    story_towns: tuple[int, ...]  # geonameids of the towns and villages the whole story names
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    deaths: tuple[int | None, int | None, int | None]  # low, best, high
    grade: str | None
    stances: tuple[str, ...]
    informants: tuple[str, ...]  # who first told it: named claimants, else the outlet's family
    sentence: str


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None  # a day, or a moment's day


def informant_key(name: str) -> str:
    """A claimant's name folded so 'the Defence Ministry' and 'Defence Ministry' match."""
    words = re.findall(r"\w+", name.lower())
    return " ".join(w for w in words if w not in ("the", "a", "an", "s"))


def informants(event: dict[str, Any], family: str) -> tuple[str, ...]:
    """The original informants behind the event: the last link of each claim's chain (the
    ministry in 'the agency, citing the ministry'); the outlet's own reporting is its copy
    family's, so copies of one story add no informant."""
    found = set()
    for claim in event["claims"]:
        if claim["stance"] not in ("asserted", "alleged", "claimed_responsibility"):
            continue
        source = claim["chain"][-1] if claim["chain"] else claim["claimant"]
        if source["kind"] in OWN_REPORTING:
            found.add(f"own reporting of {family}")
        else:
            found.add(informant_key(source["text"]))
    return tuple(sorted(found or {f"own reporting of {family}"}))


def report_of(event: dict[str, Any], document: dict[str, Any], family: str) -> Report:
    """The event of a stored record as a report. An event no words date carries its report's
    day by convention (ACLED's); here it gets the few days before the report instead, marked
    as such, so it can meet a report that names the day."""
    published = _day(document.get("published"))
    start, end = _day(event["date_start"]), _day(event["date_end"])
    dated_by = "event" if any(e["field"] == "date" for e in event["evidence"]) else "none"
    if dated_by == "none" and published is not None:
        start, end, dated_by = (
            published - dt.timedelta(days=REPORT_WINDOW_DAYS),
            published,
            "report",
        )
    deaths = event.get("deaths") or {}
    return Report(
        event_id=event["id"],
        document_id=document["id"],
        outlet=(document.get("source") or "").strip() or document["id"],
        published=published,
        family=family,
        sub_event_type=event["sub_event_type"],
        event_type=event["event_type"],
        date_start=start,
        date_end=end or start,
        dated_by=dated_by,
        time_precision=event["time_precision"] if dated_by == "event" else None,
        place=(chosen := event_place(event)),
        places=tuple(
            {
                p["geonameid"]: p
                for p in (chosen, *(m["place"] for m in event["location"]["places"]))
                if p
            }.values()
        ),
        geo_precision=event["location"].get("geo_precision"),
        story_towns=tuple(sorted({m["place"]["geonameid"] for m in document.get("places", [])
                                  if m.get("place") and m["place"]["feature_class"] == "P"})),
        actor1=(event["actor1"] or {}).get("name"),
        actor2=(event["actor2"] or {}).get("name"),
        fatalities=event["fatalities"],
        deaths=(deaths.get("low"), deaths.get("best"), deaths.get("high")),
        grade=event.get("grade"),
        stances=tuple(sorted({c["stance"] for c in event["claims"]})),
        informants=informants(event, family),
        sentence=event["sentence"]["text"],
    )


DATE_FIELDS = ("published", "date_start", "date_end")


def report_to_dict(report: Report) -> dict[str, Any]:
    values = {name: getattr(report, name) for name in Report.__slots__}
    return {**values, **{f: values[f].isoformat() if values[f] else None for f in DATE_FIELDS}}


def report_from_dict(values: dict[str, Any]) -> Report:
    """A report read back from JSON: days parsed, lists made tuples again."""
    return Report(**{
        **{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()},
        **{f: _day(values[f]) for f in DATE_FIELDS},
    })
