"""Absolute dates written in page furniture, bylines and metadata fields.

Relative expressions ("yesterday", "last week") belong to event time
resolution, which needs a reference date; this module only recognises dates
that stand on their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser
from dateutil import parser as isoparser
from htmldate.extractors import extract_url_date
from htmldate.settings import MIN_DATE
from htmldate.utils import Extractor

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}T?|[+-]\d{2}:?\d{2}))?)?"
FULL_DATE = re.compile(
    rf"\b{_WEEKDAY}(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"  # 12 April 2024
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # April 12, 2024
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"  # ISO
    rf"){_TIME}",
    re.I,
)
_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"}


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: dt.date


def parse_when(text: str) -> dt.date | None:
    """A date (a datetime when a time of day is written) or None if not absolute."""
    text = text.strip()
    if not text:
        return None
    try:
        parsed = isoparser.isoparse(text)
    except (ValueError, OverflowError):
        parsed = dateparser.parse(text, languages=["en"], settings=_SETTINGS)
    if parsed is None:
        return None
    if not _HAS_TIME.search(text):
        return parsed.date()
    offset = parsed.utcoffset()
    return parsed if offset is None else parsed.replace(tzinfo=dt.timezone(offset))


def find_dates(text: str) -> list[DateMention]:
    """Every explicit full date (day, month and year) written in ``text``."""
    mentions = []
    for match in FULL_DATE.finditer(text):
        value = parse_when(match.group(0))
        if value is not None:
            mentions.append(DateMention(match.start(), match.end(), value))
    return mentions


def url_date(url: str | None, latest: dt.date) -> dt.date | None:
    """The day a page's address gives ("/2021/08/20/", "2019-03-18-"), by htmldate's URL rules;
    never later than ``latest``. Archived and scraped pages often lose every other date."""
    if not url:
        return None
    limit = dt.datetime.combine(latest, dt.time.max)
    found = extract_url_date(url, Extractor(False, limit, MIN_DATE, False, "%Y-%m-%d"))
    return dt.date.fromisoformat(found) if found else None
