"""The article-extraction benchmark: real news pages as served, with their true article body.

Each page becomes a document with its ``html`` (what a crawler hands over) and its
``body`` (the ground truth), for the cleaner's character precision and recall. Pages are
split by host (about 60:40 dev/test, ``split.assign`` on host names): rounds 1-5 scored all
181 pages as test and never read one; from round 6 the cleaner and the line model are
developed on the dev hosts only, and the test hosts stay unread.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from chronica.errors import InputError
from chronica.evaluation.corpora._io import need
from chronica.evaluation.corpora.records import CorpusDocument
from chronica.evaluation.split import assign

FOLDER = "article_extraction_benchmark"
_WORD = re.compile(r"\w+")
SURE_WORDS = 4


def read(root: Path) -> Iterator[CorpusDocument]:
    docs = list(_pages(root))
    sides = assign(docs)
    for doc in docs:
        yield dataclasses.replace(doc, split=sides[doc.id])


def _pages(root: Path) -> Iterator[CorpusDocument]:
    folder = root / FOLDER
    with need(folder / "ground-truth.json").open(encoding="utf-8") as handle:
        truth = json.load(handle)
    for key, item in sorted(truth.items()):
        page = folder / "html" / f"{key}.html.gz"
        try:
            html = gzip.decompress(need(page).read_bytes())
        except (OSError, EOFError) as error:
            raise InputError("bad_corpus", f"{page}: not a readable gzip file ({error})") from None
        body = item.get("articleBody") or ""
        url = item.get("url")
        yield CorpusDocument(corpus="extraction", id=key, text=body, url=url,
                             source=urlsplit(url).hostname if url else None,
                             split="test", html=html, body=body)


def flattened(doc: CorpusDocument) -> CorpusDocument:
    """The page as a scraper that keeps all visible text hands it over: inscriptis renders
    the HTML (menus, captions, teasers, footers included) and the result is read as text.

    ``body_lines`` marks the rendered lines whose words run, in order, inside the true body:
    a derived line-level gold. A line of fewer than ``SURE_WORDS`` words ("* Business",
    "More") is found inside most bodies by chance, so it counts as story only next to a
    longer story line (a subhead, a list item of the article).
    """
    from inscriptis import (
        get_text,  # the eval extra: only the scoreboard and training use it
    )

    from chronica.ingest.decode import decode_bytes

    text = get_text(decode_bytes(doc.html or b"")[0])
    lines = text.split("\n")
    flags = story_flags(lines, doc.body or "")
    story = [n for n, flag in enumerate(flags) if flag]
    return dataclasses.replace(doc, corpus="extraction_text", text=text, html=None,
                               extra={**doc.extra, "body_lines": story})


def story_flags(lines: Sequence[str], body: str) -> list[bool]:
    """Whether each line is story: its words run, in order, inside ``body``; a line shorter
    than ``SURE_WORDS`` words only next to such a line (it would match most bodies by chance)."""
    text = f" {_words(body)} "
    words = [_words(line) for line in lines]
    inside = [bool(w) and f" {w} " in text for w in words]
    sure = [found and len(w.split()) >= SURE_WORDS for found, w in zip(inside, words, strict=True)]
    filled = [i for i, w in enumerate(words) if w]  # neighbours skip blank lines
    flags = [False] * len(lines)
    for k, i in enumerate(filled):
        beside = [filled[j] for j in (k - 1, k + 1) if 0 <= j < len(filled)]
        flags[i] = sure[i] or inside[i] and any(sure[j] for j in beside)
    return flags


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
