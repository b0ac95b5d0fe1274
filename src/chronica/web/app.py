"""The web app over one chronica store: a JSON API (OpenAPI at ``/docs``) and the pages analysts
use — a map with a timeline, and an event page that shows the words behind every value.

Everything it serves comes from the store, the package, or packages pinned with it (Leaflet
from XStatic-Leaflet, Swagger UI 5 from fastapi-offline, outlines from ``data/outlines``): a
page loads nothing from another host unless the user configures a tile URL.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import fastapi_offline
import xstatic.pkg.leaflet
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from chronica import __version__
from chronica.export import OutputFormat, Writer
from chronica.geo import outlines
from chronica.store import Store
from chronica.web import evidence, queries
from chronica.web.queries import EventFilter

ENV_TOKEN = "CHRONICA_API_TOKEN"
ENV_TILE_URL = "CHRONICA_TILE_URL"
HERE = Path(__file__).resolve().parent
MAX_PAGE = 1000
MAX_FEATURES = 50_000
CACHED_ZOOM = 9  # up to this zoom, world-wide clusters are cached (a few thousand cells at most)
EXPORT_FORMATS = {
    "acled": ("text/csv", "csv"),
    "ucdp": ("text/csv", "csv"),
    "plover": ("application/x-ndjson", "jsonl"),
}


@lru_cache(maxsize=64)
def _clusters_everywhere(
    db: Path, stamp: tuple[int, int], where: EventFilter, zoom: int
) -> list[dict[str, Any]]:
    """The clusters of the whole world at a zoom level, kept until events change (``stamp``):
    panning at one zoom then costs a filter over cells, not a pass over every event."""
    with closing(sqlite3.connect(db)) as connection:
        connection.row_factory = sqlite3.Row
        return queries.clusters(connection, where, zoom)


@dataclass(frozen=True, slots=True)
class Settings:
    """How one server runs. ``token``: the bearer token that allows ``POST /api/documents``
    (None: the API is read-only). ``tile_url``: an online tile layer drawn under the outlines
    (None: the map uses only the shipped outlines and works offline)."""

    db: Path
    token: str | None = None
    tile_url: str | None = None
    tile_attribution: str = ""

    @classmethod
    def from_environment(cls, db: Path, tile_url: str | None = None) -> Settings:
        return cls(
            db=db,
            token=os.environ.get(ENV_TOKEN) or None,
            tile_url=tile_url or os.environ.get(ENV_TILE_URL) or None,
        )


def _filters(
    country: Annotated[
        list[str] | None,
        Query(description="ISO 3166 alpha-2 code; repeat or separate by commas for several"),
    ] = None,
    since: Annotated[dt.date | None, Query(description="first day (YYYY-MM-DD)")] = None,
    until: Annotated[dt.date | None, Query(description="last day (YYYY-MM-DD)")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(description="part of actor 1's or actor 2's name")] = None,
    grade: Annotated[str | None, Query(description="reliability grade")] = None,
    bbox: Annotated[
        str | None,
        Query(
            description="west,south,east,north in degrees (west > east crosses the antimeridian)",
            pattern=r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$",
        ),
    ] = None,
) -> EventFilter:
    box = tuple(float(v) for v in bbox.split(",")) if bbox else None
    if box and not (-90 <= box[1] <= box[3] <= 90):
        raise HTTPException(422, "bbox: south must not exceed north, both within -90..90")
    codes = tuple(
        c.strip().upper() for value in country or () for c in value.split(",") if c.strip()
    )
    return EventFilter(
        countries=codes,
        since=since and since.isoformat(),
        until=until and until.isoformat(),
        event_type=event_type or None,
        sub_event_type=sub_event_type or None,
        actor=actor or None,
        grade=grade or None,
        bbox=box,
    )  # type: ignore[arg-type]


def _store(request: Request) -> Iterator[Store]:
    """A connection of its own for each request (requests run on several threads)."""
    opened = Store(request.app.state.settings.db, pipeline_version=__version__, handed_over=True)
    try:
        yield opened
    finally:
        opened.close()


Filters = Annotated[EventFilter, Depends(_filters)]
Db = Annotated[Store, Depends(_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="how many per page")]
Offset = Annotated[int, Query(ge=0, description="how many to skip")]


def _page(
    request: Request, total: int, items: list[Any], limit: int, offset: int
) -> dict[str, Any]:
    """One page of a listing, with the URL of the next (None on the last)."""
    following = None
    if offset + limit < total:
        following = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"total": total, "limit": limit, "offset": offset, "next": following, "items": items}


def _export_rows(store: Store, where: EventFilter, fmt: str) -> Iterator[str]:
    """The matching events in a coder's format, document by document, as text chunks."""
    clause, values = where.where()
    by_document: dict[str, set[str]] = {}
    for event_id, document_id in store.db.execute(
        f"SELECT e.id, e.document_id FROM events e {clause} ORDER BY e.date_start, e.id", values
    ):
        by_document.setdefault(document_id, set()).add(event_id)
    buffer = io.StringIO()
    writer = Writer(buffer, OutputFormat(fmt))  # the same rows as `chronica docs export`
    for document_id, wanted in by_document.items():
        record = store.get_record(document_id)
        if record is None:
            continue
        record["events"] = [e for e in record["events"] if e["id"] in wanted]
        writer.write(record)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    writer.close()
    yield buffer.getvalue()


def _event_and_document(store: Store, event_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    found = store.event_records([event_id]).get(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r} in this store")
    return found


def _incident(store: Store, incident_id: str) -> dict[str, Any]:
    found = store.incident(incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id!r} in this store")
    return found


def _document(store: Store, document_id: str) -> dict[str, Any]:
    found = store.get_record(document_id)
    if found is None:
        raise HTTPException(404, f"no document {document_id!r} in this store")
    return found


def _incident_of(store: Store, event_id: str) -> str | None:
    row = store.db.execute(
        "SELECT incident_id FROM incident_reports WHERE event_id = ?", (event_id,)
    ).fetchone()
    return row[0] if row else None


def _document_view(record: dict[str, Any]) -> dict[str, Any]:
    """A stored document for the API: its text, every event's evidence spans, its places and
    the page furniture removed from it."""
    return {
        **{
            k: record[k]
            for k in (
                "id",
                "url",
                "title",
                "source",
                "author",
                "published",
                "published_source",
                "language",
                "body",
                "paragraphs",
                "dateline",
                "warnings",
            )
        },
        "events": [
            {
                "id": e["id"],
                "sub_event_type": e["sub_event_type"],
                "date_start": e["date_start"],
                "spans": e["evidence"],
            }
            for e in record["events"]
        ],
        "places": record["places"],
        "removed": record["removed"],
    }


def create_app(settings: Settings) -> FastAPI:
    """The app over ``settings.db``, which must exist (``chronica ingest`` makes it); its
    schema is brought up to date once here, so requests only read."""
    if not settings.db.exists():
        raise FileNotFoundError(
            f"no store at {settings.db}; fill one with: chronica ingest PATH --db {settings.db}"
        )
    Store(settings.db, pipeline_version=__version__).close()  # migrations, before any request

    app = FastAPI(
        title="chronica",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Events coded from news reports, with the evidence behind every value. "
        "Read-only unless the server was started with "
        f"{ENV_TOKEN} set (then POST /api/documents ingests a document).",
    )
    app.state.settings = settings
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount(
        "/vendor/leaflet", StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet"
    )
    swagger_dir = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/vendor/swagger", StaticFiles(directory=swagger_dir), name="swagger")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(family=evidence.family, version=__version__)
    templates.env.filters["label"] = evidence.label

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="chronica API",
            swagger_js_url="/vendor/swagger/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.exception_handler(StarletteHTTPException)
    async def error_page(request: Request, error: StarletteHTTPException) -> Response:
        """Pages get an HTML page that says what is missing; the API keeps its JSON errors."""
        if request.url.path.startswith(("/api/", "/static/", "/vendor/", "/openapi")):
            return await http_exception_handler(request, error)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": error.status_code, "detail": error.detail},
            status_code=error.status_code,
        )

    # ---- API -------------------------------------------------------------------------------

    @app.get("/api/events", tags=["events"])
    def api_events(
        request: Request, db: Db, where: Filters, limit: Limit = 100, offset: Offset = 0
    ) -> dict[str, Any]:
        """Events matching the filters, newest first, a page at a time (``next`` is the URL of
        the following page, null on the last)."""
        return _page(request, *queries.events_page(db.db, where, limit, offset), limit, offset)

    @app.get("/api/events.geojson", tags=["events"])
    def api_events_geojson(
        db: Db, where: Filters, limit: Annotated[int, Query(ge=1, le=MAX_FEATURES)] = 10_000
    ) -> Response:
        """The located events matching the filters as a GeoJSON FeatureCollection (RFC 7946)."""
        body = json.dumps(queries.event_features(db.db, where, limit), ensure_ascii=False)
        return Response(body, media_type="application/geo+json")

    @app.get("/api/events/clusters", tags=["events"])
    def api_clusters(
        db: Db, where: Filters, zoom: Annotated[int, Query(ge=0, le=22)] = 3
    ) -> dict[str, Any]:
        """The matching events gathered into map clusters for a zoom level (done on the server,
        so a map of fifty thousand events draws a few hundred markers)."""
        if zoom > CACHED_ZOOM:  # cells this small: the view's box is the cheaper cut
            found = queries.clusters(db.db, where, zoom)
        else:
            stamp = queries.data_stamp(db.db)
            everywhere = _clusters_everywhere(settings.db, stamp, where.without_bbox(), zoom)
            found = [c for c in everywhere if where.contains(c["lat"], c["lon"])]
        return {"zoom": zoom, "cell_degrees": queries.cell_degrees(zoom), "clusters": found}

    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: str, db: Db) -> dict[str, Any]:
        """One event's full record (every value with its evidence span and rule), its document
        and its incident."""
        event, document = _event_and_document(db, event_id)
        return {
            "event": event,
            "document_id": document["id"],
            "incident": _incident_of(db, event_id),
        }

    @app.get("/api/timeline", tags=["events"])
    def api_timeline(
        db: Db, where: Filters, bucket: Annotated[str, Query(pattern="^(auto|day|month)$")] = "auto"
    ) -> dict[str, Any]:
        """Matching events and their deaths per day or per month, empty buckets included."""
        return queries.timeline(db.db, where, bucket)

    @app.get("/api/facets", tags=["events"])
    def api_facets(db: Db) -> dict[str, Any]:
        """The values the filters can take, with how many events have each."""
        return queries.facets(db.db)

    @app.get("/api/incidents", tags=["incidents"])
    def api_incidents(
        request: Request, db: Db, where: Filters, limit: Limit = 100, offset: Offset = 0
    ) -> dict[str, Any]:
        """Incidents (reports of one happening across articles, reconciled), newest first.
        Filters on country, days, sub-event type and grade."""
        return _page(request, *queries.incidents_page(db.db, where, limit, offset), limit, offset)

    @app.get("/api/incidents/{incident_id}", tags=["incidents"])
    def api_incident(incident_id: str, db: Db) -> dict[str, Any]:
        """One incident: reconciled values with the reports and spans behind each, its linked
        reports with the reasons for each link, and its revision log."""
        return _incident(db, incident_id)

    @app.get("/api/documents/{document_id}", tags=["documents"])
    def api_document(document_id: str, db: Db) -> dict[str, Any]:
        """A stored document: its clean text, its events' evidence spans (offsets into
        ``body``), the places it names and the page furniture removed from it."""
        return _document_view(_document(db, document_id))

    @app.post("/api/documents", tags=["documents"], status_code=201)
    async def api_ingest(
        request: Request,
        authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
    ) -> dict[str, Any]:
        """Ingest one document, given as a JSON object like a line of JSON Lines input
        (``text`` or ``html``, optional ``url``, ``title``, ``source``, ``published``).
        Allowed only with the bearer token the server was started with."""
        if settings.token is None:
            raise HTTPException(
                403,
                f"this server is read-only; start it with {ENV_TOKEN} set "
                "to allow ingesting over the API",
            )
        if authorization != f"Bearer {settings.token}":
            raise HTTPException(
                401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
            )
        raw = await request.body()
        from chronica.web.ingest import (
            ingest_json,  # loads spaCy: only when someone ingests
        )

        return await ingest_json(settings.db, raw)

    @app.get("/api/export/{fmt}", tags=["exports"])
    def api_export(fmt: str, db: Db, where: Filters) -> StreamingResponse:
        """The matching events as ACLED or UCDP CSV rows, or PLOVER JSON lines."""
        if fmt not in EXPORT_FORMATS:
            raise HTTPException(
                404, f"no export format {fmt!r}; use one of {sorted(EXPORT_FORMATS)}"
            )
        media, suffix = EXPORT_FORMATS[fmt]
        return StreamingResponse(
            _export_rows(db, where, fmt),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="chronica-{fmt}.{suffix}"'},
        )

    @app.get("/api/outlines/countries", tags=["map"])
    def api_countries() -> JSONResponse:
        """Country outlines (Natural Earth 1:50m, public domain) as GeoJSON."""
        return JSONResponse(outlines.countries(), headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/outlines/admin1/{country}", tags=["map"])
    def api_divisions(country: str) -> JSONResponse:
        """One country's first-order divisions (Natural Earth 1:10m) as GeoJSON."""
        found = outlines.divisions(country)
        if found is None:
            raise HTTPException(404, f"no division outlines ship for {country!r}")
        return JSONResponse(found, headers={"Cache-Control": "max-age=86400"})

    # ---- pages -----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        config = {"tileUrl": settings.tile_url, "tileAttribution": settings.tile_attribution}
        return templates.TemplateResponse(request, "map.html", {"config": json.dumps(config)})

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str, db: Db) -> HTMLResponse:
        event, document = _event_and_document(db, event_id)
        return templates.TemplateResponse(
            request,
            "event.html",
            {
                "event": event,
                "document": document,
                "incident": _incident_of(db, event_id),
                "rows": evidence.field_rows(event),
                "pieces": evidence.pieces(document["body"], evidence.event_spans(event)),
            },
        )

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: str, db: Db) -> HTMLResponse:
        document = _document(db, document_id)
        spans = [s for e in document["events"] for s in evidence.event_spans(e)]
        return templates.TemplateResponse(
            request,
            "document.html",
            {"document": document, "pieces": evidence.pieces(document["body"], spans)},
        )

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(request: Request, incident_id: str, db: Db) -> HTMLResponse:
        incident = _incident(db, incident_id)
        return templates.TemplateResponse(request, "incident.html", {"incident": incident})

    return app
