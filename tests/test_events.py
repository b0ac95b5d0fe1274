"""Event classification: taxonomy, codebook rules on hard cases, modality, the classify CLI, held-out score."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import run_cli

from chronica.evaluation.events import evaluate, read_snippets
from chronica.events.classify import classify_text
from chronica.events.taxonomy import ACLED_SUB_EVENT_TYPES, BY_NAME, PRECEDENCE, ucdp_type_of_violence

EVAL = Path(__file__).parent.parent / "eval" / "events"


def test_taxonomy_has_the_25_sub_event_types_and_their_event_types():
    assert len(ACLED_SUB_EVENT_TYPES) == 25
    assert {BY_NAME[name].event_type for name in ACLED_SUB_EVENT_TYPES} == {
        "Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"}
    assert BY_NAME["Excessive force against protesters"].disorder == "Political violence; Demonstrations"


def test_a_battle_outranks_the_air_strike_inside_it():
    assert PRECEDENCE["Armed clash"] < PRECEDENCE["Air/drone strike"]
    # the rules' precedence; with the model, tests/test_type_model.py checks it holds
    result = classify_text("Rebels and the army fought for the town all day as warplanes bombed rebel positions.",
                           learned=False)
    assert result.label == "Armed clash" and "outranks" in result.rule


@pytest.mark.parametrize(("text", "label"), [
    ("Drones struck a car near the border, killing two fighters.", "Air/drone strike"),  # the killing is the strike's result
    # troops killing the attackers after their bomb went off: a battle, outranking the explosion
    ("Troops killed the four attackers after a car bomb exploded at the base gate.", "Armed clash"),
    ("A car bomb exploded at the base gate, killing four soldiers.", "Remote explosive/landmine/IED"),
    ("Air defences intercepted three missiles fired at the city.", "Disrupted weapons use"),  # stopped, not used
    ("Police opened fire on the demonstrators, killing two of them.", "Excessive force against protesters"),
    ("Police fired tear gas to break up the protest.", "Protest with intervention"),
    ("Protesters clashed with police and set fire to a bank.", "Violent demonstration"),
    ("An earthquake killed at least 40 people in the mountain villages.", "Natural disaster"),
    ("The group claimed responsibility for the attack in a statement.", "Responsibility claim"),
    ("The war has killed more than 300,000 people since 2011.", "Not an event"),
    ("The monitor has documented at least 20 drone attacks on the region in 2021.", "Not an event"),
    ("Militants have carried out a dozen bombings in the province so far this year.", "Not an event"),
    ("An explosion killed four soldiers at the checkpoint.", "Remote explosive/landmine/IED"),  # no accident named
    ("A gas explosion killed five people in a restaurant.", "Man-made disaster"),
    ("Soldiers retook the district headquarters from the insurgents.", "Government regains territory"),
    ("Insurgents seized the town after the army withdrew under fire.", "Non-state actor overtakes territory"),
])
def test_codebook_rules_on_hard_cases(text, label):
    assert classify_text(text, learned=False).label == label


@pytest.mark.parametrize(("text", "label"), [
    ("Air defences intercepted three missiles fired at the city.", "Disrupted weapons use"),
    ("Police opened fire on the demonstrators, killing two of them.", "Excessive force against protesters"),
    ("A gas explosion killed five people in a restaurant.", "Man-made disaster"),
    ("Soldiers retook the district headquarters from the insurgents.", "Government regains territory"),
    ("The war has killed more than 300,000 people since 2011.", "Not an event"),
])
def test_definitions_of_the_codebook_stand_whatever_the_model_reads(text, label):
    result = classify_text(text)
    assert result.label == label and result.opinion is not None and "model " in result.rule


@pytest.mark.parametrize(("text", "modality"), [
    ("The militia will attack the town next week, its leader said.", "future"),
    ("The army denied shelling the village.", "denied"),
    ("Rebels did not attack the convoy.", "negated"),
    ("Gunmen attacked the convoy on Monday.", "asserted"),
])
def test_modality_keeps_threats_denials_and_negations_apart(text, modality):
    assert classify_text(text).modality == modality


def test_every_decision_carries_its_evidence():
    text = "A roadside bomb killed two soldiers."
    result = classify_text(text)
    assert result.evidence and all(text[c.start : c.end] == c.text for c in result.evidence)


def test_dev_and_test_splits_are_separate_files_with_no_shared_snippet():
    dev, test = read_snippets(EVAL / "snippets-dev.tsv"), read_snippets(EVAL / "snippets-test.tsv")
    assert len(dev) + len(test) >= 300
    assert not {s.text for s in dev} & {s.text for s in test} and not {s.id for s in dev} & {s.id for s in test}
    labels = {s.label for s in dev}
    assert labels == {s.label for s in test} and set(ACLED_SUB_EVENT_TYPES) <= labels


def test_held_out_split_weighted_f1():
    report = evaluate(EVAL / "snippets-test.tsv")
    assert report["weighted_f1"] >= 0.85, report["confusions"]


def test_ucdp_type_of_violence():
    assert ucdp_type_of_violence(1, 2, "Armed clash") == 1
    assert ucdp_type_of_violence(2, 3, "Armed clash") == 2
    assert ucdp_type_of_violence(2, 7, "Attack") == 3
    assert ucdp_type_of_violence(6, 1, "Peaceful protest") is None


def test_classify_cli_reads_lines_and_tables_with_any_column_names(tmp_path):
    lines = run_cli("classify", "-", stdin=b"A suicide bomber blew himself up at a checkpoint.\n\nFloods swept away homes.\n")
    assert lines.returncode == 0, lines.stderr
    rows = list(csv.reader(lines.stdout.splitlines(), delimiter="\t"))
    assert rows[0] == ["id", "label", "confidence", "modality", "event_type"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("1", "Suicide bomb"), ("3", "Natural disaster")]
    table = tmp_path / "snips.csv"
    table.write_text('source,sentence_id,sentence\nx,s1,"Gunmen kidnapped a priest."\ny,s2,"Police arrested five suspects."\n')
    result = run_cli("classify", str(table), "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["label"]) for r in records] == [("s1", "Abduction/forced disappearance"), ("s2", "Arrests")]
    assert "sentence_id" in result.stderr and records[0]["evidence"]


def test_eval_events_cli_reports_per_class_scores():
    result = run_cli("eval", "events", "--json", str(EVAL / "snippets-test.tsv"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"weighted_f1", "macro_f1", "per_class"} and report["n"] == 155


def test_extract_yields_events_with_evidence_and_skips_background():
    result = run_cli("extract", "--format", "jsonl", str(Path(__file__).parent.parent / "examples" / "levant-post-depots.html"))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.splitlines()[0])
    events = record["events"]
    assert events and all(e["sub_event_type"] == "Air/drone strike" for e in events)
    for event in events:
        for evidence in event["evidence"]:
            assert record["body"][evidence["start"] : evidence["end"]] == evidence["text"]
    aggregate = next(e for e in events if "past three weeks" in e["sentence"]["text"])
    assert aggregate["time_precision"] == 3 and aggregate["fatalities"] == 0 and aggregate["deaths"]["high"] == 40
    assert [p["text"] for p in aggregate["location"]["places"]] == ["Idlib"] and aggregate["location"]["geo_precision"] == 3
    assert not any("since September 2015" in e["sentence"]["text"] for e in events)  # background, not an event


@pytest.mark.parametrize("text", [
    "Teachers went on strike over pay in Nairobi on Monday.",
    "A hunger strike by detainees entered its third week.",
    "Hundreds of farmers blocked the main highway near the town on Friday.",
])
def test_strikes_and_blockades_by_people_are_protests(text):
    assert classify_text(text).label == "Peaceful protest"


def test_troops_blocking_a_road_are_not_protesting():
    assert classify_text("Troops blocked the road to the border.").label != "Peaceful protest"
