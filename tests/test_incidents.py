"""Incidents across articles: linking decisions, reconciled values, copies, and the store
through the real command line on the team's own invented articles."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import sqlite3

import pytest
from conftest import FIXTURES

from chronica.incidents import Report
from chronica.incidents.copies import containment, copies_among, shingles
from chronica.incidents.link import compare, decide
from chronica.incidents.reconcile import reconcile

ARTICLES = FIXTURES / "incidents"
SARAQIB = {
    "geonameid": 1,
    "name": "Saraqib",
    "feature_code": "PPL",
    "country": "SY",
    "admin1": "Idlib",
    "lat": 35.864,
    "lon": 36.806,
}
IDLIB = {
    **SARAQIB,
    "geonameid": 2,
    "name": "Idlib",
    "feature_code": "ADM1",
    "lat": 35.9,
    "lon": 36.6,
}
ATARIB = {
    **SARAQIB,
    "geonameid": 3,
    "name": "Al Atarib",
    "admin1": "Aleppo",
    "lat": 36.139,
    "lon": 36.825,
}
DAY = dt.date(2024, 2, 29)


def report(**changes) -> Report:
    """A report of an air strike on Saraqib on one day, told by the defence ministry."""
    base = Report(
        event_id="e1",
        document_id="d1",
        outlet="Gazette",
        published=DAY + dt.timedelta(days=1),
        family="d1",
        sub_event_type="Air/drone strike",
        event_type="Explosions/Remote violence",
        date_start=DAY,
        date_end=DAY,
        dated_by="event",
        time_precision=1,
        place=SARAQIB,
        places=(SARAQIB,),
        geo_precision=1,
        actor1="Military Forces of Russia",
        actor2=None,
        fatalities=3,
        deaths=(3, 3, 3),
        grade="Weak",
        stances=("asserted",),
        informants=("russian defence ministry",), story_towns=(),
        sentence="Russian warplanes struck Saraqib on Thursday, killing three civilians.",
    )
    if "place" in changes and "places" not in changes:
        changes["places"] = (changes["place"],) if changes["place"] else ()
    return dataclasses.replace(base, **changes)


def other(**changes) -> Report:
    return report(
        **{"event_id": "e2", "document_id": "d2", "outlet": "Times", "family": "d2", **changes}
    )


def test_same_day_place_and_type_link_with_their_reasons():
    decision = decide(other(sentence="A depot in Saraqib was hit from the air."), [report()])
    assert decision.links
    assert "date: both 2024-02-29" in decision.reasons and "place: both Saraqib" in decision.reasons


@pytest.mark.parametrize(
    "changes, reason",
    [
        (
            {"date_start": DAY + dt.timedelta(days=5), "date_end": DAY + dt.timedelta(days=5)},
            "date:",
        ),
        ({"place": ATARIB}, "place: Aleppo vs Idlib"),
        ({"sub_event_type": "Peaceful protest", "event_type": "Protests"}, "type:"),
    ],
)
def test_another_day_province_or_kind_forbids_the_link(changes, reason):
    decision = decide(other(**changes), [report()])
    assert decision.vetoed and not decision.links
    assert any(r.startswith(reason) for r in decision.reasons)


def test_type_and_day_alone_do_not_link():
    """Many strikes hit one country on one day: without a place, an actor or the wording in
    common the reports stay apart."""
    decision = compare(
        other(place=None, actor1=None, sentence="Jets bombed a village."), report(actor1=None)
    )
    assert not decision.links and "no place, actor or wording in common" in decision.reasons


def test_a_town_both_stories_name_corroborates_events_without_a_place():
    unplaced = {"place": None, "actor1": None, "sentence": "Jets bombed a village."}
    alone = compare(other(**unplaced, story_towns=(5,)), report(actor1=None, place=None))
    shared = compare(other(**unplaced, story_towns=(5,)),
                     report(actor1=None, place=None, story_towns=(5, 9)))
    assert not alone.links and shared.links
    assert "place: both stories name the same town" in shared.reasons


def test_a_copy_links_despite_what_its_parse_got_wrong():
    copy = other(
        family="d1", date_start=DAY + dt.timedelta(days=9), date_end=DAY + dt.timedelta(days=9)
    )
    decision = decide(copy, [report()])
    assert decision.links and decision.reasons[0].startswith("copy:")


def test_one_document_never_joins_its_own_incident_twice():
    assert not decide(report(event_id="e9"), [report()]).links


def test_any_two_places_the_events_name_can_meet():
    refinery = {**SARAQIB, "geonameid": 7, "name": "Refinery", "country": "KP", "admin1": None}
    assert decide(other(place=refinery, places=(refinery, SARAQIB)), [report()]).links
    assert decide(other(place=refinery), [report()]).vetoed


def test_a_member_in_another_province_vetoes_even_when_another_fits():
    vague = other(place=IDLIB)
    elsewhere = report(event_id="e3", document_id="d3", family="d3", place=ATARIB)
    assert decide(other(event_id="e4", document_id="d4", family="d4"), [vague, elsewhere]).vetoed


def test_reconciled_date_is_the_intersection_and_the_place_the_finest():
    week = other(
        date_start=DAY - dt.timedelta(days=3),
        date_end=DAY + dt.timedelta(days=1),
        time_precision=2,
        place=IDLIB,
        geo_precision=3,
    )
    values = reconcile([week, report(event_id="e3", document_id="d3", family="d3")])
    assert (values["date"]["start"], values["date"]["end"]) == ("2024-02-29", "2024-02-29")
    assert values["place"]["value"]["name"] == "Saraqib" and values["place"]["reports"] == ["e3"]


def test_toll_update_raises_best_and_keeps_the_lowest_low():
    later = other(published=DAY + dt.timedelta(days=3), fatalities=17, deaths=(17, 17, 17))
    deaths = reconcile([report(), later])["deaths"]
    assert (deaths["low"], deaths["best"], deaths["high"], deaths["acled"]) == (3, 17, 17, 17)


def test_independent_sources_fold_short_references_and_copies():
    first = report(informants=("russian defence ministry", "ministry"))
    second = other(informants=("defence ministry",))
    own_a = report(
        event_id="e5", document_id="d5", family="d5", informants=("own reporting of d5",)
    )
    own_copy = report(
        event_id="e6", document_id="d6", family="d5", informants=("own reporting of d5",)
    )
    assert reconcile([first, second])["independent_sources"] == 1
    assert reconcile([own_a, own_copy])["independent_sources"] == 1
    assert reconcile([first, own_a])["independent_sources"] == 2


@pytest.mark.parametrize(
    "stances, grades, informants, expected",
    [
        (("claimed_responsibility",), ("Weak",), 1, "Confirmed"),
        (("asserted", "denied"), ("Weak",), 1, "Contested"),
        (("asserted",), ("Weak",), 2, "Fair"),
        (("asserted",), ("Weak",), 1, "Weak"),
    ],
)
def test_grade_across_documents(stances, grades, informants, expected):
    names = [("a",), ("b",)][:informants]
    reports = [
        report(
            event_id=f"e{i}",
            document_id=f"d{i}",
            family=f"d{i}",
            stances=stances,
            grade=grades[0],
            informants=names[min(i, len(names) - 1)],
        )
        for i in range(2)
    ]
    assert reconcile(reports)["grade"] == expected


def test_containment_finds_a_trimmed_restyled_copy_and_nothing_else():
    story = " ".join(
        f"Paragraph {i} tells what the officials said about the strike on the "
        f"town number {i} and the damage it caused to houses."
        for i in range(12)
    )
    trimmed = story[: len(story) // 2].replace("officials said", "officials told reporters")
    unrelated = " ".join(
        f"The council met on day {i} to discuss the water supply and roads." for i in range(12)
    )
    assert containment(shingles(story), shingles(trimmed)) > 0.6
    assert containment(shingles(story), shingles(unrelated)) < 0.1
    assert copies_among(shingles("Too short to tell."), {"x": shingles("Too short to tell.")}) == []


def _incidents(cli, db) -> list[dict]:
    result = cli("incidents", "export", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _revisions(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM incident_revisions").fetchone()[0]


@pytest.mark.slow
def test_one_press_released_strike_through_the_store(cli, tmp_path):
    """Two outlets relay the ministry's statement: one incident, two documents, two outlets,
    one independent source; a syndicated copy joins as a copy; the next day's toll update is a
    revision of the same incident; an unrelated strike the same day stays apart; ingesting
    again and relinking change nothing."""
    db = tmp_path / "c.db"
    first = cli("ingest", str(ARTICLES / "two-outlets.jsonl"), "--db", str(db))
    assert first.returncode == 0, first.stderr
    (strike,) = _incidents(cli, db)
    assert (len(strike["documents"]), len(strike["outlets"]), strike["independent_sources"]) == (
        2,
        2,
        1,
    )
    assert strike["grade"] == "Confirmed" and strike["place"]["name"] == "Saraqib"

    assert cli("ingest", str(ARTICLES / "copy-and-other.jsonl"), "--db", str(db)).returncode == 0
    assert cli("ingest", str(ARTICLES / "toll-update.jsonl"), "--db", str(db)).returncode == 0
    incidents = {i["place"]["name"]: i for i in _incidents(cli, db)}
    assert set(incidents) == {"Saraqib", "Al Atārib"}
    strike = incidents["Saraqib"]
    assert strike["id"] == incidents["Saraqib"]["id"] and len(strike["documents"]) == 4
    assert (strike["copy_families"], strike["independent_sources"]) == (3, 1)
    assert (strike["fatalities"]["low"], strike["fatalities"]["best"]) == (3, 17)
    toll = [r for r in strike["revisions"] if r["kind"] == "changed" and r["field"] == "deaths"]
    assert [(r["old"], r["new"], r["published"]) for r in toll] == [("3", "17", "2024-03-02")]

    before, revisions = _incidents(cli, db), _revisions(db)
    again = cli("ingest", str(ARTICLES), "--db", str(db))
    assert again.returncode == 0 and "0 opened, 0 reports linked" in again.stderr
    assert _incidents(cli, db) == before and _revisions(db) == revisions
    relinked = cli("incidents", "relink", "--db", str(db))
    assert relinked.returncode == 0 and "0 reports moved; 0 merged, 0 split" in relinked.stderr
    assert [i["id"] for i in _incidents(cli, db)] == [i["id"] for i in before]


@pytest.mark.slow
def test_incident_exports_and_errors(cli, tmp_path):
    db = tmp_path / "c.db"
    assert cli("ingest", str(ARTICLES), "--db", str(db)).returncode == 0
    geo = json.loads(cli("incidents", "export", "-f", "geojson", "--db", str(db)).stdout)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 2
    point = next(f for f in geo["features"] if f["properties"]["place"]["name"] == "Saraqib")
    assert point["geometry"]["coordinates"] == pytest.approx([36.8, 35.86], abs=0.05)

    parquet = tmp_path / "incidents.parquet"
    assert (
        cli("incidents", "export", "-f", "parquet", "-o", str(parquet), "--db", str(db)).returncode
        == 0
    )
    import pyarrow.parquet as pq

    table = pq.read_table(parquet).to_pylist()
    assert {row["place"] for row in table} == {"Saraqib", "Al Atārib"}
    assert {row["fatalities_best"] for row in table} == {17, 2}

    acled = cli("incidents", "export", "-f", "acled", "--db", str(db))
    rows = acled.stdout.splitlines()
    assert (
        rows[0].startswith("event_id_cnty,") and len(rows) == 3 and "Valley Herald" in acled.stdout
    )
    ucdp = cli("incidents", "export", "-f", "ucdp", "--db", str(db)).stdout
    sources = {
        row["where_description"]: row["number_of_sources"]
        for row in csv.DictReader(io.StringIO(ucdp))
    }
    assert sources == {"Saraqib": "4", "Atarib": "1"}  # an incident's sources are its documents

    shown = cli("incidents", "show", point["id"][:8], "--db", str(db))
    record = json.loads(shown.stdout)
    assert record["linked"][1]["linked_by"] and record["revisions"][0]["kind"] == "opened"
    assert "Seventeen" in [span["text"] for span in record["deaths"]["spans"]]  # the words behind
    assert {span["text"] for span in record["place"]["spans"]} == {"Saraqib"}  # each value

    missing = cli("incidents", "show", "inc-nothing", "--db", str(db))
    assert missing.returncode == 2 and "no incident has an id starting with" in missing.stderr
    binary = cli("incidents", "export", "-f", "parquet", "--db", str(db))
    assert binary.returncode == 2 and "--out" in binary.stderr


def test_documents_stored_before_linking_existed_are_linked_later(tmp_path):
    """A store filled by an older chronica (or cut off between storing and linking) has
    documents no incident knows; the next ingest links them, once."""
    from chronica.batch import run
    from chronica.model import Document
    from chronica.store import Store

    _, outcomes = run([str(ARTICLES / "two-outlets.jsonl")])
    docs = [o for o in outcomes if isinstance(o, Document)]
    with Store(tmp_path / "c.db") as store:
        for doc in docs:
            store.add_document(doc, link=False)
        assert store.ledger.pending() == [d.id for d in docs] and store.counts()["incidents"] == 0
        tally = store.ledger.link_pending()
        assert (tally.documents, tally.opened, tally.linked) == (2, 1, 1)
        assert store.ledger.pending() == [] and store.ledger.link_pending().documents == 0


def test_a_report_that_fits_two_incidents_merges_them_with_a_revision(tmp_path):
    """A strike told once with its place and no actor, once with its actor and no place, stays
    two incidents (nothing corroborates); a third report naming both the place and the actor
    joins one and merges the other in. The absorbed id remains and points to the survivor."""
    from chronica.store import Store

    placed = report(actor1=None, sentence="An air strike hit Saraqib on Thursday.")
    russian = other(place=None, sentence="Russian jets bombed a depot in the north.")
    both = report(event_id="e3", document_id="d3", family="d3", sentence="Jets hit a depot.")
    with Store(tmp_path / "c.db") as store:
        store.db.execute("PRAGMA foreign_keys=OFF")  # reports with no stored events: ledger only
        ledger = store.ledger
        assert [ledger.link(r).opened for r in (placed, russian)] == [1, 1]
        assert ledger.link(both).merged == 1
        (survivor,) = store.list_incidents()
        record = store.incident(survivor["id"])
        assert sorted(record["documents"]) == ["d1", "d2", "d3"] and record["merged_into"] is None
        absorbed = [i for i in store.find_incidents("inc-") if i != survivor["id"]]
        gone = store.incident(absorbed[0])
        assert gone["merged_into"] == survivor["id"]
        assert [r["kind"] for r in gone["revisions"]] == ["opened", "merged"]
        assert "merged" in [r["kind"] for r in record["revisions"]]
