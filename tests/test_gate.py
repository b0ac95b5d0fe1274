"""The incident model (events.gate): loading, decisions with their evidence, training on labels.

The sentences are invented, one per failure class of the event-precision issue; the model's
accuracy is measured on real labelled sentences (cross-validation in the model file) and on the
real test splits of the scoreboard, not here."""

from __future__ import annotations

import json

import pytest

from chronica.evaluation.gate_training import Example, fit
from chronica.events import gate
from chronica.events.classify import classify_sentence
from chronica.nlp import model


def _verdict(text: str) -> gate.Verdict:
    sentence = next(iter(model()(text).sents))
    features = gate.sentence_features(sentence, classify_sentence(sentence), paragraph=2)
    return gate.load_model().decide(features)


def test_the_shipped_model_says_what_it_was_trained_on_and_how_it_scored():
    about = gate.load_model().about
    assert about["sentences"] >= 1000 and about["labels_not_used"].keys() <= {
        "sentence no longer a candidate", "document text changed", "no story left after cleaning"}
    held_out = about["cross_validation"]
    assert held_out["grouped_by"] == "document" and held_out["f1"] > held_out["all_kept_precision"]


@pytest.mark.parametrize("text", [
    "Gunmen on motorbikes shot dead four traders at a market in Zamfara on Tuesday, police said.",
    "Two rockets hit an army post near the airport on Sunday night, wounding three soldiers.",
])
def test_a_reported_incident_passes(text):
    verdict = _verdict(text)
    assert verdict.incident and verdict.mode == "incident" and verdict.reasons


@pytest.mark.parametrize("text", [
    "The group has carried out hundreds of attacks on security forces over the years.",
    "The militants will try to attack army posts along the border in the coming months.",
])
def test_series_and_plans_do_not_pass_and_say_why(text):
    verdict = _verdict(text)
    assert not verdict.incident and verdict.mode in gate.NOT_INCIDENT_MODES
    assert verdict.rule.startswith("incident model p=")


def _examples() -> list[Example]:
    happened = {"w:kill": 1.0, "names_a_day": 1.0, "verb_tag:VBD": 1.0}
    summary = {"w:kill": 1.0, "aux:have": 1.0, "w:year": 1.0}
    plan = {"w:kill": 1.0, "aux:will": 1.0}
    return ([Example(f"a/{i}", happened, True, "happened") for i in range(20)]
            + [Example(f"b/{i}", summary, False, "series") for i in range(10)]
            + [Example(f"c/{i}", plan, False, "future") for i in range(10)])


def test_training_writes_a_model_that_reads_back_and_separates_its_classes():
    trained = gate.model_from_dict(fit(_examples(), strength=1.0, threshold=0.5, about={}))
    assert trained.decide({"w:kill": 1.0, "names_a_day": 1.0, "verb_tag:VBD": 1.0}).incident
    verdict = trained.decide({"w:kill": 1.0, "aux:will": 1.0})
    assert not verdict.incident and verdict.mode == "future"


def test_a_model_file_of_another_format_is_refused():
    with pytest.raises(gate.GateModelError, match="format"):
        gate.model_from_dict({"format": 99})


HAPPENED = "Gunmen attacked a police post in {town} on Monday, killing {n} officers, police said."
HABIT = "Gunmen often attack police posts in {town} at night."


def test_train_gate_command_learns_from_labelled_stories_and_writes_a_loadable_model(tmp_path):
    from conftest import run_cli

    from chronica.evaluation.corpora import read_corpus
    from chronica.evaluation.gate_training import sentence_hash

    towns = ["Kaduna", "Zaria", "Kano", "Jos", "Bauchi", "Gombe", "Yola", "Minna"]
    stories = [{"id": str(i), "published": "2025-03-11", "title": f"Attack in {town}",
                "text": HAPPENED.format(town=town, n=i + 2) + " " + HABIT.format(town=town)}
               for i, town in enumerate(towns * 4)]
    voa = tmp_path / "corpora" / "voa" / "voa_stories.jsonl"
    voa.parent.mkdir(parents=True)
    voa.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    labels = []
    for doc in read_corpus("voa", tmp_path / "corpora"):
        happened, habit = doc.text.split(" Gunmen often")
        for text, label, mode in ((happened, "incident", "happened"),
                                  ("Gunmen often" + habit, "not", "generic")):
            labels.append({"corpus": "voa", "doc": doc.id, "sha256": doc.sha256,
                           "sentence_sha": sentence_hash(text), "label": label, "mode": mode})
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in labels))
    out = tmp_path / "model.json"
    result = run_cli("eval", "train-gate", "--corpora", str(tmp_path / "corpora"),
                     "--labels", str(tmp_path / "labels.jsonl"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    trained = gate.model_from_dict(json.loads(out.read_text()))
    assert trained.about["sentences"] == 64 and trained.about["labels_not_used"] == {}
    assert set(trained.modes) == {"generic"}


def test_train_gate_refuses_labels_it_cannot_use(tmp_path):
    from conftest import run_cli

    (tmp_path / "corpora" / "voa").mkdir(parents=True)
    (tmp_path / "corpora" / "voa" / "voa_stories.jsonl").write_text("")
    (tmp_path / "labels.jsonl").write_text('{"corpus": "voa", "doc": "1", "label": "maybe"}\n')
    result = run_cli("eval", "train-gate", "--corpora", str(tmp_path / "corpora"),
                     "--labels", str(tmp_path / "labels.jsonl"), "--out", str(tmp_path / "m.json"))
    assert result.returncode == 2 and "labels.jsonl:1" in result.stderr
    assert not (tmp_path / "m.json").exists()
