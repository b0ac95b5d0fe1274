"""Page furniture → typed removed parts; what is left is the story.

Works on blocks (paragraph-sized lines) so it serves HTML that an extractor
already flattened and text that a scraper flattened long ago. Each block is
judged by general rules about how furniture is written — credit marks, UI
vocabulary, teaser headers, short headline-and-date pairs, another script —
and every decision names its rule, so a user can see why a line was dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.lang.en.stop_words import STOP_WORDS

from chronica.dates import FULL_DATE, NUMERIC_DATE, numeric_date, parse_when
from chronica.language import detect_language
from chronica.line_model import MIN_LINES, in_capitals, page_features
from chronica.line_model import load_model as load_line_model
from chronica.model import Dateline, RemovedKind, RemovedPart


def _load_agencies() -> tuple[str, ...]:
    text = files("chronica").joinpath("data/photo_agencies.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(sorted(names, key=len, reverse=True))


_AGENCY = "(?:" + "|".join(re.escape(name) for name in _load_agencies()) + ")"

# --- credit marks: a line carrying one is a caption (or a bare credit) ---------
# "Smoke over the port. - Example News, 1280, 03.02.2023": outlet, image width, date stamp
_STAMPED = re.compile(r"[-–—|]\s*[A-Z][\w.&'’ ]{1,40},\s*\d{3,4}(?:\s*[x×]\s*\d{3,4})?,\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s*$")
_CREDIT_MARKS = (
    ("credit_label", re.compile(r"(?:^|[\s(\[|])(?:photos?|photograph|picture|image|file photo|credit|source)\s*(?::|by\b)", re.I)),
    ("copyright_sign", re.compile(r"©|\(c\)\s|\bcopyright\b", re.I)),
    ("name_slash_agency", re.compile(rf"[A-Z][\w.'’\- ]{{1,40}}\s*/\s*{_AGENCY}\b")),
    ("agency_slash_name", re.compile(rf"\b{_AGENCY}\s*/\s*[A-Z]")),
    ("via_agency", re.compile(rf"\bvia\s+{_AGENCY}\b")),
    ("bracketed_credit", re.compile(rf"[(\[]\s*(?:file|photo|image|{_AGENCY})(?:\s*(?:photo|/)[^)\]]*)?\s*[)\]]\s*\.?$", re.I)),
    ("file_photo_prefix", re.compile(r"^(?:FILE(?:\s+PHOTO)?\s*[-:–—]|in this (?:file )?(?:photo|picture|image|handout))", re.I)),
    # "File photo." / "Archive image of the bridge": a picture labelled as old, no credit sign
    ("archive_picture", re.compile(r"^(?:file|archive|archival|stock)\s+(?:photo|photograph|image|picture|footage)s?\b", re.I)),
    ("outlet_width_stamp", _STAMPED),
    # "Shelling of the village north of the town – North Press", "A street in the city - North
    # Press": a description, then its source, and no sentence
    # (a description has lower-case words: "Wireless Headphones - Matte Black" is a product)
    ("dash_outlet_credit", re.compile(r"^(?!\d)(?=(?:.*?\b[a-z]+\b){2})(?:[^–—\s]+\s){3,}(?:[–—]|-(?=\s))\s[A-Z][\w&.'’]*(?:\s[A-Z][\w&.'’]*){0,2}$")),
    # "(MEE/Izzeddin Kasim)" closing a picture description: an outlet's initials, a photographer
    # "[Ali Haj Suleiman/Al Jazeera]": a photographer and an outlet, in either order
    ("bracketed_outlet_slash_name", re.compile(r"\((?:[A-Z]{2,6}|[A-Z][a-z]+)\s*/\s*[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,3}\)\s*\.?$")),
    ("bracketed_name_slash_outlet", re.compile(r"\[[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,3}\s*/\s*[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,3}\]\s*\.?$")),
)
# "TESSIT, MALI - MARCH 4: Soldiers patrol ...": a picture agency's caption opens with the
# place in capitals and the day the picture was taken, then a colon (no wire dateline has it);
# its description of the scene can run longer than other captions
_AGENCY_CAPTION = re.compile(
    r"^[A-Z][A-Z'’.\- ]+,(?: [A-Z][A-Z'’.\- ]+,)? [A-Z][A-Z'’.\- ]+ [-–—] "
    r"(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
    r" \d{1,2}(?:, \d{4})?:"
)
AGENCY_CAPTION_MAX_WORDS = 160
_PICTURE_VERB = re.compile(
    r"\b(?:(?:is|are) (?:seen|pictured|shown|photographed)|stands?|walks?|gathers?|sits?|holds?|looks? on|poses?"
    r"|rises?|billows?|carr(?:y|ies)|inspects?|mourns?|waves?|rides?|searches|search|pray|prays|attend|attends|wait|waits)\b",
    re.I,
)
_ATTRIBUTION_VERB = re.compile(r"\b(?:said|says|told|reported|according to|stated|announced|added)\b", re.I)

# --- comment prompts and UI strings --------------------------------------------
_COMMENT_PROMPT = re.compile(
    r"\b(?:log\s?in|sign\s?in|register)\b.{0,40}\b(?:comment|participate|discussion|join|reply)"
    r"|^\d*\s*comments?\s*(?:\(\d+\))?$|\bbe the first to comment\b|\bleave an? (?:comment|reply)\b"
    r"|\bjoin the (?:conversation|discussion)\b|\bcomments? (?:are|is) (?:closed|moderated|disabled)\b"
    r"|\b(?:post|add|show|view|load) (?:a |your |all |more )?comments?\b|\bcommunity guidelines\b"
    r"|^(?:please\s+)?(?:sign in|log ?in|register|sign up)(?:\s+or\s+(?:sign in|log ?in|register|sign up))?\W*$",
    re.I,
)
_UI_WORDS = frozenset(
    "share shares sharing tweet email e-mail print copy copied link facebook twitter x whatsapp telegram linkedin"
    " reddit pinterest messenger flipboard instagram youtube tiktok viber vk snapchat threads"
    " bluesky mastodon tumblr wechat weibo follow us on subscribe sign up newsletter save"
    " bookmark listen to this article min mins read advertisement ad skip content main menu search home back top"
    " close open toggle more news the with via and or now free".split()
)
_UI_PHRASE = re.compile(
    r"^(?:(?:sign up|subscribe|register) (?:for|to|now)\b.{0,60}\b(?:newsletter|updates|alerts|briefing)"
    r"|follow (?:us|\w+) on\b|(?:story|article) continues (?:below|after)|click here\b|download (?:our|the) app"
    r"|we use cookies|get (?:the latest|breaking)\b.{0,40}\b(?:alerts|notifications|updates)"
    r"|(?:tap|click)\b.{0,40}\badd\b.{0,40}\bhome screen|add to (?:your )?home screen"
    r"|(?:get|install|open in|download) (?:the|our)? ?app\b"
    r"|[\d.,]+\s*[km]?\s+(?:reads?|views?|shares?|readers)$"
    r"|(?:you can )?share this (?:article|story)|listen to this article|\d+\s*min(?:ute)?s? read$)",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# --- teasers, bylines, datelines -----------------------------------------------
_TEASER_HEADER = re.compile(
    r"^(?:read more|related(?: (?:articles?|stories|news|coverage|content|topics))?|also read|read also|see also"
    r"|recommended(?: for you| stories)?|more (?:on this story|stories|from \w+(?: \w+)?|in \w+|news)|most (?:read|popular|viewed)"
    r"|you may also like|you might also like|trending(?: now)?|latest(?: news| stories)?|editor'?s picks|top stories"
    r"|more from this section|further reading|more on this (?:topic|subject|issue)"
    r"|the latest (?:on|from) [\w&.'’ -]{1,40})\s*[:»›>]?$",
    re.I,
)
_INLINE_TEASER = re.compile(r"^(?:read more|read also|also read|related|see also|watch|listen|more)\s*[:|»›>\-–—]+\s*\S", re.I)
# "list 2 of 4Why is ...": a related list's label for screen readers glued to each title
_LIST_LABEL = re.compile(r"^(?:list|item|slide)\s\d+\sof\s\d+\s*\S", re.I)
_BYLINE = re.compile(r"^(?:by|written by|words by)\s+(?P<name>[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|and|&|de|al|el|van|von))*)", re.I)
_CLOSING_CREDIT = re.compile(
    r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|translated)(?: and \w+)? by\b"
    r"|\bcontributed (?:reporting )?to (?:this|the) (?:report|story|article)\W*$",
    re.I,
)
# "Meghann Myers is the Pentagon bureau chief at Military Times.": the author's note under a story
_AUTHOR_NOTE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s){1,3}is (?:a|an|the)\b.{0,80}\b(?:reporter|editor|correspondent|writer|"
    r"journalist|columnist|bureau chief|contributor|producer|analyst at)\b"
)
# subscriptions, paywalls and appeals for support: the outlet speaking to its reader
_SUBSCRIPTION = re.compile(
    r"\bsubscri(?:be|ber|bers|ption)\b|\bpaywall\b|\bsupport (?:our|independent) (?:\w+ )?journalism\b"
    r"|[$€£]\s?\d+(?:[.,]\d+)?\s*(?:/|a |per )\s*month\b|\bnewsletter\b"
    r"|\bfollow (?:us|our \w+(?: \w+)? channel)\b|\bwant to write for\b"
    r"|\bdelivered to your inbox\b|\bmake a (?:[\w-]+ )?donation\b|\bdonate (?:now|today)\b"
    r"|\bour standards\b",
    re.I,
)
# the outlet speaking of itself under a story: always furniture, sentence or not
_OUTLET_NOTE = re.compile(
    r"^this (?:article|story|report) is (?:only |also )?available (?:in|to|on)\b|\bour standards\b"
    r"|^why [\w&.'’-]+(?: [\w&.'’-]+)?\?$",
    re.I,
)
SUBSCRIPTION_MAX_WORDS = 45
# the outlet asking its reader for support in its own voice ("your support keeps our reporters
# in the field", "we never put up a paywall"); a story's quotes carry quotation marks
_OUTLET_VOICE = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")
_READER = re.compile(r"\b[Yy]ou(?:rs?)?\b")
_MONEY_WORDS = r"paywall|ad-free|subscri\w+|donat\w+|membership|contributions?"
_SUPPORT_MONEY = re.compile(rf"\b(?:{_MONEY_WORDS})\b", re.I)
_NEWSROOM = re.compile(
    rf"\b(?:journalism|journalists?|newsroom|reporting|coverage|articles|readers?|news service"
    rf"|{_MONEY_WORDS})\b",
    re.I,
)
_QUOTE_MARK = re.compile(r"[\"“”«»]")
APPEAL_MAX_WORDS = 90
_READERS_SUPPORT = re.compile(r"\b(?:support|generosity) of (?:our )?(?:\w+ )?readers\b", re.I)
# "Support The Valley Herald": the heading of an appeal
_SUPPORT_HEADER = re.compile(
    r"^support (?:us|our work|(?:the )?[A-Z][\w&'’.-]*(?:\s[A-Z][\w&'’.-]*){0,4})\W*$", re.I)
# the outlet describing itself: "The Valley Herald delivers independent coverage of the Sahel"
_OUTLET_SELF = re.compile(
    r"^(?:[A-Z][\w&.'’-]*\s){0,4}(?:is an?|delivers|provides|offers)\s(?:[\w-]+\s){0,3}?"
    r"(?:award-winning|independent|leading|non-?profit|trusted)\b.{0,80}?"
    r"\b(?:coverage|journalism|news|media|reporting|analysis)\b"
)
_TO_THE_READER = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Oo]ur|us)\b")  # a story about subscribers is prose
# a comment section's rules: "Comments that do not meet our guidelines will be rejected."
_COMMENT_POLICY = re.compile(
    r"\bcomments\b.{0,60}\b(?:guidelines|moderat\w*|approved|rejected)\b|\bwe will not tolerate\b"
    r"|\bmoderates? (?:all )?(?:reader )?comments\b"
    r"|\bcomment (?:section|policy|guidelines)\b",
    re.I,
)
_DATE_LABEL = re.compile(r"^(?:first |last )?(?:published|updated|posted|modified|date)\b\s*(?:on|at)?\s*:?\s*", re.I)
_RELATIVE_STAMP = re.compile(r"^(?:updated\s+)?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago$", re.I)
_STAMP_FILLER = re.compile(
    r"(?:\b(?:published|updated|posted|issued|modified|created|last|first|on|at|gmt|utc|local time)\b"
    r"|[|•·,:\-–—/()\s])+",
    re.I,
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?", re.I)
STAMP_MAX_CHARS = 90
STAMP_NEAR_TOP = 3  # story paragraphs before which an in-story stamp is still the page's own
_MENU_SEPARATORS = re.compile(r"\s*[|»›>·•/]\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*$")

_MONTH_DAY = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]{2,}(?:[ \-][A-Z][A-Z'’.\-]+)*|[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)*(?=,[^()]{0,40}\(|\s*\())"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z'’.\-]+(?:\s[A-Z][A-Za-z'’.\-]+){0,2}))?"
    rf"(?:,\s*(?P<date>{_MONTH_DAY}))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"
    r"\s*(?:[-–—]+|:)\s+(?=\S)"
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    paragraphs: tuple[str, ...]
    removed: tuple[RemovedPart, ...]
    dateline: Dateline | None
    byline_date: dt.date | None
    # the first date stamp among the story's opening paragraphs ("16 July 2024 00:00" under the
    # lead): the page's own date when no byline carries one
    page_stamp: dt.date | None
    # flattened pages: the short dated line nearest the story's first paragraph, whichever rule
    # took it; it beats the page's first stamp (often the site's own "today" in its header)
    near_stamp: dt.date | None
    author: str | None
    headline: str | None  # the heading found in the text when the input named no title


@cache
def _script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII_LETTERS = re.compile(r"[^\W\d_A-Za-z]")


def _scripts(text: str) -> dict[str, int]:
    """Letters per Unicode script; ASCII letters are counted in bulk as LATIN."""
    counts: dict[str, int] = {}
    ascii_letters = len(_ASCII_LETTERS.findall(text))
    if ascii_letters:
        counts["LATIN"] = ascii_letters
    for char in _NON_ASCII_LETTERS.findall(text):
        script = _script_of(char)
        counts[script] = counts.get(script, 0) + 1
    return counts


def _dominant(counts: dict[str, int]) -> str | None:
    return max(counts, key=counts.__getitem__) if counts else None


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_prose(block: str) -> bool:
    """A paragraph of the story: long, or a full sentence of reasonable length."""
    count = len(_words(block))
    return count >= 30 or (count >= 10 and _SENTENCE_END.search(block) is not None)


SENTENCE_MIN_WORDS = 5


def is_sentence(block: str) -> bool:
    """Prose, or a short full sentence ("The group claimed the attack."): what the line model
    takes only when very sure, since a story's last short sentences carry claims and tolls."""
    return is_prose(block) or (
        len(_words(block)) >= SENTENCE_MIN_WORDS and _ends_a_sentence(block)
    )


def _is_headline_like(block: str) -> bool:
    count = len(_words(block))
    return 2 <= count <= 20 and not block.rstrip().endswith((".", ":", ";", ","))


# "12.4K viewsMar 3, 2024 at 10:15": a post widget's view counter glued to its date stamp
_VIEW_COUNTER = re.compile(r"\b\d+(?:[.,]\d+)?\s*[KkMm]?\s*views?(?=[A-Z\s]|$)", re.I)


def _is_date_stamp(block: str) -> bool:
    """A line that is only a date/time stamp ("April 3, 2024 | 10:32 GMT", "2 hours ago"),
    maybe beside a view counter."""
    if _RELATIVE_STAMP.match(block.strip()):
        return True
    block = _VIEW_COUNTER.sub(" ", block)
    if len(block) > STAMP_MAX_CHARS or not (FULL_DATE.search(block) or numeric_date(block)):
        return False
    rest = _CLOCK.sub(" ", NUMERIC_DATE.sub(" ", FULL_DATE.sub(" ", block)))
    return not _STAMP_FILLER.sub("", rest)


def stamp_date(block: str) -> dt.date | None:
    """The date a stamp line shows (a full date, or a numeric one whose order cannot matter)."""
    block = _VIEW_COUNTER.sub(" ", block)
    match = FULL_DATE.search(block)
    if match:
        return parse_when(match.group(0))
    numeric = numeric_date(block)
    return numeric[1] if numeric else None


# "... according to the Syrian Arab News Agency (SANA).": a source cited in brackets, no credit
_CITED_IN_BRACKETS = re.compile(r"\baccording to\b[^.()]*\([^)]*\)\s*\.?$", re.I)


def _credit_rule(block: str) -> str | None:
    for name, pattern in _CREDIT_MARKS:
        if pattern.search(block) and not (
                name == "bracketed_credit" and _CITED_IN_BRACKETS.search(block)):
            return name
    return None


def _dated_picture_description(block: str) -> bool:
    """'Smoke rises over Idlib, Syria, on March 3, 2019.' — a photo described with its own date."""
    if len(_words(block)) > 45 or _ATTRIBUTION_VERB.search(block):
        return False
    dates = list(FULL_DATE.finditer(block))
    if not dates or len(block.rstrip(" .")) - dates[-1].end() > 25:
        return False
    return _PICTURE_VERB.search(block) is not None


def _reader_appeal(block: str) -> bool:
    """The outlet speaking to its reader of its journalism and of money (a subscription, a
    donation, the paywall it has not put up); without quotation marks, which a story's
    quoted speakers carry."""
    if (_QUOTE_MARK.search(block) or len(_words(block)) > APPEAL_MAX_WORDS
            or not _OUTLET_VOICE.search(block) or not _NEWSROOM.search(block)):
        return False
    return bool(_READER.search(block) or _SUPPORT_MONEY.search(block)
                or _READERS_SUPPORT.search(block))


CAPITALS_HEADLINE_MIN_WORDS = 7


def _capitals_headline(block: str) -> bool:
    """Another story's headline set in capitals between a story's paragraphs ("MINISTER ORDERS
    INQUIRY INTO CLINIC BLAST THAT KILLED SIX"): a whole headline, where a story's own subheads
    in capitals are a few words or a question ("WHO WILL RUN?")."""
    return (
        in_capitals(block)
        and len(_words(block)) >= CAPITALS_HEADLINE_MIN_WORDS
        and _is_headline_like(block)
        and not block.rstrip().endswith("?")
    )


def _is_ui(block: str) -> bool:
    if _UI_PHRASE.search(block):
        return True
    words = [w.lower() for w in _words(block)]
    return 0 < len(words) <= 10 and all(w in _UI_WORDS for w in words)


def _is_menu(block: str) -> bool:
    """'Home | World | Middle East | Video': three or more short items split by separators."""
    items = [item for item in _MENU_SEPARATORS.split(block.strip()) if item]
    return len(items) >= 3 and all(1 <= len(_words(item)) <= 3 for item in items) and not _SENTENCE_END.search(block)


def _normal(text: str) -> str:
    return " ".join(_words(text)).casefold()


CAPTION_MAX_WORDS = 80
# "*The group is banned in Russia.": a legal note glued to its asterisk (a list bullet has a space)
_FOOTNOTE = re.compile(r"^(?:\*{1,3}|\(\*\))(?=[^\W\d_])")
# "* We reported at the time that ...": behind a bullet, the outlet speaking of its own reports
_BULLET = re.compile(r"^(?:\*{1,3}|\(\*\))\s")
_OWN_REPORTS = re.compile(
    r"\b(?:we (?:published|reported|received|documented|corrected|updated)"
    r"|our (?:earlier |previous )?(?:report|news report|article|story|reporting))\b", re.I)
FOOTNOTE_MAX_WORDS = 60
# the note an outlet puts on the article itself: how it was made, changed, or goes on
_EDITORS_NOTE = re.compile(
    r"^(?:editor'?s note\b|correction\s*:|(?:this is a )?developing story\b|more to come\W*$"
    r"|this (?:article|story|report|piece|post) (?:was|has been|is being|will be)"
    r" (?:\w+ )?(?:translated|updated|edited|corrected|amended|originally published)\b)",
    re.I,
)


def _classify(block: str, *, before_story: bool, document_script: str | None, title: str | None) -> tuple[RemovedKind, str] | None:
    """The furniture kind of one block and the rule that decided it, or None for story text."""
    normal = _normal(block)
    if before_story and title and normal and (
            normal == _normal(title) or not is_prose(block) and _normal(title).startswith(normal)):
        return RemovedKind.HEADLINE, "repeats_title"  # a <title> often repeats the headline, or adds the site
    scripts = _scripts(block)
    letters = sum(scripts.values())
    if document_script and letters and scripts.get(document_script, 0) < letters / 2:
        return RemovedKind.FOREIGN_UI, f"script_{(_dominant(scripts) or 'unknown').lower()}_not_{document_script.lower()}"
    if len(_words(block)) <= FOOTNOTE_MAX_WORDS and (
            _FOOTNOTE.match(block) or _BULLET.match(block) and _OWN_REPORTS.search(block)):
        return RemovedKind.FURNITURE, "asterisk_footnote"
    if _EDITORS_NOTE.match(block) and len(_words(block)) <= FOOTNOTE_MAX_WORDS:
        return RemovedKind.FURNITURE, "editors_note"
    if _COMMENT_PROMPT.search(block) and len(_words(block)) <= 25:
        return RemovedKind.COMMENT_PROMPT, "comment_prompt"
    if _is_ui(block):
        return RemovedKind.SHARE_UI, "ui_vocabulary"
    if _is_menu(block):
        return RemovedKind.NAVIGATION, "menu_line"
    if _TEASER_HEADER.match(block.strip()):
        return RemovedKind.TEASER, "teaser_header"
    if _INLINE_TEASER.match(block) and not is_prose(block):
        return RemovedKind.TEASER, "inline_teaser"
    if _LIST_LABEL.match(block):
        return RemovedKind.TEASER, "list_label"
    if _AGENCY_CAPTION.match(block) and len(_words(block)) <= AGENCY_CAPTION_MAX_WORDS:
        return RemovedKind.CAPTION, "agency_caption_dateline"
    credit = _credit_rule(block) if len(_words(block)) <= CAPTION_MAX_WORDS else None  # a whole story flattened into one block is no caption
    if credit:
        without_credit = len(_words(block)) <= 6
        return (RemovedKind.IMAGE_CREDIT if without_credit else RemovedKind.CAPTION), credit
    if _dated_picture_description(block):
        return RemovedKind.CAPTION, "dated_picture_description"
    if _COMMENT_POLICY.search(block) and len(_words(block)) <= SUBSCRIPTION_MAX_WORDS:
        return RemovedKind.COMMENT_PROMPT, "comment_policy"
    if (_SUBSCRIPTION.search(block) and len(_words(block)) <= SUBSCRIPTION_MAX_WORDS
            and (not is_prose(block)
                 or _TO_THE_READER.search(block) and not _QUOTE_MARK.search(block))):
        return RemovedKind.SHARE_UI, "subscription_pitch"
    if _OUTLET_NOTE.search(block) and len(_words(block)) <= SUBSCRIPTION_MAX_WORDS:
        return RemovedKind.SHARE_UI, "outlet_note"
    if _reader_appeal(block):
        return RemovedKind.SHARE_UI, "reader_appeal"
    if _OUTLET_SELF.match(block) and len(_words(block)) <= APPEAL_MAX_WORDS:
        return RemovedKind.SHARE_UI, "outlet_describes_itself"
    if _SUPPORT_HEADER.match(block.strip()):
        return RemovedKind.SHARE_UI, "support_header"
    if not before_story and _capitals_headline(block):
        return RemovedKind.TEASER, "capitals_headline_in_story"
    if _AUTHOR_NOTE.match(block) and len(_words(block)) <= SUBSCRIPTION_MAX_WORDS:
        return RemovedKind.BYLINE, "author_note"
    if _CLOSING_CREDIT.search(block) and len(_words(block)) <= 25:
        return RemovedKind.BYLINE, "closing_credit"
    if _BYLINE.match(block) and len(_words(block)) <= 15 and not is_prose(block):
        return RemovedKind.BYLINE, "byline"
    if _DATE_LABEL.match(block) and FULL_DATE.search(block) and len(_words(block)) <= 15:
        return RemovedKind.BYLINE, "date_label"
    if _is_date_stamp(block):
        return (RemovedKind.BYLINE, "date_stamp_before_story") if before_story else (RemovedKind.TEASER, "date_stamp_in_story")
    return None


# "Hasaka, NSA-Two farmers were wounded ...": a news agency's own dateline, the place in
# title case and the agency's initials after a comma, the dash often glued to the first word
_AGENCY_DATELINE = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3})\s?,\s*(?P<agency>[A-Z]{2,6})\s*[-–—]+\s*"
    r"(?=[A-Z0-9\"“])"
)


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    match = _DATELINE.match(paragraph) or _AGENCY_DATELINE.match(paragraph)
    rest = paragraph[match.end() :] if match else ""
    # the text after a dateline opens a sentence; "NATO - the alliance - said" does not
    if not match or not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“'‘") or not is_prose(rest):
        return None, paragraph
    parts = match.groupdict()
    dateline = Dateline(
        text=match.group(0).strip(),
        place=", ".join(filter(None, (parts["place"], parts.get("region")))),
        date_text=parts.get("date"),
        agency=parts["agency"],
    )
    return dateline, rest


def _opens_story(
    position: int, verdicts: list[tuple[RemovedKind, str] | None], before: int
) -> bool:
    """A stamp among the first story paragraphs, with story after it and no teaser before it:
    the page's own stamp, not that of a related story listed under the text."""
    story_follows = any(v is None for v in verdicts[position + 1 :])
    after_teaser = position > 0 and (verdicts[position - 1] or (None,))[0] is RemovedKind.TEASER
    return before < STAMP_NEAR_TOP and story_follows and not after_teaser


Verdict = tuple[RemovedKind, str] | None
DATE_STAMP_RULES = frozenset({"date_stamp_before_story", "date_stamp_in_story"})


def rule_verdicts(blocks: Sequence[str], title: str | None = None,
                  scraped_text: bool = False) -> list[Verdict]:
    """Each block's furniture kind and the rule that named it (None: story, so far)."""
    document_script = _dominant(_scripts(" ".join(blocks)[:50_000]))
    verdicts: list[Verdict] = []
    seen_story = False
    in_teaser_list = False
    headline: str | None = None
    for block in blocks:
        verdict = _classify(block, before_story=not seen_story, document_script=document_script, title=title or headline)
        if verdict is None and in_teaser_list and not is_prose(block) and _is_headline_like(block):
            verdict = (RemovedKind.TEASER, "teaser_list_item")
        if verdict is None and not seen_story and title is None and headline is None and _is_headline_like(block):
            verdict = (RemovedKind.HEADLINE, "first_heading_before_story")
            headline = block
        if verdict is not None:
            # a listed story's own date stamp sits between the list's headlines
            in_teaser_list = verdict[1] == "teaser_header" or (in_teaser_list and (
                verdict[0] is RemovedKind.TEASER or verdict[1] in DATE_STAMP_RULES))
        else:
            in_teaser_list = False
            seen_story = seen_story or is_prose(block)
        verdicts.append(verdict)
    _mark_headline_date_pairs(blocks, verdicts)
    _mark_pitch_continuations(blocks, verdicts)
    _mark_after_closing_credit(blocks, verdicts)
    if scraped_text:
        _mark_page_structure(blocks, verdicts)
    _mark_post_link_titles(blocks, verdicts)
    _mark_teaser_summaries(blocks, verdicts)
    _mark_other_language(blocks, verdicts)
    if headline is not None and not seen_story and all(verdicts):
        # a heading heads a story; with none after it, the line is the report itself
        # (a wire flash, a feed item's only line, a source headline)
        verdicts[verdicts.index((RemovedKind.HEADLINE, "first_heading_before_story"))] = None
    return verdicts


def _apply_line_model(blocks: Sequence[str], verdicts: list[Verdict]) -> None:
    """Lines the rules kept but the line model reads as furniture, typed by where they sit
    (before the story: navigation; elsewhere: furniture). A paragraph of prose needs the
    model surer (its lower prose threshold): a story's late paragraphs carry events. Nothing
    is taken from a text shorter than a page, or when the model would leave no paragraph of
    prose standing (a page with no prose to begin with, all share buttons and other stories'
    headlines, is furniture the model may take whole)."""
    if len(blocks) < MIN_LINES:
        return
    model = load_line_model()
    rows = page_features(blocks, [v[1] if v else None for v in verdicts])
    chances = [model.probability(row) for row in rows]
    prose = [is_prose(block) for block in blocks]
    sentences = [is_sentence(block) for block in blocks]
    taken = [v is None and chances[i] < model.cut(sentences[i]) for i, v in enumerate(verdicts)]
    story = [i for i, v in enumerate(verdicts) if v is None and not taken[i]]
    had_prose = any(prose[i] for i, v in enumerate(verdicts) if v is None)
    if had_prose and not any(prose[i] for i in story):
        return
    for i in (i for i, take in enumerate(taken) if take):
        kind = RemovedKind.NAVIGATION if story and i < story[0] else RemovedKind.FURNITURE
        reasons = ", ".join(model.reasons(rows[i]))
        verdicts[i] = (kind, f"line model p={chances[i]:.2f} ({reasons})")


def line_key(block: str) -> str:
    """A line's words, case-folded: the form in which a site's repeated lines are compared."""
    return _normal(block)


def _mark_host_lines(blocks: Sequence[str], verdicts: list[Verdict], host_lines: frozenset[str]) -> None:
    """Lines earlier pages of the same site also carried (menus, slogans, widget text)."""
    for i, block in enumerate(blocks):
        if verdicts[i] is None and not is_prose(block) and line_key(block) in host_lines:
            verdicts[i] = (RemovedKind.FURNITURE, "repeated_on_host_pages")


# the title of a social-media post's page quotes the post: 'Name on X: "the post's text" / X'
_POST_TITLE = re.compile(
    r"^.{1,80}? on (?:X|Twitter|Telegram|Threads|Instagram|Facebook)\s*:\s*"
    r"[\"“](?P<post>.+)[\"”]",
    re.S,
)
_LINK = re.compile(r"\b(?:https?://|pic\.twitter\.com/|t\.co/)\S*")
POST_RUN_WORDS = 6  # words in a row a line must share with the quoted post to be part of it


def _word_runs(text: str, length: int) -> set[tuple[str, ...]]:
    words = _words(_LINK.sub(" ", text).casefold())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def _mark_other_posts(blocks: Sequence[str], verdicts: list[Verdict], title: str | None) -> None:
    """A page scraped from a social network shows the post it is about among the thread, the
    timeline and the replies around it, each of them a story of its own. The page's title
    quotes the post: the lines sharing a run of its words are the story, the rest is not."""
    quoted = _POST_TITLE.match(title or "")
    if quoted is None:
        return
    post = _word_runs(quoted.group("post"), POST_RUN_WORDS)
    own = [bool(_word_runs(block, POST_RUN_WORDS) & post) for block in blocks]
    if not any(own):
        return  # the post is not on the page as text: leave the page to the other rules
    for index, is_post in enumerate(own):
        if is_post:
            verdicts[index] = None
        elif verdicts[index] is None:
            verdicts[index] = (RemovedKind.TEASER, "not_the_post_the_page_is_about")


def clean_blocks(blocks: tuple[str, ...], title: str | None = None, scraped_text: bool = False,
                 host_lines: frozenset[str] = frozenset()) -> Cleaned:
    verdicts = rule_verdicts(blocks, title, scraped_text)
    if host_lines:
        _mark_host_lines(blocks, verdicts, host_lines)
    if scraped_text:
        _apply_line_model(blocks, verdicts)
    _mark_other_posts(blocks, verdicts, title)
    found_heading = [b for b, v in zip(blocks, verdicts, strict=True)
                     if v == (RemovedKind.HEADLINE, "first_heading_before_story")]
    headline = found_heading[0] if found_heading else None

    paragraphs: list[str] = []
    removed: list[RemovedPart] = []
    byline_date: dt.date | None = None
    page_stamp: dt.date | None = None
    author: str | None = None
    for position, (block, verdict) in enumerate(zip(blocks, verdicts, strict=True)):
        if verdict is None:
            paragraphs.append(block)
            continue
        kind, rule = verdict
        removed.append(RemovedPart(kind, block, rule, position))
        if rule == "date_stamp_in_story" and _opens_story(position, verdicts, len(paragraphs)):
            page_stamp = page_stamp or stamp_date(block)
        if kind is RemovedKind.BYLINE:
            byline_date = byline_date or stamp_date(block)
            name = _BYLINE.match(block)
            author = author or (name.group("name") if name else None)

    near_stamp = _stamp_near_story(blocks, verdicts) if scraped_text and page_stamp is None else None
    dateline = None
    if paragraphs:
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
        if dateline is not None:
            first = next(i for i, v in enumerate(verdicts) if v is None)
            removed.append(RemovedPart(RemovedKind.DATELINE, dateline.text, "dateline", first))
    return Cleaned(
        tuple(paragraphs), tuple(removed), dateline, byline_date, page_stamp, near_stamp, author,
        headline,
    )


STAMP_ABOVE = 40  # lines above the story's first paragraph where its own stamp may sit
STAMP_BELOW = 8  # and below it, under a standfirst
STAMP_MAX_WORDS = 25
_TEASER_LIST = frozenset({"teaser_header", "teaser_list_item", "inline_teaser"})
_NOT_THE_PAGES = _TEASER_LIST | {"headline_beside_date_stamp", "headline_after_story"}


def _stamp_near_story(blocks: Sequence[str], verdicts: list[Verdict]) -> dt.date | None:
    """On flattened pages the story's own stamp ("Chris Davies - Nov 19, 2019, 10:31 pm",
    "* Nov 18, 2019 at 9:24 pm ET • 2 min read") often sits among menu lines and was taken by
    another rule or the line model, so it never reached the byline check. The nearest short
    dated line above the first story paragraph is the page's date, else the first one just
    below it (under a standfirst); never a caption's or a teaser list's."""
    start = next((i for i, v in enumerate(verdicts) if v is None and is_prose(blocks[i])), None)
    if start is None:
        return None
    above = range(start - 1, max(-1, start - 1 - STAMP_ABOVE), -1)
    below = range(start + 1, min(len(blocks), start + 1 + STAMP_BELOW))
    for side in (above, below):
        for i in side:
            verdict = verdicts[i]
            if side is below and verdict and verdict[1] in _TEASER_LIST:
                break  # a list of other stories starts: their stamps are not the page's
            if verdict and (verdict[0] in (RemovedKind.CAPTION, RemovedKind.IMAGE_CREDIT)
                            or verdict[1] in _NOT_THE_PAGES):
                continue
            if len(_words(blocks[i])) <= STAMP_MAX_WORDS and not is_prose(blocks[i]):
                day = stamp_date(blocks[i])
                if day is not None:
                    return day
    return None


def _ends_a_sentence(block: str) -> bool:
    """A sentence ends with . ! ? (and closing quotes); a teaser cut short ends with an ellipsis."""
    stripped = block.rstrip()
    return bool(_SENTENCE_END.search(stripped)) and not stripped.endswith(("...", "…"))


LIST_ITEM_MAX_WORDS = 30


def _end_of_closing_list(blocks: Sequence[str], verdicts: list[Verdict], last: int) -> int:
    """The story's last line: its last paragraph, or the end of the list that paragraph or a
    line ending in a colon after it introduces ("As for the injured, they are:" / "* Name (13
    years old)", "Tour dates:" / "June 9 -- Arena, City"): the short lines no rule has taken
    that follow it, up to the last with the first item's bullet if it has one."""
    end = last
    if (end + 1 < len(blocks) and verdicts[end + 1] is None
            and blocks[end + 1].rstrip().endswith(":") and len(_words(blocks[end + 1])) >= 3):
        end += 1
    if not blocks[end].rstrip().endswith(":"):
        return end
    marker = None  # a list of bulleted items ends where the bullets do
    while (end + 1 < len(blocks) and verdicts[end + 1] is None
           and 0 < len(_words(blocks[end + 1])) <= LIST_ITEM_MAX_WORDS):
        lead = blocks[end + 1].strip()[0]
        marker = marker or ("" if lead.isalnum() else lead)
        if marker and lead != marker:
            break
        end += 1
    return end


def _mark_page_structure(blocks: tuple[str, ...], verdicts: list[tuple[RemovedKind, str] | None]) -> None:
    """Furniture known by where it sits on the page, not by its words: a line the page repeats
    (a teaser shown twice, "Next Post"); a bare number (a list's rank); a label of a few words
    before the story (section and tag names) and a longer line there that ends no sentence (a
    caption, a standfirst); and the lines after the story's last paragraph
    that are not sentences (teaser headlines, tags). Prose is never taken."""
    seen = Counter(_normal(block) for block in blocks)
    story = [i for i, (block, verdict) in enumerate(zip(blocks, verdicts, strict=True)) if verdict is None and is_prose(block)]
    if not story:
        return
    first, last = story[0], _end_of_closing_list(blocks, verdicts, story[-1])
    for index, block in enumerate(blocks):
        if verdicts[index] is not None or is_prose(block):
            continue
        sentence, words = _ends_a_sentence(block), _words(block)
        if not words or (all(w.isdigit() for w in words) and len(block) <= 4):
            verdicts[index] = (RemovedKind.NAVIGATION, "number_only")
        elif seen[_normal(block)] > 1 and not sentence:
            verdicts[index] = (RemovedKind.TEASER, "repeated_on_page")
        elif index < first and not sentence and len(words) <= 3:
            verdicts[index] = (RemovedKind.NAVIGATION, "label_before_story")
        elif index < first and not sentence and not _DATELINE.match(block):
            # a line above the story's first paragraph that ends no sentence: a picture's
            # caption, the standfirst, a byline with its stamp (which the stamp search reads)
            verdicts[index] = (RemovedKind.FURNITURE, "unpunctuated_line_before_story")
        elif index > last and not sentence:
            verdicts[index] = (RemovedKind.TEASER, "headline_after_story")


PITCH_RULES = frozenset({"subscription_pitch", "reader_appeal", "outlet_describes_itself",
                         "support_header", "pitch_between_pitches", "pitch_thanks"})
PITCH_LIST_ITEMS = 6
CONTINUATION_MAX_WORDS = 30
THANKS_MAX_WORDS = 12  # "We appreciate your support." closing an appeal


def _mark_pitch_continuations(blocks: Sequence[str], verdicts: list[Verdict]) -> None:
    """A pitch goes on past the line its words were recognised in: a flattened page breaks a
    sentence across lines ("Subscribe today from just" / "$5/month" / "to read every story"),
    so a short line opening in lower case right after a furniture line that ends no sentence
    continues it; a line between two lines of an appeal belongs to it, and so does a short
    thanks in the outlet's voice after one ("We appreciate your support."); and a pitch ending
    in a colon ("From $4 a month, you will:") heads a list of its offers, up to the item that
    ends with a full stop."""
    def pitch(index: int) -> bool:
        verdict = verdicts[index] if 0 <= index < len(verdicts) else None
        return verdict is not None and verdict[1] in PITCH_RULES

    for index in range(1, len(blocks)):
        before = verdicts[index - 1]
        block = blocks[index].strip()
        if before is None or verdicts[index] is not None or not block:
            continue
        if (block[0].islower() and not _ends_a_sentence(blocks[index - 1])
                and len(_words(block)) <= CONTINUATION_MAX_WORDS):
            verdicts[index] = (before[0], f"continues_{before[1]}")
    for index, block in enumerate(blocks):
        if verdicts[index] is not None or not pitch(index - 1) or _QUOTE_MARK.search(block):
            continue
        if pitch(index + 1) and len(_words(block)) <= APPEAL_MAX_WORDS:
            verdicts[index] = (verdicts[index - 1][0], "pitch_between_pitches")
        elif len(_words(block)) <= THANKS_MAX_WORDS and _TO_THE_READER.search(block):
            verdicts[index] = (verdicts[index - 1][0], "pitch_thanks")
    for index, verdict in enumerate(verdicts):
        heads_a_list = blocks[index].rstrip().endswith(":")
        if verdict is None or verdict[1] not in PITCH_RULES or not heads_a_list:
            continue
        for item in range(index + 1, min(len(blocks), index + 1 + PITCH_LIST_ITEMS)):
            if verdicts[item] is None:
                if len(_words(blocks[item])) > CONTINUATION_MAX_WORDS:
                    break
                verdicts[item] = (verdict[0], "pitch_list_item")
            if _ends_a_sentence(blocks[item]):
                break


def _mark_after_closing_credit(blocks: Sequence[str], verdicts: list[Verdict]) -> None:
    """"Sami Aziz contributed to this report." ends the story: what follows that is no
    paragraph of prose ("Enjoying this story?", a teaser, a tag) is the page's."""
    seen_story = False
    for index, (block, verdict) in enumerate(zip(blocks, verdicts, strict=True)):
        if verdict is None and is_prose(block):
            seen_story = True
        elif seen_story and verdict == (RemovedKind.BYLINE, "closing_credit"):
            for later in range(index + 1, len(blocks)):
                line = blocks[later]
                if verdicts[later] is None and line.strip() and not is_prose(line):
                    verdicts[later] = (RemovedKind.FURNITURE, "after_closing_credit")
            return


OTHER_LANGUAGE_MIN_WORDS = 8
OTHER_LANGUAGE_CONFIDENCE = 0.99  # of the line
STORY_LANGUAGE_CONFIDENCE = 0.9  # of the story around it
STORY_SAMPLE_CHARS = 3000  # enough text to tell the story's language


def _mark_other_language(blocks: Sequence[str], verdicts: list[Verdict]) -> None:
    """A line in another language than the story, in the same script ("Des habitants attendent
    ..." under an English story: the caption the picture came with, a comment policy), is the
    page's: only when both languages are clear and the line quotes no one."""
    story = " ".join(b for b, v in zip(blocks, verdicts, strict=True) if v is None)
    language, confidence = detect_language(story[:STORY_SAMPLE_CHARS])
    if language is None or (confidence or 0) < STORY_LANGUAGE_CONFIDENCE:
        return
    for index, block in enumerate(blocks):
        words = _words(block)
        if (verdicts[index] is not None or _QUOTE_MARK.search(block)
                or len(words) < OTHER_LANGUAGE_MIN_WORDS):
            continue
        if language == "en" and sum(w.lower() in STOP_WORDS for w in words) > len(words) / 4:
            continue  # plainly English: no need to ask the identifier (speed)
        own, sure = detect_language(block)
        if own is not None and own != language and (sure or 0) >= OTHER_LANGUAGE_CONFIDENCE:
            verdicts[index] = (RemovedKind.FOREIGN_UI, f"language_{own}_not_{language}")


# a blog template's links to the stories before and after this one, each followed by its title
_POST_LINK = re.compile(r"^(?:prev(?:ious)?|next|older|newer)\s+(?:post|article|story|entry)\s*[»›>]?$", re.I)
POST_TITLE_MAX_WORDS = 60


def _mark_post_link_titles(blocks: Sequence[str], verdicts: list[Verdict]) -> None:
    """"Prev Post" / "Next Post" each come with another story's title on the line after them,
    a question or a sentence as often as a headline: that line is a teaser, whatever it says."""
    for index, block in enumerate(blocks):
        if not _POST_LINK.match(block.strip()):
            continue
        if verdicts[index] is None:
            verdicts[index] = (RemovedKind.NAVIGATION, "post_link")
        title = index + 1
        if (title < len(blocks) and verdicts[title] is None
                and len(_words(blocks[title])) <= POST_TITLE_MAX_WORDS):
            verdicts[title] = (RemovedKind.TEASER, "title_beside_post_link")


# one sentence ending and another starting; "Pfc. Patrick", "Lt. Toor" are no break
_SENTENCE_BREAK = re.compile(r"(?:\b[a-z]{2,}|\d)[.!?][\"'”’»)]*\s+[A-Z\"“]")
TEASER_SUMMARY_MAX_WORDS = 30


def _mark_teaser_summaries(blocks: Sequence[str], verdicts: list[Verdict]) -> None:
    """Under "You May Also Like" after the story, other stories may be listed by a one-sentence
    summary instead of a headline ("A crack suggests the pipe perhaps withstood the impact."):
    such sentences are teasers when no paragraph of more than one sentence, or longer than a
    summary, follows the list header anywhere on the page (the story does not resume)."""
    for index, verdict in enumerate(verdicts):
        if verdict is None or verdict[1] != "teaser_header":
            continue
        after = range(index + 1, len(blocks))
        summaries = [i for i in after if verdicts[i] is None]
        if not summaries or any(
                len(_words(blocks[i])) > TEASER_SUMMARY_MAX_WORDS
                or _SENTENCE_BREAK.search(blocks[i]) for i in summaries):
            continue
        story_before = any(v is None and is_prose(b)
                           for b, v in zip(blocks[:index], verdicts[:index], strict=True))
        if story_before:
            for i in summaries:
                verdicts[i] = (RemovedKind.TEASER, "teaser_summary")
        return


def _mark_headline_date_pairs(blocks: tuple[str, ...], verdicts: list[tuple[RemovedKind, str] | None]) -> None:
    """A teaser is a short headline next to its own date stamp: take the headline too. So is a
    headline inside the story right above a stamped caption (the teaser's own picture)."""
    for index, verdict in enumerate(verdicts):
        if verdict and verdict[0] is RemovedKind.CAPTION and _STAMPED.search(blocks[index]) and index:
            above = index - 1
            story_before = any(v is None and is_prose(b) for b, v in zip(blocks[:above], verdicts[:above], strict=True))
            if story_before and verdicts[above] is None and _is_headline_like(blocks[above]):
                verdicts[above] = (RemovedKind.TEASER, "headline_above_stamped_caption")
            continue
        if verdict != (RemovedKind.TEASER, "date_stamp_in_story"):
            continue
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(blocks) and verdicts[neighbour] is None and _is_headline_like(blocks[neighbour]):
                verdicts[neighbour] = (RemovedKind.TEASER, "headline_beside_date_stamp")
                break
