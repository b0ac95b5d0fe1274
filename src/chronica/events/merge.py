"""Which sentences describe the same event, and what merging them does.

ACLED's unit is one set of actors, one place, one day. A sentence continues the
event before it when it names no other place or day and is of the same kind,
or refers back to it ("the strike", "the victims"); a sentence that only
answers it (a denial, "no comment", a claim of responsibility) or only adds
counts adds its claim; reports of one death toll are alternatives, not sums.
Places named together become one event each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Span as SpacySpan

from chronica.events.actors import Sides
from chronica.events.attribution import inherit_kind, read_claim
from chronica.events.quantities import Quantity, find_quantities, reconcile
from chronica.events.taxonomy import BATTLES, BY_NAME, CIVILIANS, EXPLOSIONS, PRECEDENCE
from chronica.events.timing import When
from chronica.geo.locate import precision, specificity
from chronica.model import (
    Actor,
    Claim,
    ClaimSource,
    Event,
    EventLocation,
    Evidence,
    Place,
    Qualifier,
    Span,
)

# "the strike", "these raids", "Thursday's attacks": the incident told before, told again
ANAPHORA = re.compile(
    r"\b(?:the|that|this|these|those|Sunday's|Monday's|Tuesday's|Wednesday's|Thursday's"
    r"|Friday's|Saturday's|yesterday's)\s+(?:\w+\s+)?(?:attack|strike|airstrike|raid|blast"
    r"|explosion|bombing|shelling|clash(?:e)?|ambush|assault|incident|protest|demonstration"
    r"|rall(?:y|ie)|operation|bombardment)s?\b"
    r"|\b(?:the|that|this)\s+(?:\w+\s+)?(?:fighting|violence)\b"
    r"|\b(?:the )?(?:victims|dead|wounded|injured)\b"
    r"|\bthe (?:attackers|assailants|gunmen|bombers|raiders)\b",
    re.IGNORECASE,
)
DISRUPTED = "Disrupted weapons use"
ADDITIVE = re.compile(r"\b(?:also|another|additional|further)\b|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|dozens) more\b(?!\s+than)", re.IGNORECASE)
# "another strike hit ...", not "killed him and another operative"
SEPARATE = re.compile(
    r"\b(?:separate(?:ly)?|elsewhere|meanwhile|in a different|earlier (?:this|last|on)|in other"
    r"|another\s+(?:\w+\s+)?(?:attack|strike|airstrike|raid|blast|explosion|bombing|shelling|clash"
    r"|incident|protest|drone|rocket|missile|shell|ambush))\b",
    re.IGNORECASE,
)

@dataclass
class Draft:
    """An event while sentences are still being merged into it."""

    paragraph: int
    sentence: Span
    label: str
    confidence: float
    modality: str
    location: EventLocation
    when: When | None
    quantities: list[tuple[int, Quantity]]  # with the index of the claim (report) each count comes from
    sides: Sides
    claims: list[Claim]
    evidence: list[Evidence]
    doer_speaks: bool
    sentences: list[Span] = field(default_factory=list)
    text: str = ""
    political: bool = True  # False: a gated kind with no political actor or words (see GATED); kept only to continue an event
    # the day of the report, standing in when no sentence dates the event itself
    reported: When | None = None


def _within(inner: Place, outer: Place) -> bool:
    """Whether ``outer`` is a country or first-order division that contains ``inner``, or a
    continent, sea or region of several countries, which is taken to contain any place (the
    gazetteer does not say which countries "the Middle East" spans)."""
    if outer.country is None:
        return True
    if outer.feature_code.startswith("PCL"):
        return inner.country == outer.country
    return (outer.feature_code == "ADM1" and inner.country == outer.country
            and inner.admin1 is not None and inner.admin1 == outer.admin1)


def compatible_places(earlier: EventLocation, later: EventLocation) -> bool:
    """Two sentences can tell one incident when they name the same place, one names none, or
    one's place lies inside the other's ("a strike in the region" ... "the strike in Idlib
    province" ... "near the village of Kafr Nabl")."""
    a, b = earlier.place, later.place
    if a is None or b is None or a.geonameid == b.geonameid:
        return True
    return _within(a, b) or _within(b, a)


def compatible_times(earlier: When | None, later: When | None) -> bool:
    """One unknown, or one interval inside the other ("this week" ... "on Thursday")."""
    if earlier is None or later is None:
        return True
    return (earlier.start <= later.start and later.end <= earlier.end) or (
        later.start <= earlier.start and earlier.end <= later.end)


REPORT_LAG_DAYS = 2  # an event's own day may come this long before the day it was reported
# "this week" ... "on Thursday" is one event; "over the past three weeks, 18 air raids" is a
# tally of many, never the day's incident told again
LONGEST_RETOLD_SPAN_DAYS = 7


def _tally_beside_a_day(one: When, other: When) -> bool:
    spans = sorted(((w.end - w.start).days for w in (one, other)))
    return spans[0] == 0 and spans[1] > LONGEST_RETOLD_SPAN_DAYS


def _times_agree(previous: Draft, draft: Draft) -> bool:
    """Own days must agree (one inside the other, a day never inside a span of weeks); a
    report's day, standing in for a sentence that gives none, agrees with an own day up to
    REPORT_LAG_DAYS before it ("said on Friday" ... "the strike on Thursday"), and with another
    report's day only when they meet."""
    own_a, own_b = previous.when, draft.when
    if own_a is not None and own_b is not None:
        return compatible_times(own_a, own_b) and not _tally_beside_a_day(own_a, own_b)
    said_a = None if own_a is not None else previous.reported
    said_b = None if own_b is not None else draft.reported
    if own_a is None and own_b is None:
        return compatible_times(said_a, said_b)
    own, said = (own_a, said_b) if own_a is not None else (own_b, said_a)
    if own is None or said is None:
        return True
    return own.start <= said.end and (said.start - own.end).days <= REPORT_LAG_DAYS


def finer_time(when: When, than: When | None) -> bool:
    return than is None or when.end - when.start < than.end - than.start


def finer_place(location: EventLocation, than: EventLocation) -> bool:
    """Whether ``location`` names a more specific place than ``than``."""
    if not location.mentions:
        return False
    if not than.mentions:
        return True
    return specificity(location.mentions[0]) < specificity(than.mentions[0])


def continues(previous: Draft, draft: Draft) -> bool:
    """Whether ``draft``'s sentence goes on about ``previous``'s event (ACLED's unit: actors, place, day)."""
    near, anaphoric = draft.paragraph - previous.paragraph <= 1, bool(ANAPHORA.search(draft.text))
    if SEPARATE.search(draft.text) or not (near or anaphoric):
        return False
    if not compatible_places(previous.location, draft.location):
        return False
    if not _times_agree(previous, draft):
        return False
    kind, before = BY_NAME[draft.label], BY_NAME[previous.label]
    related = (kind.event_type == before.event_type
               or (kind.event_type == CIVILIANS and before.event_type in (BATTLES, EXPLOSIONS))
               # "air defences shot down most of the missiles": the strike's own projectiles
               or DISRUPTED in (kind.name, before.name)
               and EXPLOSIONS in (kind.event_type, before.event_type))
    # "the strike" several paragraphs on is the same strike; next door, any sentence of the same kind continues it
    return related if not near else anaphoric or related


def merge(into: Draft, draft: Draft) -> None:
    if PRECEDENCE[draft.label] < PRECEDENCE[into.label]:
        into.label, into.confidence = draft.label, draft.confidence
    if finer_place(draft.location, into.location):  # the incident takes its most specific place
        into.location = draft.location
    if draft.when is not None and finer_time(draft.when, into.when):
        into.when = draft.when  # and its most precise day
    into.reported = into.reported or draft.reported
    into.quantities += [(index + len(into.claims), q) for index, q in draft.quantities]
    into.claims += [inherit_kind(c, [earlier.claimant for earlier in into.claims]) for c in draft.claims]
    into.evidence += draft.evidence
    into.sentences += draft.sentences
    into.doer_speaks = into.doer_speaks or draft.doer_speaks
    sides, more = into.sides, draft.sides
    into.sides = replace(sides, actor1=sides.actor1 or more.actor1, actor2=sides.actor2 or more.actor2,
                         assoc_actor_1=sides.assoc_actor_1 or more.assoc_actor_1, assoc_actor_2=sides.assoc_actor_2 or more.assoc_actor_2)


def _add_claim(into: Draft, claim: Claim) -> Claim:
    """A later sentence's claim about ``into``'s event, its claimant's kind taken from a fuller earlier name."""
    claim = inherit_kind(claim, [earlier.claimant for earlier in into.claims])
    into.claims.append(claim)
    into.sentences.append(claim.sentence)
    return claim


PEOPLE_COUNTS = frozenset({"killed", "injured", "casualties", "abducted", "arrested", "displaced"})


def add_counts(into: Draft, sentence: SpacySpan, offset: int, outlet: ClaimSource) -> None:
    """"The strike also wounded 20 people, the monitor said": no event words of its own, but counts
    of the event it names, with the claim behind them."""
    quantities = [q for q in find_quantities(sentence, offset) if q.kind in PEOPLE_COUNTS]
    if not quantities:
        return
    into.quantities += [(len(into.claims), q) for q in quantities]
    _add_claim(into, read_claim(sentence, offset, None, outlet))
    into.evidence += [Evidence(f"quantity:{q.kind}", q.start, q.end, q.text, q.rule + "; in a sentence naming the event") for q in quantities]


def answer(into: Draft, claim: Claim, claimant_actor: Actor | None) -> None:
    """A denial, a refusal to comment or a claim of responsibility about ``into``'s event."""
    claim = _add_claim(into, claim)
    if claim.stance == "claimed_responsibility" and claimant_actor is not None and claimant_actor.inter not in (None, 7):
        actor1 = into.sides.actor1
        if actor1 is None or actor1.name.startswith("Unidentified"):
            claimed = replace(claimant_actor, rule=claimant_actor.rule + "; claimed responsibility")
            into.sides = replace(into.sides, actor1=claimed)
    into.evidence.append(Evidence("claim", claim.sentence.start, claim.sentence.end, "", f"{claim.stance}: {claim.rule}"))


def reconciled_counts(draft: Draft, body: str) -> tuple[int, int, int, int]:
    """Deaths from each report (claim) of the event, reconciled."""
    reports = []
    for index, claim in enumerate(draft.claims):
        text = body[claim.sentence.start : claim.sentence.end]
        reports.append(([q for i, q in draft.quantities if i == index], bool(ADDITIVE.search(text)) and index > 0))
    return reconcile(reports)


def _shares(total: int, parts: int) -> list[int]:
    """An even split with the remainder to the first, as the codebook splits a total over days."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def split_by_place(event: Event) -> tuple[Event, ...]:
    """One event per place (ACLED's unit): "strikes hit Ariha and Saraqib" is two events; counts
    that the text does not attribute to either place are split evenly."""
    mentions = event.location.mentions
    if len(mentions) < 2 or any(m.qualifier is Qualifier.BETWEEN for m in mentions):
        return (event,)
    parts = len(mentions)
    columns = [_shares(v, parts) for v in (event.fatalities, event.deaths_low, event.deaths_best, event.deaths_high)]
    split = []
    for i, mention in enumerate(mentions):
        container = event.location.container if mention.place is None else None
        geo, where = precision(mention, container)
        location = replace(event.location, mentions=(mention,), geo_precision=geo, where_prec=where,
                           container=container,
                           rule=f"{event.location.rule} (place {i + 1} of {parts})")
        rule = f"one of {parts} places named together; counts split evenly, remainder to the first"
        evidence = tuple(e for e in event.evidence if e.field != "location" or (e.start, e.end) == (mention.span.start, mention.span.end))
        split.append(replace(event, id=f"{event.id[:13]}-{i + 1:02d}", location=location, fatalities=columns[0][i], deaths_low=columns[1][i],
                             deaths_best=columns[2][i], deaths_high=columns[3][i], evidence=(*evidence, Evidence("place_split", mention.span.start, mention.span.end, mention.text, rule))))
    return tuple(split)
