"""The event-place model: which of a sentence's places is the event's own, named sites, and
training it from event_location-style sentences (all our own invented sentences)."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import run_cli
from test_corpora_converters import _entry, _span
from test_geo import analyse, mention

from chronica.evaluation.corpora import event_location
from chronica.geo import place_ranker
from chronica.geo.locate import event_location as locate_event
from chronica.model import Span


def _place_of(text: str, gazetteer, verb: str | None = None):
    parsed, places = analyse(text, gazetteer)
    doc = parsed.paragraphs[0][1]
    trigger = None
    if verb is not None:
        start = text.index(verb)
        trigger = doc.char_span(start, start + len(verb))
    return locate_event((Span(0, len(text)),), places, parsed, trigger), places


def test_the_district_a_city_owns_is_the_place_not_the_city(gazetteer):
    text = "Gunmen killed a shopkeeper in the Hodan district of Mogadishu on Tuesday."
    location, _ = _place_of(text, gazetteer, "killed")
    assert [m.text for m in location.mentions][:1] == ["Hodan"]
    # the district the gazetteer lacks is placed at the city named with it
    assert location.container is not None and location.container.text == "Mogadishu"
    assert "event-place model" in location.rule


def test_the_target_is_the_place_not_where_the_attackers_came_from(gazetteer):
    text = "Militants who crossed from Kobani attacked a checkpoint in Raqqa on Monday."
    location, _ = _place_of(text, gazetteer, "attacked")
    assert [m.text for m in location.mentions] == ["Raqqa"]


def test_a_named_site_is_a_place_of_its_own_at_the_town_it_is_in(gazetteer):
    text = "Fighters stormed the Al-Noor Hospital in Raqqa on Friday, killing three guards."
    location, places = _place_of(text, gazetteer, "stormed")
    site = mention(places, "Al-Noor Hospital")
    assert site.kind == "site" and site.place is None
    assert [m.text for m in location.mentions] == ["Al-Noor Hospital"]
    assert location.container is not None and location.container.text == "Raqqa"


def test_an_army_or_a_nationality_before_a_site_word_is_no_site(gazetteer):
    _, places = analyse("The Syrian Army base in Homs was shelled on Sunday.", gazetteer)
    assert [m.text for m in places if m.kind == "site"] == []


def test_a_division_word_after_a_spelling_variant_keeps_the_division(gazetteer):
    text = "Fighting broke out overnight in the Deir Ezzor Governorate, a monitor said."
    _, places = analyse(text, gazetteer)
    found = [m for m in places if m.text.startswith("Deir Ezzor")]
    assert found and found[0].place is not None and found[0].place.feature_code == "ADM1"


def test_an_unknown_name_not_called_a_village_takes_no_place_from_earlier_sentences(gazetteer):
    text = ("Protesters gathered in Tucson on Sunday.\n\n"
            "Separately, a drone struck the Zorvanet oil field on Monday, killing two guards.")
    parsed, places = analyse(text, gazetteer)
    second = parsed.sentences()[-1]
    location = locate_event((second,), places, parsed)
    assert location.container is None or location.container.text != "Tucson"


def test_a_broken_model_file_is_refused_loudly():
    with pytest.raises(place_ranker.PlaceModelError, match="format"):
        place_ranker.model_from_dict({"format": 99})


def test_the_shipped_model_records_what_it_learned_from_and_its_held_out_accuracy():
    model = place_ranker.load_model()
    assert "event_location dev" in model.about["trained_on"]
    scores = model.about["cross_validation"]
    assert scores["right"] > model.about["rule_alone"]["right"]


TOWNS = ["Raqqa", "Kobani", "Manbij", "Azaz", "Afrin", "Idlib", "Hama", "Homs", "Tartus",
         "Latakia", "Daraa", "Qamishli"]
ATTACK = "Fighters from {origin} attacked a police post in {target} on {day}."


def test_train_places_learns_from_annotated_sentences_and_writes_a_loadable_model(tmp_path):
    days = ["Monday", "Tuesday", "Friday"]
    entries = []
    for n, origin in enumerate(TOWNS):
        for day in days:
            target = TOWNS[(n + 1 + days.index(day)) % len(TOWNS)]
            text = ATTACK.format(origin=origin, target=target, day=day)
            entries.append(_entry(text, [_span(text, "attacked", "VERB"),
                                         _span(text, target, "LOCATION")],
                                  _id=f"EX_{n}_{day}", source="EX_RA", annotator="RA"))
    path = tmp_path / event_location.FILE
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(event_location.MEMBER, json.dumps(entries) + "\n")
    out = tmp_path / "model.json"
    result = run_cli("eval", "train-places", "--corpora", str(tmp_path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    trained = place_ranker.model_from_dict(json.loads(out.read_text()))
    assert trained.about["tasks"] > 10 and trained.about["cross_validation"]["right"] > 0.9
    # the target, reached by "in" under the event's verb, outweighs the origin reached by "from"
    weights = trained.scorer.weights
    assert weights.get("trigger_prep:in", 0) > weights.get("prep:from", 0)


@pytest.mark.parametrize("text, name", [
    ("The rebels withdrew from Kafr Zorvanet after two days of fighting.", "Kafr Zorvanet"),
    # what troops take or strike is a place too, when the tagger saw a person's name
    ("Government forces captured Jabal Qurnat after heavy clashes.", "Jabal Qurnat"),
    ("Jets carried out airstrikes on Tell Maskin, killing four.", "Tell Maskin"),
    ("Hundreds marched to Tell Maskin on Friday.", "Tell Maskin"),
    # a division word after the name says what it is: no modifier of a noun
    ("Troops launched an attack on Helwan Tarsa district at dawn.", "Helwan Tarsa"),
])
def test_an_unlisted_name_a_preposition_puts_something_in_is_a_place(text, name, gazetteer):
    _, places = analyse(text, gazetteer)
    found = mention(places, name)
    assert found.place is None and found.kind == "toponym"


def test_a_capitalised_settlement_noun_is_part_of_the_name(gazetteer):
    _, places = analyse("Health officials in Cape Town reported ten new cases on Monday.",
                        gazetteer)
    assert [m.text for m in places] == ["Cape Town"]
