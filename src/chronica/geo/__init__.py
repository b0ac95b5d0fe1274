"""Places: gazetteer, recognition, resolution, event location."""

from __future__ import annotations

from chronica.geo.gazetteer import Gazetteer
from chronica.geo.recognise import Toponym, demonym_country, recognise
from chronica.geo.resolve import resolve
from chronica.model import Place, PlaceMention, Span
from chronica.nlp import Parsed


def geoparse(text: str, parsed: Parsed, gazetteer: Gazetteer, dateline_place: str | None = None, names: tuple[Span, ...] = ()) -> tuple[PlaceMention, ...]:
    """Every place mention in ``text`` with its resolution (or "unresolved"). Words inside ``names``
    (armed groups' names: "Islamic State Khorasan Province") are not place mentions."""
    context = _dateline_countries(dateline_place, gazetteer)
    toponyms = [t for t in recognise(text, parsed, gazetteer) if not any(n.start <= t.span.start and t.span.end <= n.end for n in names)]
    return resolve(toponyms, gazetteer, context)


def _dateline_countries(place: str | None, gazetteer: Gazetteer) -> list[str]:
    """A dateline ("BEIRUT, April 12") counts twice as story context."""
    top = dateline_place(place, gazetteer)
    return [top.country, top.country] if top and top.country else []


def dateline_place(place: str | None, gazetteer: Gazetteer) -> Place | None:
    """The place a dateline names: datelines name towns, so the most populous town, else the
    largest place. A dateline names a place for certain, so when no name matches exactly, a
    spelling variant whose every reading lies in one country is that place ("Qunaitra" for
    Quneitra); variants spread over several countries stay a guess, and are not taken."""
    if not place:
        return None
    name = place.split(",")[0].strip().title()
    found = gazetteer.by_name(name)
    candidates = [p for p, how in found if how != "skeleton"]
    if not candidates and len({p.country for p, _ in found}) == 1:
        candidates = [p for p, _ in found]
    return max(candidates, key=lambda p: (p.feature_class == "P", p.population)) if candidates else None


__all__ = ["Gazetteer", "Toponym", "dateline_place", "demonym_country", "geoparse", "recognise", "resolve"]
