"""Converters: each real corpus in ``../shared/corpora`` read into :class:`CorpusDocument`.

``read_corpus(name, root)`` is the one entry point; ``CORPORA`` lists the names in the
order the scoreboard prints them. Nothing here is shipped data: the corpora stay in
the folder they were downloaded to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from chronica.errors import InputError
from chronica.evaluation.corpora import (
    acled,
    airwars,
    event_location,
    extraction,
    geo,
    muc4,
    plover,
    ucdp,
    voa,
)
from chronica.evaluation.corpora.records import CorpusDocument, GoldEvent, GoldPlace

DEFAULT_ROOT = Path("../shared/corpora")
RESERVED = ("case2021", "case-2021", "geowebnews", "gwn")  # kept for external evaluation

Reader = Callable[[Path], Iterator[CorpusDocument]]
CONVERTERS: dict[str, Reader] = {
    "voa": voa.read,
    "airwars": airwars.read,
    "muc4": muc4.read,
    "acled": acled.read,
    "ucdp": ucdp.read,
    "plover": plover.read,
    "event_location": event_location.read,
    "extraction": extraction.read,
    "lgl": partial(geo.read_gritta, name="lgl"),
    "trnews": partial(geo.read_gritta, name="trnews"),
    "geovirus": geo.read_geovirus,
    "geocorpora": geo.read_geocorpora,
    "wotr": geo.read_wotr,
}
CORPORA = tuple(CONVERTERS)


def read_corpus(name: str, root: Path = DEFAULT_ROOT) -> Iterator[CorpusDocument]:
    if any(reserved in name.lower() for reserved in RESERVED):
        raise InputError("reserved_corpus", f"{name} is held out for external evaluation")
    if name not in CONVERTERS:
        raise InputError("unknown_corpus", f"unknown corpus {name!r}; known: {', '.join(CORPORA)}")
    return CONVERTERS[name](root)


__all__ = ["CORPORA", "CorpusDocument", "DEFAULT_ROOT", "GoldEvent", "GoldPlace", "read_corpus"]
