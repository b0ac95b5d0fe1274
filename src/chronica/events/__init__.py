"""Events: which sentences report one, of what kind, who against whom, where, when, how many,
who says so — each value with its span — and which sentences describe the same event.

Each sentence reporting political violence, a demonstration or a strategic
development is read on its own first (type, place, time, counts, sides, claim);
events/merge.py then joins the sentences that describe one event. Threats,
plans, hypotheticals, negations and denials of something not otherwise
reported are kept as statements with their modality, never as events; so are
asserted sentences the incident model (events.gate) reads as history, a
series, a habit, a reaction or furniture rather than an incident.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from chronica.dates import day_of
from chronica.events.actors import (
    Sides,
    assign_sides,
    civilian_targeting,
    find_actors,
    group_mentions,
    interaction,
)
from chronica.events.attribution import (
    answers_event,
    as_party,
    belligerent_speaker,
    grade,
    named_in_claimant,
    read_claim,
    speaking_side,
)
from chronica.events.classify import classify_sentence
from chronica.events.gate import NOT_INCIDENT_MODES, sentence_features
from chronica.events.gate import load_model as load_gate
from chronica.events.merge import (
    ANAPHORA,
    Draft,
    add_counts,
    answer,
    compatible_places,
    compatible_times,
    continues,
    finer_place,
    finer_time,
    merge,
    reconciled_counts,
    split_by_place,
)
from chronica.events.quantities import Quantity, find_quantities
from chronica.events.taxonomy import BATTLES, BY_NAME
from chronica.events.timing import When, resolve_time, time_expressions
from chronica.geo.gazetteer import Gazetteer
from chronica.geo.locate import event_location, is_speech_verb
from chronica.model import (
    Claim,
    ClaimSource,
    Event,
    EventLocation,
    Evidence,
    Place,
    PlaceMention,
    Span,
)
from chronica.nlp import Parsed

NOT_HAPPENED = frozenset({"future", "hypothetical", "negated"})
FALLBACK_PARAGRAPHS = 1  # how far back a sentence without a place looks for the event it goes on about
AGGREGATE_COUNTED = frozenset({"strike", "airstrike", "raid", "attack", "bombing", "shelling", "clash", "operation", "sortie", "explosion", "incident", "protest", "demonstration"})


def _outlet(source: str | None) -> ClaimSource:
    return ClaimSource(source or "the publishing outlet", "outlet", None)


def _largest_count_is_many(quantities: list[Quantity]) -> bool:
    return any(q.kind == "count" and q.best > 1 and q.counted.lower().rstrip("s") in AGGREGATE_COUNTED for q in quantities)


def _country(location: EventLocation, fallback: str | None) -> str | None:
    place = location.place
    return place.country if place and place.country else fallback


def _story_country(places: tuple[PlaceMention, ...]) -> str | None:
    """The country the story's places are in; with no place, the one its demonyms name ("Congolese soldiers")."""
    for kind in ("toponym", "demonym"):
        counts = Counter(m.place.country for m in places if m.place and m.place.country and m.kind == kind and not m.names_actor)
        if counts:
            return counts.most_common(1)[0][0]
    return None


# kinds of event whose words also fill ordinary crime, sport and civic news ("a man stabbed his
# neighbour", "Zamalek beat Enppi", "police arrested a burglar", "a budget deal", "withdrew his
# request"): coded only
# with a political actor named in the sentence, or words that make it political
GATED = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence", "Armed clash", "Arrests", "Agreement",
                   "Looting/property destruction", "Change to group/activity", "Other", "Headquarters or base established",
                   "Non-violent transfer of territory"})
POLITICAL_SIDES = frozenset({1, 2, 3, 4, 5, 6, 8})
POLITICAL_WORDS = re.compile(
    r"\b(?:activists?|opposition|protesters?|demonstrators?|dissidents?|journalists?|politicians?|militants?|rebels?|insurgents?|"
    r"jihadists?|militias?|ceasefire|cease-fire|truce|peace|prisoner (?:swap|exchange)|elections?|political|sectarian|ethnic)\b", re.IGNORECASE)


def _political(label: str, sides: Sides, text: str) -> bool:
    """Whether a sentence of a gated kind (GATED) is political violence or a political development."""
    if label not in GATED or POLITICAL_WORDS.search(text):
        return True
    named = [a for a in (sides.actor1, sides.actor2, *sides.assoc_actor_1, *sides.assoc_actor_2) if a is not None and a.span is not None]
    if label == "Arrests":  # the police arresting someone is ordinary; arresting, or by, an organised side is not
        return any(a.inter in POLITICAL_SIDES - {1} for a in named)
    return any(a.inter in POLITICAL_SIDES for a in named)


def _groups_country(parsed: Parsed) -> str | None:
    """With no place resolved, the home country the named armed groups share ("the Arakan Army" → Myanmar)."""
    counts = Counter(entry.country for _, entry in group_mentions(parsed) if entry.country)
    return counts.most_common(1)[0][0] if counts else None


def _fallback_location(drafts: list[Draft], paragraph: int, dateline: Place | None,
                       story_country: str | None) -> EventLocation | None:
    """No place in the sentence: the place of the event just before (within a paragraph or two:
    wire copy gives each sentence its own), else the dateline's ("in the city") -- unless the
    dateline is a bureau in another country than the story's places ("BEIRUT (AP) -- Turkish
    strikes in Syria ..."), where the place stays unknown rather than the bureau's."""
    for draft in reversed(drafts):
        if paragraph - draft.paragraph > FALLBACK_PARAGRAPHS:
            break
        if draft.location.mentions:
            rule = ("no place in the sentence: the place of the paragraph's previous event"
                    if draft.paragraph == paragraph
                    else "no place in the sentence: the place of the event just before")
            return replace(draft.location, rule=rule)  # with the container of an unlisted village
    if dateline is not None and (story_country is None or dateline.country == story_country):
        geo, where = (3, 6) if dateline.feature_code.startswith("PCL") else (2, 2) if dateline.feature_class == "P" else (3, 4)
        return EventLocation((), geo, where, "no place in the sentence: the dateline's place", dateline)
    return None


def _finish(draft: Draft, body: str, document_id: str, day: dt.date | None) -> Event:
    kind = BY_NAME[draft.label]
    when = draft.when or draft.reported
    quantities = [q for _, q in draft.quantities]
    fatalities, low, best, high = reconciled_counts(draft, body)
    sides = draft.sides
    claims = tuple(draft.claims)
    evidence = list(draft.evidence)
    evidence += [Evidence(field_name, a.span.start, a.span.end, a.surface, a.rule) for field_name, a in (("actor1", sides.actor1), ("actor2", sides.actor2)) if a is not None and a.span is not None]
    evidence += [Evidence("claimant", c.claimant.span.start, c.claimant.span.end, c.claimant.text, f"{c.stance}; {c.rule}") for c in claims if c.claimant.span is not None]
    evidence = [e if e.text else replace(e, text=body[e.start : e.end]) for e in evidence]
    aggregate = (draft.when is not None and draft.when.ucdp_precision >= 3) or _largest_count_is_many(quantities)
    return Event(
        id=hashlib.sha256(f"{document_id}:{draft.sentence.start}:{draft.label}".encode()).hexdigest()[:16],
        sentence=draft.sentence, sub_event_type=draft.label, event_type=kind.event_type, disorder_type=kind.disorder,
        plover_type=kind.plover, confidence=draft.confidence, modality=draft.modality, location=draft.location,
        date_start=when.start if when else day, date_end=when.end if when else day,
        time_precision=when.acled_precision if when else (1 if day else None), date_prec=when.ucdp_precision if when else (1 if day else None),
        fatalities=fatalities, deaths_low=low, deaths_best=best, deaths_high=high,
        quantities=tuple({**q.__dict__, "claim": index} for index, q in draft.quantities), evidence=tuple(evidence),
        actor1=sides.actor1, assoc_actor_1=sides.assoc_actor_1, actor2=sides.actor2, assoc_actor_2=sides.assoc_actor_2,
        interaction=interaction(sides.actor1.inter if sides.actor1 else None, sides.actor2.inter if sides.actor2 else None),
        civilian_targeting=civilian_targeting(draft.label, sides.actor2), claims=claims,
        event_clarity=2 if aggregate else 1, grade=grade(claims, draft.doer_speaks), sentences=tuple(draft.sentences),
    )


def _dates_the_report(token: Token, trigger: Token) -> bool:
    """Whether a time word hangs from a speech verb before it reaches the event's clause (the
    trigger and its heads below the speech verb): "announced on Friday that its jets carried out
    a strike on Thursday" — Friday dates the announcement, Thursday the strike."""
    clause = {trigger.i}
    for head in trigger.ancestors:
        if is_speech_verb(head):
            break
        clause.add(head.i)
    for ancestor in (token, *token.ancestors):
        if ancestor.i in clause:
            return False
        if is_speech_verb(ancestor):
            return True
    return False


def _event_time(sentence: SpacySpan, offset: int, trigger: SpacySpan | None, found: list[When]) -> When | None:
    """The time expression that dates the event: the first one not attached to the verb of its
    report. When every one dates the report ("killed a commander, the command said on Friday"),
    the event has no day of its own here: a later sentence may give it, else the report's day
    stands in (``Draft.reported``)."""
    if not found or trigger is None:
        return found[0] if found else None
    starts = {t.idx + offset: t for t in sentence}
    for when in found:
        token = starts.get(when.span_start)
        if token is None or not _dates_the_report(token, trigger.root):
            return when
    return None


REPORT_DAY_RULE = "the report's day: no sentence of the event gives its own"
BACKGROUND_DAYS = 60
LONG_BEFORE_RULE = (
    f"codebook: dated more than {BACKGROUND_DAYS} days before publication, so background"
)


def _long_before(when: When | None, day: dt.date | None) -> bool:
    """"On August 10, 2015, a drone targeted a vehicle" in a story of 2016 is history the story
    recalls, not its news."""
    return when is not None and day is not None and (day - when.end).days > BACKGROUND_DAYS


AGGREGATE_RULE = "codebook: counted strikes over a stated interval at a named place are one aggregate event"


def _counted_operation(when: When | None, quantities: list[Quantity], location: EventLocation) -> bool:
    """"Over the past three weeks, 18 air raids hit the countryside east of Idlib": however
    much it reads like a series, the codebook codes it as one event with week or month
    precision, because it has its own count, interval and place."""
    return (when is not None and when.ucdp_precision >= 2 and bool(location.mentions)
            and _largest_count_is_many(quantities))


def _add_place_and_day(
    into: Draft, sentence: SpacySpan, offset: int, body: str,
    places: tuple[PlaceMention, ...], parsed: Parsed, day: dt.date | None,
) -> None:
    """"Russia launched the strike over the town of Jisr al-Shughur": a sentence naming the event
    with no event words of its own gives it a finer place or day when they fit what it has."""
    span = Span(offset + sentence.start_char, offset + sentence.end_char)
    location = event_location((span,), places, parsed)
    later = "in a later sentence naming the event"
    if compatible_places(into.location, location) and finer_place(location, into.location):
        into.location = replace(location, rule=f"{location.rule}; {later}")
        into.evidence += [Evidence("location", m.span.start, m.span.end, m.text, into.location.rule)
                          for m in location.mentions]
    when = resolve_time(body[span.start : span.end], day, span.start)
    if when is not None and compatible_times(into.when, when) and finer_time(when, into.when):
        into.when = when
        into.evidence.append(
            Evidence("date", when.span_start, when.span_end, when.text, f"{when.rule}; {later}"))


def _read_sentence(sentence: SpacySpan, offset: int, paragraph: int, body: str, parsed: Parsed, places: tuple[PlaceMention, ...],
                   day: dt.date | None, gazetteer: Gazetteer, story_country: str | None, outlet: ClaimSource, drafts: list[Draft], dateline: Place | None) -> Draft | None:
    kind = classify_sentence(sentence, offset, cued_only=True)  # cue offsets are paragraph-relative
    if not BY_NAME[kind.label].political_violence:
        return None
    span = Span(offset + sentence.start_char, offset + sentence.end_char)
    text = body[span.start : span.end]
    evidence = [Evidence("sub_event_type", c.start, c.end, c.text, kind.rule) for c in kind.evidence]
    if not evidence:  # the learned model read the sentence as a whole
        evidence.append(Evidence("sub_event_type", span.start, span.end, text, kind.rule))
    location = event_location((span,), places, parsed, kind.trigger)
    if not location.mentions:
        location = _fallback_location(drafts, paragraph, dateline, story_country) or location
    evidence += [Evidence("location", m.span.start, m.span.end, m.text, location.rule) for m in location.mentions]
    times = time_expressions(text, day, span.start)
    when = _event_time(sentence, offset, kind.trigger, times)
    reported = None
    if when is None and times:
        reported = replace(times[-1], rule=f"{times[-1].rule}; {REPORT_DAY_RULE}")
    shown = when or reported
    if shown:
        evidence.append(Evidence("date", shown.span_start, shown.span_end, shown.text, shown.rule))
    quantities = find_quantities(sentence, offset, skip_antecedents=BY_NAME[kind.label].event_type != BATTLES)
    evidence += [Evidence(f"quantity:{q.kind}", q.start, q.end, q.text, q.rule) for q in quantities]
    event_country = _country(location, story_country)
    sides = assign_sides(sentence, kind.trigger, offset, kind.label, places, gazetteer, event_country)
    claim = read_claim(sentence, offset, kind.trigger.root if kind.trigger is not None else None, outlet)
    side = speaking_side(claim, (sides.actor1, sides.actor2), list(sides.speakers))
    if side is not None or belligerent_speaker(claim, list(sides.speakers), event_country):
        claim = as_party(claim)
    modality = kind.modality
    if modality == "asserted" and _long_before(when, day):
        modality = "background"
        evidence.append(Evidence("incident", span.start, span.end, text, LONG_BEFORE_RULE))
    elif modality == "asserted":
        verdict = load_gate().decide(sentence_features(sentence, kind, paragraph))
        kept = verdict.incident or _counted_operation(when, quantities, location)
        rule = verdict.rule if verdict.incident or not kept else f"{AGGREGATE_RULE}; {verdict.rule}"
        evidence.append(Evidence("incident", span.start, span.end, text, rule))
        modality = "asserted" if kept else verdict.mode
    return Draft(paragraph, span, kind.label, kind.confidence, modality, location, when, [(0, q) for q in quantities], sides, [claim], evidence,
                 reported=reported,
                 doer_speaks=side is not None and side == sides.actor1 and claim.stance != "denied", sentences=[span], text=text,
                 political=_political(kind.label, sides, text))


def extract_events(body: str, parsed: Parsed, places: tuple[PlaceMention, ...], published: dt.date | None, gazetteer: Gazetteer,
                   document_id: str = "", source: str | None = None, dateline: Place | None = None) -> tuple[tuple[Event, ...], tuple[Event, ...]]:
    """(events, statements): events as a coder would record them, and the threats, plans,
    hypotheticals and unanswered denials kept as statements with their modality."""
    day = day_of(published)
    outlet, story_country = _outlet(source), _story_country(places) or _groups_country(parsed)
    drafts: list[Draft] = []
    statements: list[Draft] = []
    for paragraph, (offset, doc) in enumerate(parsed.paragraphs):
        for sentence in doc.sents:
            draft = _read_sentence(sentence, offset, paragraph, body, parsed, places, day, gazetteer, story_country, outlet, drafts, dateline)
            latest = drafts[-1] if drafts else None
            recent = latest if latest is not None and paragraph - latest.paragraph <= 2 else None  # what a denial can answer
            if draft is None:
                if recent is not None and answers_event(sentence):
                    claim = read_claim(sentence, offset, None, outlet)
                    found = find_actors(sentence, offset, places, gazetteer, _country(recent.location, story_country))
                    claimant = next(iter(named_in_claimant(claim, (f.actor for f in found))), None)
                    sides = {a.name for a in (recent.sides.actor1, recent.sides.actor2) if a is not None}
                    answer(recent, as_party(claim) if claimant is not None and claimant.name in sides else claim, claimant)
                elif latest is not None and ANAPHORA.search(sentence.text):
                    add_counts(latest, sentence, offset, outlet)
                    _add_place_and_day(latest, sentence, offset, body, places, parsed, day)
                continue
            if draft.modality == "denied" and recent is not None:
                denial = draft.claims[0]
                answer(recent, Claim("denied", denial.chain, denial.verb, denial.sentence, denial.rule), None)
            elif draft.modality in NOT_HAPPENED or draft.modality in NOT_INCIDENT_MODES or draft.modality == "denied":
                statements.append(draft)
            elif latest is not None and continues(latest, draft):
                merge(latest, draft)
            elif draft.political:
                drafts.append(draft)
    events = tuple(event for d in drafts for event in split_by_place(_finish(d, body, document_id, day)))
    return events, tuple(_finish(d, body, document_id, day) for d in statements)
