"""Who did it to whom: actor mentions in an event's sentence, normalised by the registry, and their roles.

The registry (data/actors.tsv) names armed groups with their aliases, and the
organs of a state and the unnamed actors (gunmen, civilians, protesters) as
word lists that are named per country at run time: "Turkish drones" and "the
Turkish Defence Ministry" are both Military Forces of Turkey, "the army" in a
Malian town is Military Forces of Mali. A role comes from the dependency path
between the actor and the event's trigger: the subject or a "by" phrase is the
doer, an object or an "on"/"against" phrase the target, "with"/"between" the
other side of a fight. The ACLED unit's order is free except that civilians
are always actor 2 in violence against civilians.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from spacy.matcher import PhraseMatcher
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token
from spacy.util import filter_spans

from chronica.events.taxonomy import (
    BATTLES,
    BY_NAME,
    CIVILIANS,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
)
from chronica.geo.gazetteer import Gazetteer
from chronica.geo.locate import ACCUSING, SPEECH_VERBS
from chronica.model import Actor, PlaceMention, Span
from chronica.nlp import Parsed, in_antecedent_clause, matches_in, model

# state organs that name a state only with a country word beside them ("Russian warplanes", not "a drone strike")
NEEDS_COUNTRY = frozenset("forces force warplane warplanes jet aircraft drone drones helicopter gunship artillery tank missile missiles rocket rockets officer officers".split()) | {"fighter jet"}
STATE_MODIFIERS = frozenset({"government", "regime", "pro-government", "state", "security", "federal", "national", "junta"})
TARGET_PREPOSITIONS = frozenset({"on", "against", "at", "upon", "targeting", "into"})
SIDE_PREPOSITIONS = frozenset({"with", "between", "alongside"})
UNNAMED_ATTACKERS = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})
ATTACK_NOUNS = frozenset({"strike", "airstrike", "raid", "attack", "bombardment", "shelling", "offensive", "operation", "bombing", "assault", "incursion"})


@dataclass(frozen=True)
class Entry:
    kind: str  # group, state, generic
    name: str
    inter: int
    country: str | None


@dataclass(frozen=True)
class Found:
    """An actor in a sentence, before its role is known."""

    actor: Actor
    tokens: SpacySpan


@cache
def registry() -> tuple[dict[str, Entry], tuple[PhraseMatcher, ...]]:
    """Entries by match key, and matchers for names (case-insensitive), acronyms (exact) and organ/role words (lemmas and forms)."""
    nlp = model()
    names, acronyms, words, word_forms = (PhraseMatcher(nlp.vocab, attr=attr) for attr in ("LOWER", "ORTH", "LEMMA", "LOWER"))
    entries: dict[str, Entry] = {}
    text = resources.files("chronica").joinpath("data/actors.tsv").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, inter, country, aliases = line.split("\t")
        key = f"{kind}:{name}"
        entries[key] = Entry(kind, name, int(inter), country or None)
        for alias in aliases.split("|"):
            if kind == "group":
                acronym = alias.isupper() and len(alias.replace("-", "")) <= 5
                (acronyms if acronym else names).add(key, [nlp.make_doc(alias)])
            else:
                words.add(key, [nlp(alias)])  # lemmas: "soldiers" -> soldier; but "Police" opening a sentence keeps its case
                word_forms.add(key, [nlp.make_doc(alias)])
    return entries, (names, acronyms, words, word_forms)


def _country_of(token: Token, body_offset: int, places: tuple[PlaceMention, ...], gazetteer: Gazetteer) -> str | None:
    """The country a modifier word names: a demonym ("Turkish") or a country place mention ("Turkey's")."""
    start = body_offset + token.idx
    for mention in places:
        if mention.span.start <= start < mention.span.end and mention.place is not None and not mention.names_actor:  # "Iran-backed": a sponsor
            if mention.kind == "demonym" or mention.place.feature_code.startswith("PCL"):
                return mention.place.country
    place = gazetteer.demonym(token.text) if token.text[:1].isupper() else None
    return place.country if place else None


def _modifiers(tokens: SpacySpan) -> list[Token]:
    """Words that qualify an actor phrase: whatever stands before its head ("the Turkish Defence
    Ministry") and an "of X" object ("the army of Mali")."""
    root = tokens.root
    found = [t for t in root.subtree if t.i < root.i and t.dep_ != "det"]
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            found.extend(t for t in child.subtree if t.i != child.i)
    return found


def _state_name(entry: Entry, iso: str, gazetteer: Gazetteer) -> str:
    """"Military Forces of Turkey": a state's organs are named by the state."""
    country = gazetteer.country(iso)
    return f"{entry.name} of {country.name if country else iso}"


def _generic_name(entry: Entry, iso: str | None, gazetteer: Gazetteer) -> str:
    country = gazetteer.country(iso) if iso else None
    return f"{entry.name} ({country.name})" if country else entry.name


def find_actors(sentence: SpacySpan, offset: int, places: tuple[PlaceMention, ...], gazetteer: Gazetteer, event_country: str | None) -> list[Found]:
    """Every actor the sentence names, in text order; ``offset`` turns paragraph offsets into body offsets."""
    entries, matchers = registry()
    strings = sentence.doc.vocab.strings
    matches = [(strings[m], sentence.doc[s:e]) for number, matcher in enumerate(matchers) for m, s, e in matches_in(sentence, matcher, f"actors:{number}")]
    kept = {(t.start, t.end) for t in filter_spans([tokens for _, tokens in matches])}
    group_tokens = {t.i for key, tokens in matches if key.startswith("group:") and (tokens.start, tokens.end) in kept for t in tokens}
    found: list[Found] = []
    for key, tokens in sorted(matches, key=lambda m: m[1].start):
        if (tokens.start, tokens.end) not in kept:
            continue
        kept.discard((tokens.start, tokens.end))
        entry = entries[key]
        span = Span(offset + tokens.start_char, offset + tokens.end_char)
        modifiers = _modifiers(tokens)
        if entry.kind == "group":
            actor = Actor(entry.name, entry.inter, entry.country, tokens.text, span, "registry: group name")
        elif found and found[-1].actor.rule == "registry: group name" and found[-1].tokens.end == tokens.start:
            # "IS fighters": the group's members; the phrase takes the group's name and the noun's place in the parse
            group = found.pop()
            whole = tokens.doc[group.tokens.start : tokens.end]
            found.append(Found(replace(group.actor, surface=whole.text, span=Span(offset + whole.start_char, offset + whole.end_char)), whole))
            continue
        else:
            countries = {t.i: _country_of(t, offset, places, gazetteer) for t in modifiers}
            named = next((c for c in countries.values() if c), None)
            outside = [t for t in modifiers if not tokens.start <= t.i < tokens.end]
            if any(t.i in group_tokens or (t.ent_type_ == "NORP" and not countries[t.i]) for t in outside):
                continue  # "Daesh militants", "Houthi forces", "Kurdish fighters": the group's, not the state's
            if not named and any(t.lower_ in ("its", "their", "our") for t in modifiers):
                named = next((f.actor.country for f in reversed(found) if f.actor.inter == 1), None)  # "the ministry said its jets ..."
            if entry.kind == "state":
                needs_country = tokens.text.lower() in NEEDS_COUNTRY and not any(t.lower_ in STATE_MODIFIERS for t in modifiers)
                if needs_country and not named:
                    continue
                stated = named or event_country
                rule = "registry: state organ + country word" if named else "registry: state organ, country of the event's place" if stated else "registry: state organ, country unknown"
                actor = Actor(_state_name(entry, stated, gazetteer) if stated else entry.name, entry.inter, stated, tokens.text, span, rule)
            else:
                iso = named or event_country
                actor = Actor(_generic_name(entry, iso, gazetteer), entry.inter, iso, tokens.text, span, "registry: unnamed actor" + (" + country word" if named else ""))
        found.append(Found(actor, tokens))
    return found


def role(tokens: SpacySpan, trigger: SpacySpan) -> str | None:
    """"doer", "target", "side" or "speaker", from the dependency path between the actor and the trigger."""
    token, preposition = tokens.root, None
    head_of_trigger = trigger.root
    while token.head.i != token.i:
        dep, head = token.dep_, token.head
        if dep == "pobj":
            preposition = head.lower_
        if head.i == head_of_trigger.i and head.pos_ in ("NOUN", "PROPN"):  # "an Israeli strike on Gaza", "attack by gunmen"
            if dep in ("amod", "compound", "poss", "nmod"):
                return "doer"
        if head.pos_ in ("VERB", "AUX") or head.i == head_of_trigger.i:
            if head.lemma_ in SPEECH_VERBS and dep in ("nsubj", "nsubjpass"):
                subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
                nearest = min(subjects, key=lambda c: abs(c.i - head.i))
                # of two subjects (a misparse of "bandits killed ..., an official told X"), the farther one did the deed
                return "speaker" if nearest.i == token.i else "doer"
            if head.lemma_ in ACCUSING and dep == "dobj":
                return "doer"  # "activists accused the coalition of ..."
            if dep in ("nsubj", "csubj", "agent") or preposition == "by":
                return "doer"
            if dep in ("dobj", "nsubjpass", "attr", "oprd", "dative"):
                return "target"
            if dep == "prep" and preposition in TARGET_PREPOSITIONS:
                return "target"
            if dep == "prep" and preposition in SIDE_PREPOSITIONS:
                return "side"
        if dep in ("advcl", "ccomp", "relcl", "acl", "xcomp", "conj", "pcomp") and head.pos_ in ("VERB", "AUX"):
            return None  # the actor belongs to another clause
        token = head
    return None


ORGANISED = frozenset({1, 2, 3, 4, 8})
CIVILIAN_PROPERTY = frozenset({"house", "home", "shop", "store", "market", "village", "property", "car", "vehicle", "crop", "granary",
                               "farm", "school", "mosque", "church", "hospital", "clinic", "hut", "livestock", "business"})


def _civilian_property(trigger: SpacySpan) -> bool:
    """The trigger's object is people's property ("torched more than 200 houses")."""
    verb = trigger.root if trigger.root.pos_ in ("VERB", "AUX") else trigger.root.head
    return any(t.lemma_.lower() in CIVILIAN_PROPERTY for child in verb.children if child.dep_ in ("dobj", "nsubjpass", "pobj", "prep")
               for t in child.subtree)


def _rivals(tokens: SpacySpan) -> bool:
    """"rival clan militias", "militias fought each other": one kind of actor on both sides."""
    return any(t.lower_ in ("rival", "rivals") for t in tokens.root.subtree) or "each other" in tokens.root.sent.text.lower()


def _pronoun_subject(trigger: SpacySpan) -> bool:
    verb = trigger.root if trigger.root.pos_ in ("VERB", "AUX") else trigger.root.head
    return any(c.dep_ == "nsubj" and c.lower_ in ("it", "they", "we") for c in verb.children)


def _trigger_country(trigger: SpacySpan, offset: int, places: tuple[PlaceMention, ...], gazetteer: Gazetteer) -> tuple[str, Token] | None:
    """"an Israeli strike", "Russian shelling": a country word on the attack noun names the state as the doer."""
    for token in (trigger.root, *(t for t in trigger.root.children if t.lower_ in ATTACK_NOUNS)):
        if token.lemma_ not in ATTACK_NOUNS and token.pos_ != "NOUN":
            continue
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                iso = _country_of(child, offset, places, gazetteer)
                if iso:
                    return iso, child
    return None


@dataclass(frozen=True)
class Sides:
    actor1: Actor | None
    assoc_actor_1: tuple[Actor, ...]
    actor2: Actor | None
    assoc_actor_2: tuple[Actor, ...]
    speakers: tuple[Actor, ...]  # actors named as the ones who speak ("the ministry said"), not as sides


def _abroad(actor: Actor, event_country: str | None) -> Actor:
    """A state's forces outside their own country are external forces (type 8)."""
    if actor.inter == 1 and actor.country and event_country and actor.country != event_country:
        return Actor(actor.name, 8, actor.country, actor.surface, actor.span, actor.rule + "; operating abroad → external forces")
    return actor


def _unique(actors: list[Actor]) -> list[Actor]:
    seen, out = set(), []
    for actor in actors:
        if actor.name not in seen:
            seen.add(actor.name)
            out.append(actor)
    return out


def _default(entry_name: str, iso: str | None, gazetteer: Gazetteer, why: str) -> Actor:
    entries = registry()[0]
    entry = entries[f"generic:{entry_name}"]
    return Actor(_generic_name(entry, iso, gazetteer), entry.inter, iso, "", None, f"inferred: {why}")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def assign_sides(sentence: SpacySpan, trigger: SpacySpan | None, offset: int, sub_event_type: str, places: tuple[PlaceMention, ...],
                 gazetteer: Gazetteer, event_country: str | None) -> Sides:
    """Actor 1, actor 2 and the associated actors of one event, by role and by the event type's conventions."""
    found = find_actors(sentence, offset, places, gazetteer, event_country)
    doers, targets, sides, others, speakers = [], [], [], [], []
    kind = BY_NAME[sub_event_type]
    for item in found:
        if kind.event_type != BATTLES and in_antecedent_clause(item.tokens.root):
            continue  # a riot "after a man was killed by police": those police belong to what led to it
        position = role(item.tokens, trigger) if trigger is not None else None
        {"doer": doers, "target": targets, "side": sides, "speaker": speakers}.get(position, others).append(_abroad(item.actor, event_country))
    if trigger is not None and not doers and _pronoun_subject(trigger):
        # "the Arakan Army said it had taken ...", "a faction of JNIM fighters announced that it had split ..."
        antecedent = next(iter(speakers), None) or next((a for a in others if a.inter in ORGANISED), None)
        if antecedent is not None:
            doers.append(replace(antecedent, rule=antecedent.rule + "; 'it'/'they' of the trigger refers to it"))
    if trigger is not None and not doers:
        stated = _trigger_country(trigger, offset, places, gazetteer)
        if stated:
            iso, word = stated
            name = _state_name(registry()[0]["state:Military Forces"], iso, gazetteer)
            doers.append(_abroad(Actor(name, 1, iso, word.text, Span(offset + word.idx, offset + word.idx + len(word.text)), "country word on the attack noun"), event_country))
    if kind.event_type in (CIVILIANS, EXPLOSIONS):
        civilians = [a for a in targets + others if a.inter == 7]
        first = _unique([a for a in doers if a.inter != 7] + [a for a in sides if a.inter != 7])
        second = _unique(civilians + [a for a in targets if a.inter != 7])
        if not first and sub_event_type in UNNAMED_ATTACKERS:
            first = [_default("Unidentified Armed Group", event_country, gazetteer, "a bomb or grenade whose attacker is not named")]
        if kind.event_type == CIVILIANS:
            if not second:
                second = [_default("Civilians", event_country, gazetteer, "violence against civilians targets civilians")]
            if not first:
                first = [_default("Unidentified Armed Group", event_country, gazetteer, "the attacker is not named")]
    elif kind.event_type in (PROTESTS, RIOTS):
        crowd = 6 if kind.event_type == PROTESTS else 5
        first = _unique([a for a in (f.actor for f in found) if a.inter in (5, 6)])
        first = [Actor(a.name, crowd, a.country, a.surface, a.span, a.rule) for a in first] or [
            _default("Protesters" if crowd == 6 else "Rioters", event_country, gazetteer, f"{kind.event_type.lower()} are by {'protesters' if crowd == 6 else 'rioters'}")]
        opposed = sub_event_type in ("Protest with intervention", "Excessive force against protesters", "Mob violence", "Violent demonstration")
        second = _unique([a for a in doers + targets + sides + others if a.inter not in (5, 6)]) if opposed else []
    else:
        ordered = _unique(doers + sides + targets + (others if kind.event_type == BATTLES else []))
        if kind.event_type == BATTLES:  # either side may come first
            first = [a for a in ordered if a.inter != 7][:1] or ordered[:1]
        else:  # a development is done by its doer; what it is done to is never actor 1 ("rioters torched a police station")
            first = _unique([a for a in doers + sides if a.inter != 7])[:1]
        second = [a for a in ordered if a.name not in {f.name for f in first}]
        if kind.event_type == BATTLES:
            # civilians caught in a battle are associated with it, not its other side; "rival militias" fight each other
            armed, caught = [a for a in second if a.inter != 7], [a for a in second if a.inter == 7]
            if not armed and first and any(f.actor.name == first[0].name and _rivals(f.tokens) for f in found):
                armed = [first[0]]
            return Sides(actor1=first[0] if first else None, assoc_actor_1=tuple(first[1:]), actor2=armed[0] if armed else None,
                         assoc_actor_2=tuple(armed[1:] + caught), speakers=tuple(speakers))
        if not second and sub_event_type == "Looting/property destruction" and trigger is not None and _civilian_property(trigger):
            second = [_default("Civilians", event_country, gazetteer, "the property destroyed is civilians' (homes, shops, vehicles)")]
    return Sides(actor1=first[0] if first else None, assoc_actor_1=tuple(first[1:]), actor2=second[0] if second else None,
                 assoc_actor_2=tuple(second[1:]), speakers=tuple(speakers))


def civilian_targeting(sub_event_type: str, actor2: Actor | None) -> bool:
    """ACLED's "Civilians targeted": civilians are the target of violence against civilians or of an explosion."""
    return actor2 is not None and actor2.inter == 7 and BY_NAME[sub_event_type].event_type in (CIVILIANS, EXPLOSIONS)


def side_of(noun: str) -> str | None:
    """"civilians", "state" or "armed": the kind of side a counted noun belongs to ("soldiers" -> state)."""
    entries, matchers = registry()
    doc = model()(noun)
    keys = {doc.vocab.strings[m] for matcher in matchers for m, _, _ in matcher(doc)}
    kinds = {entries[k].kind if entries[k].kind != "generic" else ("civilians" if entries[k].inter == 7 else "armed" if entries[k].inter == 3 else None) for k in keys}
    kinds = {"armed" if k == "group" else k for k in kinds} - {None}
    return kinds.pop() if len(kinds) == 1 else None


def group_mentions(parsed: Parsed) -> list[tuple[Span, Entry]]:
    """Where the text names a registered armed group (as body offsets), with the group."""
    entries, matchers = registry()
    found = []
    for offset, doc in parsed.paragraphs:
        whole = doc[:]
        for number, matcher in enumerate(matchers[:2]):  # names and acronyms: the group matchers
            for key, start, end in matches_in(whole, matcher, f"actors:{number}"):
                tokens = doc[start:end]
                found.append((Span(offset + tokens.start_char, offset + tokens.end_char), entries[doc.vocab.strings[key]]))
    return found


def group_names(parsed: Parsed) -> tuple[Span, ...]:
    """Spans naming armed groups, for the geoparser to skip ("Islamic State Khorasan Province")."""
    return tuple(span for span, _ in group_mentions(parsed))
