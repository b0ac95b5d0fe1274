"""Incidents as the formats people use: JSON lines, ACLED / UCDP / PLOVER rows, GeoJSON, Parquet.

The coders' rows come from the same views as single documents (``chronica.views``): an
incident becomes one event record whose values are the reconciled ones (date interval, place,
type, deaths, grade) and whose claims and sentences are those of all its reports, with every
outlet named as its source.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def summary(incident: dict[str, Any]) -> dict[str, Any]:
    """One JSON line: the reconciled values, where they come from, and the revision log."""
    where = incident["place"]["value"]
    deaths = incident["deaths"]
    return {
        "id": incident["id"],
        "date_start": incident["date"]["start"],
        "date_end": incident["date"]["end"],
        "sub_event_type": incident["sub_event_type"]["value"],
        "event_type": incident["event_type"]["value"],
        "place": None
        if where is None
        else {k: where[k] for k in ("name", "country", "admin1", "geonameid", "lat", "lon")}
        | {"geo_precision": incident["place"].get("geo_precision")},
        "actor1": incident["actor1"]["value"],
        "actor2": incident["actor2"]["value"],
        "fatalities": {
            "acled": deaths["acled"],
            "low": deaths["low"],
            "best": deaths["best"],
            "high": deaths["high"],
        },
        "grade": incident["grade"],
        "documents": incident["documents"],
        "outlets": incident["outlets"],
        "copy_families": len(incident["copy_families"]),
        "independent_sources": incident["independent_sources"],
        "informants": incident["informants"],
        "revisions": [
            {k: r[k] for k in ("kind", "field", "old", "new", "document_id", "published", "note")}
            for r in incident.get("revisions", [])
        ],
    }


def view_record(
    incident: dict[str, Any], events: dict[str, tuple[dict[str, Any], dict[str, Any]]]
) -> dict[str, Any]:
    """The incident as a one-event extract record, for the coders' views."""
    place_reports = incident["place"]["reports"] or incident["reports"]
    base_event, base_doc = events[place_reports[0]]
    members = [events[e] for e in incident["reports"] if e in events]
    start, end = incident["date"]["start"], incident["date"]["end"]
    event = {
        **base_event,
        "id": incident["id"],
        "sub_event_type": incident["sub_event_type"]["value"],
        "event_type": incident["event_type"]["value"],
        "date_start": start,
        "date_end": end,
        "time_precision": base_event["time_precision"] if start != end else 1 if start else None,
        "fatalities": incident["deaths"]["acled"],
        "deaths": {k: incident["deaths"][k] for k in ("low", "best", "high")},
        "grade": incident["grade"],
        "number_of_sources": len(incident["documents"]),
        "claims": list(
            {
                (c["stance"], c["claimant"]["text"]): c for e, _ in members for c in e["claims"]
            }.values()
        ),
        "sentences": list({s["text"]: s for e, _ in members for s in e["sentences"]}.values()),
    }
    return {
        **base_doc,
        "events": [event],
        "statements": [],
        "source": "; ".join(incident["outlets"]),
        "published": max((d["published"] or "" for _, d in members), default=None) or None,
    }


def geojson(incidents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection: one point per incident with a place, its summary as properties."""
    features = []
    for incident in incidents:
        row = summary(incident)
        place = row["place"]
        geometry = (
            None
            if place is None
            else {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
        )
        features.append(
            {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}
        )
    return {"type": "FeatureCollection", "features": features}


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row with nested values spread into columns (Parquet, dataframes)."""
    place, deaths = row["place"] or {}, row["fatalities"]
    return {
        **{
            k: row[k]
            for k in (
                "id",
                "date_start",
                "date_end",
                "sub_event_type",
                "event_type",
                "actor1",
                "actor2",
                "grade",
                "copy_families",
                "independent_sources",
            )
        },
        "place": place.get("name"),
        "country": place.get("country"),
        "admin1": place.get("admin1"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geo_precision": place.get("geo_precision"),
        **{f"fatalities_{k}": v for k, v in deaths.items()},
        "documents": row["documents"],
        "outlets": row["outlets"],
        "informants": row["informants"],
        "revisions": json.dumps(row["revisions"], ensure_ascii=False),
    }


def write_parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    """Write the incidents' flat rows to a Parquet file; returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([flat(r) for r in rows])
    pq.write_table(table, path)
    return table.num_rows
