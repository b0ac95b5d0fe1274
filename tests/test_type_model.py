"""The learned event-type model: its files, its training from users' data, and the commands."""

from __future__ import annotations

import csv
import json
import os

import pytest
from conftest import run_cli

from chronica.events import typemodel
from chronica.events.classify import classify_text, combined, rules_reading
from chronica.events.type_training import Labelled, design, fit, prepare, read_labelled
from chronica.events.typemodel import (
    ClassifierModelError,
    features,
    load,
    masked_text,
    save,
)
from chronica.nlp import model as spacy_model

# Invented descriptions, a few per class: enough for a model to tell the classes apart.
TINY = {
    "Air/drone strike": [
        "Warplanes bombed the village at dawn.",
        "A drone struck a car on the highway.",
        "Jets pounded rebel positions overnight.",
        "An air raid hit the market.",
        "Helicopters strafed the convoy.",
        "Aircraft bombed the bridge.",
    ],
    "Peaceful protest": [
        "Hundreds marched through the capital demanding jobs.",
        "Students rallied outside parliament.",
        "Farmers demonstrated against fuel prices.",
        "Nurses held a sit-in at the hospital.",
        "Crowds gathered peacefully to demand reforms.",
        "Teachers marched to the ministry.",
    ],
    "Arrests": [
        "Police arrested three opposition leaders.",
        "Security forces detained a journalist.",
        "Officers took two activists into custody.",
        "Police detained protest organisers.",
        "The army arrested suspected militants.",
        "Authorities arrested the party's spokesman.",
    ],
}


def _write_tsv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["id", "label", "text"])
        writer.writerows((f"t{n}", label, text) for n, (label, text) in enumerate(rows))


def _tiny_rows():
    return [(label, text) for label, texts in TINY.items() for text in texts]


def test_features_read_words_pairs_and_character_grams_with_digits_as_zero():
    found = features("Gunmen killed 12 people")
    assert {"w:gunmen", "b:killed 00", "c: gu", "c:men "} <= found.keys()
    assert features("killed 31") == features("killed 47")


def test_names_places_and_dates_are_read_as_their_kind():
    doc = spacy_model()("Gunmen attacked a village near Maiduguri in Nigeria on Monday.")
    assert masked_text(doc) == "Gunmen attacked a village near Xgpe in Xgpe on Xdate ."


def _tiny_model(**options):
    examples = [Labelled(text, label, "tiny") for label, text in _tiny_rows()]
    return fit(prepare(examples), strength=10.0, min_count=1, card={"name": "tiny"}, **options)


def test_a_saved_model_loads_back_the_same_and_the_same_training_writes_the_same_bytes(tmp_path):
    first, again = _tiny_model(calibrate=False), _tiny_model(calibrate=False)
    checksums = save(first, tmp_path / "a")
    assert save(again, tmp_path / "b") == checksums
    loaded = load(tmp_path / "a")
    assert loaded.labels == first.labels and loaded.name == "tiny"
    assert {"r:Air/drone strike", "rr:air weapon"} <= loaded.index.keys()  # the rules' reading
    text = "Jets bombed the town."
    read = classify_text(text, type_model=loaded)
    assert read.ranked == classify_text(text, type_model=first).ranked
    assert read.label == "Air/drone strike" and abs(sum(p for _, p in read.ranked) - 1.0) < 1e-3


def test_an_altered_or_foreign_model_folder_is_a_clear_error(tmp_path):
    save(_tiny_model(calibrate=False), tmp_path / "m")
    weights = tmp_path / "m" / typemodel.WEIGHTS
    weights.write_bytes(weights.read_bytes()[:-10])
    with pytest.raises(ClassifierModelError, match="SHA-256"):
        load(tmp_path / "m")
    with pytest.raises(ClassifierModelError, match="not a chronica classifier"):
        load(tmp_path / "nothing-here")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / typemodel.CARD).write_text('{"kind": "something else"}')
    with pytest.raises(ClassifierModelError, match="expected"):
        load(tmp_path / "other")


def test_training_files_name_their_unknown_labels(tmp_path):
    path = tmp_path / "bad.tsv"
    _write_tsv(path, [("Air strike", "Jets bombed the town."), ("Arrests", "Police arrested two.")])
    with pytest.raises(Exception, match="'Air strike' \\(1\\)"):
        read_labelled(path)
    jsonl = tmp_path / "ok.jsonl"
    jsonl.write_text(json.dumps({"text": "Police arrested two.", "label": "Arrests"}) + "\n")
    examples, source = read_labelled(jsonl)
    assert (
        [e.label for e in examples] == ["Arrests"] and source.rows == 1 and len(source.sha256) == 64
    )


def test_an_acled_export_is_read_by_its_notes_and_sub_event_type(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["event_id_cnty", "sub_event_type", "country", "notes"])
        writer.writerow(
            ["X1", "Peaceful protest", "Kenya", "On 3 May, traders protested in Nairobi."]
        )
        writer.writerow(["X2", "Arrests", "Kenya", ""])  # no notes: nothing to learn from
    examples, source = read_labelled(path)
    assert [(e.label, e.group) for e in examples] == [("Peaceful protest", "Kenya")]
    assert source.name == "export.csv"


def test_the_codebook_definitions_and_precedence_stand_beside_the_model():
    nlp = spacy_model()
    battle = next(
        nlp("Rebels and the army fought for the town as warplanes bombed rebel positions.").sents
    )
    rules = rules_reading(battle)
    assert rules.label == "Armed clash" and "Air/drone strike" in rules.outranked
    opinion = typemodel.Opinion((("Air/drone strike", 0.9), ("Armed clash", 0.1)), "test")
    assert combined(rules, opinion).label == "Armed clash"  # a battle outranks the strike in it
    # where the rules have only a guess, a confident model reads the sentence instead
    guess = rules_reading(next(nlp("Gunmen killed four people in the village.").sents))
    other = typemodel.Opinion((("Armed clash", 0.95), (guess.label, 0.05)), "test")
    result = combined(guess, other)
    assert result.label == "Armed clash" and result.evidence == () and "model test" in result.rule
    closed = combined(guess, other, allowed=frozenset({"Attack", "Mob violence"}))
    assert closed.label == "Attack"


def test_train_classifier_end_to_end_and_every_command_uses_the_folder(tmp_path):
    data, holdout = tmp_path / "train.tsv", tmp_path / "held.tsv"
    rows = _tiny_rows()
    _write_tsv(data, rows)
    _write_tsv(
        holdout,
        [("Air/drone strike", "Jets bombed a school."), ("Arrests", "Police arrested a lawyer.")],
    )
    folder = tmp_path / "my-model"
    run = run_cli(
        "train",
        "classifier",
        str(data),
        "--out",
        str(folder),
        "--holdout",
        str(holdout),
        "--min-count",
        "1",
    )
    assert run.returncode == 0, run.stderr
    assert "held.tsv" in run.stderr and "accuracy" in run.stderr
    card = json.loads((folder / "model.json").read_text())
    assert card["name"] == "my-model" and card["trained_on"][0]["rows"] == len(rows)
    assert card["held_out"]["held.tsv"]["n"] == 2
    snippets = tmp_path / "s.txt"
    snippets.write_text("Jets bombed the market.\n")
    used = run_cli("--classifier", str(folder), "classify", str(snippets), "--json")
    assert used.returncode == 0, used.stderr
    answer = json.loads(used.stdout)
    assert "model my-model" in answer["rule"] and answer["label"] == "Air/drone strike"
    broken = run_cli("--classifier", str(tmp_path), "classify", str(snippets))
    assert broken.returncode == 2 and "not a chronica classifier" in broken.stderr
    by_env = run_cli(
        "classify", str(snippets), env={**os.environ, typemodel.ENV_CLASSIFIER: str(tmp_path)}
    )
    assert by_env.returncode == 2 and "not a chronica classifier" in by_env.stderr


def test_the_shipped_model_is_checked_and_named_in_the_evidence():
    shipped = load(typemodel.shipped_folder())
    assert shipped.name == "chronica-event-types-1"
    assert {source["name"].split()[0] for source in shipped.card["trained_on"]} == {
        "event_location",
        "snippets-dev.tsv",
    }
    result = classify_text("Warplanes pounded the market on Monday, killing 12 people.")
    assert result.label == "Air/drone strike" and "model chronica-event-types-1" in result.rule


def test_training_builds_each_row_as_inference_reads_the_text():
    examples = [Labelled(text, label, "tiny") for label, text in _tiny_rows()]
    prepared = prepare(examples)
    model = fit(prepared, min_count=1, calibrate=False)
    matrix = design(prepared, model.index, model.idf)
    for number, example in enumerate(prepared):
        rows, values = model.vector(example.reading, example.rule)
        row = matrix.getrow(number)
        assert dict(zip(row.indices.tolist(), row.data.tolist(), strict=True)) == pytest.approx(
            dict(zip(rows.tolist(), values.tolist(), strict=True)), abs=1e-6
        )
