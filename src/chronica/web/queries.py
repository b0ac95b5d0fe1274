"""Read-only queries behind the web app: filtered events, their clusters and timeline, incidents.

Pure functions over an open SQLite connection. Every filter becomes SQL on the events table's
own columns (migration 4 gave it coordinates), so a page of events or a map's clusters never
opens a JSON record; the indexes on (country, date_start) and (date_start) carry the common
filters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from chronica.incidents.export import summary
from chronica.incidents.ledger import placeholders

EVENT_COLUMNS = (
    "id",
    "document_id",
    "date_start",
    "date_end",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "interaction",
    "country",
    "admin1",
    "place",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "grade",
)
CLUSTER_CELL_PIXELS = 48  # a cluster gathers the events of one square of about this many pixels
TILE_PIXELS = 256
DAY_BUCKETS_UP_TO = 120  # a timeline over at most this many days counts days, else months


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What an analyst narrows the events to. ``bbox`` is (west, south, east, north) in degrees;
    west > east means the box crosses the antimeridian."""

    countries: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    grade: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def without_bbox(self) -> EventFilter:
        return dataclasses.replace(self, bbox=None)

    def contains(self, lat: float, lon: float) -> bool:
        """Whether a point lies in ``bbox`` (always, without one)."""
        if self.bbox is None:
            return True
        west, south, east, north = self.bbox
        if not south <= lat <= north:
            return False
        if east - west >= 360:
            return True
        return west <= lon <= east if west <= east else (lon >= west or lon <= east)

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (empty when nothing is filtered) and its values."""
        conditions: list[str] = []
        values: list[Any] = []
        if self.countries:
            conditions.append(f"e.country IN ({placeholders(self.countries)})")
            values += [c.upper() for c in self.countries]
        for column, operator, value in (
            ("date_start", ">=", self.since),
            ("date_start", "<=", self.until),
            ("event_type", "=", self.event_type),
            ("sub_event_type", "=", self.sub_event_type),
            ("grade", "=", self.grade),
        ):
            if value:
                conditions.append(f"e.{column} {operator} ?")
                values.append(value)
        if self.actor:
            conditions.append("(e.actor1 LIKE ? OR e.actor2 LIKE ?)")
            values += [f"%{self.actor}%"] * 2
        if self.bbox:
            west, south, east, north = self.bbox
            conditions.append("e.lat BETWEEN ? AND ?")
            values += [south, north]
            if east - west < 360:
                joiner = "AND" if west <= east else "OR"  # west > east: across the antimeridian
                conditions.append(f"(e.lon >= ? {joiner} e.lon <= ?)")
                values += [west, east]
        return (f"WHERE {' AND '.join(conditions)}" if conditions else ""), values


def _event_row(row: sqlite3.Row) -> dict[str, Any]:
    return {**{column: row[column] for column in EVENT_COLUMNS}, "incident": row["incident"]}


def events_page(
    db: sqlite3.Connection, where: EventFilter, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(how many events match, the ``limit`` newest from ``offset``)."""
    clause, values = where.where()
    total = db.execute(f"SELECT count(*) FROM events e {clause}", values).fetchone()[0]
    columns = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
    rows = db.execute(
        f"""SELECT {columns}, r.incident_id AS incident FROM events e
            LEFT JOIN incident_reports r ON r.event_id = e.id {clause}
            ORDER BY e.date_start DESC, e.id LIMIT ? OFFSET ?""",
        (*values, limit, offset),
    )
    return total, [_event_row(row) for row in rows]


def event_features(db: sqlite3.Connection, where: EventFilter, limit: int) -> dict[str, Any]:
    """The located events as a GeoJSON FeatureCollection (RFC 7946: longitude first)."""
    clause, values = where.where()
    located = f"{clause} AND" if clause else "WHERE"
    columns = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
    rows = db.execute(
        f"""SELECT {columns}, r.incident_id AS incident FROM events e
            LEFT JOIN incident_reports r ON r.event_id = e.id
            {located} e.lat IS NOT NULL ORDER BY e.date_start DESC, e.id LIMIT ?""",
        (*values, limit),
    )
    features = []
    for row in rows:
        properties = _event_row(row)
        point = {"type": "Point", "coordinates": [properties.pop("lon"), properties.pop("lat")]}
        features.append(
            {"type": "Feature", "id": row["id"], "geometry": point, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def data_stamp(db: sqlite3.Connection) -> tuple[int, int]:
    """Changes whenever events are added or removed: what a cache of query results keys on."""
    return db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM events").fetchone()


def cell_degrees(zoom: int) -> float:
    """The side of a cluster cell at a Web Mercator zoom level, in degrees of longitude."""
    return 360 / (TILE_PIXELS * 2**zoom) * CLUSTER_CELL_PIXELS


def clusters(db: sqlite3.Connection, where: EventFilter, zoom: int) -> list[dict[str, Any]]:
    """The located events gathered by grid cell at ``zoom``: per cell the count, the centre of
    its events, deaths, the most frequent event type and, for a cell of one event, that event.

    Done in SQL so the map gets a few hundred markers, not fifty thousand."""
    size = cell_degrees(zoom)
    clause, values = where.where()
    located = f"{clause} AND" if clause else "WHERE"
    rows = db.execute(
        f"""SELECT CAST((e.lon + 180) / ? AS INTEGER) AS cx,
                   CAST((e.lat + 90) / ? AS INTEGER) AS cy,
                   e.event_type, count(*) AS n, avg(e.lat) AS lat, avg(e.lon) AS lon,
                   sum(coalesce(e.fatalities, 0)) AS deaths, min(e.id) AS first_id
            FROM events e {located} e.lat IS NOT NULL GROUP BY cx, cy, e.event_type""",
        (size, size, *values),
    )
    cells: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "deaths": 0, "lat": 0.0, "lon": 0.0, "types": Counter()}
    )
    for row in rows:
        cell = cells[(row["cx"], row["cy"])]
        cell["lat"] += row["lat"] * row["n"]
        cell["lon"] += row["lon"] * row["n"]
        cell["count"] += row["n"]
        cell["deaths"] += row["deaths"]
        cell["types"][row["event_type"] or "unknown"] += row["n"]
        cell["first_id"] = row["first_id"]
    found = []
    for cell in cells.values():
        count = cell["count"]
        found.append(
            {
                "lat": round(cell["lat"] / count, 5),
                "lon": round(cell["lon"] / count, 5),
                "count": count,
                "fatalities": cell["deaths"],
                "event_type": cell["types"].most_common(1)[0][0],
                "types": dict(cell["types"]),
                "event_id": cell["first_id"] if count == 1 else None,
            }
        )
    return sorted(found, key=lambda c: -c["count"])


def _bucket_starts(first: dt.date, last: dt.date, by_day: bool) -> list[str]:
    """Every bucket from the first to the last, empty ones included, so gaps show as gaps."""
    if by_day:
        return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline(db: sqlite3.Connection, where: EventFilter, bucket: str = "auto") -> dict[str, Any]:
    """Events and deaths per day or per month (``auto``: days when the matching events span at
    most DAY_BUCKETS_UP_TO days)."""
    clause, values = where.where()
    dated = f"{clause} AND" if clause else "WHERE"
    first, last = db.execute(
        f"""SELECT min(e.date_start), max(e.date_start) FROM events e
            {dated} e.date_start IS NOT NULL""",
        values,
    ).fetchone()
    if first is None:
        return {"bucket": "day" if bucket == "auto" else bucket, "buckets": []}
    first_day, last_day = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if bucket == "auto":
        bucket = "day" if (last_day - first_day).days < DAY_BUCKETS_UP_TO else "month"
    width = 10 if bucket == "day" else 7
    counted = {
        row[0]: (row[1], row[2])
        for row in db.execute(
            f"""SELECT substr(e.date_start, 1, {width}) AS b, count(*),
                   sum(coalesce(e.fatalities, 0))
            FROM events e {dated} e.date_start IS NOT NULL GROUP BY b""",
            values,
        )
    }
    return {
        "bucket": bucket,
        "buckets": [
            {
                "start": start,
                "events": counted.get(start, (0, 0))[0],
                "fatalities": counted.get(start, (0, 0))[1],
            }
            for start in _bucket_starts(first_day, last_day, bucket == "day")
        ],
    }


def facets(db: sqlite3.Connection) -> dict[str, Any]:
    """What the filters can choose from: countries, types and grades with their counts, the
    first and last day, and the box around every located event (west, south, east, north)."""

    def counts(column: str) -> list[dict[str, Any]]:
        return [
            {"value": v, "events": n}
            for v, n in db.execute(
                f"""SELECT {column}, count(*) AS n FROM events WHERE {column} IS NOT NULL
                GROUP BY {column} ORDER BY n DESC, {column}"""
            )
        ]

    first, last, west, south, east, north = db.execute(
        """SELECT min(date_start), max(date_start), min(lon), min(lat), max(lon), max(lat)
           FROM events"""
    ).fetchone()
    return {
        "countries": counts("country"),
        "event_types": counts("event_type"),
        "sub_event_types": counts("sub_event_type"),
        "grades": counts("grade"),
        "first_day": first,
        "last_day": last,
        "extent": None if west is None else [west, south, east, north],
    }


def incidents_page(
    db: sqlite3.Connection, where: EventFilter, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """Incidents (not merged into another), newest first, by the filters incidents carry:
    country, day, sub-event type and grade."""
    conditions, values = ["merged_into IS NULL"], []
    if where.countries:
        conditions.append(f"country IN ({placeholders(where.countries)})")
        values += [c.upper() for c in where.countries]
    for condition, value in (
        ("coalesce(date_end, span_end) >= ?", where.since),
        ("coalesce(date_start, span_start) <= ?", where.until),
        ("sub_event_type = ?", where.sub_event_type),
        ("grade = ?", where.grade),
    ):
        if value:
            conditions.append(condition)
            values.append(value)
    clause = "WHERE " + " AND ".join(conditions)
    total = db.execute(f"SELECT count(*) FROM incidents {clause}", values).fetchone()[0]
    rows = db.execute(
        f"""SELECT id, record FROM incidents {clause}
            ORDER BY coalesce(date_start, span_start) DESC, id LIMIT ? OFFSET ?""",
        (*values, limit, offset),
    )
    return total, [summary({"id": row["id"], **json.loads(row["record"])}) for row in rows]
