"""ACLED export samples: each coded event, with the coder's own summary (``notes``) as its text.

Three public samples of ACLED's export, read as one corpus:

- ``ACLED 2023 Subset.csv`` (GregXD/conflict-events-tagger): 1,000 events of 30 November and
  1 December 2023 in 88 countries, dates written ``1-Dec-23``;
- ``acled_old_deletion_dummy.rda`` (acledR): 9,000 events of January–June 2022 in 169
  countries. acledR keeps it to test its update functions, so it purposely includes events ACLED
  later deleted or modified: it is the coding as it stood in mid-2022, not today's data;
- ``acled_old_dummy.rda`` (acledR): 326 Argentina events of June 2022. Ten of them are also in
  the larger file, identical, and each event id is read once.

The notes are ACLED's summary of its sources, not a news report, but the row is the coder's
coding of the event they tell, so each row with notes is one document holding that row as its
one event (its coordinates and standard actor names come from the coder, not from the text).
``published`` is the event date, which the notes themselves state ("On 1 December 2023, ...").
The country is ACLED's ISO 3166 numeric code as ISO alpha-2 (countryinfo); Kosovo, which ACLED
codes 0, is ``XK`` as in GeoNames.

Split: the 2023 file is test, the 2022 files dev. The two periods are 17 months apart, so the
split already keeps every country-month (one country's reporting and running stories in one
month) on one side; a split by country-month inside each period would gain nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from countryinfo import CountryInfo

from chronica.errors import InputError
from chronica.evaluation.corpora._io import need, number
from chronica.evaluation.corpora.records import CorpusDocument, GoldEvent

FOLDER = "acled_samples"
TEST_CSV = "ACLED 2023 Subset.csv"
DEV_RDA = ("acled_old_deletion_dummy.rda", "acled_old_dummy.rda")
COLUMNS = (
    "event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "inter1", "actor2", "inter2", "iso", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
NO_ISO_NUMBER = {"Kosovo": "XK"}  # no ISO 3166 numeric code; ACLED writes 0


def clean(value: Any) -> str | None:
    """A text cell, or None for R's NA, pandas' NaN and blanks (all mean "not coded")."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() or None


def whole(value: Any) -> int | None:
    """A whole-number cell, which R data frames hand over as a float."""
    found = number(value)
    return None if found is None else int(found)


@cache
def alpha2(country: str) -> str | None:
    """ISO alpha-2 for a country name or ISO numeric code ("760"), from countryinfo."""
    try:
        return CountryInfo(country).iso(2)
    except (LookupError, ValueError):  # countryinfo's CountryNotFoundError is a LookupError
        return None


def rda_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of the one data frame an R data file holds.

    pyreadr comes with the ``eval`` extra and is imported here, not at the top, so that
    chronica without the extra can still import every converter and read the other corpora.
    """
    try:
        import pyreadr
    except ImportError:
        raise InputError(
            "missing_dependency", f"reading {path} needs pyreadr: pip install -e '.[eval]'"
        ) from None
    errors = (pyreadr.custom_errors.PyreadrError, pyreadr.custom_errors.LibrdataError)
    try:
        frames = pyreadr.read_r(str(need(path)))
    except errors as error:
        raise InputError("bad_corpus", f"{path}: not readable as R data ({error})") from None
    if len(frames) != 1:
        raise InputError("bad_corpus", f"{path}: expected one data frame, found {len(frames)}")
    (frame,) = frames.values()
    return frame.to_dict("records")


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    with need(path).open(encoding="utf-8-sig", newline="") as handle:  # the export has a BOM
        return list(csv.DictReader(handle))


def _day(value: Any, where: str) -> dt.date:
    """The event date: an R Date, ISO text, or the CSV's ``1-Dec-23``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean(value) or ""
    for layout in ("%Y-%m-%d", "%d-%b-%y"):
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise InputError("bad_corpus", f"{where}: event_date {text!r} is not a date")


def _country(row: Mapping[str, Any], where: str) -> str:
    """Alpha-2 from ACLED's numeric code (exact), else from the name; unknown is an error."""
    code, name = whole(row["iso"]), clean(row["country"]) or ""
    found = (alpha2(f"{code:03d}") if code else None) or NO_ISO_NUMBER.get(name) or alpha2(name)
    if not found:
        raise InputError("bad_corpus", f"{where}: country {name!r} (iso {code}) has no alpha-2")
    return found


def _inter(value: Any) -> int | None:
    """ACLED's actor type 1-8; its 0 means "no such actor", which is None here."""
    return whole(value) or None


def document(row: Mapping[str, Any], file: str, split: str) -> CorpusDocument | None:
    """The row as a document holding its one event, or None when it has no notes to read."""
    notes = clean(row["notes"])
    if not notes:
        return None
    event_id = clean(row["event_id_cnty"])
    where = f"{file}: {event_id or 'a row without event_id_cnty'}"
    if not event_id:
        raise InputError("bad_corpus", where)
    day = _day(row["event_date"], where)
    fatalities = whole(row["fatalities"])
    event = GoldEvent(
        sub_event_type=clean(row["sub_event_type"]), event_type=clean(row["event_type"]),
        country=_country(row, where), admin1=clean(row["admin1"]),
        location=clean(row["location"]), lat=number(row["latitude"]),
        lon=number(row["longitude"]), geo_precision=whole(row["geo_precision"]),
        date_start=day, date_end=day, time_precision=whole(row["time_precision"]),
        actor1=clean(row["actor1"]), inter1=_inter(row["inter1"]),
        actor2=clean(row["actor2"]), inter2=_inter(row["inter2"]),
        fatalities=fatalities, fatalities_low=fatalities, fatalities_high=fatalities,
        ref=event_id,
    )
    return CorpusDocument(
        corpus="acled", id=event_id, text=notes, source=clean(row["source"]), published=day,
        split=split, events=(event,),
        extra={"file": file, "disorder_type": clean(row["disorder_type"])},
    )


def checked(
    rows: list[dict[str, Any]], path: Path, columns: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The rows, once they have the columns read: an empty or foreign table is an error."""
    if not rows:
        raise InputError("bad_corpus", f"{path}: no rows")
    missing = [column for column in columns if column not in rows[0]]
    if missing:
        raise InputError("bad_corpus", f"{path}: no column {', '.join(missing)}")
    return rows


def read(root: Path) -> Iterator[CorpusDocument]:
    folder = root / FOLDER
    sources = [(TEST_CSV, "test", _csv_rows(folder / TEST_CSV))]
    sources += [(name, "dev", rda_rows(folder / name)) for name in DEV_RDA]
    seen: set[str] = set()
    for file, split, rows in sources:
        for row in checked(rows, folder / file, COLUMNS):
            doc = document(row, file, split)
            if doc and doc.id not in seen:
                seen.add(doc.id)
                yield doc
