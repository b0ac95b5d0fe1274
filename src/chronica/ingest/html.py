"""HTML page → story blocks, metadata, and the furniture found in the markup.

trafilatura finds the main text; before it runs we take out the elements whose
markup says what they are (figcaption, related-article boxes, comment and share
widgets, navigation) and keep them as typed removed parts, because trafilatura
drops them silently and a coder needs to see what was excluded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import htmldate
import lxml.html
import trafilatura
from lxml import etree

from chronica.clean import is_prose
from chronica.dates import parse_when
from chronica.errors import InputError
from chronica.model import DateSource, Origin, RemovedKind, RemovedPart, SourceRecord

# Class/id tokens that name page furniture; matched against whole tokens of the
# attribute split on non-letters, so "share-bar" matches "share" but "shared" does not.
_FURNITURE_TOKENS: tuple[tuple[RemovedKind, frozenset[str]], ...] = (
    (RemovedKind.CAPTION, frozenset({"caption", "figcaption", "wp-caption-text"})),
    (RemovedKind.IMAGE_CREDIT, frozenset({"credit", "credits", "copyright", "photographer"})),
    (RemovedKind.BYLINE, frozenset({"byline", "author", "authors", "contributor"})),
    (
        RemovedKind.TEASER,
        frozenset({"related", "recommended", "teaser", "teasers", "trending", "popular", "mostread", "outbrain", "taboola", "readmore", "more-stories", "also"}),
    ),
    (RemovedKind.COMMENT_PROMPT, frozenset({"comment", "comments", "disqus", "respond", "reply"})),
    (RemovedKind.SHARE_UI, frozenset({"share", "sharing", "social", "newsletter", "subscribe", "subscription", "sharebar", "addthis", "print", "follow"})),
    (RemovedKind.NAVIGATION, frozenset({"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer", "masthead", "sidebar", "cookie", "cookies", "advert", "advertisement", "ad", "ads", "promo"})),
)
_TAG_KINDS = {
    "figcaption": RemovedKind.CAPTION,
    "nav": RemovedKind.NAVIGATION,
    "footer": RemovedKind.NAVIGATION,
    "aside": RemovedKind.TEASER,
}
_NEVER_REMOVE = frozenset({"html", "body", "main", "article"})
_TOKEN_SPLIT = re.compile(r"[^a-z]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_WHITESPACE = re.compile(r"\s+")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "td")


def _element_text(element: etree._Element) -> str:
    return _WHITESPACE.sub(" ", " ".join(element.itertext())).strip()


def _furniture_kind(element: etree._Element) -> RemovedKind | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _NEVER_REMOVE:
        return None
    if tag in _TAG_KINDS:
        return _TAG_KINDS[tag]
    attributes = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}".lower()
    if not attributes.strip():
        return None
    tokens = set(_TOKEN_SPLIT.split(attributes))
    tokens.update(part for part in attributes.split() if "-" in part)
    for kind, names in _FURNITURE_TOKENS:
        if tokens & names:
            return kind
    return None


STORY_PARAGRAPHS = 2  # prose paragraphs that make an element a story container, not furniture


def _holds_story(element: etree._Element) -> bool:
    """Two or more prose paragraphs inside: a story wrapper, whatever its class or tag says.

    Pages wrap the article in elements whose class names furniture ("ad-slot", "navigation",
    "sidebar-layout") or even in a <nav>; captions, share bars, teaser lists and menus hold
    headlines and short lines, not paragraphs of prose.
    """
    paragraphs = 0
    for paragraph in element.iter("p", "blockquote"):
        if is_prose(_element_text(paragraph)):
            paragraphs += 1
            if paragraphs >= STORY_PARAGRAPHS:
                return True
    return False


def harvest_furniture(root: etree._Element) -> list[RemovedPart]:
    """Remove furniture elements from ``root`` in place and return them typed.

    An element holding most of the page's text, or paragraphs of prose, is never removed,
    whatever its class says: a wrapper named "has-comments" is still the article. Reader
    comments are the exception: they are prose, and never the story.
    """
    body = root.find("body")
    total = len(_element_text(body if body is not None else root)) or 1
    found: list[tuple[etree._Element, RemovedKind, str]] = []
    taken: set[etree._Element] = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("head", "script", "style"):
            continue
        kind = _furniture_kind(element)
        if kind is None or any(ancestor in taken for ancestor in element.iterancestors()):
            continue
        text = _element_text(element)
        story_like = kind is not RemovedKind.COMMENT_PROMPT and _holds_story(element)
        if text and len(text) <= total / 2 and not story_like:
            taken.add(element)
            found.append((element, kind, text))
    for element, _, _ in found:
        element.drop_tree()
    return [RemovedPart(kind=kind, text=text, rule=f"html:{element.tag}.{kind.value}") for element, kind, text in found]


def _fallback_blocks(root: etree._Element) -> list[str]:
    """Block-level text for fragments too short for trafilatura (feed summaries)."""
    blocks = [_element_text(el) for el in root.iter(*_BLOCK_TAGS)]
    blocks = [b for b in blocks if b]
    if not blocks:
        text = _element_text(root)
        blocks = [text] if text else []
    return blocks


def parse_html(text: str) -> etree._Element:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise InputError("empty", "the HTML page is empty")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError("malformed_html", f"the HTML could not be parsed: {exc}") from exc


_TIMESTAMP_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
)


_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def _declared_timestamps(root: etree._Element) -> Iterator[str]:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _TIMESTAMP_META:
            yield meta.get("content") or ""
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or ""):
            yield from _JSON_LD_DATE.findall(script.text or "")


def _meta_timestamp(root: etree._Element, day: dt.date) -> dt.datetime | None:
    """htmldate keeps only the day; recover the time of day from the same metadata when it agrees."""
    for declared in _declared_timestamps(root):
        value = parse_when(declared)
        if isinstance(value, dt.datetime) and value.date() == day:
            return value
    return None


def metadata_date(root: etree._Element) -> dt.date | None:
    """Publication date from meta tags and structured data only, never the page text,
    so a caption's or teaser's date cannot become the story's date."""
    found = htmldate.find_date(root, extensive_search=False, original_date=True)
    if not found:
        return None
    day = dt.date.fromisoformat(found)
    return _meta_timestamp(root, day) or day


def html_record(
    text: str,
    origin: Origin,
    raw: bytes,
    *,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    published_source: DateSource | None = None,
    warnings: tuple[str, ...] = (),
) -> SourceRecord:
    """Fields given by the caller (feed item, JSONL record) win over page metadata."""
    root = parse_html(text)
    page_date = metadata_date(root) if published is None else None
    meta = trafilatura.extract_metadata(root, default_url=url, extensive=False)
    removed = harvest_furniture(root)
    extracted = trafilatura.bare_extraction(
        root, url=url, include_comments=False, include_tables=False, with_metadata=False, favor_recall=True
    )
    extracted_text = extracted.text if extracted is not None else None
    blocks = extracted_text.split("\n") if extracted_text else _fallback_blocks(root)
    host = urlsplit(url).hostname if url else None
    return SourceRecord(
        origin=origin,
        blocks=tuple(b.strip() for b in blocks if b.strip()),
        raw=raw,
        url=url or (meta.url if meta else None),
        title=title or (meta.title if meta else None),
        author=meta.author if meta else None,
        source=source or (meta.sitename if meta else None) or host,
        published=published or page_date,
        published_source=published_source if published else (DateSource.METADATA if page_date else None),
        removed=tuple(removed),
        warnings=warnings,
    )
