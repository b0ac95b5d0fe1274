"""Each reader on real-shaped inputs: what becomes a document, with which metadata."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronica.ingest import read_paths
from chronica.model import DateSource, InputFormat, ReadFailure, Skipped, SourceRecord
from chronica.pipeline import build_document
from conftest import EXAMPLES, FIXTURES


def documents(*paths):
    results = list(read_paths([str(p) for p in paths]))
    return [build_document(r) for r in results if isinstance(r, SourceRecord)], results


def test_html_news_page_keeps_story_and_types_furniture():
    (doc,), _ = documents(EXAMPLES / "levant-post-depots.html")
    assert doc.origin.format is InputFormat.HTML
    assert doc.title == "Air strikes destroy two depots near Idlib, local source says"
    assert doc.source == "The Levant Post"
    assert doc.author == "Rana Haddad"
    assert doc.url == "https://levantpost.example/news/2024/04/12/idlib-depots"
    assert doc.published == dt.datetime(2024, 4, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert doc.published_source is DateSource.METADATA
    assert doc.language == "en"
    assert doc.body.startswith("Air strikes on Thursday destroyed two ammunition depots")
    for furniture in ("Omar Kassem", "Ceasefire talks stall", "Log in or register", "Share on Facebook", "Home News"):
        assert furniture not in doc.body
    kinds = {part.kind.value for part in doc.removed}
    assert {"caption", "teaser", "comment_prompt", "share_ui", "navigation", "byline", "dateline", "headline"} <= kinds
    assert doc.dateline.place == "IDLIB" and doc.dateline.agency == "Levant Post"


def test_html_declared_legacy_charset_and_json_ld_date():
    (doc,), _ = documents(FIXTURES / "wire-page.html")
    assert "Café owners" in doc.body
    assert doc.published == dt.datetime(2023, 7, 19, 16, 45, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert doc.author == "Achieng Otieno"
    assert "Riot police patrol" not in doc.body
    captions = [p for p in doc.removed if p.kind.value == "caption"]
    assert captions and "12 May 2021" in captions[0].text
    assert doc.dateline.place == "KISUMU, Kenya"


def test_rss_items_become_documents_with_feed_metadata():
    docs, results = documents(FIXTURES / "feed.xml")
    assert [d.title for d in docs] == ["Gunmen abduct 12 villagers near Djibo", "Soldiers killed in ambush on convoy"]
    first, second = docs
    assert first.source == "Sahel Monitor"
    assert first.url == "https://sahelmonitor.example/2024/01/09/djibo-abduction"
    assert first.published == dt.datetime(2024, 1, 9, 8, 15, tzinfo=dt.UTC)
    assert first.published_source is DateSource.INPUT
    assert first.origin.locator == "item 1"
    assert "Photo: Sahel Monitor" not in first.body
    assert second.body.startswith("Seven soldiers were killed")


def test_atom_feed():
    (doc,), _ = documents(FIXTURES / "atom.xml")
    assert doc.source == "Coastal Courier"
    assert doc.published == dt.datetime(2022, 11, 2, 9, 30, tzinfo=dt.UTC)
    assert "detained 23 fishermen" in doc.body


def _warc(path, *, compress: bool):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    page = (FIXTURES / "wire-page.html").read_bytes()
    pages = [
        ("https://lakeside.example/kisumu", "text/html; charset=windows-1252", page, "200 OK"),
        ("https://lakeside.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200), "200 OK"),
        ("https://lakeside.example/gone", "text/html", b"<html><body>Not found</body></html>", "404 Not Found"),
    ]
    for url, content_type, body, status in pages:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    request = writer.create_warc_record("https://lakeside.example/kisumu", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
    writer.write_record(request)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("compress", [False, True])
def test_warc_html_responses_only(tmp_path, compress):
    warc = _warc(tmp_path / ("crawl.warc.gz" if compress else "crawl.warc"), compress=compress)
    docs, results = documents(warc)
    assert len(docs) == 1
    assert docs[0].url == "https://lakeside.example/kisumu"
    assert "Café owners" in docs[0].body
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert len(skipped) == 2
    assert any("image/png" in s.reason for s in skipped) and any("404" in s.reason for s in skipped)


def test_jsonl_with_text_html_and_metadata(tmp_path):
    lines = [
        {"text": "Two people were killed when a roadside bomb exploded near a market in the town on Friday, police said.", "url": "https://x.example/1", "published": "2021-06-05", "source": "Wire"},
        {"html": "<html><body><article><p>Hundreds of students marched peacefully through the capital on Monday to demand the release of detained activists, organisers said.</p></article></body></html>", "title": "Students march"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    docs, _ = documents(path)
    assert [d.origin.locator for d in docs] == ["line 1", "line 2"]
    assert docs[0].published == dt.date(2021, 6, 5) and docs[0].published_source is DateSource.INPUT
    assert docs[0].source == "Wire" and docs[0].url == "https://x.example/1"
    assert docs[1].title == "Students march" and "Hundreds of students" in docs[1].body


def test_gzipped_jsonl_and_json_array(tmp_path):
    record = {"text": "Security forces arrested 15 opposition supporters in the capital on Tuesday, a party spokesman said."}
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    (tmp_path / "b.json").write_text(json.dumps([record, record | {"url": "https://y.example"}]))
    docs, _ = documents(tmp_path / "a.jsonl.gz", tmp_path / "b.json")
    assert len(docs) == 3
    assert [d.origin.locator for d in docs] == ["line 1", "element 1", "element 2"]


def test_format_is_detected_by_content_not_extension(tmp_path):
    misnamed = tmp_path / "story.txt"
    misnamed.write_bytes((FIXTURES / "feed.xml").read_bytes())
    docs, results = documents(misnamed)
    assert len(docs) == 2 and docs[0].origin.format is InputFormat.FEED
    assert any("suggests text" in w for w in results[0].warnings)


def test_folder_and_glob_inputs(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("one.txt", "sub/two.txt", ".hidden.txt"):
        (tmp_path / name).write_text("Gunmen killed a village chief and his son in an overnight attack on Saturday, residents said.")
    docs, _ = documents(tmp_path)
    assert sorted(d.origin.path for d in docs) == [str(tmp_path / "one.txt"), str(tmp_path / "sub" / "two.txt")]
    docs, _ = documents(tmp_path / "*.txt")
    assert len(docs) == 1


def test_offsets_point_into_body():
    (doc,), _ = documents(EXAMPLES / "scraped-northern-border.txt")
    assert doc.sentences and doc.paragraphs
    for span in doc.paragraphs + doc.sentences:
        text = doc.text_of(span)
        assert text == text.strip() and text
    for sentence in doc.sentences:
        assert any(p.start <= sentence.start and sentence.end <= p.end for p in doc.paragraphs)
    assert doc.text_of(doc.sentences[0]).startswith("A drone strike on a car")


def test_failures_are_results_not_exceptions(tmp_path):
    results = list(read_paths([str(tmp_path / "missing.html"), str(tmp_path / "nothing-*.txt")]))
    assert all(isinstance(r, ReadFailure) for r in results)
    assert [r.reason for r in results] == ["not_found", "not_found"]


def test_caption_and_teaser_dates_never_become_the_publication_date(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "Police disperse a crowd in the capital on June 4, 2019. Photo: Staff/Reuters\n"
        "Troops fired on a crowd of mourners at a funeral in the eastern town on Saturday, killing three people, relatives said.\n"
        "Related\nCurfew extended in three districts\n2 May 2022\n"
    )
    (doc,), _ = documents(page)
    assert doc.published is None and doc.published_source is None


def test_publication_date_falls_back_to_the_latest_past_date_in_the_story(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "The court on 14 March 2024 sentenced four men over an attack on a police station on 2 January 2023, "
        "prosecutors said, and set an appeal hearing for 1 July 2099."
    )
    (doc,), _ = documents(page)
    assert doc.published == dt.date(2024, 3, 14) and doc.published_source is DateSource.TEXT


def test_defaults_fill_only_what_an_input_lacks():
    import datetime as dt

    from chronica.batch import Defaults
    from chronica.model import DateSource, InputFormat, Origin, SourceRecord

    bare = SourceRecord(origin=Origin("x.txt", InputFormat.TEXT), blocks=("Text.",), raw=b"Text.")
    dated = SourceRecord(origin=Origin("f.xml", InputFormat.FEED), blocks=("Text.",), raw=b"Text.",
                         published=dt.date(2020, 1, 2), published_source=DateSource.INPUT, source="Own Feed")
    defaults = Defaults(dt.date(2024, 3, 14), "Desk")
    filled = defaults.apply(bare)
    assert (filled.published, filled.published_source, filled.source) == (dt.date(2024, 3, 14), DateSource.OPTION, "Desk")
    assert defaults.apply(dated) == dated


def test_a_story_known_only_by_its_address_is_dated_by_it(cli):
    line = json.dumps({"url": "https://news.example/world/2021/08/20/strike-report",
                       "text": "Jets struck a depot near Homs on Thursday, killing two guards, a monitor said."})
    (record,) = json.loads(cli("extract", "-", stdin=line.encode()).stdout)
    assert (record["published"], record["published_source"]) == ("2021-08-20", "url")
    assert record["events"][0]["date_start"] == "2021-08-19"


def test_mis_decoded_text_is_repaired_before_it_is_read_and_the_repair_is_recorded(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Published 3 May 2025\n\nGunmen killed four villagers near Kaduna on Sunday, "
                    "police said. Itâ€™s the third attack on the village this month.\n", encoding="utf-8")
    (doc,), _ = documents(page)
    assert "It’s the third attack" in doc.body and "â€" not in doc.body
    assert any("ftfy" in warning for warning in doc.warnings)


def test_story_wrapped_in_an_element_classed_as_furniture_is_kept(tmp_path):
    """Real pages wrap the article in "navigation"/"ad" containers: paragraphs of prose inside
    keep the wrapper; a caption and a menu inside it are still taken out, typed."""
    story = [
        ("Gunmen attacked a police post on the outskirts of the town late on Tuesday night, and "
         "officers returned fire for more than an hour before the attackers withdrew."),
        ("Two officers were wounded in the exchange and taken to the district hospital, where "
         "doctors said both were in a stable condition on Wednesday morning."),
        ("The provincial governor said patrols had been doubled on the roads leading to the "
         "post and that an inquiry into the attack had been opened by the police command."),
    ]
    paragraphs = "".join(f"<p>{text}</p>" for text in story)
    page = tmp_path / "wrapped.html"
    page.write_text(
        "<html><head><title>Police post attacked</title></head><body>"
        "<div class='page-navigation ad-slot'><h1>Police post attacked</h1>"
        "<ul class='menu'><li>Home</li><li>World</li><li>Sport</li></ul>"
        f"<figure><img src='a.jpg'><figcaption>The police post, seen from the road.</figcaption>"
        f"</figure>{paragraphs}</div>"
        # more text outside the story than in it, as on most real pages
        + "<div class='sidebar'>"
        + "".join(f"<p>Council approves budget for road repairs, part {n}</p>" for n in range(40))
        + "</div></body></html>",
        encoding="utf-8",
    )
    (doc,), _ = documents(page)
    for text in story:
        assert text in doc.body
    assert "seen from the road" not in doc.body
    kinds = {part.kind.value for part in doc.removed}
    assert {"caption", "navigation"} <= kinds


def test_the_day_the_byline_prints_beats_metadata_in_another_time_zone(tmp_path):
    """Metadata often holds UTC: a story posted at 9:30 pm in Chicago is dated the next day
    there. The day printed beside the byline is the one a reader (and a coder) sees."""
    story = "".join(
        f"<p>Flooding closed {n} roads across the county on Friday evening, and emergency "
        "crews rescued drivers from stranded cars, the sheriff's office said.</p>"
        for n in ("two", "four", "six")
    )
    page = tmp_path / "late.html"
    page.write_text(
        "<html><head><title>Roads closed by flooding</title>"
        "<meta property='article:published_time' content='2024-04-13T02:30:00Z'></head><body>"
        "<article><h1>Roads closed by flooding</h1>"
        "<div class='byline'>By Rana Haddad - April 12, 2024, 9:30 pm CDT</div>"
        f"{story}</article></body></html>",
        encoding="utf-8",
    )
    (doc,), _ = documents(page)
    assert doc.published == dt.datetime(2024, 4, 12, 21, 30,
                                        tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert doc.published_source is DateSource.BYLINE
