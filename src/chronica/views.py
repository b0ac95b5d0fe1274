"""The coders' views of one extract record: ACLED-style rows, UCDP GED-style rows, PLOVER events.

All three read the same JSON-ready record (export.document_to_dict), so every
view says the same thing; what a view cannot hold (spans, claims, ranges) stays
in the full record. Statements (threats, plans) appear only in PLOVER, which
has modes for them; the coders' tables record events that happened, and the ACLED
table only those ACLED would (a day, week or month; a place below the country).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any

from chronica.events.actors import side_of
from chronica.events.taxonomy import ucdp_type_of_violence
from chronica.geo.gazetteer import country_facts

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
UCDP_COLUMNS = (
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_office", "source_date",
    "source_headline", "source_original", "where_prec", "where_description", "adm_1", "adm_2", "latitude", "longitude",
    "country", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low", "number_of_sources",
)
SIDE_KINDS = {1: "state", 8: "state", 2: "armed", 3: "armed", 4: "armed", 7: "civilians"}
PLOVER_MODES = {"asserted": None, "negated": "negated", "denied": "negated", "future": "future", "hypothetical": "hypothetical", "background": None}


@cache
def _country(iso: str | None) -> tuple[str, str, str, str]:
    """(name, alpha-3, numeric, region) for an alpha-2 code; blanks when unknown."""
    facts = country_facts().get(iso or "")
    if not facts:
        return "", "", "", ""
    codes = facts.get("ISO") or {}
    return facts.get("name", ""), codes.get("alpha3", ""), str(codes.get("numeric", "")), facts.get("subregion") or facts.get("region", "")


def event_place(event: dict[str, Any]) -> dict[str, Any] | None:
    """The event's place, with its own name as admin1/admin2 when it is that division."""
    location = event["location"]
    chosen = next((p["place"] for p in location["places"] if p["place"]), None) or location.get("dateline_place")
    if chosen and chosen["feature_code"] in ("ADM1", "ADM2"):
        chosen = {**chosen, chosen["feature_code"].lower(): chosen["name"]}
    return chosen


def _middle(event: dict[str, Any]) -> str:
    """ACLED dates a week- or month-precise event at the middle of its interval."""
    start, end = event["date_start"], event["date_end"]
    if not start:
        return ""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end or start)
    return (first + (last - first) / 2).isoformat()


def _names(actors: list[dict[str, Any]]) -> str:
    return "; ".join(a["name"] for a in actors)


def _claims_tag(event: dict[str, Any]) -> str:
    return "; ".join(f"{c['stance']} by {c['claimant']['text']} ({c['claimant']['kind']})" for c in event["claims"])


def acled_left_out(event: dict[str, Any]) -> str | None:
    """Why ACLED would not record the event: it needs a known day, week or month and a place
    below the country. None when it would."""
    if event["time_precision"] is None:
        return "no day, week or month"
    place = event_place(event)
    if place is None or place["feature_code"].startswith("PCL"):
        return "no place below the country"
    if not place["country"]:
        return "a place in no single country (a sea, a region of several countries)"
    return None


def acled_codable(event: dict[str, Any]) -> bool:
    return acled_left_out(event) is None


def _violence(event: dict[str, Any]) -> int | None:
    """UCDP's type of violence (1-3) of the event, None when it is not organised violence."""
    return ucdp_type_of_violence((event["actor1"] or {}).get("inter"), (event["actor2"] or {}).get("inter"), event["sub_event_type"])


def ucdp_left_out(event: dict[str, Any]) -> str | None:
    """Why UCDP would not record the event: it records organised lethal violence only."""
    return "not organised violence between known sides" if _violence(event) is None else None


def _timestamp(published: str | None) -> int | str:
    if not published:
        return ""
    moment = dt.datetime.fromisoformat(published) if "T" in published else dt.datetime.combine(dt.date.fromisoformat(published), dt.time())
    return int((moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp())


def acled_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """ACLED rows for the events ACLED would record (see ``acled_codable``); the full record keeps the rest."""
    for event in filter(acled_codable, record["events"]):
        place = event_place(event)
        iso = place["country"] if place else None
        name, alpha3, numeric, region = _country(iso)
        actor1, actor2 = event["actor1"] or {}, event["actor2"] or {}
        when = _middle(event)
        yield {
            "event_id_cnty": f"{alpha3 or 'XXX'}-{event['id']}", "event_date": when, "year": when[:4],
            "time_precision": event["time_precision"], "disorder_type": event["disorder_type"], "event_type": event["event_type"],
            "sub_event_type": event["sub_event_type"],
            "actor1": actor1.get("name", ""), "assoc_actor_1": _names(event["assoc_actor_1"]), "inter1": actor1.get("inter") or "",
            "actor2": actor2.get("name", ""), "assoc_actor_2": _names(event["assoc_actor_2"]), "inter2": actor2.get("inter") or "",
            "interaction": event["interaction"] or "", "civilian_targeting": "Civilians targeted" if event["civilian_targeting"] else "",
            "iso": numeric, "region": region, "country": name,
            "admin1": (place or {}).get("admin1") or "", "admin2": (place or {}).get("admin2") or "", "admin3": "",
            "location": (place or {}).get("name", ""), "latitude": (place or {}).get("lat", ""), "longitude": (place or {}).get("lon", ""),
            "geo_precision": event["location"]["geo_precision"] or "",
            "source": record.get("source") or "", "source_scale": "", "notes": " ".join(s["text"] for s in event["sentences"]),
            "fatalities": event["fatalities"],
            "tags": f"grade={event['grade']}; clarity={event['event_clarity']}; claims: {_claims_tag(event)}",
            "timestamp": _timestamp(record.get("published")),  # Unix time, as ACLED's column; here the publication time
        }


def _deaths_by_side(event: dict[str, Any]) -> dict[str, int]:
    """UCDP's split of the best death count: side A, side B, civilians, unknown — by what the count counts."""
    split = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    sides = [SIDE_KINDS.get((event[actor] or {}).get("inter")) for actor in ("actor1", "actor2")]
    for quantity in event["quantities"]:
        if quantity["kind"] != "killed":
            continue
        kind = side_of(quantity["counted"])
        if kind == "civilians":
            split["deaths_civilians"] += quantity["best"]
        elif kind is not None and kind in sides:
            split["deaths_a" if sides.index(kind) == 0 else "deaths_b"] += quantity["best"]
        else:
            split["deaths_unknown"] += quantity["best"]
    total = sum(split.values())
    if total != event["deaths"]["best"]:  # overlapping counts ("five people, three of them children"): keep the total honest
        split = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": event["deaths"]["best"]}
    return split


def _original(event: dict[str, Any]) -> str:
    claim = next((c for c in event["claims"] if c["stance"] in ("asserted", "alleged")), None)
    return claim["claimant"]["text"] if claim and claim["claimant"]["kind"] != "outlet" else ""


def ucdp_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for event in record["events"]:
        violence = _violence(event)
        if violence is None:
            continue  # UCDP records organised lethal violence only
        place = event_place(event)
        name, _, _, region = _country(place["country"] if place else None)
        yield {
            "id": event["id"], "year": (event["date_start"] or "")[:4], "type_of_violence": violence,
            "side_a": (event["actor1"] or {}).get("name", ""), "side_b": (event["actor2"] or {}).get("name", ""),
            "source_article": record.get("url") or record["origin"]["path"], "source_office": record.get("source") or "",
            "source_date": (record.get("published") or "")[:10], "source_headline": record.get("title") or "",
            "source_original": _original(event), "where_prec": event["location"]["where_prec"] or "",
            "where_description": "; ".join(p["text"] for p in event["location"]["places"]) or (place or {}).get("name", ""),
            "adm_1": (place or {}).get("admin1") or "", "adm_2": (place or {}).get("admin2") or "",
            "latitude": (place or {}).get("lat", ""), "longitude": (place or {}).get("lon", ""), "country": name, "region": region,
            "event_clarity": event["event_clarity"], "date_prec": event["date_prec"] or "",
            "date_start": event["date_start"] or "", "date_end": event["date_end"] or "",
            **_deaths_by_side(event), "best": event["deaths"]["best"], "high": event["deaths"]["high"], "low": event["deaths"]["low"],
            "number_of_sources": event.get("number_of_sources")  # an incident: its documents
            or len({c["claimant"]["text"].lower() for c in event["claims"]}),
        }


def _resolution(event: dict[str, Any]) -> str | None:
    return {1: "city", 2: "near city", 3: "region"}.get(event["location"]["geo_precision"])


def plover_events(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for event in (*record["events"], *record["statements"]):
        place = event_place(event)
        counts = {kind: sum(q["best"] for q in event["quantities"] if q["kind"] == kind) for kind in ("killed", "injured", "arrested")}
        yield {
            "id": event["id"], "event_type": event["plover_type"], "mode": PLOVER_MODES.get(event["modality"]), "context": [],
            "actor": [a["name"] for a in (event["actor1"], *event["assoc_actor_1"]) if a],
            "recipient": [a["name"] for a in (event["actor2"], *event["assoc_actor_2"]) if a],
            "date": event["date_start"], "date_start": event["date_start"], "date_end": event["date_end"],
            "location": None if place is None else {"name": place["name"], "country": place["country"], "admin1": place["admin1"],
                                                   "lat": place["lat"], "lon": place["lon"], "resolution": _resolution(event)},
            "dead": event["fatalities"], "injured": counts["injured"], "arrested": counts["arrested"],
            "citation": {"url": record.get("url"), "publication": record.get("source"), "language": record.get("language"),
                         "headline": record.get("title"), "date": record.get("published"), "text": event["sentence"]["text"]},
            "claims": [{"stance": c["stance"], "claimant": c["claimant"]["text"], "kind": c["claimant"]["kind"]} for c in event["claims"]],
        }
