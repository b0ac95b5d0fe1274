"""Airwars-style Syria incidents and the English source articles linked to them.

Each source article becomes a document whose gold events are the incidents Airwars
linked it to: date (or range), place with coordinates where known, alleged
belligerents, civilian deaths as a range, grade. An article may report more than
its incidents (or only background to them), so these events score recall of the
linked incident; complete coding of an article comes from our annotations.
The archived text keeps its page furniture, as a scraper would hand it over.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chronica.evaluation.corpora._io import day, json_lines, number
from chronica.evaluation.corpora.records import CorpusDocument, GoldEvent

INCIDENTS = "airwars/incidents.jsonl"
SOURCES = "airwars/sources_en.jsonl"


def _ids(value: Any) -> list[str]:
    """The linked incident ids: a list, or its Python repr as the archive sometimes stores it."""
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        parsed = ast.literal_eval(str(value))
    except (ValueError, SyntaxError):
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list | tuple) else []


def _int(value: Any) -> int | None:
    found = number(value)
    return None if found is None else int(found)


def _sub_event(strike_type: str | None) -> str:
    """Airwars' strike type in ACLED's terms: ground fire is shelling, the rest is from the air."""
    kind = (strike_type or "").lower()
    if "artillery" in kind and "air" not in kind or "shelling" in kind or "rocket" in kind:
        return "Shelling/artillery/missile attack"
    return "Air/drone strike"


def incident_event(row: dict[str, Any]) -> GoldEvent:
    start = day(row.get("date"))
    end = day(row.get("date_end")) or start
    low, high = _int(row.get("civilian_deaths_min")), _int(row.get("civilian_deaths_max"))
    belligerents = [b.strip() for b in row.get("belligerents") or [] if b and b.strip()]
    return GoldEvent(
        sub_event_type=_sub_event(row.get("strike_type")),
        event_type="Explosions/Remote violence",
        country="SY",
        admin1=row.get("governorate") or row.get("region"),
        location=row.get("location_text"),
        lat=number(row.get("lat")),
        lon=number(row.get("lon")),
        date_start=start,
        date_end=end,
        time_precision=1 if start == end else None,
        actor1="; ".join(belligerents) or None,
        actor2="Civilians (Syria)",
        fatalities=low,
        fatalities_low=low,
        fatalities_high=high if high is not None else low,
        ref=row.get("code") or row.get("incident_id"),
    )


def incidents(root: Path) -> dict[str, dict[str, Any]]:
    return {row["incident_id"]: row for row in json_lines(root / INCIDENTS)}


def month_of(source: dict[str, Any], linked: list[dict[str, Any]]) -> str | None:
    """The source's month: its own publication date, else its earliest incident's."""
    own = day(source.get("published_date"))
    days = sorted(d for d in (day(i.get("date")) for i in linked) if d)
    first: dt.date | None = own or (days[0] if days else None)
    return first.strftime("%Y-%m") if first else None


def read(root: Path) -> Iterator[CorpusDocument]:
    known = incidents(root)
    for row in json_lines(root / SOURCES):
        linked = [known[i] for i in _ids(row.get("incident_ids")) if i in known]
        yield CorpusDocument(
            corpus="airwars",
            id=row["source_id"],
            text=row["text"],
            title=row.get("title"),
            url=row.get("url"),
            source=row.get("domain"),
            published=day(row.get("published_date")),
            events=tuple(incident_event(i) for i in linked),
            extra={
                "incident_ids": [i["incident_id"] for i in linked],
                "incident_days": sorted(filter(None, (day(i.get("date")) for i in linked))),
                "month": month_of(row, linked),
                "source_type": row.get("source_type"),
                "publisher": row.get("publisher"),
                "content_chars": _int(row.get("text_content_chars_est")),
                "grades": [i.get("grade") for i in linked],
            },
        )
