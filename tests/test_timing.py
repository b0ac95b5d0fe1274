"""Time expressions resolved against the publication date, with ACLED and UCDP precision."""

from __future__ import annotations

import datetime as dt

import pytest

from chronica.dates import url_date
from chronica.events.timing import resolve_time, time_expressions

PUBLISHED = dt.date(2024, 4, 17)  # a Wednesday


@pytest.mark.parametrize(("sentence", "start", "end", "acled", "ucdp"), [
    ("Gunmen attacked the village yesterday.", "2024-04-16", "2024-04-16", 1, 1),
    ("The army shelled the town on Sunday.", "2024-04-14", "2024-04-14", 1, 1),
    ("Clashes broke out on 10 April near the border.", "2024-04-10", "2024-04-10", 1, 1),
    ("Clashes broke out on April 10 near the border.", "2024-04-10", "2024-04-10", 1, 1),
    ("Protests spread across the country last week.", "2024-04-08", "2024-04-14", 2, 3),
    ("Dozens were arrested this month.", "2024-04-01", "2024-04-17", 3, 4),
    ("18 air raids over the past three weeks destroyed four headquarters.", "2024-03-28", "2024-04-17", 3, 4),
    ("Over the past fortnight, a dozen drone strikes destroyed two depots.", "2024-04-04", "2024-04-17", 3, 4),
    ("Fighting has flared in the past five days.", "2024-04-13", "2024-04-17", 2, 2),
    ("Militants seized the town in March.", "2024-03-01", "2024-03-31", 3, 4),
])
def test_expressions_become_intervals_with_precision(sentence, start, end, acled, ucdp):
    when = resolve_time(sentence, PUBLISHED)
    assert (when.start.isoformat(), when.end.isoformat(), when.acled_precision, when.ucdp_precision) == (start, end, acled, ucdp)
    assert sentence[when.span_start : when.span_end] == when.text


def test_a_date_later_than_publication_belongs_to_the_year_before():
    when = resolve_time("The siege began on 30 December.", dt.date(2024, 1, 5))
    assert when.start == dt.date(2023, 12, 30)


def test_spans_vaguer_than_a_month_are_flagged_not_dropped():
    when = resolve_time("The group carried out attacks over the past six months.", PUBLISHED)
    assert when is not None and when.acled_precision is None and when.ucdp_precision == 5


def test_no_time_expression():
    assert resolve_time("Gunmen attacked the village.", PUBLISHED) is None


@pytest.mark.parametrize(("url", "day"), [
    ("https://news.example/en/live-news/20220202-strikes-hit-depots", dt.date(2022, 2, 2)),
    ("https://news.example/english/middleeast/16082022", dt.date(2022, 8, 16)),  # day first
    ("https://x.com/somebody/status/1863167020864323992", dt.date(2024, 12, 1)),  # snowflake id
    ("https://news.example/en/?p=26249022", None),  # a query number is no date
    ("https://news.example/story/12052022", None),  # 2022-05-12 or 12 May 2022? not guessed
])
def test_the_address_dates_a_page_only_when_it_reads_one_way(url, day):
    assert url_date(url, dt.date(2026, 1, 1)) == day


def _published(*blocks: str):
    from chronica.model import InputFormat, Origin, SourceRecord
    from chronica.pipeline import build_document

    record = SourceRecord(origin=Origin("page.txt", InputFormat.TEXT), blocks=blocks,
                          raw="\n\n".join(blocks).encode(), scraped_text=True)
    document = build_document(record, today=dt.date(2026, 1, 1))
    return document.published, document.published_source.value


def test_a_stamp_under_the_lead_dates_the_page_unless_the_story_reports_later_days():
    lead = "Shelling hit the market of Tell Rifaat on Monday, killing three people, medics said."
    rest = "The council said on 9 March 2023 that two more people had died of their wounds."
    assert _published("Market shelled", lead, "6 March 2023 10:15", "Residents fled.") == (
        dt.datetime(2023, 3, 6, 10, 15), "stamp")
    assert _published("Market shelled", lead, "6 March 2019 10:15", rest) == (
        dt.date(2023, 3, 9), "text")


def test_without_a_publication_day_only_dates_with_their_year_count():
    """An undated page (a scraped tweet, a monitor's post) can still date its events when the
    words carry the year; "on Tuesday" has nothing to count back from."""
    found = time_expressions("On Tuesday a drone hit the depot, on 16 June 2023 another, "
                             "and more in March 2022.", None)
    assert [(w.start.isoformat(), w.end.isoformat(), w.rule) for w in found] == [
        ("2023-06-16", "2023-06-16", "a calendar date with its year"),
        ("2022-03-01", "2022-03-31", "a named month with its year"),
    ]
    assert time_expressions("On 16 June a drone hit the depot.", None) == []
