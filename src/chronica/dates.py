"""Absolute dates written in page furniture, bylines and metadata fields.

Relative expressions ("yesterday", "last week") belong to event time
resolution, which needs a reference date; this module only recognises dates
that stand on their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import dateparser
from dateutil import parser as isoparser
from htmldate.extractors import extract_url_date
from htmldate.settings import MIN_DATE
from htmldate.utils import Extractor

# a month's name, whole or abbreviated ("March", "Sept."), as news writes it
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}T?|[+-]\d{2}:?\d{2}))?)?"
FULL_DATE = re.compile(
    rf"\b{_WEEKDAY}(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}[,،]?\s+\d{{4}}"  # 12 April 2024 (، Arabic comma)
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?[,،]?\s+\d{{4}}"  # April 12, 2024
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
    text = text.strip().replace("،", ",")
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


def day_of(value: dt.date | None) -> dt.date | None:
    """The calendar day of a date or of a datetime (parse_when gives either)."""
    return value.date() if isinstance(value, dt.datetime) else value


def find_dates(text: str) -> list[DateMention]:
    """Every explicit full date (day, month and year) written in ``text``."""
    mentions = []
    for match in FULL_DATE.finditer(text):
        value = parse_when(match.group(0))
        if value is not None:
            mentions.append(DateMention(match.start(), match.end(), value))
    return mentions


def url_date(url: str | None, latest: dt.date) -> dt.date | None:
    """The day a page's address gives ("/2021/08/20/", "2019-03-18-", "/20220202-title",
    "/16082022"), by htmldate's URL rules and then compact eight-digit days that read as one
    date only; never later than ``latest``. Archived and scraped pages often lose every other
    date."""
    if not url:
        return None
    limit = dt.datetime.combine(latest, dt.time.max)
    found = extract_url_date(url, Extractor(False, limit, MIN_DATE, False, "%Y-%m-%d"))
    if found:
        return dt.date.fromisoformat(found)
    posted = _snowflake_day(url)
    if posted is not None:
        return posted if posted <= latest else None
    days = {day for digits in _COMPACT.findall(urlsplit(url).path) for day in _compact_days(digits)}
    plausible = {day for day in days if MIN_DATE.date() <= day <= latest}
    return plausible.pop() if len(plausible) == 1 else None


_STATUS = re.compile(r"^(?:www\.|mobile\.)?(?:twitter|x)\.com$")
_TWITTER_EPOCH_MS = 1288834974657  # ids since November 2010 carry their creation time


def _snowflake_day(url: str) -> dt.date | None:
    """A post's address on X/Twitter holds its creation time: the id's upper bits count
    milliseconds since Twitter's epoch (the documented "snowflake" id layout)."""
    parts = urlsplit(url)
    match = re.match(r"/[^/]+/status(?:es)?/(\d{15,20})", parts.path)
    if not match or not _STATUS.match(parts.hostname or ""):
        return None
    millis = (int(match.group(1)) >> 22) + _TWITTER_EPOCH_MS
    return dt.datetime.fromtimestamp(millis / 1000, tz=dt.timezone.utc).date()


_COMPACT = re.compile(r"(?<![0-9])(\d{8})(?![0-9])")


def _compact_days(digits: str) -> list[dt.date]:
    """20220202 as year-month-day, 16082022 as day-month-year, and month-day-year: whichever
    are real days (the caller keeps a number only when one reading is)."""
    readings = (
        (digits[:4], digits[4:6], digits[6:]),
        (digits[4:], digits[2:4], digits[:2]),
        (digits[4:], digits[:2], digits[2:4]),
    )
    days = []
    for year, month, day in readings:
        try:
            days.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return days


NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def numeric_date(text: str) -> tuple[re.Match[str], dt.date] | None:
    """A stamp's "02/02/2022" or "16.07.2024": only when the order cannot matter (one part over
    12, or both equal), since outlets write both day-first and month-first."""
    match = NUMERIC_DATE.search(text)
    if match is None:
        return None
    first, second, year = (int(part) for part in match.groups())
    if first != second and first <= 12 and second <= 12:
        return None
    day, month = (first, second) if first > 12 or first == second else (second, first)
    try:
        return match, dt.date(year, month, day)
    except ValueError:
        return None
