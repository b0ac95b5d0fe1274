"""Does the web app answer fast on a big store? p95 latency of the API over 50,000 events.

Issue 16 asks that `/api/events?country=..&since=..` answer in under 200 ms (p95 over 100 local
requests) with 50,000 events stored, and that the map stay responsive. This script:

1. fills a store with N synthetic events (default 50,000): the shipped example page is
   extracted once, then its record is cloned with new ids, days spread over two years, event
   types, grades, fatalities and places drawn from towns the gazetteer knows in twelve
   countries; two events per document, stored with `Store.add_record` (no incident linking:
   linking is measured by incident_ingest_bench.py). The store is kept (``--db``) and reused
   when it already holds the events;
2. starts `chronica serve` on 127.0.0.1 and a free port, as a user would;
3. times R requests (default 100, after 5 warm-ups) for each query a map page makes, and the
   first request apart (before anything is cached); as the baseline measured in the same run,
   the same events query done in-process straight on SQLite (`queries.events_page`), so the
   ratio shows what HTTP, JSON and the app add;
4. prints first / p50 / p95 / max per query, the ratio of each p95 to the baseline's, response
   sizes, how many markers the map draws at a world and a country zoom, and whether the 200 ms
   target holds.

    python bench/web_bench.py [--events 50000] [--requests 100] [--db PATH] [--json]
                              [--browser [/usr/bin/chromium]]

With ``--browser`` it also opens the map page in headless Chromium and times the first full
draw and each zoom step's redraw (the page counts its draws in ``#map[data-loads]``).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from chronica import __version__
from chronica.geo.gazetteer import load as load_gazetteer
from chronica.store import Store
from chronica.web.queries import EventFilter, events_page

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "levant-post-depots.html"
COUNTRIES = ("SY", "IQ", "YE", "SO", "ML", "NG", "UA", "SD", "AF", "MM", "CD", "LY")
TYPES = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Arrests"),
)
GRADES = ("Confirmed", "Fair", "Weak", "Contested")
TARGET_MS = 200.0
console = Console(stderr=True)


def _towns(per_country: int = 40) -> dict[str, list[dict]]:
    """Real populated places per country from the gazetteer, as chronica's place records."""
    gazetteer = load_gazetteer()
    towns: dict[str, list[dict]] = {}
    with sqlite3.connect(gazetteer.path) as db:
        for country in COUNTRIES:
            rows = db.execute(
                """SELECT geonameid, name, country, admin1_code, lat, lon, population FROM places
                   WHERE country = ? AND fclass = 'P' ORDER BY population DESC LIMIT ?""",
                (country, per_country),
            ).fetchall()
            towns[country] = [
                {
                    "geonameid": g,
                    "name": n,
                    "feature_class": "P",
                    "feature_code": "PPL",
                    "country": c,
                    "admin1": a,
                    "admin2": None,
                    "lat": la,
                    "lon": lo,
                    "population": p,
                }
                for g, n, c, a, la, lo, p in rows
            ]
    return towns


def _template() -> dict:
    extracted = subprocess.run(
        [sys.executable, "-m", "chronica", "extract", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(extracted.stdout)[0]


def fill(db: Path, events: int, seed: int = 16) -> None:
    """Store ``events`` synthetic events (two per document) unless the store has them."""
    with Store(db, pipeline_version=__version__) as store:
        if store.counts()["events"] >= events:
            return
    random.seed(seed)
    template, towns = _template(), _towns()
    base_event = template["events"][0]
    with (
        Store(db, pipeline_version=__version__) as store,
        Progress(
            TextColumn("storing synthetic events"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress,
    ):
        task = progress.add_task("", total=events)
        for number in range(events // 2):
            record = {
                **template,
                "id": f"bench-doc-{number:06d}",
                "content_hash": f"h{number}",
                "url": f"https://bench.invalid/{number}",
                "removed": [],
            }
            record["events"] = []
            for part in range(2):
                event_type, sub_event_type = random.choice(TYPES)
                day = (
                    f"2023-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
                    if random.random() < 0.5
                    else f"2024-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
                )
                town = random.choice(towns[random.choice(COUNTRIES)])
                place = {
                    **town,
                    "lat": town["lat"] + random.uniform(-0.05, 0.05),
                    "lon": town["lon"] + random.uniform(-0.05, 0.05),
                }
                record["events"].append(
                    {
                        **base_event,
                        "id": f"bench-ev-{number:06d}-{part}",
                        "event_type": event_type,
                        "sub_event_type": sub_event_type,
                        "date_start": day,
                        "date_end": day,
                        "fatalities": random.choice((0, 0, 1, 2, 3, 5, 8, 12, 30)),
                        "grade": random.choice(GRADES),
                        "claims": [],
                        "evidence": [],
                        "location": {
                            "places": [],
                            "dateline_place": place,
                            "geo_precision": 1,
                            "rule": "synthetic",
                        },
                    }
                )
            store.add_record(record, link=False)
            progress.advance(task, 2)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _timed(call, repeats: int, warm: int = 5) -> tuple[float, list[float]]:
    """(the first call's ms — cold: nothing cached yet —, then ``repeats`` timed calls' ms
    after ``warm`` more)."""
    start = time.perf_counter()
    call()
    first = (time.perf_counter() - start) * 1000
    for _ in range(warm):
        call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return first, times


def _summary(first: float, times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "first": first,
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "max": ordered[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--db", type=Path, help="store to fill or reuse (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--browser", metavar="CHROMIUM", nargs="?", const="/usr/bin/chromium",
                        help="also time the map page in this headless Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or Path(scratch) / "bench.db"
        fill(db, args.events)
        run(db, args)


def run(db: Path, args: argparse.Namespace) -> None:
    recent = {"country": "SY", "since": "2024-06-01"}
    direct = sqlite3.connect(db)
    direct.row_factory = sqlite3.Row
    where = EventFilter(countries=("SY",), since="2024-06-01")
    baseline = _timed(lambda: events_page(direct, where, 100, 0), args.requests)
    total = events_page(direct, where, 1, 0)[0]
    stored = direct.execute("SELECT count(*) FROM events").fetchone()[0]
    queries = {
        "/api/events?country=SY&since=2024-06-01": ("/api/events", recent),
        "/api/events (no filter, first page)": ("/api/events", {}),
        "/api/events?bbox=… (a map view)": ("/api/events", {"bbox": "35,32,43,38"}),
        "/api/events/clusters?zoom=3 (world)": ("/api/events/clusters", {"zoom": 3}),
        "/api/events/clusters?zoom=7&country=SY": (
            "/api/events/clusters",
            {"zoom": 7, "country": "SY"},
        ),
        "/api/timeline": ("/api/timeline", {}),
        "/api/timeline?country=SY&since=2024-06-01": ("/api/timeline", recent),
        "/api/events.geojson?country=SY&since=2024-06-01": ("/api/events.geojson", recent),
    }
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "chronica", "serve", "--db", str(db), "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    results: dict[str, dict] = {
        "baseline (in-process SQL, same query)": {
            **_summary(*baseline),
            "bytes": None,
            "items": total,
        }
    }
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(200):
                try:
                    client.get("/api/facets")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for name, (path, params) in queries.items():
                times = _timed(
                    lambda p=path, q=params: client.get(p, params=q).raise_for_status(),
                    args.requests,
                )
                answer = client.get(path, params=params)
                body = answer.json()
                items = len(
                    body.get("clusters")
                    or body.get("features")
                    or body.get("buckets")
                    or body.get("items")
                    or []
                )
                results[name] = {**_summary(*times), "bytes": len(answer.content), "items": items}
            if args.browser:
                results.update(_map_page(f"http://127.0.0.1:{port}", args.browser))
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results, stored, args)


def _map_page(base: str, chromium: str) -> dict[str, dict]:
    """The map page in headless Chromium: ms until the first full draw (outlines, clusters,
    timeline, list), then per zoom step until the redraw; five runs each."""
    from playwright.sync_api import sync_playwright

    loads = "Number(document.getElementById('map').dataset.loads)"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    first, zooms = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        for _ in range(5):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(f"{base}/")
            page.wait_for_function(f"{loads} > 0", timeout=60_000)
            first.append((time.perf_counter() - start) * 1000)
            for step in range(1, 4):
                start = time.perf_counter()
                page.evaluate("() => { map.zoomIn(1, {animate: false}); }")
                page.wait_for_function(f"{loads} > {step}", timeout=60_000)
                zooms.append((time.perf_counter() - start) * 1000)
            page.close()
        browser.close()
    return {"map page: load to first draw (browser)": {**_summary(first[0], first[1:]),
                                                       "bytes": None, "items": None},
            "map page: zoom in to redraw (browser)": {**_summary(zooms[0], zooms[1:]),
                                                      "bytes": None, "items": None}}


def report(results: dict[str, dict], stored: int, args: argparse.Namespace) -> None:
    base_p95 = results["baseline (in-process SQL, same query)"]["p95"]
    headline = results["/api/events?country=SY&since=2024-06-01"]["p95"]
    verdict = {
        "events_stored": stored,
        "requests": args.requests,
        "target_ms": TARGET_MS,
        "target_met": headline < TARGET_MS,
        "queries": results,
    }
    if args.json:
        print(json.dumps(verdict, indent=2))
        return
    table = Table(
        "query",
        "first ms",
        "p50 ms",
        "p95 ms",
        "max ms",
        "p95 / baseline",
        "items",
        "bytes",
        title=f"{stored:,} events stored, {args.requests} requests per query",
    )
    for name, r in results.items():
        table.add_row(
            name,
            f"{r['first']:.1f}",
            f"{r['p50']:.1f}",
            f"{r['p95']:.1f}",
            f"{r['max']:.1f}",
            f"{r['p95'] / base_p95:.1f}",
            "" if r["items"] is None else str(r["items"]),
            "" if r["bytes"] is None else f"{r['bytes']:,}",
        )
    wide = Console(width=150)
    wide.print(table)
    wide.print(
        f"target: /api/events?country=..&since=.. p95 {headline:.1f} ms "
        f"{'<' if headline < TARGET_MS else '>='} {TARGET_MS:.0f} ms"
    )


if __name__ == "__main__":
    main()
