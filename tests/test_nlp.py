"""Sentence boundaries on the abbreviations of news copy: an event must not be cut from its
date or its toll (failure class 4 of the event-precision issue; invented sentences)."""

from __future__ import annotations

import pytest

from chronica.nlp import model, sentence_guard


def _sentences(text: str) -> list[str]:
    return [sentence.text for sentence in model()(text).sents]


@pytest.mark.parametrize("text", [
    "Commandos raided a compound at 2:57 a.m. local time on December 11, killing two guards.",
    "Lt. Col. Imran Qadir said Capt. Bilal and Sgt. Noor were wounded in the ambush.",
    "The shelling killed five people, incl. two children, in the market of Tell Rifaat.",
    "The convoy, approx. 40 trucks, was hit by a drone near the crossing.",
    "July 11: A drone struck a house in the village of Kafr Batna, injuring three children.",
    "On the same day, 19 Aug: Shelling hit the market of the town, killing a vendor.",
])
def test_abbreviations_inside_a_sentence_do_not_end_it(text):
    assert _sentences(text) == [text]


def test_a_capital_after_an_abbreviation_can_still_start_a_sentence():
    first, second = "The drone was made in the U.S.", "The army said it was shot down."
    assert _sentences(f"{first} {second}") == [first, second]


def test_only_a_day_before_the_colon_binds_what_follows_to_it():
    guarded = {}
    for text in ("July 11: A drone struck the house.", "Its demands: The army must leave."):
        doc = sentence_guard(model().make_doc(text))
        guarded[text] = doc[3].is_sent_start  # the word after the colon
    assert guarded == {"July 11: A drone struck the house.": False,
                       "Its demands: The army must leave.": None}  # left to the parser
