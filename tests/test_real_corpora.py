"""Converters, split, annotation join and scoring on small hand-written samples in each
corpus' own shape (no third-party text: every sentence here was written for these tests)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from chronica.errors import InputError
from chronica.evaluation import gold
from chronica.evaluation.corpora import read_corpus
from chronica.evaluation.corpora.extraction import flattened, story_flags
from chronica.evaluation.corpora.records import CorpusDocument, GoldEvent
from chronica.evaluation.scoring import (
    Divisions,
    EventTally,
    Predicted,
    TextTally,
    field_checks,
    kept_lines,
    line_outcomes,
    pair,
    same_division,
)
from chronica.evaluation.split import assign

STORY = (
    "Gunmen attacked a checkpoint near the town of Exampleville on Monday, killing three "
    "soldiers, the army said."
)
PAGE_TEXT = "Strike hits village\n\nShare on X\n\n" + STORY + "\n\nRead more: markets rally"


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture()
def corpora(tmp_path: Path) -> Path:
    _jsonl(
        tmp_path / "voa/voa_stories.jsonl",
        [
            {
                "id": "101",
                "url": "https://example.org/a/101.html",
                "section": "Africa",
                "title": "Checkpoint attacked",
                "published": "2025-03-11 08:00:00Z",
                "text": STORY,
            },
        ],
    )
    _jsonl(
        tmp_path / "airwars/incidents.jsonl",
        [
            {
                "incident_id": "airwars-1",
                "code": "XX001",
                "date": "2022-05-02",
                "date_end": None,
                "location_text": "Exampleville",
                "governorate": "Idlib",
                "region": None,
                "lat": 35.9,
                "lon": 36.6,
                "belligerents": ["Russian Military"],
                "strike_type": "Airstrike",
                "civilian_deaths_min": 2,
                "civilian_deaths_max": 4,
                "grade": "Fair",
            },
        ],
    )
    _jsonl(
        tmp_path / "airwars/sources_en.jsonl",
        [
            {
                "source_id": "source-a",
                "incident_ids": "['airwars-1']",
                "url": "https://news.example/1",
                "domain": "news.example",
                "published_date": "None",
                "title": "Strike hits village",
                "source_type": "news_article",
                "text_content_chars_est": "900",
                "text": PAGE_TEXT,
            },
            {
                "source_id": "source-b",
                "incident_ids": ["airwars-1"],
                "url": "https://other.example/2",
                "domain": "other.example",
                "published_date": "2022-07-01",
                "title": "Another page",
                "source_type": "ngo_report",
                "text_content_chars_est": "500",
                "text": STORY,
            },
        ],
    )
    folder = tmp_path / "article_extraction_benchmark"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "k1.html.gz").write_bytes(
        gzip.compress(
            f"<html><body><nav>Home | World</nav><article><p>{STORY}</p></article>"
            "</body></html>".encode()
        )
    )
    (folder / "ground-truth.json").write_text(
        json.dumps({"k1": {"articleBody": STORY, "url": "https://example.org/k1"}})
    )
    geo = tmp_path / "geo"
    geo.mkdir()
    (geo / "GeoVirus.xml").write_text(
        "<articles><article><source>https://w.example</source><text>Cases rose in Lagos.</text>"
        "<locations><location><name>Lagos</name><start>14</start><end>19</end><lat>6.45</lat>"
        "<lon>3.39</lon></location></locations></article></articles>"
    )
    (geo / "wotr-topo-test.json").write_text(
        json.dumps(
            [
                {
                    "vol": "1",
                    "docid": "7",
                    "text": "We marched to Memphis.",
                    "named_entities": str(
                        [
                            {
                                "char_start": 14,
                                "char_end": 21,
                                "entity_string": "Memphis",
                                "entity_type": "place",
                                "geo": '{"type":"Point","coordinates":[-90.0,35.1]}',
                            }
                        ]
                    ),
                }
            ]
        )
    )
    header = "\t".join(
        (
            "tweet_id_str",
            "tweet_text",
            "char_position",
            "text",
            "geoNameId",
            "country_code",
            "latitude",
            "longitude",
        )
    )
    (geo / "geocorpora.tsv").write_bytes(
        f"{header}\n9\tRain in m\xfcnchen today\t8\tM\xfcnchen\t2867714\tDE\t48.1\t11.6\n".encode(
            "cp1252"
        )
    )
    return tmp_path


def test_voa_story_with_its_date(corpora: Path) -> None:
    [doc] = read_corpus("voa", corpora)
    assert (doc.id, doc.published, doc.source, doc.events) == (
        "101",
        dt.date(2025, 3, 11),
        "voanews.com",
        None,
    )


def test_airwars_pages_carry_their_linked_incident(corpora: Path) -> None:
    first, second = read_corpus("airwars", corpora)
    [incident] = first.events
    assert incident.sub_event_type == "Air/drone strike"
    assert (incident.admin1, incident.lat, incident.fatalities_low, incident.fatalities_high) == (
        "Idlib",
        35.9,
        2,
        4,
    )
    assert first.published is None and first.extra["month"] == "2022-05"  # from the incident
    assert second.extra["month"] == "2022-07"  # its own date wins


def test_extraction_pages_have_html_and_true_body(corpora: Path) -> None:
    [doc] = read_corpus("extraction", corpora)
    assert doc.body == STORY and b"<nav>" in (doc.html or b"")
    assert doc.source == "example.org" and doc.split in ("dev", "test")  # split by host
    flat = flattened(doc)
    assert "Home | World" in flat.text and flat.html is None
    lines = flat.text.split("\n")
    assert [lines[n] for n in flat.extra["body_lines"]] == [STORY]


def test_story_flags_take_short_lines_only_beside_story() -> None:
    body = "Troops entered the town on Monday. World leaders reacted. More to follow."
    lines = ["Sport", "Troops entered the town on Monday.", "", "World leaders reacted.", "More"]
    assert story_flags(lines, body) == [False, True, False, True, False]


def test_geo_corpora_spans_point_at_their_names(corpora: Path) -> None:
    for name, expected in (("geovirus", "Lagos"), ("wotr", "Memphis"), ("geocorpora", "münchen")):
        [doc] = read_corpus(name, corpora)
        [place] = doc.places or ()
        assert doc.text[place.start : place.end] == expected
    [tweet] = read_corpus("geocorpora", corpora)
    assert tweet.places[0].country == "DE" and tweet.places[0].geonameid == 2867714


def test_missing_and_reserved_corpora_say_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="voa_stories.jsonl"):
        list(read_corpus("voa", tmp_path))
    with pytest.raises(InputError, match="external evaluation"):
        read_corpus("geowebnews", tmp_path)


def _doc(doc_id: str, source: str, month: str, incidents: tuple[str, ...] = ()) -> CorpusDocument:
    return CorpusDocument(
        "c", doc_id, "text", source=source, extra={"month": month, "incident_ids": incidents}
    )


def test_split_keeps_outlet_months_and_incidents_on_one_side() -> None:
    docs = [_doc(f"d{i}", f"outlet{i % 7}", f"2022-{i % 12 + 1:02d}") for i in range(200)]
    docs += [_doc("x1", "solo1", "2020-01", ("inc-1",)), _doc("x2", "solo2", "2021-01", ("inc-1",))]
    sides = assign(docs)
    assert set(sides.values()) == {"dev", "test"}
    for a in docs:
        for b in docs:
            if (a.source, a.extra["month"]) == (b.source, b.extra["month"]):
                assert sides[a.id] == sides[b.id]
    assert sides["x1"] == sides["x2"]


def test_annotations_join_by_hash_and_report_changed_texts(corpora: Path) -> None:
    docs = list(read_corpus("airwars", corpora))
    event = {
        "sub_event_type": "Armed clash",
        "country": "SY",
        "admin1": "Idlib",
        "date_start": "2022-05-02",
        "date_end": "2022-05-02",
        "fatalities": 3,
        "airwars_incident": "XX001",
        "evidence": [0, 10],
    }
    rows = [
        {
            "corpus": "airwars",
            "id": "source-a",
            "sha256": docs[0].sha256,
            "split": "test",
            "events": [event],
            "body_lines": [4],
        },
        {"corpus": "airwars", "id": "source-b", "sha256": "0" * 64, "split": "dev", "events": []},
        {"corpus": "airwars", "id": "gone", "sha256": "0" * 64, "split": "dev", "events": []},
    ]
    joined = gold.join(docs, rows)
    assert joined.changed == ["airwars/source-b"] and joined.missing == ["airwars/gone"]
    [doc] = joined.documents
    [coded] = doc.events or ()
    assert (doc.split, coded.event_type, coded.lat, coded.span) == (
        "test",
        "Battles",
        35.9,
        (0, 10),
    )
    assert doc.body == STORY  # line 4 of the page


def test_annotator_quotes_become_spans(corpora: Path) -> None:
    [doc] = read_corpus("voa", corpora)
    row = {
        "events": [{"sub_event_type": "Attack", "evidence": "attacked a checkpoint near"}],
        "notes": "n",
    }
    line = gold.from_annotator(row, doc, "dev", "a1")
    assert line["events"][0]["evidence"] == [7, 33] and line["sha256"] == doc.sha256


def _predicted(**changes: object) -> Predicted:
    fields = dict(
        event_type="Battles",
        sub_event_type="Armed clash",
        country="SY",
        admin1="Idlib Governorate",
        lat=35.92,
        lon=36.63,
        start=dt.date(2022, 5, 3),
        end=dt.date(2022, 5, 3),
        actor1="Military Forces of Syria",
        inter1=1,
        actor2="Hay'at Tahrir al-Sham",
        inter2=2,
        fatalities=3,
        claimant_kind="party",
        stance="asserted",
        sentence="...",
    )
    return Predicted(**{**fields, **changes})


GOLD = GoldEvent(
    sub_event_type="Armed clash",
    event_type="Battles",
    country="SY",
    admin1="Idlib",
    lat=35.9,
    lon=36.6,
    date_start=dt.date(2022, 5, 2),
    date_end=dt.date(2022, 5, 2),
    actor1="Hay'at Tahrir al-Sham",
    inter1=2,
    actor2="Military Forces of Syria (2000-)",
    inter2=1,
    fatalities=3,
    fatalities_low=3,
    fatalities_high=5,
    claimant_kind="party",
    stance="alleged",
)


def test_events_match_on_family_place_and_dates() -> None:
    assert pair([GOLD], [_predicted()]) == [(0, 0)]  # a day apart, admin1 spelled differently
    assert pair([GOLD], [_predicted(event_type="Explosions/Remote violence")]) == []
    assert pair([GOLD], [_predicted(admin1="Aleppo")]) == []
    assert pair([GOLD], [_predicted(start=dt.date(2022, 5, 9), end=dt.date(2022, 5, 9))]) == []
    assert pair([GOLD, GOLD], [_predicted()]) == [(0, 0)] or pair([GOLD, GOLD], [_predicted()]) == [
        (1, 0)
    ]


def test_field_checks_say_which_field_is_wrong() -> None:
    checks = field_checks(GOLD, _predicted())
    assert checks["actor1"] and checks["actor2"]  # a battle's order is free; regime period ignored
    assert checks["point_25km"] and checks["fatalities_in_range"]
    assert checks["date"] is False and checks["stance"] is False
    assert field_checks(GoldEvent(event_type="Battles"), _predicted())["claimant_kind"] is None


def test_tally_counts_no_event_documents_with_events() -> None:
    tally = EventTally()
    tally.add([], [_predicted()])
    errors = tally.add([GOLD], [])
    row = tally.row()
    assert (
        row["no_event_docs"],
        row["no_event_docs_with_events"],
        row["recall"],
        row["precision"],
    ) == (1, 1, 0.0, 0.0)
    assert errors and errors[0].startswith("missed")


def test_text_tally_and_line_outcomes() -> None:
    tally = TextTally()
    tally.add("one two three four", "two three four five")
    assert tally.row()["precision"] == pytest.approx(12 / 16)
    assert line_outcomes("Head\nShare\nBody line one.\nTeaser", [2], "Body line one. Teaser") == (
        1,
        3,
        0,
        1,
    )
    assert same_division("Al-Hasakah Governorate", "Hasakah") and not same_division("Homs", "Hama")


def test_the_gazetteer_joins_spellings_of_one_division_that_spelling_cannot(gazetteer):
    divisions = Divisions(gazetteer)
    assert not same_division("Deir ez-Zor", "Dayr az Zawr")
    assert divisions.same("SY", "Deir ez-Zor", "Dayr az Zawr")
    assert divisions.same("SY", "Rif Dimashq", "Damascus Countryside")
    assert not divisions.same("SY", "Homs", "Hama")
    assert divisions.same("SY", "Nowhereland", "Nowhere-land")  # unknown names: by spelling


def test_scoreboard_scores_annotated_stories_and_pages(
    corpora: Path, gazetteer, tmp_path: Path
) -> None:
    from chronica.evaluation.scoreboard import run

    [story] = read_corpus("voa", corpora)
    gold_folder = tmp_path / "gold"
    _jsonl(
        gold_folder / "a.jsonl",
        [
            {
                "corpus": "voa",
                "id": "101",
                "sha256": story.sha256,
                "split": "test",
                "events": [
                    {
                        "sub_event_type": "Attack",
                        "country": "XX",
                        "admin1": "",
                        "date_start": "2025-03-10",
                        "date_end": "2025-03-10",
                        "fatalities": 3,
                        "fatalities_low": 3,
                        "fatalities_high": 3,
                    }
                ],
            }
        ],
    )
    rows = run(corpora, gazetteer, ["annotated", "extraction"], gold_folder=gold_folder)
    events = next(r for r in rows if r.corpus == "voa")
    assert (events.split, events.scores["gold_events"], events.documents) == ("test", 1, 1)
    assert events.scores["matched"] == 0  # the place is invented: nothing can match it
    assert "errors" not in events.as_dict(with_errors=True)  # test errors are never listed
    by_measure = {r.measure: r for r in rows if r.corpus == "extraction"}
    assert set(by_measure) == {"story body (HTML), chronica",
                               "story body (HTML), plain trafilatura",
                               "story body (flattened page as text)"}
    assert all(r.scores["recall"] > 0.9 for r in by_measure.values())
    flat = by_measure["story body (flattened page as text)"].scores
    assert flat["story_lines_lost"] == "0/1" and flat["furniture_lines_kept"] == "0/1"


def test_eval_all_refuses_a_missing_folder(cli, tmp_path: Path) -> None:
    result = cli("eval", "all", "--corpora", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "not a folder" in result.stderr


def test_a_gold_without_acled_type_matches_any_organised_violence() -> None:
    ucdp_like = dataclasses.replace(GOLD, event_type=None, sub_event_type="state-based")
    assert pair([ucdp_like], [_predicted(event_type="Explosions/Remote violence")]) == [(0, 0)]
    assert pair([ucdp_like], [_predicted(event_type="Protests")]) == []
    assert field_checks(ucdp_like, _predicted())["sub_event_type"] is None


def test_kept_lines_and_line_outcomes_read_the_page_line_by_line() -> None:
    page = "Menu\n\nTroops entered the town.\nRelated: Talks stall\nResidents fled."
    body = "Troops entered the town. Residents fled."
    assert kept_lines(page, body) == {2, 4}
    assert line_outcomes(page, [2, 4], body) == (0, 2, 0, 2)
    assert line_outcomes(page, [2], "Menu Troops entered the town.") == (1, 3, 0, 1)
    # a tag or a counter is kept only as a paragraph's whole, head or tail, not because the
    # story happens to say the same word
    tagged = "Troops entered Velm on Monday.\n\nVelm\n1"
    assert kept_lines(tagged, "Troops entered Velm on Monday. Velm counted 1 dead.") == {0}
    assert kept_lines(tagged, "Troops entered Velm on Monday.\n\nVelm") == {0, 2}


def test_an_undated_page_is_scored_again_with_the_day_its_annotators_had():
    from chronica.evaluation.scoreboard import anchor_day

    days = [dt.date(2022, 10, 4), dt.date(2022, 10, 3)]
    undated = CorpusDocument("airwars", "p1", "text", extra={"incident_days": days})
    assert anchor_day(undated).published == dt.date(2022, 10, 3)
    dated = dataclasses.replace(undated, published=dt.date(2022, 10, 5))
    assert anchor_day(dated) is dated  # a page's own date is never replaced
    unlinked = CorpusDocument("voa", "v1", "text")
    assert anchor_day(unlinked) is unlinked


def test_missed_linking_pairs_are_explained_and_dated_pairs_scored_apart():
    from chronica.evaluation.linking import missed

    dated_event = {"evidence": [{"field": "date"}]}
    records = {
        "a": {"published": "2024-03-01", "events": [dated_event]},
        "b": {"published": None, "events": [dated_event]},
        "c": {"published": None, "events": [{"evidence": []}]},
        "d": {"published": "2024-03-01", "events": []},
    }
    gold_groups = {"a": {"1"}, "b": {"1"}, "c": {"1"}, "d": {"1"}}
    said = {"a": {"x"}, "b": {"x"}}
    reasons = missed(gold_groups, said, records)
    # pairs: ab found; ac, bc undated; ad, bd, cd without an event on one side
    assert reasons["missed_undated"] == 2 and reasons["missed_no_event"] == 3
    assert reasons["missed_by_linker"] == 0
    assert reasons["gold_pairs_both_dated"] == 3  # ab, ad, bd: d is dated, it has no event
    assert reasons["recall_both_dated"] == pytest.approx(1 / 3, abs=0.001)


# --- MUC-4 role fillers ---------------------------------------------------------------------

def test_role_fillers_match_by_head_noun_and_count_every_document():
    from chronica.evaluation.scoreboard import RoleTally, fills

    assert fills("the urban guerrillas", "GUERRILLAS")
    assert fills("a bus", "PASSENGER BUS")
    assert not fills("soldiers", "GUERRILLAS") and not fills("", "BUS")
    tally = RoleTally()
    key = {"perpetrator": ["URBAN GUERRILLAS"], "target": ["PASSENGER BUS", "DRIVER"],
           "location": ["SAN MIGUEL"]}
    tally.add(key, {"perpetrator": ["guerrillas", "the army"], "target": ["the bus"],
                    "location": []})
    # a filler given for a text that reports no incident counts against precision
    tally.add({"perpetrator": [], "target": [], "location": []},
              {"perpetrator": ["rebels"], "target": [], "location": ["Lima"]})
    row = tally.row()
    assert row["perpetrator"].startswith("P 0.33 R 1.00")
    assert row["target"].startswith("P 1.00 R 0.50")
    assert row["location"].startswith("P 0.00 R 0.00")


def test_pages_annotated_for_story_lines_only_join_by_hash(corpora: Path, tmp_path: Path) -> None:
    from chronica.evaluation.scoreboard import STORY_LINES, _story_line_pages

    docs = list(read_corpus("airwars", corpora))
    path = tmp_path / STORY_LINES.format(corpus="airwars")
    path.parent.mkdir(parents=True)
    rows = [{"corpus": "airwars", "id": docs[0].id, "sha256": docs[0].sha256, "split": "dev",
             "body_lines": [4], "annotator": "K9", "note": ""},
            {"corpus": "airwars", "id": "gone", "sha256": "0" * 64, "split": "test",
             "body_lines": [1], "annotator": "K9", "note": ""}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    joined = _story_line_pages("airwars", corpora, tmp_path)
    assert joined.missing == ["airwars/gone"]
    [doc] = joined.documents
    assert doc.body == STORY and doc.events == () and doc.extra["body_lines"] == [4]
    assert _story_line_pages("voa", corpora, tmp_path).documents == []
