"""The map and event pages in a real headless Chromium (Debian's ``chromium``), driven by
Playwright, against `chronica serve` on loopback: as an analyst would use them.

Screenshots go to ``build/test-artifacts/`` (or ``$CHRONICA_TEST_ARTIFACTS``). Without a
Chromium binary the tests are skipped locally and fail under CI, where ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path(os.environ.get("CHRONICA_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(
    os.environ.get(
        "CHRONICA_TEST_ARTIFACTS", Path(__file__).parent.parent / "build" / "test-artifacts"
    )
)
# headless, and none of Chromium's own calls home: the machine's network is closed
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOADS = "Number(document.getElementById('map').dataset.loads)"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, served):
    """A fresh page that records script errors and every host it asks for."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.errors, opened.requests = [], []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on("request", lambda request: opened.requests.append(request.url))
    yield opened
    context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


def _loaded_after(page, loads: int) -> int:
    page.wait_for_function(f"{LOADS} > {loads}", timeout=30_000)
    return page.evaluate(LOADS)


def test_map_filters_then_event_evidence(page, served):
    base = served["base"]
    api = httpx.Client(base_url=base, timeout=60)
    everything = api.get("/api/events", params={"limit": 1}).json()["total"]

    page.goto(f"{base}/")
    loads = _loaded_after(page, 0)
    assert page.locator("#matched").inner_text().startswith(f"{everything} events match")
    assert page.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg").count() >= 1
    assert page.locator(".cluster").count() + page.locator("#events tbody tr").count() >= 1
    assert page.locator("#timeline rect").count() >= 1
    page.screenshot(path=ARTIFACTS / "map.png")

    page.select_option("select[name=grade]", "Confirmed")
    page.click("button[type=submit]")
    loads = _loaded_after(page, loads)
    confirmed = api.get("/api/events", params={"grade": "Confirmed", "limit": 1}).json()["total"]
    assert "grade=Confirmed" in page.url
    assert page.locator("#matched").inner_text().startswith(f"{confirmed} events match")
    assert 0 < confirmed < everything
    listed = page.locator("#events tbody tr a.event-link")
    first_id = listed.first.get_attribute("href").rsplit("/", 1)[1]
    assert api.get(f"/api/events/{first_id}").json()["event"]["grade"] == "Confirmed"
    page.screenshot(path=ARTIFACTS / "map-filtered.png")

    listed.first.click()
    page.wait_for_url(f"**/events/{first_id}")
    event = api.get(f"/api/events/{first_id}").json()["event"]
    date_span = next(s for s in event["evidence"] if s["field"] == "date")
    marked = page.locator("#story mark[data-fields~=date]")
    assert marked.first.is_visible()
    assert date_span["text"] in " ".join(marked.all_inner_texts())
    assert page.locator("#fields tr[data-field=date] mark").inner_text() == date_span["text"]
    assert page.locator("#removed .removed-part").count() >= 1
    assert page.locator("#grade").inner_text() == event["grade"]
    page.screenshot(path=ARTIFACTS / "event.png", full_page=True)

    assert page.errors == []
    assert all(url.startswith(base) for url in page.requests), [
        u for u in page.requests if not u.startswith(base)
    ]


def test_a_timeline_bar_narrows_the_days(page, served):
    page.goto(f"{served['base']}/")
    loads = _loaded_after(page, 0)
    bars = page.locator("#timeline rect")
    chosen = bars.nth(bars.count() - 1)
    start = chosen.get_attribute("data-start")
    chosen.click()
    _loaded_after(page, loads)
    since = page.input_value("input[name=since]")
    assert since.startswith(start) and page.input_value("input[name=until]") >= since
    shown = page.locator("#events tbody tr td:first-child").all_inner_texts()
    assert shown and all(since <= day <= page.input_value("input[name=until]") for day in shown)
    assert page.errors == []


def test_api_docs_render_offline(page, served):
    """Swagger UI (shipped, not from a CDN) reads the OpenAPI 3.1 spec FastAPI writes."""
    spec = httpx.get(f"{served['base']}/openapi.json").json()
    operations = sum(len(methods) for methods in spec["paths"].values())
    page.goto(f"{served['base']}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() == operations
    assert page.errors == [] and all(u.startswith(served["base"]) for u in page.requests)
    page.screenshot(path=ARTIFACTS / "api-docs.png")
