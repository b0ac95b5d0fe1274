"""The line model on flattened pages the team wrote: story kept, furniture typed with evidence.

The pages imitate what an HTML-to-text renderer hands over (bullets for list items, menus,
footers, widgets); none of them was used to train the shipped model, which learned from real
dev pages only.
"""

from __future__ import annotations

import json

import pytest

from chronica.clean import clean_blocks
from chronica.ingest.text import text_blocks
from chronica.line_model import LineModelError, line_shape, load_model, model_from_dict
from chronica.model import RemovedKind

STORY = (
    (
        "Militia fighters attacked a border post near the village of Karadan before dawn on "
        "Sunday, killing three guards and wounding two others, the district governor said."
    ),
    (
        "The attackers arrived in two pickup trucks and withdrew towards the hills after an "
        "exchange of fire that lasted about an hour, according to a local official."
    ),
    "Smoke over the post after the attack. - Valley Herald, 1280, 03.02.2023",
    (
        "Troops sent from the provincial capital reached the post by mid-morning and began "
        "searching nearby farms, the governor added in a statement to reporters."
    ),
    "Farmers Fear Another Dry Season",
    (
        "No group had claimed the attack by Sunday evening. The border area has seen repeated "
        "raids on security posts in recent months, residents said."
    ),
    "File photo.",
    "*The Eastern Front is banned in several countries as a terrorist organisation.",
)
PAGE = "\n".join(
    (
        "* Home",
        "* News",
        "* Region",
        "* Opinion",
        "* Sport",
        "Tap to add Valley Herald to your home screen",
        "Three guards killed in attack on border post",
        "1,204 reads",
        *STORY[:3],
        "Weekend edition",  # a line between paragraphs that only the line model reads as furniture
        STORY[3],
        STORY[4],
        "File photo of the valley road, 2019. - Valley Herald, 800, 12.05.2019",
        *STORY[5:],
        "Source: Valley Herald correspondents",
        "To join the conversation",
        "sign in or register",
        "Kommentare werden vor der Veröffentlichung geprüft. Bitte bleiben Sie sachlich.",
        "More from Region",
        "* Council approves new bridge over the river",
        "* Schools reopen after winter break",
        "* Market prices climb as harvest falls short",
        "About us | Contact | Advertise | Privacy policy",
        "© 2023 Valley Herald. All rights reserved.",
    )
)
STORY_PARAGRAPHS = (STORY[0], STORY[1], STORY[3], STORY[5])


@pytest.fixture(scope="module")
def cleaned():
    blocks = text_blocks(PAGE)
    return clean_blocks(blocks, scraped_text=True)


def test_flattened_page_keeps_the_story_paragraphs(cleaned):
    for paragraph in STORY_PARAGRAPHS:
        assert paragraph in cleaned.paragraphs


@pytest.mark.parametrize(
    "line",
    [
        "* Home",
        "* Opinion",
        "Tap to add Valley Herald to your home screen",
        "1,204 reads",
        "Smoke over the post after the attack. - Valley Herald, 1280, 03.02.2023",
        "File photo of the valley road, 2019. - Valley Herald, 800, 12.05.2019",
        "Farmers Fear Another Dry Season",
        "File photo.",
        "Source: Valley Herald correspondents",
        "To join the conversation",
        "sign in or register",
        "Kommentare werden vor der Veröffentlichung geprüft. Bitte bleiben Sie sachlich.",
        "Weekend edition",
        "* Council approves new bridge over the river",
        "* Market prices climb as harvest falls short",
        "About us | Contact | Advertise | Privacy policy",
        "© 2023 Valley Herald. All rights reserved.",
    ],
)
def test_each_furniture_line_is_removed_with_its_kind_and_rule(cleaned, line):
    assert line not in cleaned.paragraphs
    part = next(p for p in cleaned.removed if p.text == line)
    assert isinstance(part.kind, RemovedKind) and part.rule


def test_the_asterisk_footnote_explaining_a_name_is_not_story(cleaned):
    footnote = STORY[-1]
    assert footnote not in cleaned.paragraphs


def test_a_model_decision_names_its_probability_and_features(cleaned):
    decided = [p for p in cleaned.removed if p.rule.startswith("line model p=")]
    assert decided
    for part in decided:
        probability = float(part.rule.split("=")[1].split()[0])
        assert probability < load_model().threshold
        assert part.kind in (RemovedKind.NAVIGATION, RemovedKind.FURNITURE)


def test_a_clean_story_loses_nothing():
    story = "\n\n".join(STORY_PARAGRAPHS)
    assert clean_blocks(text_blocks(story), scraped_text=True).paragraphs == STORY_PARAGRAPHS


def test_a_page_with_no_prose_is_left_to_the_rules():
    """A headline alone (a wire flash, a coded headline) is the report: the model takes nothing."""
    only = ("Three guards killed in attack on border post",)
    assert clean_blocks(only, scraped_text=True).paragraphs == only


def test_line_shape_reads_bullets_endings_and_links():
    shape = line_shape("* Council approves new bridge over the river")
    assert shape.bullet and shape.ending == "none" and not shape.prose
    assert "link" in line_shape("Read it at https://example.org/story").features
    assert line_shape(STORY[0]).prose


def test_a_model_file_of_another_format_or_incomplete_is_refused():
    data = json.loads(json.dumps({"format": 99, "weights": {}, "bias": 0, "threshold": 0.5}))
    with pytest.raises(LineModelError, match="format 99"):
        model_from_dict(data)
    with pytest.raises(LineModelError, match="incomplete"):
        model_from_dict({"format": 1, "weights": {}})


def test_the_shipped_model_records_what_it_learned_from():
    about = load_model().about
    assert set(about["pages"]) == {"extraction"}  # MIT pages only: the model ships
    cv = about["cross_validation"]
    assert cv["grouped_by"] == "host" and cv["f1"] > cv["rules_alone"]["f1"]
