"""UCDP GED events in Syria, 2016–2019, each with the headline of the report it was coded from.

UCDP's Georeferenced Event Dataset codes every event of organised violence with at least one
death: its two sides, place and coordinates, dates and deaths as a low / best / high estimate,
and the sources it rests on. This copy (knapply/data4ds4da) keeps each source's headline, so
each event with a headline becomes a document whose text is that headline and whose one gold
event is the row. Several sources' headlines are joined by ";" as UCDP stores them, and one
headline often stands behind several events (a day of air strikes in one province): those
documents share their text, and their events can be gathered by the text's hash.

UCDP's three types of violence (state-based, non-state, one-sided) cut across ACLED's event
types — state-based violence holds battles, air strikes and shelling alike — so the type goes
to ``sub_event_type`` as UCDP names it and ``event_type`` stays unlabelled rather than guessed.
The place is ``where_coordinates`` (UCDP's name for the spot; this copy has no
``where_description``), the first-level division ``adm_1`` without " governorate". UCDP's own
precision codes (``where_prec`` 1-7, ``date_prec`` 1-5) do not map onto ACLED's 1-3 and are kept
in ``extra``, as is ``event_clarity`` (2: the event is an aggregate of several reports).

``published`` is the first source date that can be the report's: UCDP's ``source_date`` is
sometimes a placeholder (1753-01-01) or has day and month swapped (2016-04-07 for a report on
an event of 4 July), so a source date is used only from the day before the event to a month
after it, else the event's first day stands in.

Split by year: 2019 is test, 2016–2018 dev.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from chronica.errors import InputError
from chronica.evaluation.corpora._io import day, number
from chronica.evaluation.corpora.acled import checked, clean, rda_rows, whole
from chronica.evaluation.corpora.records import CorpusDocument, GoldEvent

FILE = "ucdp_syria/ucdp_syria_df.rda"
TEST_YEAR = 2019
VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}
SOURCE_DAYS_BEFORE, SOURCE_DAYS_AFTER = 1, 31
COLUMNS = (
    "id", "type_of_violence", "side_a", "side_b", "source_office", "source_date",
    "source_headline", "where_prec", "where_coordinates", "adm_1", "latitude", "longitude",
    "event_clarity", "date_prec", "date_start", "date_end", "low", "best", "high",
)
_GOVERNORATE = re.compile(r"\s+governorate$", re.IGNORECASE)


def published(row: Mapping[str, Any], start: dt.date, end: dt.date) -> dt.date:
    """The earliest source date that can be a report of this event, else the event's start."""
    earliest = start - dt.timedelta(days=SOURCE_DAYS_BEFORE)
    latest = end + dt.timedelta(days=SOURCE_DAYS_AFTER)
    dates = [day(part) for part in (clean(row["source_date"]) or "").split(";")]
    return min((d for d in dates if d and earliest <= d <= latest), default=start)


def document(row: Mapping[str, Any]) -> CorpusDocument | None:
    """The event as a document holding it, or None when UCDP gives no headline for it."""
    headline = clean(row["source_headline"])
    if not headline:
        return None
    event_id = whole(row["id"])
    start, end = day(row["date_start"]), day(row["date_end"])
    if event_id is None or start is None:
        raise InputError("bad_corpus", f"{FILE}: event {event_id} has no id or no date_start")
    end = end or start
    violence = whole(row["type_of_violence"])
    event = GoldEvent(
        sub_event_type=VIOLENCE.get(violence or 0), country="SY",
        admin1=_GOVERNORATE.sub("", clean(row["adm_1"]) or "") or None,
        location=clean(row["where_coordinates"]),
        lat=number(row["latitude"]), lon=number(row["longitude"]),
        date_start=start, date_end=end,
        actor1=clean(row["side_a"]), actor2=clean(row["side_b"]),
        fatalities=whole(row["best"]), fatalities_low=whole(row["low"]),
        fatalities_high=whole(row["high"]), ref=str(event_id),
    )
    return CorpusDocument(
        corpus="ucdp", id=str(event_id), text=headline, source=clean(row["source_office"]),
        published=published(row, start, end),
        split="test" if start.year >= TEST_YEAR else "dev", events=(event,),
        extra={
            "type_of_violence": violence, "where_prec": whole(row["where_prec"]),
            "date_prec": whole(row["date_prec"]), "event_clarity": whole(row["event_clarity"]),
        },
    )


def read(root: Path) -> Iterator[CorpusDocument]:
    for row in checked(rda_rows(root / FILE), root / FILE, COLUMNS):
        doc = document(row)
        if doc:
            yield doc
