"""Sentence boundaries on the abbreviations of news copy: an event must not be cut from its
date or its toll (failure class 4 of the event-precision issue; invented sentences)."""

from __future__ import annotations

import pytest

from chronica.nlp import model


def _sentences(text: str) -> list[str]:
    return [sentence.text for sentence in model()(text).sents]


@pytest.mark.parametrize("text", [
    "Commandos raided a compound at 2:57 a.m. local time on December 11, killing two guards.",
    "Lt. Col. Imran Qadir said Capt. Bilal and Sgt. Noor were wounded in the ambush.",
    "The shelling killed five people, incl. two children, in the market of Tell Rifaat.",
    "The convoy, approx. 40 trucks, was hit by a drone near the crossing.",
])
def test_abbreviations_inside_a_sentence_do_not_end_it(text):
    assert _sentences(text) == [text]


def test_a_capital_after_an_abbreviation_can_still_start_a_sentence():
    first, second = "The drone was made in the U.S.", "The army said it was shot down."
    assert _sentences(f"{first} {second}") == [first, second]
