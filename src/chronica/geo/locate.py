"""Which of a sentence's places is where the event happened, and how precisely.

Not every place in an event's sentence is its location: "the ministry in
Damascus said", "a Beirut-based monitor" and "Iran-backed militias" name
where someone speaks from or who someone is. Those are set aside using the
dependency parse (rules), and a model learned from annotated wire sentences ranks the
rest (``place_ranker``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from chronica.geo.place_ranker import candidate_ranks, load_model, place_features
from chronica.model import EventLocation, PlaceMention, Qualifier, Span
from chronica.nlp import Parsed

SPEECH_VERBS = frozenset(
    "say tell report announce claim state add confirm deny accuse blame allege quote cite write "
    "tweet post declare insist warn note explain brief".split()
)
ACCUSING = frozenset({"accuse", "blame"})
# "drew condemnation from Baghdad": a capital or country a reaction comes from is its government
REACTION_NOUNS = frozenset(
    "condemnation criticism rebuke reaction response denunciation censure".split()
)


def is_speech_verb(token: Token) -> bool:
    """A verb of saying ("said", "told", "announced"): what hangs from it is the report, not the event."""
    return token.lemma_ in SPEECH_VERBS and token.pos_ == "VERB"
# edges by which an event clause hangs under a speech verb ("X happened, Y said")
CLAUSE_EDGES = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj"})
# what is said as a noun: "reported a drone strike in Idlib", "confirmed the attack on Kobani"
REPORTED_EDGES = frozenset({"dobj", "attr", "oprd"})
# most specific first; countries come last and are only a location when nothing else is
SPECIFICITY = {"S": 0, "P": 0, "T": 1, "H": 1, "L": 1, "V": 1}
CODE_SPECIFICITY = {"ADM3": 1, "ADM2": 2, "ADM1": 3, "PCLI": 5, "CONT": 6}
# a named region is as coarse as the province it lies in ("Eastern Ghouta"), or coarser when it
# spans several ("Darfur" holds North Darfur): between a province and the country
REGION_SPECIFICITY = {True: 3, False: 4}
CONTEXT_CHARS = 600  # how far back an unlisted village's area may be named (about 3 sentences)


def _root_token(parsed: Parsed, span: Span) -> Token | None:
    """The syntactic head of the words at ``span`` (body offsets), or None outside the parse."""
    for offset, doc in parsed.paragraphs:
        if len(doc) and offset <= span.start and span.end <= offset + doc[-1].idx + len(doc[-1].text):  # doc.text would rebuild the string
            region = doc.char_span(span.start - offset, span.end - offset, alignment_mode="expand")
            return region.root if region is not None else None
    return None


MODIFIER_EDGES = frozenset({"compound", "amod", "nmod", "poss"})
# nouns a country can own as a place: "Sudan's capital", "Syria's city of Daraa", "the Cameroon
# town of Fotokol", "U.S. soil"
GEO_NOUNS = frozenset(
    "capital city town village camp soil territory border borders province region district "
    "governorate state county coast countryside desert mountains valley island islands side "
    "north south east west northeast northwest southeast southwest interior heartland".split()
)


def _names_a_side(parsed: Parsed, mention: PlaceMention) -> bool:
    """A country modifying a noun after it says whose, not where: "US positions", "US
    injuries", "United States air strikes", "U.S. forces". "Sudan's capital" and "the Cameroon
    town of Fotokol" stay places; so does a city before its police ("New Delhi police")."""
    token = _root_token(parsed, mention.span)
    if token is None or token.dep_ not in MODIFIER_EDGES or mention.place is None:
        return False
    head = token.head
    # a day after the name is a misparse, not whose ("in central Hong Kong Sunday")
    return (mention.place.feature_code.startswith("PCL") and head.i > token.i
            and head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in GEO_NOUNS
            and head.ent_type_ not in ("DATE", "TIME"))


def _reaction(word: Token) -> bool:
    """A reaction noun, or a verb whose object is one ("drew condemnation from X")."""
    return word.lemma_ in REACTION_NOUNS or any(
        child.dep_ == "dobj" and child.lemma_ in REACTION_NOUNS for child in word.children)


def in_reporting_clause(parsed: Parsed, span: Span) -> bool:
    """True when the name hangs off a speech verb as its speaker or setting, not inside what
    was said, or names where a reaction came from ("condemnation from Baghdad")."""
    token = _root_token(parsed, span)
    if token is None:
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "from" and _reaction(token.head.head):
        return True
    while token.head.i != token.i:
        edge, token = token.dep_, token.head
        if token.lower_ == "according":  # "according to a military source in Damascus"
            return True
        if token.pos_ == "VERB" and token.lemma_ not in SPEECH_VERBS:
            # inside an event's own clause, even when a misparse hangs it under the speaker
            return False
        if is_speech_verb(token):
            # "accused X of shelling the village": what is alleged hangs off a preposition
            return edge not in CLAUSE_EDGES | REPORTED_EDGES and not (
                token.lemma_ in ACCUSING and edge == "prep")
        if edge in CLAUSE_EDGES:
            return False
    return False


def _coordinated_with_first(
    parsed: Parsed, mentions: tuple[PlaceMention, ...]
) -> tuple[PlaceMention, ...]:
    """"Strikes hit Ariha and Saraqib" names two event places; "the train, bound from Quetta to
    Peshawar, was attacked in Bolan" or a place in another sentence of the event does not add
    one. Only places joined to the first by coordination ("X and Y", "X, Y and Z") stay, and the
    villages of one list whatever the parse made of it ("the villages of X, Y and Z")."""
    first = _root_token(parsed, mentions[0].span)
    if first is None:
        return mentions[:1]
    group = {first.i, *(t.i for t in first.conjuncts)}
    kept = [mentions[0]]
    for mention in mentions[1:]:
        token = _root_token(parsed, mention.span)
        if token is not None and token.doc is first.doc and (
                token.i in group or _listed_after(parsed, kept[-1], mention)):
            kept.append(mention)
    return tuple(kept)


LIST_GAP_CHARS = 120  # a village list's items stand this close ("X village (2 shells), Y village")


def _listed_after(parsed: Parsed, before: PlaceMention, mention: PlaceMention) -> bool:
    """Whether two villages are items of one enumeration: no verb between them ("the town of
    Zirgan and the villages of X and Y", "X village in the Y countryside (2 shells), Z village");
    "residents of X village staged a protest in Y town" names where people are from, then where
    they are."""
    if not (before.settlement and mention.settlement) or before.span.end > mention.span.start:
        return False
    if mention.span.start - before.span.end > LIST_GAP_CHARS:
        return False
    for offset, doc in parsed.paragraphs:
        if offset <= before.span.end and mention.span.start <= offset + len(doc.text):
            gap = doc.char_span(before.span.end - offset, mention.span.start - offset,
                                alignment_mode="expand")
            return gap is None or not any(t.pos_ in ("VERB", "AUX") for t in gap)
    return False


def specificity(mention: PlaceMention) -> int:
    """0 for a site or town up to 5 for a country (6 a continent, 4 unresolved or a region of
    several provinces): lower is finer."""
    place = mention.place
    if place is None:
        return 0 if mention.settlement else 4  # a village the gazetteer lacks is still a village
    if place.feature_code in CODE_SPECIFICITY:
        return CODE_SPECIFICITY[place.feature_code]
    if place.country is None:  # a sea is an area an event can happen in; a region of several
        return 4 if place.feature_class == "H" else CODE_SPECIFICITY["CONT"]  # countries is not
    if place.feature_code == "RGN":
        return REGION_SPECIFICITY[place.admin1 is not None]
    return 3 if place.feature_class == "A" else SPECIFICITY.get(place.feature_class, 1)


def precision(
    mention: PlaceMention, container: PlaceMention | None = None
) -> tuple[int | None, int | None]:
    """(ACLED geo_precision, UCDP where_prec) for a location given by one mention; an unlisted
    village placed at its ``container`` is near that town (2, 2), as ACLED codes a village it
    cannot find, or as coarse as the division or area it lies in."""
    place = mention.place
    if place is None:
        if container is None or container.place is None:
            return None, None
        geo, where = precision(replace(container, qualifier=Qualifier.AT))
        return (2, 2) if geo == 1 else (geo, where)
    if place.country is None and place.feature_class != "H":
        return None, None  # a continent or region of several countries locates nothing
    if mention.qualifier is Qualifier.BETWEEN:
        return 2, 5
    if place.feature_class == "A":
        # a part of a country ("northern Syria") is a fuzzy area: UCDP 5, not the country's 6
        country = (3, 5) if mention.qualifier is Qualifier.PART else (3, 6)
        return {"ADM3": (3, 3), "ADM2": (3, 3), "ADM1": (3, 4)}.get(place.feature_code, country)
    if place.feature_class in "THLV":
        return 3, 5  # a desert, mountain range, river or sea: a fuzzy area
    if mention.qualifier is Qualifier.AREA:
        return 2, 5
    if mention.qualifier in (Qualifier.NEAR, Qualifier.PART):  # "near X", "northern X" (a town)
        return 2, 2
    return 1, 1


def same_place(mention: PlaceMention) -> object:
    """What two mentions of one place share: the gazetteer entry, else the name."""
    return mention.place.geonameid if mention.place else mention.text.casefold()


def _first_of_each_place(mentions: Iterable[PlaceMention]) -> list[PlaceMention]:
    """A place named twice in the sentences of one event is one place, not two events."""
    seen: set[object] = set()
    kept = []
    for mention in mentions:
        key = same_place(mention)
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def _container(chosen: tuple[PlaceMention, ...], usable: list[PlaceMention],
               villages_listed: bool) -> PlaceMention | None:
    """The known place an unlisted place lies in or near: the most specific resolved place of
    the event's sentences that is not itself one of the event's places, the nearest first.
    ``villages_listed``: the unlisted places are villages, whose peers in a list are no
    containers; a neighbourhood, site or area the gazetteer lacks lies in the town named with
    it ("in the Zorvanet neighbourhood of Qamishli")."""
    # another village struck is no container, however a namesake resolved it; a place the text
    # sets the village near ("west of Tel Tamr") is the best one
    others = [m for m in usable if m.place is not None and m not in chosen
              and not (villages_listed and m.settlement and m.qualifier is Qualifier.AT)]
    if not others:
        return None
    first = chosen[0].span.start
    return min(others, key=lambda m: (m.qualifier is not Qualifier.NEAR, specificity(m),
                                      abs(m.span.start - first)))


def _earlier_container(places: tuple[PlaceMention, ...], parsed: Parsed,
                       before: int) -> PlaceMention | None:
    """With no known place in the event's sentences, the last one the story named shortly before
    ("... the northern countryside of Hasakah. ... the villages of X and Y"): the area the
    story is in."""
    earlier = [m for m in places
               if m.kind == "toponym" and m.place is not None and not m.names_actor
               and before - CONTEXT_CHARS <= m.span.start < before
               and not in_reporting_clause(parsed, m.span) and not _names_a_side(parsed, m)]
    return earlier[-1] if earlier else None


def _located(chosen: tuple[PlaceMention, ...], rule: str, usable: list[PlaceMention],
             places: tuple[PlaceMention, ...], parsed: Parsed, before: int,
             single: bool) -> EventLocation:
    """The event's location at ``chosen``, with a container for the places among them that the
    gazetteer lacks ("Zorvanet village (Macomia, Cabo Delgado)": the village is the event's place,
    its coordinates are those of the province, at the province's precision; a village or site
    named alone takes the area the story named just before); ``single``: one place chosen,
    whose rule says when it is unresolved."""
    missing = [m for m in chosen if m.place is None]
    unlisted = [m.text for m in missing]
    villages = any(m.settlement and m.kind == "toponym" for m in missing)
    container = _container(chosen, usable, villages) if missing else None
    named_before = container is None
    if container is None and any(m.settlement for m in missing):
        # a village or site is in the area the story is in; an unknown name the text does not
        # call either may be a field or a region anywhere
        container = _earlier_container(places, parsed, before)
    geo, where = precision(chosen[0], container)
    if single and chosen[0].place is None and container is None:
        rule += "; the chosen place is unresolved"
    if unlisted and container is not None:
        where_named = ("which the story names just before" if named_before
                       else "which the sentence names with it")
        rule += (f"; {', '.join(unlisted)} not in the gazetteer: placed at {container.text}, "
                 f"{where_named}")
    return EventLocation(chosen, geo, where, rule, container=container)


@dataclass(frozen=True)
class Candidates:
    """The places of an event's sentences, as the rules leave them for the model."""

    inside: list[PlaceMention]  # every toponym in the sentences
    usable: list[PlaceMention]  # less speakers', actors' and sides' places
    pool: list[PlaceMention]  # less landmarks beside an unlisted village, each place once


def candidates(sentences: tuple[Span, ...], places: tuple[PlaceMention, ...],
               parsed: Parsed) -> Candidates:
    inside = [m for m in places if m.kind in ("toponym", "site")
              and any(s.start <= m.span.start and m.span.end <= s.end for s in sentences)]
    usable = [m for m in inside if not m.names_actor and not in_reporting_clause(parsed, m.span)
              and not _names_a_side(parsed, m)]
    # a place the text sets the event near or around is a landmark when it also names one the
    # event is at ("the village of X, west of Tel Tamr"), not a second place struck
    unlisted_village = any(m.settlement and m.place is None and m.qualifier is Qualifier.AT
                           for m in usable)
    at = [m for m in usable if m.qualifier is not Qualifier.NEAR] if unlisted_village else usable
    return Candidates(inside, usable, _first_of_each_place(at))


def candidate_features(pool: list[PlaceMention], parsed: Parsed,
                       trigger: SpacySpan | None) -> list[dict[str, float]]:
    """The event-place model's cues for each candidate (training reads them the same way)."""
    ranks = candidate_ranks([specificity(m) for m in pool])
    return [place_features(m, _root_token(parsed, m.span), rank, trigger)
            for m, rank in zip(pool, ranks, strict=True)]


def _ranked(pool: list[PlaceMention], parsed: Parsed,
            trigger: SpacySpan | None) -> tuple[list[PlaceMention], str]:
    """The candidates best first by the event-place model (ties keep text order), and the cues
    that weighed most in the best one's score."""
    model = load_model()
    features = candidate_features(pool, parsed, trigger)
    order = sorted(range(len(pool)), key=lambda n: (-model.score(features[n]), n))
    return [pool[n] for n in order], ", ".join(model.reasons(features[order[0]]))


def event_location(sentences: tuple[Span, ...], places: tuple[PlaceMention, ...],
                   parsed: Parsed, trigger: SpacySpan | None = None) -> EventLocation:
    """The event's place among the places of its sentences: speakers', actors' and sides' places
    set aside by the rules, the rest ranked by the event-place model (which knows how each hangs
    from ``trigger``, the event's word, when there is one)."""
    found = candidates(sentences, places, parsed)
    if not found.usable:
        reason = ("no place named in the event's sentences" if not found.inside
                  else "places named only as speaker's or actor's place")
        return EventLocation((), None, None, reason)
    ranked, reasons = _ranked(found.pool, parsed, trigger)
    best = ranked[0]
    set_aside = len(found.inside) - len(found.usable)
    aside = f"; {set_aside} speaker/actor place(s) set aside" if set_aside else ""
    rule = (f"best of {len(ranked)} place(s) by the event-place model ({reasons}; "
            f"{best.qualifier.value}){aside}")
    usable, before = found.usable, sentences[0].start
    if best.qualifier is Qualifier.BETWEEN or len(ranked) == 1:
        chosen = tuple(m for m in ranked if m.qualifier is Qualifier.BETWEEN
                       and specificity(m) == specificity(best)) or (best,)
        return _located(chosen, rule, usable, places, parsed, before, True)
    # places as specific as the best and named together with it are one event each (one
    # location per event); the others are routes, origins or other sentences' places
    peers = [m for m in ranked[1:] if specificity(m) == specificity(best)]
    chosen = _coordinated_with_first(parsed, (best, *sorted(peers, key=lambda m: m.span.start)))
    if len(chosen) > 1:
        rule += f"; {len(chosen)} places named together with it: one event per place"
    return _located(chosen, rule, usable, places, parsed, before, len(chosen) == 1)
