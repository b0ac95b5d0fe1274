"""One set of values for an incident from all its reports, each value with the reports behind it.

- Date: the intersection of the reports' intervals where they agree (two reports, "this
  week" and "on Tuesday", give Tuesday); where they do not, the most precise report's.
- Place: the most precise place named (a village over its province), then the most told.
- Type and actors: the most reported, the more precise report breaking ties.
- Deaths: UCDP low / best / high over every report (lowest low, highest high; best from the
  newest reports, since tolls rise as bodies are counted); ACLED's conservative figure is
  the lowest count among the newest reports.
- Grade (Airwars): Confirmed when the acting side reports or claims it, Contested when it is
  denied, Fair with two independent sources, else Weak.
- Sources: documents, outlets, copy families, and independent sources (distinct original
  informants, a copy family's own reporting counted once).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any

from chronica.incidents import Report


def _backed(value: Any, reports: list[Report]) -> dict[str, Any]:
    return {
        "value": value,
        "reports": [r.event_id for r in reports],
        "documents": sorted({r.document_id for r in reports}),
    }


def _most_told(reports: list[Report], key: Callable[[Report], Hashable | None]) -> dict[str, Any]:
    """The value most reports give (ties: the first report's), with those reports."""
    votes = Counter(key(r) for r in reports if key(r) is not None)
    if not votes:
        return _backed(None, [])
    top = max(votes.values())
    value = next(key(r) for r in reports if votes.get(key(r)) == top)
    return _backed(value, [r for r in reports if key(r) == value])


def dates(reports: list[Report]) -> dict[str, Any]:
    dated = [r for r in reports if r.dated_by == "event"] or [r for r in reports if r.date_start]
    if not dated:
        return {**_backed(None, []), "start": None, "end": None, "agree": True}
    start, end = max(r.date_start for r in dated), min(r.date_end for r in dated)
    if start <= end:
        return {
            **_backed(f"{start}/{end}", dated),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "agree": True,
        }
    finest = min(dated, key=lambda r: (r.date_end - r.date_start, r.published or dt.date.max))
    return {
        **_backed(f"{finest.date_start}/{finest.date_end}", [finest]),
        "start": finest.date_start.isoformat(),
        "end": finest.date_end.isoformat(),
        "agree": False,
    }


def place(reports: list[Report]) -> dict[str, Any]:
    placed = [r for r in reports if r.place]
    if not placed:
        return _backed(None, [])
    finest = min(r.geo_precision or 9 for r in placed)
    chosen = _most_told(
        [r for r in placed if (r.geo_precision or 9) == finest], lambda r: r.place["geonameid"]
    )
    first = next(r for r in placed if r.event_id in chosen["reports"])
    return {**chosen, "value": first.place, "geo_precision": first.geo_precision}


def deaths(reports: list[Report]) -> dict[str, Any]:
    counted = [r for r in reports if r.deaths[1] is not None or r.fatalities is not None]
    if not counted:
        return {
            "low": None,
            "best": None,
            "high": None,
            "acled": None,
            "reports": [],
            "documents": [],
        }
    newest_day = max(r.published or dt.date.min for r in counted)
    newest = [r for r in counted if (r.published or dt.date.min) == newest_day]
    bests = [r.deaths[1] if r.deaths[1] is not None else r.fatalities for r in newest]
    lows = [r.deaths[0] for r in counted if r.deaths[0] is not None]
    highs = [r.deaths[2] for r in counted if r.deaths[2] is not None]
    acled = [r.fatalities for r in newest if r.fatalities is not None]
    return {
        "low": min(lows, default=None),
        "best": int(statistics.median_low(bests)),
        "high": max(highs, default=None),
        "acled": min(acled, default=None),
        **{k: v for k, v in _backed(None, counted).items() if k != "value"},
    }


def _folded(names: set[str]) -> set[str]:
    """Names with the short references dropped: 'ministry' and 'defence ministry' are the
    'russian defence ministry' named elsewhere, not informants of their own."""

    def is_tail(short: str, full: str) -> bool:
        return short != full and f" {full}".endswith(f" {short}")

    return {
        n for n in names if n.startswith("own reporting") or not any(is_tail(n, m) for m in names)
    }


def independent_sources(reports: list[Report]) -> list[str]:
    return sorted(_folded({name for r in reports for name in r.informants}))


def grade(reports: list[Report], independent: int) -> str:
    grades = {r.grade for r in reports}
    if "Confirmed" in grades or any("claimed_responsibility" in r.stances for r in reports):
        return "Confirmed"
    if "Contested" in grades or any("denied" in r.stances for r in reports):
        return "Contested"
    return "Fair" if independent >= 2 or "Fair" in grades else "Weak"


def reconcile(reports: list[Report]) -> dict[str, Any]:
    """The incident's values, JSON-ready; ``reports`` in the order they were linked."""
    ordered = sorted(reports, key=lambda r: (r.geo_precision or 9, r.time_precision or 9))
    sources = independent_sources(reports)
    where = place(reports)
    return {
        "date": dates(reports),
        "sub_event_type": _most_told(ordered, lambda r: r.sub_event_type),
        "event_type": _most_told(ordered, lambda r: r.event_type),
        "place": where,
        "country": where["value"]["country"] if where["value"] else None,
        "actor1": _most_told(ordered, lambda r: r.actor1),
        "actor2": _most_told(ordered, lambda r: r.actor2),
        "deaths": deaths(reports),
        "grade": grade(reports, len(sources)),
        "documents": sorted({r.document_id for r in reports}),
        "outlets": sorted({r.outlet.lower(): r.outlet for r in reports}.values()),
        "copy_families": sorted({r.family for r in reports}),
        "informants": sources,
        "independent_sources": len(sources),
        "reports": [r.event_id for r in reports],
    }


REVISED_FIELDS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "date": lambda v: v["date"]["value"],
    "place": lambda v: (v["place"]["value"] or {}).get("name"),
    "sub_event_type": lambda v: v["sub_event_type"]["value"],
    "deaths": lambda v: v["deaths"]["best"],
    "grade": lambda v: v["grade"],
    "independent_sources": lambda v: v["independent_sources"],
}


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every headline value a new report changed."""
    if before is None:
        return []
    return [
        (name, read(before), read(after))
        for name, read in REVISED_FIELDS.items()
        if read(before) != read(after)
    ]
