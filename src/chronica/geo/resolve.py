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
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from importlib.resources import files
from itertools import pairwise

from chronica.geo.distance import km
from chronica.geo.gazetteer import Gazetteer
from chronica.geo.names import fold
from chronica.geo.recognise import FEATURE_WORDS, Toponym
from chronica.model import Candidate, Place, PlaceMention

MAX_ALTERNATIVES = 5
NEARBY_CHARS, NEARBY_WEIGHT = 250, 4.0  # names within about two sentences weigh this much more
# weights of the score terms (log-population is on a 0..~1.2 scale)
FEATURE_PRIOR = {"CONT": 1.0, "PCLI": 1.0, "PPLC": 0.35, "ADM1": 0.1, "ADM2": 0.0}
DIVISION_WITHOUT_CUE = -0.35  # "in Idlib" is the city unless the text says province
DIVISION_CUE = 1.0
FEATURE_CUE = 0.8
CONTEXT_COUNTRY = 1.2
CONTEXT_DIVISION = 0.8
CONTAINING_DIVISION = 1.0
NAMED_NEARBY = 0.5  # a division named near a name, not as its container, says half as much
SKELETON_MATCH = -0.35
SPELLING_VARIANT = "spelling variant"  # the reason a skeleton match gives
# below this, a candidate is not convincing enough to be chosen
MIN_SCORE = {"name": 0.25, "alternate": 0.25, "skeleton": 0.5}
UNKNOWN_TOWN_POPULATION = 1000
MAIN_NAME = 0.15  # "Torrington" is Torrington before it is West Torrington (alternate name "Torrington")
# A small namesake abroad: other names of the story (at least this many) were read in a country
# while none was read in the chosen reading's country nor could mean a major place there, and the
# reading is a town of fewer people than SMALL_NAMESAKE_POPULATION (or a minor division or
# feature): the name is the story's own village the gazetteer lacks ("Mamit village" near Kobani is
# not Mamit, Mizoram), so it stays unresolved rather than confidently wrong. One name is enough:
# on LGL and TR-News two refused 4 fewer names and kept 1 more in the wrong country.
STORY_COUNTRY_SUPPORT = 1
NEAR_KM = 100  # "X, east of Y": a reading of X farther than this from Y is a namesake
SMALL_NAMESAKE_POPULATION = 100_000


def _prominence(place: Place) -> float:
    """Log-population on a 0..~1.2 scale. A town with population 0 is one GeoNames lists without
    a count (its cities500 file keeps places of 500 people or more, and the seats of divisions
    whatever their size: "Tall 'Afar" is one): counted as UNKNOWN_TOWN_POPULATION, not as empty."""
    population = place.population or (UNKNOWN_TOWN_POPULATION if place.feature_class == "P" else 0)
    return math.log10(population + 1) / 6


Key = tuple[str, ...]  # ("SY",) for a country, ("US", "Georgia") for a first-order division


def _keys(place: Place) -> list[Key]:
    country = place.country or ""
    keys: list[Key] = [(country,)]
    if place.admin1 and place.feature_code not in ("PCLI", "CONT"):
        keys.append((country, place.admin1))
    return keys


def _doubtless_votes(candidates: tuple[tuple[Place, str], ...]) -> dict[Key, float]:
    """What a name says about the story's country and division when it leaves little doubt:
    every reading in one country (or division), or one reading far more prominent than the rest."""
    exact = sorted((p for p, how in candidates if how != "skeleton"), key=lambda p: p.population, reverse=True)
    if not exact:
        return {}
    votes: dict[Key, float] = {}
    for depth in (1, 2):
        keys = {key for p in exact for key in _keys(p) if len(key) == depth}
        if len(keys) == 1 and all(len(_keys(p)) >= depth for p in exact):
            votes[keys.pop()] = 1.0
    if not votes:
        top = exact[0]
        runner_up = next((p for p in exact[1:] if p.country != top.country), None)
        if top.feature_code in ("PCLI", "PPLC") or (runner_up and top.population > 20 * max(runner_up.population, 1)):
            votes = {key: 0.5 for key in _keys(top)}
    return votes


def _shares(tally: dict[Key, float], possible: set[Key]) -> dict[Key, float]:
    """Each possible country/division's share of ``tally``, with one pseudo-vote of doubt per level."""
    shares = {}
    for depth in (1, 2):
        level = [key for key in possible if len(key) == depth]
        total = sum(tally.get(key, 0.0) for key in level) + 1.0
        shares.update({key: tally[key] / total for key in level if tally.get(key)})
    return shares


def _neighbours(toponyms: list[Toponym]) -> list[list[int]]:
    """For each name, the indexes of the names that start within NEARBY_CHARS of it (itself
    included), found by bisection over the starts rather than by comparing every pair."""
    order = sorted(range(len(toponyms)), key=lambda i: toponyms[i].span.start)
    starts = [toponyms[i].span.start for i in order]
    return [order[bisect_left(starts, t.span.start - NEARBY_CHARS):
                  bisect_right(starts, t.span.start + NEARBY_CHARS)] for t in toponyms]


def _tallies(toponyms: list[Toponym], votes: list[dict[Key, float]], prior: Iterable[Key],
             neighbours: list[list[int]]) -> list[dict[Key, float]]:
    """For each name, what the rest of the story says: every other name's vote, nearby ones
    counting NEARBY_WEIGHT times; the name's own vote, and the same name said again, left out
    so that they cannot decide between its own readings."""
    overall: Counter[Key] = Counter(prior)
    by_name: dict[str, Counter[Key]] = {}
    folded = [fold(t.text) for t in toponyms]
    for name, vote in zip(folded, votes, strict=True):
        overall.update(vote)
        by_name.setdefault(name, Counter()).update(vote)
    tallies = []
    for i in range(len(toponyms)):
        tally = dict(overall)
        for key, value in by_name[folded[i]].items():
            tally[key] = tally.get(key, 0) - value
        for j in neighbours[i]:
            if folded[j] != folded[i]:
                for key, share in votes[j].items():
                    tally[key] = tally.get(key, 0) + share * (NEARBY_WEIGHT - 1)
        tallies.append({key: value for key, value in tally.items() if value > 0})
    return tallies


def _story_countries(
    toponyms: list[Toponym], chosen: list[PlaceMention], prior: Iterable[Key]
) -> list[dict[str, float]]:
    """For each name, how many other names of the story (demonyms aside: "a Turkish drone" names
    an actor; spelling variants aside: two of them vouched for each other) were first read in
    each country, the dateline counting as it does for context. Distinct names, not nearness-
    weighted votes: one neighbour must not speak for the story."""
    names_in: dict[str, set[str]] = {}
    for toponym, mention in zip(toponyms, chosen, strict=True):
        if (mention.place is not None and mention.place.country and not toponym.country_name
                and SPELLING_VARIANT not in mention.rule):
            names_in.setdefault(mention.place.country, set()).add(fold(toponym.text))
    base = Counter(key[0] for key in prior)
    countries = sorted(set(names_in) | set(base))  # fixed order: a tie names one country each run
    return [{c: base[c] + len(names_in.get(c, set()) - {fold(t.text)}) for c in countries}
            for t in toponyms]


def _is_major(place: Place) -> bool:
    return (place.feature_code in ("PCLI", "CONT", "PPLC", "ADM1")
            or place.population >= SMALL_NAMESAKE_POPULATION)


def _namesake_abroad(
    place: Place, how: str, support: dict[str, float] | None, elsewhere: set[str],
    peoples: frozenset[str],
) -> str | None:
    """Why a reading is the story's own place that the gazetteer lacks, or None: a minor reading
    in a country that the story's other names neither chose nor could mean as a major place,
    while they point elsewhere ("a small namesake abroad"); or a mere spelling variant in a
    country fewer of the story's names were read in than in another ("a spelling variant
    outside the story's country") whose people the story does not name either."""
    if support is None or place.feature_code in ("PCLI", "CONT") or not place.country:
        return None  # the first pass only gathers context
    strongest = max(support.values(), default=0.0)
    # "the Iraqi province of Muthana": a people named in the story keeps its country possible
    if (how == "skeleton" and support.get(place.country, 0.0) < strongest
            and place.country not in peoples):
        reason = "a spelling variant outside the story's country"
    elif support.get(place.country, 0.0) > 0 or place.country in elsewhere:
        return None
    elif not _is_major(place) and strongest >= STORY_COUNTRY_SUPPORT:
        reason = "a small namesake abroad"
    else:
        return None
    story = max(support, key=support.__getitem__)  # both reasons need a country with support
    return f"{reason} (best {place.name}, {place.country}; the story is about {story})"


def _other_names_countries(toponyms: list[Toponym], candidates: dict[int, tuple[tuple[Place, str], ...]]) -> dict[int, set[str]]:
    """For each name, the countries where another name of the story has a major reading (a
    country, capital, first-order division or city): "Georgia" keeps the United States possible
    for "Albany" even where it was first read as the country."""
    by_name: dict[str, set[str]] = {}
    for t in toponyms:
        if t.country_name:  # a demonym names a people, not a place the story is in
            continue
        found = by_name.setdefault(fold(t.text), set())
        found.update(p.country for p, how in candidates[id(t)]
                     if p.country and how != "skeleton" and _is_major(p))
    return {id(t): set().union(*(c for name, c in by_name.items() if name != fold(t.text)))
            for t in toponyms}


def _outside_its_division(place: Place, divisions: set[tuple[str | None, str]]) -> bool:
    """Whether a minor town shares its name with a first-order division of its country that it
    is not in: "Delaware" said bare is the state before it is Delaware, Ohio (but Washington the
    capital is no lesser Washington). The town a division is named after, inside it, still
    wins: "in Idlib" is the city unless the text says province."""
    return (place.feature_class == "P" and not _is_major(place)
            and (place.country, place.admin1) not in divisions
            and any(country == place.country for country, _ in divisions))


def _score(place: Place, how: str, toponym: Toponym, context: dict[Key, float],
           nearby_divisions: dict[tuple[str | None, str], float],
           own_divisions: set[tuple[str | None, str]]) -> tuple[float, str]:
    """``own_divisions``: (country, name) of the first-order divisions the name is the main
    name of."""
    # a sea or a region of several countries is as sure a reading of its name as a continent:
    # no story's country makes "the Middle East" a neighbourhood of Baltimore
    score = _prominence(place) + FEATURE_PRIOR.get(
        place.feature_code, FEATURE_PRIOR["CONT"] if place.country is None else 0.0)
    reasons = []
    division = place.feature_class == "A" and place.feature_code not in ("PCLI", "CONT")
    # a region answers a division word too: "the Kurdistan region", "the Darfur region"
    if toponym.prefers_division and (division or place.feature_code == "RGN"):
        score += DIVISION_CUE
        reasons.append("division word")
    elif division:
        score += DIVISION_WITHOUT_CUE
    if _outside_its_division(place, own_divisions):
        score += DIVISION_WITHOUT_CUE
        reasons.append("named like a division it is not in")
    if toponym.prefers_settlement and place.feature_class == "P":
        score += DIVISION_CUE
        reasons.append("settlement word")
    if toponym.prefers_feature and place.feature_class in "THLSV":
        score += FEATURE_CUE
        reasons.append("feature word")
    keys = _keys(place)
    if context.get(keys[0]):
        score += CONTEXT_COUNTRY * context[keys[0]]
        reasons.append(f"story context {place.country}")
    if len(keys) > 1 and context.get(keys[1]):
        score += CONTEXT_DIVISION * context[keys[1]]
        reasons.append(f"story context {place.admin1}")
    weight = nearby_divisions.get((place.country, place.admin1 or ""))
    if weight:
        score += CONTAINING_DIVISION * weight
        reasons.append(f"{'in' if weight == 1.0 else 'named near'} division {place.admin1}")
    if how == "skeleton":
        score += SKELETON_MATCH
        reasons.append(SPELLING_VARIANT)
    elif how == "name":
        score += MAIN_NAME
    if not reasons:
        reasons.append("prominence")
    return score, ", ".join(reasons)


def _own_divisions(candidates: tuple[tuple[Place, str], ...]) -> set[tuple[str | None, str]]:
    """(country, name) of each first-order division the name is the main name of ("Idaho")."""
    return {(place.country, place.name) for place, how in candidates
            if how == "name" and place.feature_code == "ADM1"}


def _without_peer_divisions(
    context: dict[Key, float], own: set[tuple[str | None, str]]
) -> dict[Key, float]:
    """The story's context without the other divisions of a country where the name is itself a
    division: beside "Montana" in a list of states, "Idaho" is the state, not a Montana town
    that also answers to it."""
    countries = {country for country, _ in own}
    return {key: value for key, value in context.items()
            if len(key) < 2 or key[0] not in countries or (key[0], key[1]) in own}


def _division_readings(
    candidates: tuple[tuple[Place, str], ...]
) -> list[tuple[str | None, str]]:
    """(country, name) of each first-order division a name can be read as (no spelling variant)."""
    return [(place.country, place.name) for place, how in candidates
            if how != "skeleton" and place.feature_code == "ADM1"]


def _division_names(
    toponym: Toponym, nearby: list[Toponym], following: Toponym | None,
    own_divisions: set[tuple[str | None, str]],
    division_readings: dict[int, list[tuple[str | None, str]]],
) -> dict[tuple[str | None, str], float]:
    """(country, division name) of the first-order divisions named near ``toponym`` (``nearby``:
    the names within NEARBY_CHARS), with how much each says that it lies there: fully when the
    text puts it in one ("Paris, Texas", "Innisfail in Alberta"), half when the division is
    only named within about two sentences (local news names its state once). A peer is no
    container: a name that is itself a first-order division of that country ("Idaho, Montana
    and Virginia")."""
    own = fold(toponym.text)
    peers = {country for country, _ in own_divisions}
    found: dict[tuple[str | None, str], float] = {}
    for other in nearby:
        # the same name said again is not a second, containing place
        if fold(other.text) == own:
            continue
        weight = 1.0 if other is following and toponym.inside_next else NAMED_NEARBY
        for key in division_readings[id(other)]:
            if key[0] not in peers:
                found[key] = max(found.get(key, 0.0), weight)
    return found


def _region_name(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.IGNORECASE).casefold()


def _data_lines(name: str) -> list[str]:
    """The entries of one of chronica's own one-name-per-line data files."""
    text = files("chronica").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


REGIONS = frozenset(_region_name(line) for line in _data_lines("regions.txt"))
# titles and ranks: "the wali of Raqqa" names a person's office
OFFICES = frozenset(fold(line) for line in _data_lines("not_places.txt"))
# a feature word alone ("the Valley" in Kashmir news, "the Strip") is the story's own shorthand,
# not the town of that name (The Valley, Anguilla)
GENERIC_FEATURES = FEATURE_WORDS | {"strip", "coast", "delta"}

def resolve(toponyms: list[Toponym], gazetteer: Gazetteer, context_countries: Iterable[str] = ()) -> tuple[PlaceMention, ...]:
    """Two passes: first with context from names that leave little doubt, then with context
    from every other name's first-pass choice (so "Hall County" tells "Gainesville" which state)."""
    # each name with the one right after it in the text, which may say what it lies in or near
    pairs = list(pairwise(sorted(toponyms, key=lambda t: t.span.start)))
    following = {id(here): after for here, after in pairs}
    candidates = {id(t): _candidates(t, gazetteer) for t in toponyms}
    placed = _placed_by_the_text(pairs, candidates)
    candidates = {key: tuple(c for c in found if placed[key][1](c[0])) if key in placed else found
                  for key, found in candidates.items()}
    prior = [(country,) for country in context_countries]
    own = {id(t): _own_divisions(candidates[id(t)]) for t in toponyms}
    neighbours = _neighbours(toponyms)
    readings = {id(t): _division_readings(candidates[id(t)]) for t in toponyms}
    divisions = {id(t): _division_names(t, [toponyms[j] for j in near], following.get(id(t)),
                                        own[id(t)], readings)
                 for t, near in zip(toponyms, neighbours, strict=True)}

    possible = {id(t): {key for place, _ in candidates[id(t)] for key in _keys(place)} for t in toponyms}
    elsewhere = _other_names_countries(toponyms, candidates)
    peoples = frozenset(p.country for t in toponyms if t.country_name
                        for p, _ in candidates[id(t)] if p.country)

    def run(
        votes: list[dict[Key, float]], supports: list[dict[str, float] | None]
    ) -> list[PlaceMention]:
        return [
            _resolve_one(toponym, candidates[id(toponym)], _shares(tally, possible[id(toponym)]),
                         divisions[id(toponym)], own[id(toponym)], support,
                         elsewhere[id(toponym)], peoples,
                         placed[id(toponym)][0] if id(toponym) in placed else "")
            for toponym, tally, support in zip(
                toponyms, _tallies(toponyms, votes, prior, neighbours), supports, strict=True)
        ]

    # the first pass only gathers each name's likeliest reading as context: nothing is refused yet
    first = run([_doubtless_votes(candidates[id(t)]) for t in toponyms], [None for _ in toponyms])
    votes = [{key: 1.0 for key in _keys(m.place)} if m.place else {} for m in first]
    return tuple(run(votes, _story_countries(toponyms, first, prior)))


def _placed_by_the_text(
    pairs: list[tuple[Toponym, Toponym]], candidates: dict[int, tuple[tuple[Place, str], ...]]
) -> dict[int, tuple[str, Callable[[Place], bool]]]:
    """For each name the text puts in a country ("Green Village in northeast Syria", "Tripoli,
    Lebanon") or near a known place ("Zorava, east of Kobani"), what the text says and which
    readings agree with it: the others are namesakes (a village in Maine, a spelling variant
    at the other end of the country), and a name with none left is one the gazetteer lacks."""
    found: dict[int, tuple[str, Callable[[Place], bool]]] = {}
    for here, following in pairs:
        if (following.country_name or fold(following.text) == fold(here.text)
                or any(p.feature_code in ("PCLI", "CONT") and how != "skeleton"
                       for p, how in candidates[id(here)])):  # no country lies in another
            continue
        readings = [p for p, how in candidates[id(following)] if how != "skeleton"]
        if here.inside_next and any(p.feature_code == "PCLI" for p in readings):
            # "Atlanta, Georgia": the state of that name keeps its country possible too
            countries = frozenset(p.country for p in readings
                                  if p.feature_code in ("PCLI", "ADM1") and p.country)
            found[id(here)] = (f"in {', '.join(sorted(countries))}",
                               lambda place, countries=countries: place.country in countries)
        elif here.near_next and readings and all(p.feature_class == "P" for p in readings):
            found[id(here)] = (f"near {following.text}", lambda place, anchors=readings: any(
                km(place.lat, place.lon, a.lat, a.lon) <= NEAR_KM for a in anchors))
    return found


def _candidates(toponym: Toponym, gazetteer: Gazetteer) -> tuple[tuple[Place, str], ...]:
    if fold(toponym.text) in OFFICES | GENERIC_FEATURES:
        return ()
    if toponym.country_name:
        return tuple((p, how) for p, how in gazetteer.by_name(toponym.country_name)
                     if p.feature_code in ("PCLI", "CONT"))
    return gazetteer.by_name(toponym.text)


def _resolve_one(toponym: Toponym, candidates: tuple[tuple[Place, str], ...],
                 context: dict[Key, float], divisions: dict[tuple[str | None, str], float],
                 own_divisions: set[tuple[str | None, str]],
                 support: dict[str, float] | None, elsewhere: set[str],
                 peoples: frozenset[str], placed: str) -> PlaceMention:
    """``own_divisions``: the first-order divisions the name is the main name of; ``placed``:
    where the text puts the name ("in SY", "near Kobani"), or empty."""
    kind = "demonym" if toponym.country_name else "site" if toponym.site else "toponym"
    context = _without_peer_divisions(context, own_divisions)
    scored = sorted(
        ((*_score(place, how, toponym, context, divisions, own_divisions), place, how)
         for place, how in candidates),
        key=lambda item: item[0],
        reverse=True,
    )
    alternatives = tuple(Candidate(place, round(score, 3)) for score, _, place, _ in scored[1 : 1 + MAX_ALTERNATIVES])
    base = dict(span=toponym.span, text=toponym.text, kind=kind, recognised_by=toponym.recognised_by,
                qualifier=toponym.qualifier, qualifier_span=toponym.qualifier_span,
                names_actor=toponym.names_actor,
                settlement=toponym.prefers_settlement or toponym.site)
    if fold(toponym.text) in OFFICES:
        return PlaceMention(**base, place=None, score=0.0, rule="a title or rank, not a place")
    if _region_name(toponym.text) in REGIONS:
        return PlaceMention(**base, place=None, score=0.0, rule="a region of several countries: no single place")
    if fold(toponym.text) in GENERIC_FEATURES:
        return PlaceMention(**base, place=None, score=0.0,
                            rule="a feature word alone: the story's shorthand for a place it names elsewhere")
    if not scored:
        where = f" {placed}, where the text puts it" if placed else ""
        return PlaceMention(**base, place=None, score=0.0, rule=f"not in the gazetteer{where}")
    score, reason, place, how = scored[0]
    if score < MIN_SCORE[how]:
        return PlaceMention(**base, place=None, score=round(score, 3), rule=f"no convincing candidate (best {place.name}, {place.country}: {reason})",
                            alternatives=tuple(Candidate(p, round(s, 3)) for s, _, p, _ in scored[:MAX_ALTERNATIVES]))
    abroad = _namesake_abroad(place, how, support, elsewhere, peoples)
    if abroad:
        return PlaceMention(**base, place=None, score=round(score, 3), rule=abroad,
                            alternatives=tuple(Candidate(p, round(s, 3)) for s, _, p, _ in scored[:MAX_ALTERNATIVES]))
    rule = "only candidate" if len(scored) == 1 else reason
    if placed:
        rule += f"; {placed} as the text says"
    return PlaceMention(**base, place=place, score=round(score, 3), rule=rule, alternatives=alternatives)
