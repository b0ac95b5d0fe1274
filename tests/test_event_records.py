"""Whole event records: the human-coder article, actors and their registry, claims and grades, the coders' views."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from chronica.events.actors import assign_sides, find_actors, interaction
from chronica.events.attribution import grade, read_claim, source_kind
from chronica.events.classify import classify_sentence
from chronica.model import Claim, ClaimSource
from chronica.nlp import model
from chronica.views import ACLED_COLUMNS, acled_codable

CODING_RULES_ACLED_ORDER = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 inter1 "
    "actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 location latitude "
    "longitude geo_precision source source_scale notes fatalities tags timestamp").split()


@pytest.fixture(scope="module")
def coder_record() -> dict:
    result = run_cli("extract", "--format", "json", str(FIXTURES / "coder-article.html"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]


def test_coder_article_yields_exactly_the_events_a_coder_would(coder_record):
    events = coder_record["events"]
    assert [(e["sub_event_type"], e["date_start"]) for e in events] == [
        ("Air/drone strike", "2026-04-12"), ("Shelling/artillery/missile attack", "2026-04-11"), ("Air/drone strike", "2026-03-25")]
    text = " ".join(s["text"] for e in events for s in e["sentences"])
    for furniture in ("Mosul", "Qamishli", "comment", "since 2019", "threatened"):
        assert furniture not in text  # caption, teaser, comment prompt, background, threat
    for event in events:
        for evidence in event["evidence"]:
            assert coder_record["body"][evidence["start"] : evidence["end"]] == evidence["text"]


def test_coder_article_strike_merges_its_follow_up_and_is_confirmed_by_its_author(coder_record):
    strike = coder_record["events"][0]
    assert len(strike["sentences"]) == 2 and "weapons depot" in strike["sentences"][1]["text"]
    assert strike["actor1"]["name"] == "Military Forces of Turkey" and strike["actor1"]["inter"] == 8  # abroad, in Iraq
    assert strike["actor1"]["surface"] == "drones" and strike["actor2"]["name"] == "Kurdistan Workers' Party"
    assert strike["interaction"] == 28 and strike["fatalities"] == 2
    assert [p["text"] for p in strike["location"]["places"]] == ["Zakho"] and strike["location"]["geo_precision"] == 2
    assert strike["claims"][0]["claimant"] == {"text": "Turkish Defence Ministry", "kind": "party", "evidence": strike["claims"][0]["claimant"]["evidence"]}
    assert strike["grade"] == "Confirmed" and strike["event_clarity"] == 1


def test_coder_article_allegation_with_denial_is_contested(coder_record):
    shelling = coder_record["events"][1]
    assert [(c["stance"], c["claimant"]["kind"]) for c in shelling["claims"]] == [("alleged", "activists"), ("denied", "party")]
    assert shelling["grade"] == "Contested"
    assert shelling["actor2"]["name"] == "Civilians (Iraq)" and shelling["civilian_targeting"] and shelling["fatalities"] == 1
    assert shelling["location"]["places"][0]["text"] == "Kani Masi"  # what is alleged is where, not the accusers' place


def test_coder_article_aggregate_claim_keeps_its_chain(coder_record):
    raids = coder_record["events"][2]
    assert raids["event_clarity"] == 2 and raids["time_precision"] == 3 and raids["date_end"] == "2026-04-14"
    assert raids["fatalities"] == 0 and raids["deaths"] == {"low": 0, "best": 0, "high": 40}
    chain = [(link["text"], link["kind"]) for link in raids["claims"][0]["chain"]]
    assert chain == [("Example Times", "outlet"), ("state media", "state_media"), ("high-ranking field source", "anonymous")]
    assert raids["grade"] == "Weak" and raids["actor1"] is None  # nobody is named as the attacker


def test_coder_article_threat_is_a_statement_not_an_event(coder_record):
    assert [(s["modality"], "threatened" in s["sentence"]["text"]) for s in coder_record["statements"]] == [("future", True)]


def _extract(tmp_path: Path, text: str) -> dict:
    """The record `chronica extract` prints for a story given as a text file."""
    page = tmp_path / "story.txt"
    page.write_text(text, encoding="utf-8")
    result = run_cli("extract", "--format", "json", str(page))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]


def _sides(text: str, country: str | None, gazetteer):
    sentence = next(model()(text).sents)
    kind = classify_sentence(sentence)
    return kind.label, assign_sides(sentence, kind.trigger, 0, kind.label, (), gazetteer, country)


@pytest.mark.parametrize("name", ["Daesh", "ISIS", "ISIL", "IS", "Islamic State", "the Islamic State group"])
def test_aliases_of_one_group_are_one_actor(name, gazetteer):
    label, sides = _sides(f"{name} fighters attacked an army post near the town, killing three soldiers.", "SY", gazetteer)
    assert {sides.actor1.name, sides.actor2.name} == {"Islamic State", "Military Forces of Syria"}


def test_lower_case_is_is_never_the_group(gazetteer):
    sentence = next(model()("The army said the road is closed after gunmen attacked a convoy.").sents)
    assert all(f.actor.name != "Islamic State" for f in find_actors(sentence, 0, (), gazetteer, "SY"))


@pytest.mark.parametrize("text", [
    "Turkish drones struck a vehicle near the village, killing two fighters.",
    "The Turkish Air Force carried out air strikes on positions near the village.",
    "The Turkish Defence Ministry said its jets destroyed four shelters near the village.",
])
def test_organs_of_a_state_are_its_military_and_abroad_they_are_external(text, gazetteer):
    label, sides = _sides(text, "IQ", gazetteer)
    assert (sides.actor1.name, sides.actor1.inter) == ("Military Forces of Turkey", 8)


def test_unnamed_actors_take_the_events_country_and_civilians_are_actor_2(gazetteer):
    label, sides = _sides("Gunmen stormed a village and abducted 20 women.", "NG", gazetteer)
    assert label == "Abduction/forced disappearance"
    assert (sides.actor1.name, sides.actor2.name) == ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")
    assert interaction(sides.actor1.inter, sides.actor2.inter) == 37 and interaction(6, None) == 60


def test_police_at_a_protest_are_actor_2(gazetteer):
    label, sides = _sides("Police fired tear gas at protesters in the capital on Tuesday.", "KE", gazetteer)
    assert (sides.actor1.name, sides.actor2.name) == ("Protesters (Kenya)", "Police Forces of Kenya")


@pytest.mark.parametrize(("claimant", "kind"), [
    ("state media", "state_media"), ("SANA", "state_media"), ("Reuters", "independent_media"),
    ("the Syrian Observatory for Human Rights", "ngo_un"), ("a security source", "anonymous"),
    ("an official who asked not to be named", "anonymous"), ("residents", "witness"), ("local activists", "activists"),
    ("hospital officials", "medical"), ("the interior ministry", "official"), ("Mr Smith", "unknown"),
])
def test_source_kinds(claimant, kind):
    assert source_kind(claimant) == kind


def _claim(text: str) -> Claim:
    sentence = next(model()(text).sents)
    kind = classify_sentence(sentence)
    return read_claim(sentence, 0, kind.trigger.root if kind.trigger is not None else None, ClaimSource("Wire", "outlet", None))


def test_claims_read_stance_and_chain():
    nested = _claim("Al Arabiya reported, citing Syrian state media, that an explosion killed four soldiers in Daraa.")
    assert [(link.text, link.kind) for link in nested.chain[1:]] == [("Al Arabiya", "unknown"), ("Syrian state media", "state_media")]
    cited = _claim("Reuters reported, citing two security sources, that gunmen killed three police officers.")
    assert [link.text for link in cited.chain] == ["Wire", "Reuters", "two security sources"] and cited.claimant.kind == "anonymous"
    according = _claim("Five civilians were killed in the strike, according to the Syrian Observatory for Human Rights.")
    assert according.stance == "asserted" and according.claimant.kind == "ngo_un"
    assert _claim("Activists accused the army of shelling the market.").stance == "alleged"
    assert _claim("Gunmen killed two guards at the gate, police said.").claimant.text == "police"
    assert _claim("Two people were killed in the blast.").chain == (ClaimSource("Wire", "outlet", None),)


def test_grades_follow_the_airwars_scale():
    def claim(stance: str, kind: str, text: str) -> Claim:
        return Claim(stance, (ClaimSource("Wire", "outlet", None), ClaimSource(text, kind, None)), None, None, "test")
    assert grade((claim("asserted", "anonymous", "a source"),), False) == "Weak"
    assert grade((claim("asserted", "ngo_un", "UN"), claim("asserted", "witness", "residents")), False) == "Fair"
    assert grade((claim("alleged", "activists", "activists"), claim("denied", "party", "the army")), False) == "Contested"
    assert grade((claim("claimed_responsibility", "unknown", "the group"),), False) == "Confirmed"
    assert grade((claim("asserted", "party", "the ministry"),), True) == "Confirmed"


def test_responsibility_claim_names_the_attacker(tmp_path):
    [event] = _extract(tmp_path, "Published 2 May 2025\n\nA roadside bomb killed four soldiers near Kandahar on Thursday, officials said.\n\n"
                    "The Pakistani Taliban claimed responsibility for the attack.\n")["events"]
    assert event["sub_event_type"] == "Remote explosive/landmine/IED"
    assert event["actor1"]["name"] == "Tehrik-i-Taliban Pakistan" and "claimed responsibility" in event["actor1"]["rule"]
    assert [c["stance"] for c in event["claims"]] == ["asserted", "claimed_responsibility"] and event["grade"] == "Confirmed"


def test_coders_views_come_from_one_record(coder_record):
    result = run_cli("extract", "--format", "acled", str(FIXTURES / "coder-article.html"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(ACLED_COLUMNS) == tuple(CODING_RULES_ACLED_ORDER) and list(rows[0]) == CODING_RULES_ACLED_ORDER
    assert [(r["sub_event_type"], r["fatalities"], r["country"], r["location"]) for r in rows] == [
        ("Air/drone strike", "2", "Iraq", "Zaxo"), ("Shelling/artillery/missile attack", "1", "Iraq", "Kānī Māsī"),
        ("Air/drone strike", "0", "Iraq", "Duhok")]
    assert rows[2]["event_date"] == "2026-04-04" and rows[2]["time_precision"] == "3"  # middle of the three weeks
    assert rows[1]["civilian_targeting"] == "Civilians targeted" and rows[0]["interaction"] == "28"
    assert rows[0]["timestamp"] == "1776157200"  # 2026-04-14T09:00:00Z as Unix time


def test_acled_view_skips_what_acled_would_not_record():
    base = {"time_precision": 1, "location": {"places": [{"place": {"feature_code": "PPL", "country": "SY"}}], "dateline_place": None}}
    assert acled_codable(base)
    assert not acled_codable({**base, "time_precision": None})  # vaguer than a month: flagged in the record, not an ACLED row
    assert not acled_codable({**base, "location": {"places": [{"place": {"feature_code": "PCLI", "country": "SY"}}]}})
    assert not acled_codable({**base, "location": {"places": [], "dateline_place": None}})

    ucdp = list(csv.DictReader(io.StringIO(run_cli("extract", "--format", "ucdp", str(FIXTURES / "coder-article.html")).stdout)))
    assert [(r["type_of_violence"], r["best"], r["deaths_b"], r["deaths_civilians"]) for r in ucdp] == [("1", "2", "2", "0"), ("3", "1", "0", "1")]
    assert ucdp[0]["source_original"] == "Turkish Defence Ministry" and ucdp[0]["where_prec"] == "2"

    plover = [json.loads(line) for line in run_cli("extract", "--format", "plover", str(FIXTURES / "coder-article.html")).stdout.splitlines()]
    assert [(p["event_type"], p["mode"]) for p in plover] == [("ASSAULT", None), ("ASSAULT", None), ("ASSAULT", None), (None, "future")]
    assert plover[0]["actor"] == ["Military Forces of Turkey"] and plover[0]["dead"] == 2


def test_annotated_articles_are_split_by_file_and_scored_per_field():
    dev, test = (Path(__file__).parent.parent / "eval" / "events" / f"articles-{split}.jsonl" for split in ("dev", "test"))
    texts = [{json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()} for path in (dev, test)]
    assert len(texts[0]) + len(texts[1]) >= 30 and not texts[0] & texts[1]
    result = run_cli("eval", "events", "--json", str(test))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 30 and set(report["field_accuracy"]) >= {"actors", "location", "date", "fatalities_exact", "claimant_kind", "stance"}
    assert report["event_recall"] >= 0.8  # a floor well under the measured 1.0, so that a broken pipeline fails


def test_one_event_per_place_with_counts_split_evenly(tmp_path):
    events = _extract(tmp_path, "Published 12 May 2025\n\nRussian warplanes struck Saraqib and Binnish on Sunday, killing five civilians, "
                    "the Syrian Observatory for Human Rights said.\n")["events"]
    assert [(e["location"]["places"][0]["text"], e["fatalities"], e["location"]["geo_precision"]) for e in events] == [("Saraqib", 3, 1), ("Binnish", 2, 1)]
    assert len({e["id"] for e in events}) == 2 and all(e["claims"][0]["claimant"]["kind"] == "ngo_un" for e in events)


def test_a_second_report_of_the_toll_is_an_alternative_count(tmp_path):
    [event] = _extract(tmp_path, "Published 12 May 2025\n\nGunmen killed five villagers in an attack near Kaduna on Sunday, police said.\n\n"
                    "Activists said the attack killed eight people.\n")["events"]
    assert event["fatalities"] == 5 and event["deaths"] == {"low": 5, "best": 5, "high": 8}
    assert [q["claim"] for q in event["quantities"] if q["kind"] == "killed"] == [0, 1]
    assert [c["claimant"]["kind"] for c in event["claims"]] == ["official", "activists"] and event["grade"] == "Fair"


def test_everyday_news_is_not_coded_as_political_violence(tmp_path):
    assert _extract(tmp_path, "Published 2 April 2025\n\n"
        "A 19-year-old man was arrested and charged with burglary after a break-in on Elm Street, police said.\n\n"
        "Petrojet beat Ismaily 1-0 on Monday to climb to third place in the league.\n\n"
        "The council reached a deal with the union over pay on March 17, according to the mayor.\n\n"
        "A teenager stabbed a classmate during an argument at a school on Monday, police said.\n\n"
        "The March of Dimes will hold its annual fundraiser in the town hall.\n")["events"] == []


def test_the_same_words_with_political_actors_are_events(tmp_path):
    events = _extract(tmp_path, "Published 2 April 2025\n\n"
        "Police arrested 40 opposition activists in Dhaka on Monday, the party said.\n\n"
        "Gunmen stabbed two villagers to death near Kaduna on Tuesday, residents said.\n\n"
        "The army and the rebels agreed a ceasefire in Juba on Sunday.\n")["events"]
    assert [e["sub_event_type"] for e in events] == ["Arrests", "Attack", "Agreement"]


def test_rival_militias_are_both_sides_and_civilians_only_associated(gazetteer):
    label, sides = _sides("Fighting between rival clan militias killed 11 people on Saturday.", "SO", gazetteer)
    assert label == "Armed clash" and sides.actor1.name == sides.actor2.name == "Unidentified Armed Group (Somalia)"
    label, sides = _sides("Soldiers clashed with gunmen in the market, and two civilians were killed in the crossfire.", "ML", gazetteer)
    assert {sides.actor1.name, sides.actor2.name} == {"Military Forces of Mali", "Unidentified Armed Group (Mali)"}


def test_a_sponsor_is_not_a_home_country(tmp_path):
    [event] = _extract(tmp_path, "Published 9 June 2025\n\nAn Iran-backed militia fired rockets at a base hosting US troops in Erbil on Sunday, "
                    "the US military said.\n")["events"]
    assert event["actor1"]["name"] == "Unidentified Armed Group (Iraq)" and event["actor2"]["name"] == "Military Forces of United States"
    assert event["claims"][0]["claimant"]["kind"] == "party"


def test_a_capitalised_clause_is_part_of_the_claimants_name():
    claim = _claim("A journalist was killed in an air strike on a car on Sunday, the Committee to Protect Journalists said.")
    assert (claim.claimant.text, claim.claimant.kind) == ("Committee to Protect Journalists", "ngo_un")


def test_a_story_in_another_language_is_kept_but_not_read_for_events(tmp_path):
    record = _extract(tmp_path, "Publié le 10 mars 2025\n\nDes hommes armés ont tué douze villageois samedi dans le centre du Mali, selon un "
                      "responsable local. Les assaillants ont incendié des greniers avant de prendre la fuite, ont indiqué des habitants.\n")
    assert record["language"] == "fr" and record["body"] and record["events"] == [] and record["places"] == []
    assert any("read from English text only" in w for w in record["warnings"])


def test_the_strike_paragraphs_later_is_the_same_strike_and_brings_its_counts(tmp_path):
    [event] = _extract(tmp_path, "Published 12 May 2025\n\nAn air strike killed five people at a market in Saraqib on Sunday, the Syrian "
                       "Observatory for Human Rights said.\n\n\"We heard the planes and then everything was on fire,\" said Ahmad, a "
                       "vegetable seller.\n\nResidents said they had not been warned.\n\nThe strike also wounded 20 people, the monitor said.\n")["events"]
    assert len(event["sentences"]) == 2 and "wounded 20" in event["sentences"][1]["text"]
    assert [(q["kind"], q["best"], q["claim"]) for q in event["quantities"]] == [("killed", 5, 0), ("injured", 20, 1)]
    assert event["claims"][1]["claimant"] == {**event["claims"][1]["claimant"], "text": "monitor", "kind": "ngo_un"}


def test_what_led_to_a_riot_is_not_the_riot(tmp_path):
    [event] = _extract(tmp_path, "Published 9 April 2025\n\nAngry youths set fire to a police station in Ikorodu on Tuesday after a man "
                                 "was killed by police, witnesses said.\n")["events"]
    assert event["actor1"]["name"] == "Rioters (Nigeria)" and event["fatalities"] == 0  # the police and the death belong to what came before


def test_a_battles_own_fighting_is_not_an_antecedent(tmp_path):
    [event] = _extract(tmp_path, "Published 2 February 2025\n\nM23 rebels captured the town of Sake in North Kivu on Saturday after heavy "
                                 "fighting with the Congolese army that killed 12 soldiers, local sources said.\n")["events"]
    assert (event["actor1"]["name"], event["actor2"]["name"], event["fatalities"]) == (
        "March 23 Movement", "Military Forces of Democratic Republic of the Congo", 12)


def test_the_event_is_dated_by_its_own_day_not_its_announcement(tmp_path):
    record = _extract(tmp_path, "Published 16 March 2024\n\nThe army announced on Friday that its jets carried out "
                      "a strike on Thursday near Idlib city, killing four militants.\n\nA drone strike killed two men near "
                      "Sarmada on Tuesday, activists said on Wednesday.\n")
    assert [e["date_start"] for e in record["events"]] == ["2024-03-14", "2024-03-12"]


@pytest.mark.parametrize("sentence", [
    "Islamabad has blamed several recent attacks on militants based in Afghanistan.",
    "Since the beginning of the year, the group has ramped up attacks on security forces in Balochistan.",
    "The city has suffered more attacks than any other in Somalia except Mogadishu.",
])
def test_a_series_summed_up_is_not_an_incident(sentence):
    assert classify_sentence(next(model()(sentence).sents)).modality == "background"


def test_a_series_with_its_days_named_stays_an_event():
    text = "Turkish forces have carried out air strikes on two villages near Kobani{}, residents said."
    dated, undated = (classify_sentence(next(model()(text.format(when)).sents)) for when in (" this week", ""))
    assert (dated.label, dated.modality, undated.modality) == ("Air/drone strike", "asserted", "background")


def test_particular_strikes_in_the_perfect_are_news_not_a_series():
    sentence = next(model()("The Israeli airstrikes have targeted the countryside of Damascus and Homs.").sents)
    assert classify_sentence(sentence).modality == "asserted"


def test_a_place_named_twice_is_one_event(tmp_path):
    events = _extract(tmp_path, "Published 12 May 2025\n\nGunmen attacked a checkpoint near Quetta on Sunday, killing three "
                      "soldiers, police in Quetta said, a day after a bus was attacked near Quetta.\n")["events"]
    assert [[p["text"] for p in e["location"]["places"]] for e in events] == [["Quetta"]]


def test_places_named_together_are_one_event_each_but_a_route_is_not(tmp_path):
    events = _extract(tmp_path, "Published 12 May 2025\n\nAir strikes hit Ariha and Saraqib on Sunday, killing "
                      "four people, residents said.\n\nGunmen attacked a bus travelling from Quetta to Karachi on "
                      "Saturday, killing five passengers, police said.\n")["events"]
    places = [[p["text"] for p in e["location"]["places"]] for e in events]
    assert places == [["Ariha"], ["Saraqib"], ["Quetta"]]


def test_an_incident_dated_months_before_the_story_is_its_background(tmp_path):
    record = _extract(tmp_path, "Published 20 September 2016\n\nA drone strike killed two fighters near Qamishli on "
                      "Monday, the group said.\n\nOn August 10, 2015, a drone targeted a car near the village of "
                      "Tal Tamr, killing three people.\n")
    assert [e["sentence"]["text"][:7] for e in record["events"]] == ["A drone"]
    [recalled] = [s for s in record["statements"] if s["sentence"]["text"].startswith("On August")]
    assert recalled["modality"] == "background"
    assert any(e["rule"].startswith("codebook: dated more than 60 days") for e in recalled["evidence"])


def test_a_tally_of_weeks_is_not_the_days_incident_told_again(tmp_path):
    record = _extract(tmp_path, (
        "Published 14 April 2026\n\nActivists said troops shelled the village of Kani Rash in"
        " Duhok province on Saturday, killing a shepherd.\n\nOver the past three weeks, 18 air"
        " raids destroyed four bases in Duhok province, a field source said.\n"))
    days = sorted((e["date_start"], e["date_end"], e["fatalities"]) for e in record["events"])
    assert days == [("2026-03-25", "2026-04-14", 0), ("2026-04-11", "2026-04-11", 1)]


def test_each_day_heading_a_list_of_incidents_dates_its_own_item(tmp_path):
    record = _extract(tmp_path, (
        "Published 20 December 2021\n\nThe monitor published its yearly report on Monday, with"
        " a list of the incidents it recorded.\n\nMarch 4: A drone struck a car"
        " near the village of Tal Tamr, wounding two men.\n\nDecember 2: A drone struck a house"
        " in Qamishli, killing three people.\n"))
    events = {e["sentence"]["text"][:11]: e["date_start"] for e in record["events"]}
    assert events == {"December 2:": "2021-12-02"}
    [listed] = [s for s in record["statements"] if s["sentence"]["text"].startswith("March 4:")]
    assert listed["date_start"] == "2021-03-04" and listed["modality"] == "background"


def test_a_lead_and_the_sentence_that_places_and_dates_it_are_one_incident(tmp_path):
    events = _extract(tmp_path, (
        "Published 15 March 2024 (Friday)\n\nU.S. forces killed a senior commander of the group in "
        "an airstrike in Syria, the command said on Friday.\n\nThe airstrike on Thursday near the "
        "town of Saraqib in Idlib province killed him and another operative.\n"))["events"]
    assert len(events) == 1
    [event] = events
    assert event["date_start"] == "2024-03-14"
    assert [p["text"] for p in event["location"]["places"]] == ["Saraqib"]


def test_the_strikes_told_again_in_the_plural_are_the_same_incident(tmp_path):
    events = _extract(tmp_path, (
        "Published 20 August 2021\n\nAirstrikes on Syria killed four fighters near Damascus late"
        " on Thursday, a monitor said.\n\nState media said air defences shot down most of the "
        "missiles.\n\nThe strikes also destroyed an arms depot, the monitor added.\n"))["events"]
    assert len(events) == 1 and events[0]["fatalities"] == 4


def test_an_event_placed_only_in_a_region_of_several_countries_is_no_acled_row(tmp_path):
    from chronica.views import acled_left_out

    record = _extract(tmp_path, (
        "Published 14 March 2025\n\nMilitants attacked an army convoy across the Sahel on "
        "Thursday, killing four soldiers, officials said.\n"))
    [event] = record["events"]
    assert [p["place"]["name"] for p in event["location"]["places"]] == ["Sahel"]
    assert acled_left_out(event).startswith("a place in no single country")


def test_a_sentence_naming_the_strike_gives_it_its_town(tmp_path):
    events = _extract(tmp_path, (
        "Published 26 June 2023\n\nAn airstrike early Sunday on a busy market in northwestern Syria "
        "killed at least nine people, rescuers said.\n\nActivists said Russian jets launched the "
        "strike over the town of Jisr al-Shughur.\n"))["events"]
    assert [[p["text"] for p in e["location"]["places"]] for e in events] == [["Jisr al-Shughur"]]


def test_the_place_of_what_was_reported_is_the_events_not_the_speakers(tmp_path):
    events = _extract(tmp_path, (
        "Published 4 December 2021\n\nThe military's central command reported late on Friday a "
        "drone strike in Idlib that killed a senior commander of the group.\n"))["events"]
    assert [[p["text"] for p in e["location"]["places"]] for e in events] == [["Idlib"]]


def test_a_country_owning_a_noun_is_whose_not_where(tmp_path):
    record = _extract(tmp_path, (
        "Published 25 March 2023\n\nMilitias fired rockets at US positions in eastern Syria on "
        "Friday, wounding one US service member, officials said.\n"))
    places = [p for e in record["events"] + record["statements"] for p in e["location"]["places"]]
    assert places and {p["place"]["country"] for p in places} == {"SY"}


def test_a_bureau_dateline_abroad_is_not_the_place_of_a_follow_up_sentence(tmp_path):
    # the wire's bureau is in Lebanon, the shelling in Syria: the sentence that only reacts to it
    # goes on about the same incident instead of becoming a second event in Beirut
    record = _extract(tmp_path, "Published 12 June 2023\n\nBEIRUT (AP) — Turkish shelling hit a village near "
                      "Tal Rifaat in Aleppo province on Monday, killing a Russian soldier, a war monitor said.\n\n"
                      "There was no immediate comment from the Russian military on the reported shelling.\n")
    [event] = record["events"]
    # the place it is put at: its own, or the one that contains a name the gazetteer lacks
    placed = [p["place"] for p in event["location"]["places"] if p["place"]]
    assert placed and placed[0]["country"] == "SY"
    assert event["location"]["dateline_place"] is None


def test_each_village_struck_is_an_event_placed_near_the_town_named_with_it(tmp_path):
    # villages the gazetteer lacks: one event each (ACLED's unit is the place), placed at the
    # town the sentence sets them near, as a coder does with a village missing from the map
    story = ("Published 12 June 2023\n\nTurkish forces shelled the villages of Umm Zarzour and "
             "Tell Qarmaz, west of Tal Tamr, on Monday, wounding two people, a local source said.\n")
    [first, second] = _extract(tmp_path, story)["events"]
    for event, village in ((first, "Umm Zarzour"), (second, "Tell Qarmaz")):
        places = event["location"]["places"]
        assert [(p["text"], p["role"], p["place"] is None) for p in places] == [
            (village, "event", True), ("Tal Tamr", "container", False)]
        assert places[1]["place"]["admin1"] == "Al-Hasakah"
        location = event["location"]
        assert location["geo_precision"] == 2 and "not in the gazetteer" in location["rule"]


def test_a_report_dated_by_its_own_day_dates_the_event_it_does_not_date(tmp_path):
    # "On August 15, activists reported that ...": the report's day, not the publication's
    story = ("Published 18 August 2021\n\nOn August 15, activists reported that government "
             "forces shelled the town of Kafr Nabl in Idlib province.\n")
    [event] = _extract(tmp_path, story)["events"]
    assert event["date_start"] == "2021-08-15"
    assert any("the report's day" in e["rule"] for e in event["evidence"] if e["field"] == "date")


def test_a_follow_up_without_a_place_keeps_the_container_of_the_villages_before_it(tmp_path):
    story = ("Published 14 June 2023\n\nTurkish forces shelled the villages of Umm Zarzour and "
             "Tell Qarmaz, west of Tal Tamr, on Monday, wounding two people, a local source said."
             "\n\nKurdish fighters clashed with Turkish troops there on Tuesday.\n")
    clashes = [e for e in _extract(tmp_path, story)["events"] if e["sub_event_type"] == "Armed clash"]
    assert clashes and all(
        [p["role"] for p in e["location"]["places"]] == ["event", "container"]
        and e["location"]["places"][1]["place"]["name"] == "Tall Tamr" for e in clashes)
