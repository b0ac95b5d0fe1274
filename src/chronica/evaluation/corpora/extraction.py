"""The article-extraction benchmark: real news pages as served, with their true article body.

Each page becomes a document with its ``html`` (what a crawler hands over) and its
``body`` (the ground truth), for the cleaner's character precision and recall. The
pages were never used to write the cleaner, so they are a test set ("test").
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from chronica.errors import InputError
from chronica.evaluation.corpora._io import need
from chronica.evaluation.corpora.records import CorpusDocument

FOLDER = "article_extraction_benchmark"


def read(root: Path) -> Iterator[CorpusDocument]:
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
        yield CorpusDocument(corpus="extraction", id=key, text=body, url=item.get("url"),
                             split="test", html=html, body=body)
