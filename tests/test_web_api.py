"""The web app's JSON API and pages, against the real server (`chronica serve` on loopback) over
a store filled by `chronica ingest examples/`; pure parts (outlines, evidence pieces) directly."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3

import httpx
import pytest
import shapely
from conftest import run_cli, serving
from shapely.geometry import shape

from chronica import views
from chronica.geo import outlines
from chronica.web import evidence
from chronica.web.queries import EventFilter


@pytest.fixture(scope="module")
def api(served):
    with httpx.Client(base_url=served["base"], timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def stored(served):
    """What the store holds, read with plain SQL: the truth the API is checked against."""
    with sqlite3.connect(served["db"]) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM events ORDER BY date_start DESC, id")]


# ---- pure parts ---------------------------------------------------------------------------


def test_topojson_rings_follow_reversed_and_shared_arcs():
    topology = {  # a unit square split into two triangles sharing the diagonal (arc 1)
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [1, 0], [0, 1]], [[1, 1], [-1, -1]], [[1, 1], [-1, 0], [0, -1]]],
        "objects": {
            "parts": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "A", "arcs": [[0, 1]]},
                    {"type": "Polygon", "id": "B", "arcs": [[~1, 2]], "properties": {"name": "b"}},
                    {"type": "Point", "coordinates": [0, 0]},
                ],
            }
        },
    }
    collection = outlines.to_geojson(topology, "parts")
    a, b = collection["features"]
    assert a["geometry"]["coordinates"] == [[[10, 20], [11, 20], [11, 21], [10, 20]]]
    assert b["geometry"]["coordinates"] == [[[10, 20], [11, 21], [10, 21], [10, 20]]]
    assert b["properties"] == {"id": "B", "name": "b"}
    assert shape(a["geometry"]).area == shape(b["geometry"]).area == 0.5


def test_shipped_outlines_cover_countries_and_divisions():
    countries = {f["properties"]["id"]: f for f in outlines.countries()["features"]}
    assert len(countries) > 200
    damascus = shapely.Point(36.29, 33.51)
    assert shape(countries["SY"]["geometry"]).contains(damascus)
    assert not shape(countries["LB"]["geometry"]).contains(damascus)
    valid = sum(shape(f["geometry"]).is_valid for f in countries.values())
    assert valid / len(countries) > 0.95  # a few cross the antimeridian: drawn, not valid planar
    syria = outlines.divisions("sy")
    names = {f["properties"]["name"] for f in syria["features"]}
    assert {"Idlib", "Aleppo"} <= names and len(names) >= 14  # 14 governorates (NE adds one)
    assert outlines.divisions("XX") is None


def test_pieces_mark_overlapping_spans_on_both_sides():
    text = "Shelling on Friday killed two in Aleppo."
    spans = [
        evidence.Span(0, 40, "incident", text, "model"),
        evidence.Span(9, 18, "date", "on Friday", "weekday"),
        evidence.Span(26, 29, "quantity:killed", "two", "number"),
        evidence.Span(35, 99, "location", "out of range", "ignored"),
    ]
    pieces = evidence.pieces(text, spans)
    assert "".join(p.text for p in pieces) == text
    marked = {p.text: p.families for p in pieces if p.fields}
    assert marked["on Friday"] == ["date", "sentence"]
    assert marked["two"] == ["count", "sentence"]
    assert marked["Shelling "] == ["sentence"]


# ---- API ------------------------------------------------------------------------------------


def test_events_match_the_store_and_page_through(api, stored):
    first = api.get("/api/events", params={"limit": 1}).json()
    assert first["total"] == len(stored) and len(stored) >= 2
    assert [first["items"][0]["id"]] == [stored[0]["id"]]
    seen, page = [], first
    while True:
        seen += [item["id"] for item in page["items"]]
        if page["next"] is None:
            break
        page = api.get(page["next"]).json()
    assert seen == [row["id"] for row in stored]


@pytest.mark.parametrize(
    "params, keep",
    [
        ({"country": "sy"}, lambda r: r["country"] == "SY"),
        ({"country": "SY,IQ"}, lambda r: r["country"] in ("SY", "IQ")),
        ({"since": "2024-04-01"}, lambda r: (r["date_start"] or "") >= "2024-04-01"),
        (
            {"until": "2024-03-31"},
            lambda r: r["date_start"] is not None and r["date_start"] <= "2024-03-31",
        ),
        ({"grade": "Confirmed"}, lambda r: r["grade"] == "Confirmed"),
        ({"actor": "syria"}, lambda r: "syria" in f"{r['actor1']} {r['actor2']}".lower()),
        (
            {"bbox": "36,35,37,36"},
            lambda r: r["lat"] is not None and 35 <= r["lat"] <= 36 and 36 <= r["lon"] <= 37,
        ),
        ({"bbox": "170,-10,-170,10"}, lambda r: False),  # across the antimeridian: the Pacific
    ],
)
def test_filters(api, stored, params, keep):
    found = api.get("/api/events", params=params).json()
    assert [i["id"] for i in found["items"]] == [r["id"] for r in stored if keep(r)]


@pytest.mark.parametrize(
    "bbox", [(36, 35, 37, 36), (170, -10, -170, 10), (-180, -90, 180, 90), (30, 30, 40, 40)]
)
def test_point_in_box_agrees_with_the_sql_filter(api, stored, bbox):
    """The clusters' cache cuts cells with ``contains``; pages cut rows with SQL: same box."""
    where = EventFilter(bbox=bbox)
    found = api.get("/api/events", params={"bbox": ",".join(map(str, bbox))}).json()
    inside = {
        r["id"] for r in stored if r["lat"] is not None and where.contains(r["lat"], r["lon"])
    }
    assert {i["id"] for i in found["items"]} == inside


@pytest.mark.parametrize(
    "params, complaint",
    [
        ({"since": "2024-13-01"}, "month"),
        ({"bbox": "1,2,3"}, "pattern"),
        ({"bbox": "0,50,10,40"}, "south"),
        ({"limit": 0}, "greater"),
    ],
)
def test_bad_filters_get_clear_errors(api, params, complaint):
    answer = api.get("/api/events", params=params)
    assert answer.status_code == 422 and complaint in answer.text


def test_geojson_opens_in_a_gis_reader(api, stored):
    answer = api.get("/api/events.geojson")
    assert answer.headers["content-type"].startswith("application/geo+json")
    collection = shapely.from_geojson(answer.text)  # GEOS's own GeoJSON reader
    located = [r for r in stored if r["lat"] is not None]
    assert len(shapely.get_parts(collection)) == len(located)
    features = answer.json()["features"]
    for feature, row in zip(features, located, strict=True):
        point = shape(feature["geometry"])
        assert point.is_valid and (point.x, point.y) == (row["lon"], row["lat"])  # RFC 7946 order
        assert feature["properties"]["sub_event_type"] == row["sub_event_type"]


def test_clusters_and_timeline_count_every_event(api, stored):
    located = [r for r in stored if r["lat"] is not None]
    for zoom in (1, 8, 18):
        clusters = api.get("/api/events/clusters", params={"zoom": zoom}).json()["clusters"]
        assert sum(c["count"] for c in clusters) == len(located)
    far = api.get("/api/events/clusters", params={"zoom": 1}).json()["clusters"]
    near = api.get("/api/events/clusters", params={"zoom": 18}).json()["clusters"]
    assert len(far) <= len(near) and all(c["event_id"] for c in near if c["count"] == 1)
    timeline = api.get("/api/timeline", params={"bucket": "month"}).json()
    dated = [r for r in stored if r["date_start"]]
    assert sum(b["events"] for b in timeline["buckets"]) == len(dated)
    assert timeline["buckets"][0]["start"] == min(r["date_start"] for r in dated)[:7]


def test_document_carries_text_spans_and_removed_parts(api, stored):
    event = api.get(f"/api/events/{stored[0]['id']}").json()
    document = api.get(f"/api/documents/{event['document_id']}").json()
    body = document["body"]
    spans = [s for e in document["events"] for s in e["spans"]]
    assert spans and all(body[s["start"] : s["end"]] == s["text"] for s in spans)
    assert {p["kind"] for p in document["removed"]} >= {"navigation", "caption"}
    assert api.get("/api/documents/nope").status_code == 404
    missing = api.get("/api/events/nope")
    assert missing.status_code == 404 and "no event 'nope'" in missing.json()["detail"]


def test_pages_say_what_is_missing_in_html(api):
    missing = api.get("/events/nope")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "no event &#39;nope&#39;" in missing.text or "no event 'nope'" in missing.text
    assert api.get("/incidents/nope").status_code == 404


def test_incidents_list_and_detail(api, stored):
    listed = api.get("/api/incidents").json()
    assert listed["total"] >= 1
    incident = api.get(f"/api/incidents/{listed['items'][0]['id']}").json()
    assert incident["linked"] and incident["date"]["spans"]
    with_incident = {r["id"] for r in stored}
    assert {report["event_id"] for report in incident["linked"]} <= with_incident


def test_exports_in_the_coders_formats(api, stored):
    acled = api.get("/api/export/acled", params={"country": "SY"})
    rows = list(csv.DictReader(io.StringIO(acled.text)))
    assert tuple(rows[0]) == views.ACLED_COLUMNS
    assert len(rows) == sum(r["country"] == "SY" for r in stored)
    assert "attachment" in acled.headers["content-disposition"]
    plover = [json.loads(line) for line in api.get("/api/export/plover").text.splitlines()]
    assert len(plover) == len(stored)
    assert api.get("/api/export/gdelt").status_code == 404


def test_openapi_docs_and_pages_load_nothing_from_other_hosts(api):
    spec = api.get("/openapi.json").json()
    assert {"/api/events", "/api/events.geojson", "/api/documents/{document_id}"} <= set(
        spec["paths"]
    )
    for page in ("/docs", "/"):
        html = api.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
        for asset in assets:
            assert api.get(asset).status_code == 200, asset


def _marked_text(story_html: str, field: str) -> str:
    """The story with only the pieces marked for ``field`` kept (others become a gap)."""
    kept = []
    for fields, marked, plain in re.findall(
        r'<mark class="[^"]*" data-fields="([^"]*)"[^>]*>(.*?)</mark>|([^<]+)',
        story_html,
        re.DOTALL,
    ):
        text = html.unescape(marked or plain)
        kept.append(text if field in fields.split() else "\0" * len(text))
    return "".join(kept)


def test_event_page_marks_every_field_span(api, stored):
    event = api.get(f"/api/events/{stored[0]['id']}").json()["event"]
    page = api.get(f"/events/{event['id']}").text
    story = page.split('<div class="story" id="story">', 1)[1].split("</div>", 1)[0]
    assert event["evidence"]
    for span in event["evidence"]:
        assert span["text"] in _marked_text(story, span["field"]), span
    assert 'class="removed-part"' in page and 'id="fields"' in page


def test_ingest_over_the_api_needs_the_token(api, served):
    document = {
        "text": "Gunmen killed three villagers in Mopti on Monday, local officials said.",
        "published": "2024-05-08",
        "url": "https://example.org/api-test",
    }
    assert api.post("/api/documents", json=document).status_code == 401
    wrong = {"Authorization": "Bearer not-it"}
    assert api.post("/api/documents", json=document, headers=wrong).status_code == 401
    auth = {"Authorization": f"Bearer {served['token']}"}
    created = api.post("/api/documents", json=document, headers=auth)
    assert created.status_code == 201, created.text
    stored = created.json()
    assert stored["stored"] and api.get(f"/api/documents/{stored['id']}").status_code == 200
    again = api.post("/api/documents", json=document, headers=auth).json()
    assert again["id"] == stored["id"] and not again["stored"]
    bad = api.post("/api/documents", content=b"{not json", headers=auth)
    assert bad.status_code == 422 and "bad_json" in bad.text
    with sqlite3.connect(served["db"]) as db:
        assert (
            db.execute("SELECT count(*) FROM failures WHERE reason = 'bad_json'").fetchone()[0] == 1
        )


def test_read_only_unless_a_token_is_set(served):
    with serving(served["db"], token=None) as base:
        refused = httpx.post(f"{base}/api/documents", json={"text": "x"})
    assert refused.status_code == 403 and "CHRONICA_API_TOKEN" in refused.text


def test_serve_without_a_store_says_how_to_make_one(tmp_path):
    result = run_cli("serve", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and "chronica ingest" in result.stderr


def test_serve_on_a_busy_port_says_so(served):
    busy = served["base"].rsplit(":", 1)[1]
    result = run_cli("serve", "--db", str(served["db"]), "--port", busy)
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{busy}" in result.stderr
