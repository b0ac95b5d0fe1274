"""The cleaner's decisions on scraped text in several house styles.

The texts here are written for these tests, in styles unlike the shipped
examples, so the rules are checked on inputs they were not tuned on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from chronica.batch import REPEAT_PAGES, HostMemory
from chronica.clean import clean_blocks, line_key, split_dateline
from chronica.ingest.text import text_blocks
from chronica.model import InputFormat, Origin, RemovedKind, SourceRecord


def removed_kinds(cleaned):
    return {part.text: part.kind for part in cleaned.removed}


def test_scraped_page_with_captions_teasers_comments_and_foreign_ui():
    text = """Меню
Breaking | Africa | Analysis
Militants storm army post in northern Mali
Updated 14 hours ago
Soldiers stand guard at a checkpoint outside Gao, Mali, on February 2, 2020. REUTERS/Paul Lorgerie
Armed men on motorbikes attacked a military post near the town of Léré on Saturday, killing at least nine soldiers, two security sources said.

The army said in a statement that its troops had repelled the assault and that "several terrorists were neutralised". It gave no figures.

Most read
Junta extends transition by two years
Mali orders French envoy to leave
Be the first to comment
Listen to this article
"""
    cleaned = clean_blocks(text_blocks(text))
    kinds = removed_kinds(cleaned)
    assert kinds["Меню"] is RemovedKind.FOREIGN_UI
    assert kinds["Breaking | Africa | Analysis"] is RemovedKind.NAVIGATION
    assert kinds["Militants storm army post in northern Mali"] is RemovedKind.HEADLINE
    assert kinds["Updated 14 hours ago"] is RemovedKind.BYLINE
    assert kinds["Soldiers stand guard at a checkpoint outside Gao, Mali, on February 2, 2020. REUTERS/Paul Lorgerie"] is RemovedKind.CAPTION
    assert kinds["Most read"] is RemovedKind.TEASER
    assert kinds["Junta extends transition by two years"] is RemovedKind.TEASER
    assert kinds["Mali orders French envoy to leave"] is RemovedKind.TEASER
    assert kinds["Be the first to comment"] is RemovedKind.COMMENT_PROMPT
    assert kinds["Listen to this article"] is RemovedKind.SHARE_UI
    assert cleaned.headline == "Militants storm army post in northern Mali"
    assert len(cleaned.paragraphs) == 2
    assert cleaned.paragraphs[0].startswith("Armed men on motorbikes")


def test_story_sentences_that_mention_agencies_and_dates_are_kept():
    story = (
        "Police in the city told AFP on Friday that 12 people had been arrested after the rally.",
        "The ministry said on 3 March 2024 that the curfew would stay in place, a decision Reuters could not verify.",
        "Photographs shared on social media showed smoke rising over the market as crowds gathered.",
        "\"We will keep marching,\" one organiser said, adding that the next protest was planned for Sunday.",
        "There was no comment from the army, in line with its policy of not discussing operations.",
        "The channel lost thousands of subscribers after the ban, its owner told the court on Monday.",
        "Convoy routes changed twice – first in March, then again in May – officials said Friday",
    )
    cleaned = clean_blocks(story)
    assert cleaned.paragraphs == story
    assert cleaned.removed == ()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Photo: Anadolu Agency", RemovedKind.IMAGE_CREDIT),
        ("© Getty Images", RemovedKind.IMAGE_CREDIT),
        ("Residents inspect a damaged building in Kharkiv. Photograph: Sergey Bobok/AFP via Getty Images", RemovedKind.CAPTION),
        ("FILE - Fighters parade through the city centre during a rally.", RemovedKind.CAPTION),
        ("A girl walks past a mural in the old town [File: Ali Jadallah/Anadolu]", RemovedKind.CAPTION),
        ("Log in or register to participate", RemovedKind.COMMENT_PROMPT),
        ("Comments (12)", RemovedKind.COMMENT_PROMPT),
        ("Sign up for our daily briefing newsletter", RemovedKind.SHARE_UI),
        ("Follow us on Telegram", RemovedKind.SHARE_UI),
        ("Share this article", RemovedKind.SHARE_UI),
        ("READ MORE: Talks resume in Doha as ceasefire frays", RemovedKind.TEASER),
        ("Reporting by Tom Balmforth; Editing by Alex Richardson", RemovedKind.BYLINE),
        ("By Maria Santos and Li Wei", RemovedKind.BYLINE),
        ("Omar Haddad and Lena Berg contributed to this report.", RemovedKind.BYLINE),
        ("Dana Cole is a senior correspondent at the Valley Herald. Follow her on X.",
         RemovedKind.BYLINE),
        ("Comments that break our guidelines will be rejected without notice.",
         RemovedKind.COMMENT_PROMPT),
        ("Stay informed for only $4.90/month, cancel any time.", RemovedKind.SHARE_UI),
        ("This article is only available to Valley Herald subscribers.", RemovedKind.SHARE_UI),
        ("Rescuers search the rubble of the clinic on Tuesday (VH/Sami Aziz)", RemovedKind.CAPTION),
        ("Smoke rising over the grain silos east of the river crossing – Valley Press",
         RemovedKind.CAPTION),
        ("This article is also available in Arabic on our sister site.", RemovedKind.SHARE_UI),
        ("The Herald moderates all comments before they appear.", RemovedKind.COMMENT_PROMPT),
        ("MORE ON THIS TOPIC:", RemovedKind.TEASER),
        ("Share on Viber", RemovedKind.SHARE_UI),
        ("Your support keeps our reporters in the field, and you can give from $3 a month.",
         RemovedKind.SHARE_UI),
        ("We never put up a paywall, because our journalism belongs to everyone.",
         RemovedKind.SHARE_UI),
        ("The Valley Herald is an award-winning independent outlet covering news of the Sahel.",
         RemovedKind.SHARE_UI),
        ("MINISTER ORDERS INQUIRY INTO CLINIC BLAST THAT KILLED SIX", RemovedKind.TEASER),
        ("TESSIT, MALI - MARCH 4: Soldiers patrol the market square of the town after an attack on"
         " its army post, which killed six people the day before, on March 4, 2024 in Tessit,"
         " Mali. The town has seen repeated attacks by armed groups since the army returned to the"
         " post last year, and many families have left for the regional capital, where aid groups"
         " run two camps. The army says its patrols have made the roads safer, though convoys"
         " still travel with escorts. (Photo by Ama Diallo/Valley Pictures)", RemovedKind.CAPTION),
    ],
)
def test_single_furniture_lines(line, kind):
    story = "Fighting continued on Tuesday around the town, where dozens of families have fled in recent days, aid workers said."
    cleaned = clean_blocks((story, line, story + " More followed."))
    assert removed_kinds(cleaned).get(line) is kind, cleaned.removed


def test_a_story_keeps_its_own_subheads_in_capitals():
    story = ("Fighting continued on Tuesday around the town, where dozens of families have fled"
             " in recent days, aid workers said.")
    blocks = (story, "WHO HOLDS THE ROAD?", story + " More followed.", "THE ROAD NORTH",
              story + " Then it stopped.")
    assert clean_blocks(blocks).paragraphs == blocks


def test_quoted_or_reported_words_about_journalism_and_money_stay_in_the_story():
    story = (
        "Gunmen attacked the offices of the weekly on Tuesday, and the editor said they had"
        " threatened its journalists over their reporting on the mine.",
        "\"We will not stop reporting, and our subscribers know it,\" the editor told reporters.",
        "The paper lost half its subscribers after the ban, its owner said, and now survives on"
        " donations from readers abroad.",
        "Our correspondent in the town counted six burned vehicles outside the station on Wednesday.",
    )
    assert clean_blocks(story).paragraphs == story


def test_a_pitch_goes_on_across_broken_lines_and_through_its_list_of_offers():
    story = ("Drones struck a fuel depot outside the town on Monday, killing two guards, the local"
             " council said in a statement on Tuesday.")
    pitch = (
        "Subscribe today from just",
        "$5/month",
        "to read every story we publish.",
        "Do you count on the Valley Herald for news from the region? Join the Herald Circle from"
        " $4/month and you will:",
        "Support our independent journalism;",
        "Read without advertisements; and",
        "Receive the editor's weekly letter from the newsroom.",
    )
    cleaned = clean_blocks((story, *pitch, story + " More followed."))
    assert cleaned.paragraphs == (story, story + " More followed.")
    rules = {part.text: part.rule for part in cleaned.removed}
    assert rules["to read every story we publish."] == "continues_subscription_pitch"
    assert rules["Receive the editor's weekly letter from the newsroom."] == "pitch_list_item"


def test_the_story_ends_at_its_closing_credit():
    story = (
        "Drones struck a fuel depot outside the town on Monday, killing two guards, the local"
        " council said in a statement on Tuesday.",
        "The council said four more guards were wounded and taken to the hospital in the city.",
    )
    after = ("Sami Aziz contributed to this report.", "Enjoying this story?", "Then here is a thought.")
    cleaned = clean_blocks((*story, *after))
    assert cleaned.paragraphs == story
    rules = {part.text: part.rule for part in cleaned.removed}
    assert rules["Then here is a thought."] == "after_closing_credit"


def test_the_line_model_may_take_headlines_from_a_page_with_no_prose():
    """Its guard keeps a story's prose from being taken whole; a page with none to keep is
    share buttons and other stories' headlines."""
    share = ("SHARE ON", "Share on Facebook", "Share on Telegram", "Share on Viber")
    teasers = (
        "Army chief visits troops in the north",
        "Drought pushes herders south as wells run dry",
        "Regional leaders meet to discuss security",
        "Council names new mayor after long dispute",
    )
    lines = (*share, *teasers, *share, "Comments", "Post a comment", *share, *share)
    removed = clean_blocks(lines, scraped_text=True).removed
    assert any(part.rule.startswith("line model") and part.text in teasers for part in removed)


def test_headline_date_pairs_after_the_story_are_teasers_and_their_dates_never_count():
    blocks = (
        "Gunmen attacked a bus carrying mine workers in the north on Tuesday, killing six people, the regional governor said.",
        "Curfew lifted in eastern districts",
        "5 January 2022",
        "Election body rejects opposition appeal",
        "4 January 2022",
    )
    cleaned = clean_blocks(blocks)
    assert cleaned.paragraphs == blocks[:1]
    assert all(part.kind is RemovedKind.TEASER for part in cleaned.removed)
    assert cleaned.byline_date is None


def test_date_stamp_before_the_story_is_the_byline_date():
    cleaned = clean_blocks(("Thursday 9 November 2023 07.14 GMT", "Rebels seized the town of Laukkaing after a week of fighting with the army, local media reported."))
    assert cleaned.byline_date == dt.datetime(2023, 11, 9, 7, 14, tzinfo=dt.UTC)
    assert cleaned.removed[0].kind is RemovedKind.BYLINE


@pytest.mark.parametrize(
    ("paragraph", "place", "agency"),
    [
        ("BEIRUT (AP) — An Israeli strike on a car in southern Lebanon killed two people on Monday, the state news agency said.", "BEIRUT", "AP"),
        ("KYIV, Ukraine, March 3 (Reuters) - Russian forces shelled the city overnight, damaging a school and three houses, officials said.", "KYIV, Ukraine", "Reuters"),
        ("Mogadishu (Somali Wire) – Al-Shabaab fighters attacked a police station on the outskirts of the capital late on Friday, witnesses said.", "Mogadishu", "Somali Wire"),
        # a state agency's own dateline: initials after a comma, the dash glued to the first word
        ("Hasaka, NSA-Two farmers were wounded when shells fell on their land north of the town on"
         " Friday, a local source said.", "Hasaka", "NSA"),
        ("Homs , NSA-Six farmers were hurt when a mine went off in their field on Friday, a local"
         " source said.", "Homs", "NSA"),  # a space before the comma
    ],
)
def test_datelines_are_split_off(paragraph, place, agency):
    dateline, rest = split_dateline(paragraph)
    assert dateline.place == place and dateline.agency == agency
    assert rest[0].isupper() and not rest.startswith(place)


def test_sentences_starting_with_capitals_are_not_datelines():
    for paragraph in (
        "UN officials said on Tuesday that at least 40 civilians had been killed in the region this month.",
        "NATO - the military alliance - has said it will not send troops, its secretary-general told reporters in Brussels.",
    ):
        dateline, rest = split_dateline(paragraph)
        assert dateline is None and rest == paragraph


def test_hard_wrapped_prose_is_rejoined_but_short_lines_stay_apart():
    text = (
        "Clashes erupted between two armed groups in the eastern district on\n"
        "Wednesday evening, leaving at least five fighters dead, a local\n"
        "official told reporters.\n\nPhoto: Staff\nShare\n"
    )
    assert text_blocks(text) == (
        "Clashes erupted between two armed groups in the eastern district on Wednesday evening, leaving at least five fighters dead, a local official told reporters.",
        "Photo: Staff",
        "Share",
    )


def test_page_of_only_furniture_leaves_no_story():
    cleaned = clean_blocks(("Share", "Tweet", "Log in or register to participate", "Related"))
    assert cleaned.paragraphs == ()
    assert len(cleaned.removed) == 4


def test_a_whole_story_in_one_block_is_never_a_caption():
    story = ("Mayor's budget won't boost taxes. Photo: the council chamber. The City Council will host several public hearings "
             "to consider the mayor's proposed general fund budget, officials said on Monday. ") * 6
    cleaned = clean_blocks((story,), None)
    assert cleaned.paragraphs and not cleaned.removed


def test_a_one_line_report_is_the_story_not_its_own_headline():
    flash = "Clashes between rival militias near the port of Marsa Kelt leave four dead"
    cleaned = clean_blocks((flash,))
    assert cleaned.paragraphs == (flash,) and cleaned.headline is None
    with_story = clean_blocks((flash, "Fighting broke out on Sunday evening after a dispute over a checkpoint, residents said."))
    assert cleaned.removed == () and with_story.headline == flash


SCRAPED_PAGE = """Militia fighters clash with troops near Tessit | Sahel Monitor
Africa
Mali
Militia fighters clash with troops near Tessit
Fighters of an armed group clashed with soldiers near the town of Tessit on Monday, killing six of them, two local officials said.
Residents said the fighting lasted several hours before the fighters withdrew towards the border with Niger.
Prev Post
Drought pushes herders south as wells run dry
Next Post
1
Army chief visits troops in the north
2
Drought pushes herders south as wells run dry
Regional leaders meet in Niamey to discuss security…"""


def test_scraped_page_furniture_is_known_by_where_it_sits():
    lines = tuple(SCRAPED_PAGE.split("\n"))
    cleaned = clean_blocks(lines[1:], lines[0], scraped_text=True)
    assert [p[:20] for p in cleaned.paragraphs] == ["Fighters of an armed", "Residents said the f"]
    rules = {part.text: part.rule for part in cleaned.removed}
    assert rules["Militia fighters clash with troops near Tessit"] == "repeats_title"
    assert rules["Mali"] == "label_before_story" and rules["1"] == "number_only"
    assert rules["Drought pushes herders south as wells run dry"] == "repeated_on_page"
    assert rules["Regional leaders meet in Niamey to discuss security…"] == "headline_after_story"


def test_html_extracted_blocks_keep_their_closing_lines():
    blocks = ("Fighters of an armed group clashed with soldiers near the town of Tessit on Monday, killing six of them.",
              "What we know so far")
    assert clean_blocks(blocks).paragraphs == blocks  # not scraped text: where a line sits proves nothing


STORY = ("Drones struck a fuel depot outside the town of Tal Tamr on Monday, killing two guards and "
         "wounding four, the local council said.")


@pytest.mark.parametrize(("stamp", "day"), [
    ("3 February، 2022", dt.date(2022, 2, 3)),  # an Arabic comma, as Syrian state media write it
    ("Issued on: 17/03/2022 - 15:14Modified: 17/03/2022 - 15:20", dt.date(2022, 3, 17)),
    ("12.4K viewsMar 3, 2024 at 10:15", dt.datetime(2024, 3, 3, 10, 15)),  # a widget counter
])
def test_stamp_lines_before_the_story_date_it(stamp, day):
    cleaned = clean_blocks((stamp, STORY))
    assert cleaned.paragraphs == (STORY,) and cleaned.byline_date == day


def test_a_stamp_under_the_lead_paragraph_is_the_page_stamp_but_a_late_one_is_not():
    lead = "An aid convoy was hit by shelling near the crossing, the monitor said on Tuesday evening."
    near = clean_blocks(("Convoy hit near crossing", lead, "14 July 2024 00:00", STORY))
    assert near.page_stamp == dt.datetime(2024, 7, 14, 0, 0) and near.byline_date is None
    late = clean_blocks(
        ("Convoy hit near crossing", lead, STORY, STORY, STORY, "2 May 2019 10:00", STORY)
    )
    assert late.page_stamp is None


def test_a_month_first_or_day_first_numeric_date_is_not_guessed():
    assert clean_blocks(("Posted 03/04/2022", STORY)).byline_date is None


def _page(number: int) -> SourceRecord:
    story = (f"Police said {number + 2} people were hurt when a gas canister exploded in a market "
             "in the old town on Friday morning, and that an inquiry had been opened.")
    return SourceRecord(
        origin=Origin(f"page-{number}", InputFormat.TEXT),
        blocks=("Weather Traffic Obituaries", story, "Proudly serving the valley since 1921",
                "Traders said the market would reopen on Monday once the stalls were checked."),
        raw=b"",
        url=f"https://valley.example/news/{number}",
        scraped_text=True,
    )


def test_a_batch_learns_the_lines_a_site_repeats_on_every_page():
    memory = HostMemory()
    records = [memory.marked(_page(n)) for n in range(REPEAT_PAGES + 1)]
    assert all(not r.host_lines for r in records[:REPEAT_PAGES])  # not yet seen often enough
    last = records[-1]
    assert line_key("Proudly serving the valley since 1921") in last.host_lines
    cleaned = clean_blocks(last.blocks, scraped_text=True, host_lines=last.host_lines)
    rules = {part.text: part.rule for part in cleaned.removed}
    assert rules["Proudly serving the valley since 1921"] == "repeated_on_host_pages"
    assert cleaned.paragraphs == (last.blocks[1], last.blocks[3])


def test_a_story_paragraph_repeated_by_updates_of_one_story_is_never_learned():
    memory = HostMemory()
    pages = [_page(1)] * (REPEAT_PAGES + 2)  # the same story, republished as it was updated
    last = [memory.marked(page) for page in pages][-1]
    assert line_key(last.blocks[1]) not in last.host_lines


def test_pages_of_another_host_do_not_teach_this_one():
    memory = HostMemory()
    for n in range(REPEAT_PAGES):
        memory.marked(_page(n))
    other = dataclasses.replace(_page(9), url="https://elsewhere.example/a")
    assert not memory.marked(other).host_lines


def test_the_story_stamp_among_menu_lines_dates_a_flattened_page():
    """The stamp beside the outlet's name, taken with the menu around it, still dates the page;
    the years-old stamp of a picture's caption never does."""
    page = (
        "* News", "* Region", "* Sport",
        "Smoke over the port after the strike. - Valley Herald, 1280, 03.02.2019",
        "Valley Herald, 14.03.2023",
        "Share", "Print",
        STORY,
        "Residents said the fire burned until the evening before crews from the city put it out.",
    )
    cleaned = clean_blocks(page, scraped_text=True)
    assert cleaned.near_stamp == dt.date(2023, 3, 14)


def test_a_stamp_under_the_standfirst_dates_the_page():
    standfirst = ("The depot had been hit twice before this year, and the council says the town "
                  "now has fuel for only a week.")
    page = ("Depot hit near Tal Tamr", standfirst, "Wednesday 20 November 2019 11:42, UK", STORY)
    assert clean_blocks(page, scraped_text=True).near_stamp == dt.datetime(2019, 11, 20, 11, 42)


BLOG_PAGE = """Drone strike | Two killed in a car near the river crossing
Two men were killed on Sunday when a drone struck their car near the river crossing east of Tessit, local sources said.
The sources said the car caught fire and both men died at the scene before help arrived.
Prev Post
Who pays for the new bridge … will the council decide?
Next Post
Market prices | Bread costs double in the southern towns"""


def test_the_title_beside_a_previous_or_next_post_link_is_another_story():
    lines = tuple(BLOG_PAGE.split("\n"))
    cleaned = clean_blocks(lines[1:], lines[0], scraped_text=True)
    assert len(cleaned.paragraphs) == 2
    rules = {part.text: part.rule for part in cleaned.removed}
    assert rules["Who pays for the new bridge … will the council decide?"] == "title_beside_post_link"


def test_a_related_list_keeps_going_past_its_stories_date_stamps():
    blocks = ("Related Articles", "Farmers protest water cuts in the valley", "3 March, 2024",
              "New clinic opens on the northern road", "9 March, 2024",
              "Gunmen killed two guards at a fuel depot outside Tessit on Monday, officials said.",
              "Officials said the attackers fled on motorbikes towards the border.")
    cleaned = clean_blocks(blocks, scraped_text=True)
    assert [p[:12] for p in cleaned.paragraphs] == ["Gunmen kille", "Officials sa"]
    kinds = removed_kinds(cleaned)
    assert kinds["New clinic opens on the northern road"] is RemovedKind.TEASER


@pytest.mark.parametrize("caption", [
    "A shop front in the old market - Example Press",
    "Smoke rises over the hills after the strikes [Jane Roe/Example News]",
])
def test_captions_credited_to_an_outlet_or_a_photographer(caption):
    blocks = (caption,
              "Gunmen killed two guards at a fuel depot outside Tessit on Monday, officials said.",
              "Officials said the attackers fled on motorbikes towards the border.")
    cleaned = clean_blocks(blocks, scraped_text=True)
    assert caption not in cleaned.paragraphs and len(cleaned.paragraphs) == 2


def test_a_newsletter_or_donation_pitch_and_a_line_in_another_language_are_the_pages():
    blocks = ("Gunmen killed two guards at a fuel depot outside Tessit on Monday, officials said.",
              "Des hommes armés ont tué deux gardiens près du dépôt de carburant lundi soir.",
              "Officials said the attackers fled on motorbikes towards the border after the raid.",
              "The depot supplies fuel to the town's generators and to the district hospital.",
              "Residents said the road to the depot had been closed since the morning.",
              '"Nous avons tout perdu dans cette nuit terrible," a guard\'s brother told reporters.',
              "Get the Example Weekly delivered to your inbox. It's free!",
              "Readers like you keep these stories free. Please make a one-off donation today!")
    cleaned = clean_blocks(blocks, scraped_text=True)
    assert [p[:12] for p in cleaned.paragraphs] == [
        "Gunmen kille", "Officials sa", "The depot su", "Residents sa", '"Nous avons ']
    assert any(p.rule == "language_fr_not_en" for p in cleaned.removed)


POST_PAGE = """Post
Ridge Watch@RidgeWatchMar 2, 2031#Valdoria: shelling reported near the dam at Orsk this afternoon.1.2K
Ridge Watch@RidgeWatch#Valdoria: two farmers were killed when a drone struck a truck on the road to Velm this morning.
Local sources say the truck was carrying fodder.9:40 AM · Mar 3, 20312.1KViews
Ridge Watch@RidgeWatchMar 4, 2031#Valdoria: a convoy was seen moving north of Velm towards the border crossing.
Sign up to see more replies"""
POST_TITLE = ('Ridge Watch on X: "#Valdoria: two farmers were killed when a drone struck a truck '
              'on the road to Velm this morning.\n'
              'Local sources say the truck was carrying fodder." / X')


def test_a_post_page_keeps_the_post_its_title_quotes_not_the_thread_around_it():
    cleaned = clean_blocks(tuple(POST_PAGE.split("\n")), POST_TITLE, scraped_text=True)
    assert [p[:30] for p in cleaned.paragraphs] == [
        "Ridge Watch@RidgeWatch#Valdori", "Local sources say the truck wa"]
    rules = {part.text[:25]: part.rule for part in cleaned.removed}
    assert rules["Ridge Watch@RidgeWatchMar"] == "not_the_post_the_page_is_about"
    # without a title quoting a post, the thread is left to the other rules
    plain = clean_blocks(tuple(POST_PAGE.split("\n")), "Ridge Watch", scraped_text=True)
    assert len(plain.paragraphs) > 2


NOTES_PAGE = """Drone strike kills two near Velm
Smoke rising over farmland near Velm in the north of Valdoria
VELM, Valdoria (Ridge News) – Two farmers were killed on Tuesday when a drone struck their truck on the road to Velm, relatives said.
The army said it was investigating the strike, according to the Valdorian News Agency (VNA).
As for the injured, they are:
* Arman Tolk (13 years old)
* Sevin Dar (41 years old)
* According to information we received at the time, we published a report saying three farmers were killed.
This article was translated and edited by Ridge News.
More to come…
list 2 of 4Why the border talks stalled again this spring
Support Ridge News
Independent reporting from the valley matters more than ever to keep people connected.
Our ability to report from the front depends on the support of loyal readers.
We appreciate your support."""


def test_notes_on_the_article_appeals_and_captions_under_the_headline_are_not_story():
    lines = tuple(NOTES_PAGE.split("\n"))
    cleaned = clean_blocks(lines, lines[0], scraped_text=True)
    rules = {part.text[:20]: part.rule for part in cleaned.removed}
    assert rules["Smoke rising over fa"] == "unpunctuated_line_before_story"
    assert rules["* According to infor"] == "asterisk_footnote"
    assert rules["This article was tra"] == rules["More to come…"] == "editors_note"
    assert rules["list 2 of 4Why the b"] == "list_label"
    assert rules["Support Ridge News"] == "support_header"
    assert rules["Independent reportin"] == "pitch_between_pitches"
    assert rules["We appreciate your s"] == "pitch_thanks"
    # the closing list stays, and a source cited in brackets is no picture credit
    kept = [p[:20] for p in cleaned.paragraphs]
    assert "The army said it was" in kept
    assert kept[-3:] == ["As for the injured, ", "* Arman Tolk (13 yea", "* Sevin Dar (41 year"]


def test_one_sentence_summaries_under_a_list_header_after_the_story_are_teasers():
    page = (
        "Troops pushed into the northern districts of Velm on Monday after two days of shelling, "
        "residents said, and at least six civilians were killed in the fighting.",
        "You May Also Like",
        "A crack suggests the old dam, built in 1980, withstood the first impact.",
        "Army",
        "The veteran was first ordered to be held at a clinic, Pfc. Dana Orr said.",
    )
    cleaned = clean_blocks(page)
    assert cleaned.paragraphs == page[:1]
    rules = {part.text[:10]: part.rule for part in cleaned.removed}
    assert rules["A crack su"] == rules["The vetera"] == "teaser_summary"
    # where the story goes on after the header, its paragraphs stay
    resumed = (*page[:3], "The army said it would hold the districts. Residents fled south.")
    assert len(clean_blocks(resumed).paragraphs) == 3
