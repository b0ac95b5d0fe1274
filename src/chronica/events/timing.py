"""When: a time expression in an event's sentence as an interval, resolved against the publication date.

"yesterday", "on Sunday", "on 10 April", "last week", "this month", "over the
past three weeks" each become [start, end] with the coders' precision codes:
ACLED time_precision (1 day, 2 week, 3 month; None when vaguer, which is
flagged rather than dropped) and UCDP date_prec (1 day, 2 two to six days,
3 a week, 4 a month, 5 longer). Never resolved against today's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import dateparser
from number_parser import parse_number

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}

_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|couple of)"
_PAST_SPAN = re.compile(
    rf"\b(?:over|in|during|for|throughout|within)\s+the\s+(?:past|last|previous)\s+(?P<n>{_NUMBER}\s+)?(?P<unit>day|week|fortnight|month|year)s?\b"
    rf"|\b(?:the\s+)?(?:past|last)\s+(?P<n2>{_NUMBER})\s+(?P<unit2>day|week|fortnight|month|year)s?\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?P<word>yesterday|today|last night|overnight|this morning|tonight|last week|this week|last weekend|this weekend|over the weekend|at the weekend|last month|this month|earlier this month)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(?P<day>" + "|".join(WEEKDAYS) + r")(?:\s+(?:night|morning|evening|afternoon))?\b", re.IGNORECASE)
_MONTH_NAMES = "|".join(MONTHS)
_DAY_MONTH = re.compile(
    rf"\b(?P<text>(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})|(?:{_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH_ONLY = re.compile(rf"\bin\s+(?:early\s+|late\s+|mid-?)?(?P<month>{_MONTH_NAMES})(?:\s+(?P<year>\d{{4}}))?\b", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    start: dt.date
    end: dt.date
    acled_precision: int | None  # 1 day, 2 week, 3 month; None = vaguer than a month (flag, do not drop)
    ucdp_precision: int  # 1 day, 2 a 2-6 day range, 3 a week, 4 a month, 5 longer
    text: str
    span_start: int  # offsets of the expression in the text given
    span_end: int
    rule: str


def _precision(days: int) -> tuple[int | None, int]:
    if days <= 1:
        return 1, 1
    if days <= 6:
        return 2, 2
    if days <= 7:
        return 2, 3
    if days <= 31:
        return 3, 4
    return None, 5


def _interval(start: dt.date, end: dt.date, text: str, match: re.Match, offset: int, rule: str, precision: tuple[int | None, int] | None = None) -> When:
    acled, ucdp = precision or _precision((end - start).days + 1)
    return When(start, end, acled, ucdp, text, offset + match.start(), offset + match.end(), rule)


def _count(word: str | None) -> int:
    if not word:
        return 1
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    if word in ("a", "an", "one"):
        return 1
    if word in ("several", "few"):
        return 3  # the codebook's reading of "several"
    if word == "couple of":
        return 2
    return int(parse_number(word) or 1)


_PATTERNS = (_PAST_SPAN, _RELATIVE, _DAY_MONTH, _WEEKDAY, _MONTH_ONLY)


def _matches(sentence: str) -> list[re.Match]:
    """Every time expression, in reading order; where two overlap, the one found first by pattern."""
    found: list[re.Match] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if not any(m.start() < match.end() and match.start() < m.end() for m in found):
                found.append(match)
    return sorted(found, key=lambda m: m.start())


def names_a_day(sentence: str) -> bool:
    """Whether the sentence has a time expression finer than "since 2011" ("on Tuesday", "last week")."""
    return bool(_matches(sentence))


def time_expressions(sentence: str, published: dt.date | None, offset: int = 0) -> list[When]:
    """Each time expression in ``sentence`` as an interval ending no later than ``published``,
    in reading order (the caller picks the one that dates the event, not its report). Without
    a publication day only the expressions that carry their own year count ("on 16 June 2023",
    "in March 2022"): "on Tuesday" needs a day to count back from."""
    resolve = _resolve if published is not None else _resolve_with_year
    return [when for when in (resolve(m, published, offset) for m in _matches(sentence)) if when]


def _resolve_with_year(match: re.Match, _: None, offset: int) -> When | None:
    text = match.group(0)
    if match.re is _DAY_MONTH and YEAR.search(text):
        parsed = dateparser.parse(match.group("text"), settings={"REQUIRE_PARTS": ["day", "month", "year"]})
        if parsed is None:
            return None
        return _interval(parsed.date(), parsed.date(), text, match, offset, "a calendar date with its year")
    if match.re is _MONTH_ONLY and match.group("year"):
        year, month = int(match.group("year")), MONTHS[match.group("month").lower()]
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return _interval(dt.date(year, month, 1), last, text, match, offset, "a named month with its year", (3, 4))
    return None


def resolve_time(sentence: str, published: dt.date | None, offset: int = 0) -> When | None:
    """The first time expression in ``sentence`` as an interval ending no later than ``published``."""
    found = time_expressions(sentence, published, offset)
    return found[0] if found else None


def _resolve(match: re.Match, published: dt.date, offset: int) -> When | None:
    text = match.group(0)
    if match.re is _PAST_SPAN:
        n, unit = _count(match.group("n") or match.group("n2")), (match.group("unit") or match.group("unit2")).lower()
        days = n * UNIT_DAYS[unit]
        return _interval(published - dt.timedelta(days=days - 1), published, text, match, offset, f"the past {days} days up to publication")
    if match.re is _RELATIVE:
        return _relative(match, published, offset)
    if match.re is _WEEKDAY:
        back = (published.weekday() - WEEKDAYS[match.group("day").lower()]) % 7
        day = published - dt.timedelta(days=back)
        return _interval(day, day, text, match, offset, "the latest such weekday on or before publication")
    if match.re is _DAY_MONTH:
        parsed = dateparser.parse(match.group("text"), settings={"RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
                                                                 "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]})
        if parsed is None:
            return None
        day = parsed.date()
        if day > published:  # "on 30 December" in a January story is last year's
            day = day.replace(year=day.year - 1)
        return _interval(day, day, text, match, offset, "a calendar date, year from publication")
    month = MONTHS[match.group("month").lower()]
    year = int(match.group("year")) if match.group("year") else (published.year if month <= published.month else published.year - 1)
    last = calendar.monthrange(year, month)[1]
    return _interval(dt.date(year, month, 1), min(dt.date(year, month, last), max(published, dt.date(year, month, 1))), text, match, offset, "a named month", (3, 4))


def _relative(match: re.Match, published: dt.date, offset: int) -> When:
    word, text = match.group("word").lower(), match.group(0)
    day = dt.timedelta(days=1)
    if word == "yesterday":
        return _interval(published - day, published - day, text, match, offset, "the day before publication")
    if word in ("today", "this morning", "tonight"):
        return _interval(published, published, text, match, offset, "the publication day")
    if word in ("last night", "overnight"):
        return _interval(published - day, published, text, match, offset, "the night before publication", (1, 2))
    monday = published - dt.timedelta(days=published.weekday())
    if word == "this week":
        return _interval(monday, published, text, match, offset, "the publication week", (2, 3))
    if word == "last week":
        return _interval(monday - 7 * day, monday - day, text, match, offset, "the week before publication", (2, 3))
    if word in ("last weekend", "this weekend", "over the weekend", "at the weekend"):
        saturday = monday - 2 * day if word == "last weekend" or published.weekday() < 5 else monday + 5 * day
        return _interval(saturday, saturday + day, text, match, offset, "the weekend", (2, 2))
    first = published.replace(day=1)
    if word in ("this month", "earlier this month"):
        return _interval(first, published, text, match, offset, "the publication month", (3, 4))
    previous = (first - day).replace(day=1)
    return _interval(previous, first - day, text, match, offset, "the month before publication", (3, 4))
