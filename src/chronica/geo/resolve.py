"""Choose the gazetteer entry each place name means.

Evidence, in the order a human coder weighs it: a division word or a named
containing division ("Idlib province", "Paris, Texas"); the countries the rest
of the story is about (the dateline, demonyms, names that can mean only one
place); then how prominent each candidate is (countries, capitals, population);
and last, how exactly the spelling matched. A name no candidate wins clearly
stays unresolved, with its candidates listed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from chronica.geo.gazetteer import Gazetteer
from chronica.geo.recognise import Toponym
from chronica.model import Candidate, Place, PlaceMention

MAX_ALTERNATIVES = 5
NEARBY_CHARS, NEARBY_WEIGHT = 250, 4.0  # names within about two sentences weigh this much more
# weights of the score terms (log-population is on a 0..~1.2 scale)
FEATURE_PRIOR = {"PCLI": 1.0, "PPLC": 0.35, "ADM1": 0.1, "ADM2": 0.0}
DIVISION_WITHOUT_CUE = -0.35  # "in Idlib" is the city unless the text says province
DIVISION_CUE = 1.0
FEATURE_CUE = 0.8
CONTEXT_COUNTRY = 1.2
CONTAINING_DIVISION = 1.0
SKELETON_MATCH = -0.35
# below this, a candidate is not convincing enough to be chosen
MIN_SCORE = {"name": 0.25, "alternate": 0.25, "skeleton": 0.75}
MAIN_NAME = 0.3  # "Torrington" is Torrington before it is West Torrington (alternate name "Torrington")


def _prominence(place: Place) -> float:
    return math.log10(place.population + 1) / 6


def _vote(candidates: tuple[tuple[Place, str], ...]) -> dict[str, float]:
    """The country a name points to when it leaves little doubt: one country, or one far more prominent."""
    exact = sorted((p for p, how in candidates if how != "skeleton"), key=lambda p: p.population, reverse=True)
    countries = {p.country for p in exact}
    if len(countries) == 1:
        return {countries.pop() or "": 1.0}
    if exact:
        top = exact[0]
        runner_up = next((p for p in exact[1:] if p.country != top.country), None)
        if top.feature_code in ("PCLI", "PPLC") or (runner_up and top.population > 20 * max(runner_up.population, 1)):
            return {top.country or "": 0.5}
    return {}


def _score(place: Place, how: str, toponym: Toponym, context: dict[str, float], nearby_divisions: set[tuple[str | None, str]]) -> tuple[float, str]:
    score = _prominence(place) + FEATURE_PRIOR.get(place.feature_code, 0.0)
    reasons = []
    if place.feature_class == "A" and place.feature_code != "PCLI":
        if toponym.prefers_division:
            score += DIVISION_CUE
            reasons.append("division word")
        else:
            score += DIVISION_WITHOUT_CUE
    if toponym.prefers_settlement and place.feature_class == "P":
        score += DIVISION_CUE
        reasons.append("settlement word")
    if toponym.prefers_feature and place.feature_class in "THLSV":
        score += FEATURE_CUE
        reasons.append("feature word")
    share = context.get(place.country or "", 0.0)
    if share:
        score += CONTEXT_COUNTRY * share
        reasons.append(f"story context {place.country}")
    if (place.country, place.admin1 or "") in nearby_divisions:
        score += CONTAINING_DIVISION
        reasons.append(f"named division {place.admin1}")
    if how == "skeleton":
        score += SKELETON_MATCH
        reasons.append("spelling variant")
    elif how == "name":
        score += MAIN_NAME
    if not reasons:
        reasons.append("prominence")
    return score, ", ".join(reasons)


def _division_names(toponym: Toponym, toponyms: list[Toponym], candidates: dict[int, tuple[tuple[Place, str], ...]]) -> set[tuple[str | None, str]]:
    """(country, division name) of every ADM1 named near ``toponym`` ("Paris, Texas"): places inside it are likelier."""
    found = set()
    for other in toponyms:
        if other is toponym or abs(other.span.start - toponym.span.start) > NEARBY_CHARS:
            continue
        for place, how in candidates[id(other)]:
            if how != "skeleton" and place.feature_code == "ADM1":
                found.add((place.country, place.name))
    return found


def resolve(toponyms: list[Toponym], gazetteer: Gazetteer, context_countries: Iterable[str] = ()) -> tuple[PlaceMention, ...]:
    candidates = {id(t): _candidates(t, gazetteer) for t in toponyms}
    votes = [(t, _vote(candidates[id(t)])) for t in toponyms]
    mentions = []
    for toponym in toponyms:
        # a name's own vote must not decide between its own readings; nearby names count more
        context: Counter[str] = Counter(context_countries)
        for other, vote in votes:
            if other is not toponym:
                weight = NEARBY_WEIGHT if abs(other.span.start - toponym.span.start) <= NEARBY_CHARS else 1.0
                context.update({country: share * weight for country, share in vote.items()})
        # share among the countries this name could be in, with one pseudo-vote of doubt
        possible = {p.country or "" for p, _ in candidates[id(toponym)]}
        total = sum(context.get(c, 0.0) for c in possible) + 1.0
        shares = {country: context[country] / total for country in possible if context.get(country)}
        mentions.append(_resolve_one(toponym, candidates[id(toponym)], shares, _division_names(toponym, toponyms, candidates)))
    return tuple(mentions)


def _candidates(toponym: Toponym, gazetteer: Gazetteer) -> tuple[tuple[Place, str], ...]:
    if toponym.country_name:
        return tuple((p, how) for p, how in gazetteer.by_name(toponym.country_name) if p.feature_code == "PCLI")
    return gazetteer.by_name(toponym.text)


def _resolve_one(toponym: Toponym, candidates: tuple[tuple[Place, str], ...], context: dict[str, float], divisions: set[tuple[str | None, str]]) -> PlaceMention:
    kind = "demonym" if toponym.country_name else "toponym"
    scored = sorted(
        ((*_score(place, how, toponym, context, divisions), place, how) for place, how in candidates),
        key=lambda item: item[0],
        reverse=True,
    )
    alternatives = tuple(Candidate(place, round(score, 3)) for score, _, place, _ in scored[1 : 1 + MAX_ALTERNATIVES])
    base = dict(span=toponym.span, text=toponym.text, kind=kind, recognised_by=toponym.recognised_by,
                qualifier=toponym.qualifier, qualifier_span=toponym.qualifier_span, names_actor=toponym.names_actor)
    if not scored:
        return PlaceMention(**base, place=None, score=0.0, rule="not in the gazetteer")
    score, reason, place, how = scored[0]
    if score < MIN_SCORE[how]:
        return PlaceMention(**base, place=None, score=round(score, 3), rule=f"no convincing candidate (best {place.name}, {place.country}: {reason})",
                            alternatives=tuple(Candidate(p, round(s, 3)) for s, _, p, _ in scored[:MAX_ALTERNATIVES]))
    rule = "only candidate" if len(scored) == 1 else reason
    return PlaceMention(**base, place=place, score=round(score, 3), rule=rule, alternatives=alternatives)
