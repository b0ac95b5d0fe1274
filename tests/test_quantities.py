"""Quantities: numbers in digits, words and vague terms; what they count; the codebooks' fatality rules."""

from __future__ import annotations

import pytest

from chronica.events.quantities import Quantity, acled_fatalities, find_quantities, reconcile, ucdp_deaths
from chronica.nlp import model


def quantities(text: str):
    return [q for sentence in model()(text).sents for q in find_quantities(sentence)]


def test_aggregate_report_keeps_counts_and_gives_no_conservative_deaths():
    text = "18 air raids over the past three weeks destroyed four headquarters and killed or injured 40 militants, a field source told state media."
    found = quantities(text)
    assert [(q.kind, q.best, q.counted) for q in found if q.kind == "count"] == [("count", 18, "raids"), ("count", 4, "headquarters")]
    casualties = next(q for q in found if q.kind == "casualties")
    assert (casualties.low, casualties.best, casualties.high, casualties.counted) == (0, 0, 40, "militants")
    assert text[casualties.start : casualties.end] == "40"
    assert acled_fatalities(found) == 0 and ucdp_deaths(found) == (0, 0, 40)


@pytest.mark.parametrize(("text", "kind", "low", "best", "high"), [
    ("At least 10 civilians were killed in the attack.", "killed", 10, 10, None),
    ("The strike killed up to 40 people.", "killed", None, 40, 40),
    ("Police arrested more than 1,200 protesters on Sunday.", "arrested", 1200, 1200, None),
    ("Gunmen kidnapped twenty-five passengers.", "abducted", 25, 25, 25),
    ("Several soldiers died when their vehicle hit a mine.", "killed", 3, 3, 3),
    ("Dozens of people were wounded in the blast.", "injured", 12, 12, 12),
    ("Hundreds of families fled the fighting.", "displaced", 100, 100, 100),
])
def test_numbers_ranges_and_vague_terms(text, kind, low, best, high):
    first = quantities(text)[0]
    assert (first.kind, first.low, first.best, first.high) == (kind, low, best, high)


def test_killed_and_injured_are_kept_apart_and_only_deaths_count():
    found = quantities("The attack left 15 dead and 30 wounded.")
    assert sorted((q.kind, q.best) for q in found) == [("injured", 30), ("killed", 15)]
    assert acled_fatalities(found) == 15


def test_a_subset_is_not_added_to_the_total():
    found = quantities("The strike killed 40 people, including twelve children.")
    assert acled_fatalities(found) == 40


def test_years_and_clock_times_are_not_counts():
    assert quantities("The town has been under siege since 2019, residents said at 10 am.") == []


def test_reports_of_one_event_are_reconciled_not_summed():
    def killed(n: int) -> Quantity:
        return Quantity("killed", n, n, n, 0, 1, str(n), "people", "test")
    assert reconcile([([killed(5)], False), ([killed(8)], False)]) == (5, 5, 5, 8)  # sources differ: lowest, and the range
    assert reconcile([([killed(5)], False), ([killed(2)], True)]) == (7, 7, 7, 7)  # "two more died"
    assert reconcile([([], False), ([killed(3)], False)]) == (3, 3, 3, 3)
    assert reconcile([]) == (0, 0, 0, 0)


@pytest.mark.parametrize(("text", "kind", "best", "counted"), [
    ("A third of the 90 houses in the village were destroyed.", "count", 30, "houses"),
    ("A third of the 30 residents were killed.", "killed", 10, "residents"),
    ("Half of the 40 people killed in the attack were children.", "killed", 40, "people"),  # a share of the dead, not of the deaths
    ("Dozens of civilians were killed.", "killed", 12, "civilians"),
])
def test_fractions_and_what_an_of_phrase_counts(text, kind, best, counted):
    first = quantities(text)[0]
    assert (first.kind, first.best, first.counted) == (kind, best, counted)


def test_one_of_whom_is_part_of_the_dead_not_more_dead():
    found = quantities("The blast killed three men, one of whom was a child.")
    assert acled_fatalities(found) == 3


@pytest.mark.parametrize(("text", "kind", "best"), [
    ("Ten civilians were martyred in the shelling.", "killed", 10),
    ("Shells fell on the market, claiming the lives of seven people.", "killed", 7),
    ("The shelling cost the lives of three children.", "killed", 3),
    ("Four soldiers lost their lives in the ambush.", "killed", 4),
    ("Doctors saved the lives of nine patients.", "count", 9),  # lives saved are no deaths
    ("Monitors recorded the death of a young man in the shelling.", "killed", 1),
    ("Traders marched against the killing of a teacher by gunmen.", None, None),  # its cause
    ("Residents protested over the killing of 12 farmers last week.", "count", 12),
    ("The death toll of the rocket attack has risen to eight.", "killed", 8),
    ("The number of people killed in the raids reached 11, the monitor said.", "killed", 11),
    ("The number of people injured in the raids rose to 20.", "count", 20),
])
def test_deaths_told_as_martyrdom_or_lives_taken(text, kind, best):
    found = quantities(text)
    assert ((found[0].kind, found[0].best) if found else (None, None)) == (kind, best)
