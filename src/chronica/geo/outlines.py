"""Country and first-order division outlines: the map's offline base layer, and the point
the gazetteer gives each country.

They ship as gzipped TopoJSON (Natural Earth, public domain, via the npm packages named in
``tools/build_outlines.py``) and are decoded to GeoJSON here, once per layer, because Leaflet
draws GeoJSON natively and no TopoJSON client has to be bundled.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any

COORDINATE_DECIMALS = 3  # about 100 m: finer than the 1:50m and 1:10m sources can show


class OutlinesMissing(RuntimeError):
    """The shipped outline files are not where the package keeps them."""


def _load(name: str) -> Any:
    path = resources.files("chronica") / "data" / "outlines" / name
    try:
        return json.loads(gzip.decompress(path.read_bytes()))
    except FileNotFoundError as missing:
        raise OutlinesMissing(
            f"map outlines {name} are missing from the chronica package; reinstall it, or "
            "rebuild them with: python tools/build_outlines.py"
        ) from missing


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc (quantised arcs are delta-encoded)."""
    transform = topology.get("transform")
    if transform is None:
        return [[(x, y) for x, y, *_ in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append(
                (round(x * sx + tx, COORDINATE_DECIMALS), round(y * sy + ty, COORDINATE_DECIMALS))
            )
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from its arcs; ``~i`` (a negative index) is arc ``i`` reversed, and each
    arc after the first repeats the point the previous one ended on."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return [list(point) for point in points]


def _geometry(
    geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]
) -> dict[str, Any] | None:
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_ring(r, arcs) for r in geometry["arcs"]]}
    if kind == "MultiPolygon":
        return {
            "type": kind,
            "coordinates": [[_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]],
        }
    return None  # points and empty geometries have no outline to draw


def to_geojson(topology: dict[str, Any], layer: str, **extra: Any) -> dict[str, Any]:
    """The named layer of a topology as a GeoJSON FeatureCollection; ``extra`` is added to every
    feature's properties."""
    arcs = _arcs(topology)
    features = []
    for geometry in topology["objects"][layer]["geometries"]:
        shape = _geometry(geometry, arcs)
        if shape is not None:
            properties = {"id": geometry.get("id"), **(geometry.get("properties") or {}), **extra}
            features.append({"type": "Feature", "properties": properties, "geometry": shape})
    return {"type": "FeatureCollection", "features": features}


@cache
def countries() -> dict[str, Any]:
    """Every country outline (Natural Earth 1:50m); ``id`` is the ISO alpha-2 code."""
    return to_geojson(_load("countries.topo.json.gz"), "countries")


@cache
def _division_topologies() -> dict[str, Any]:
    return _load("admin1.topo.json.gz")


@cache
def divisions(country: str) -> dict[str, Any] | None:
    """The first-order divisions of one country (Natural Earth 1:10m), None when none ship."""
    topology = _division_topologies().get(country.upper())
    return None if topology is None else to_geojson(topology, "divisions", country=country.upper())


def _area_and_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lat, lon) of a closed ring of (lon, lat) points, by the shoelace formula (on the
    plane of the coordinates: a country's middle, not a geodesic measure)."""
    twice_area = x_sum = y_sum = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        twice_area += cross
        x_sum += (x1 + x2) * cross
        y_sum += (y1 + y2) * cross
    if not twice_area:
        return 0.0, 0.0, 0.0
    return abs(twice_area) / 2, y_sum / (3 * twice_area), x_sum / (3 * twice_area)


def _inside(lat: float, lon: float, ring: list[list[float]]) -> bool:
    """Whether a point lies inside a ring (ray casting)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@cache
def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon): the middle (area centroid) of each country's largest outline
    polygon, where it falls inside that polygon (a crescent's middle lies abroad: no point).
    Gold-standard corpora place a country at its middle (GeoNames' country points, Wikipedia's
    coordinates), which a capital or a package's rounded point can miss by hundreds of km."""
    points = {}
    for feature in countries()["features"]:
        geometry = feature["geometry"]
        polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                    else geometry["coordinates"])
        outer = max((polygon[0] for polygon in polygons), key=lambda r: _area_and_centroid(r)[0])
        _, lat, lon = _area_and_centroid(outer)
        code = feature["properties"].get("id")
        if code and _inside(lat, lon, outer):
            points[code] = (round(lat, 4), round(lon, 4))
    return points
