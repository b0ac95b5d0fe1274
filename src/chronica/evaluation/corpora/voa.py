"""Voice of America conflict and politics stories (public domain), one story per record.

Gold events for these stories are our own annotations (``eval/real/``), joined by id
and text hash by :mod:`chronica.evaluation.gold`; the corpus itself carries none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from chronica.evaluation.corpora._io import day, json_lines
from chronica.evaluation.corpora.records import CorpusDocument

FILE = "voa/voa_stories.jsonl"


def read(root: Path) -> Iterator[CorpusDocument]:
    for row in json_lines(root / FILE):
        yield CorpusDocument(
            corpus="voa", id=str(row["id"]), text=row["text"], title=row.get("title"),
            url=row.get("url"), source="voanews.com", published=day(row.get("published")),
            extra={"section": row.get("section")},
        )
