"""Who says so, and how: the claims behind an event, their chains of sources, and a first reliability grade.

A claim is read from the dependency parse: the speech verb that governs the
event's clause ("..., the ministry said"; "a field source told state media
that ..."), or an "according to" phrase. The verb gives the stance (said →
asserted, accused → alleged, denied → denied, claimed responsibility, declined
to comment); its subject is the claimant; "told X", "citing X" and "quoting X"
add links to the chain, which runs from the publishing outlet to the original
informant. Sentences that only deny, decline to comment or claim responsibility
add their claim to the event they answer. The grade follows the Airwars scale
as far as one document can show it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from chronica.geo.locate import is_speech_verb
from chronica.model import Actor, Claim, ClaimSource, Span

STANCES = {
    "deny": "denied", "reject": "denied", "dismiss": "denied", "refute": "denied",
    "allege": "alleged", "accuse": "alleged", "blame": "alleged", "claim": "alleged",
    "acknowledge": "acknowledged", "admit": "acknowledged",
}
RELAY_VERBS = frozenset({"cite", "quote"})
ANONYMITY = re.compile(r"\b(?:source|sources|unnamed|anonymous|anonymity|not to be (?:named|identified)|not authori[sz]ed to (?:speak|talk)|declined to be (?:named|identified))\b", re.IGNORECASE)
ANONYMOUS_SPEECH = re.compile(r"\b(?:on (?:the )?condition of anonymity|asked not to be (?:named|identified)|speaking anonymously|declined to be (?:named|identified)|not authori[sz]ed to (?:speak|talk|brief))\b", re.IGNORECASE)
NO_COMMENT = re.compile(r"\b(?:declined|refused|did not|didn't|could not|couldn't|would not|wouldn't)\b[^.]{0,40}\b(?:comment|respond|reply|be reached)\b", re.IGNORECASE)
RESPONSIBILITY = re.compile(r"\b(?:claimed|claims|claiming|took|taken|takes|accepted|admitted)\s+(?:\w+\s+){0,2}?responsibility\b|\bresponsibility\b[^.]{0,30}\bclaimed\b", re.IGNORECASE)


@cache
def _source_kinds() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over every listed phrase (longest first), and the kind of each lower-cased phrase."""
    text = resources.files("chronica").joinpath("data/sources.tsv").read_text(encoding="utf-8")
    kinds: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, phrases = line.split("\t")
            kinds.update((p.lower(), kind) for p in phrases.split("|"))
    alternatives = "|".join(re.escape(p) for p in sorted(kinds, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), kinds


def _speaks_anonymously(sentence: SpacySpan) -> bool:
    """"… told reporters on condition of anonymity": the speaker hides its name though its phrase does not say so."""
    return bool(ANONYMOUS_SPEECH.search(sentence.text))


def source_kind(text: str) -> str:
    """The kind of source a claimant phrase names (its longest listed phrase); hidden names are anonymous whatever they are."""
    if ANONYMITY.search(text):
        return "anonymous"
    pattern, kinds = _source_kinds()
    found = pattern.findall(text.lower())
    return kinds[max(found, key=len)] if found else "unknown"


def _phrase(token: Token, offset: int) -> ClaimSource:
    """A claimant's noun phrase, without the clause the claim itself is in."""
    # a clause hanging off the name is not part of it ("bandits killed ..., an official told X"),
    # but a capitalised one is the name itself ("the Committee to Protect Journalists")
    clauses = {t.i for c in token.children if c.dep_ in ("relcl", "acl") and not c.text[:1].isupper() for t in c.subtree}
    words = [t for t in token.subtree if t.i not in clauses]
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    span = token.doc[start:end]
    while len(span) > 1 and span[0].dep_ in ("det", "punct"):
        span = span[1:]
    while len(span) > 1 and span[-1].dep_ == "punct":
        span = span[:-1]
    return ClaimSource(span.text, source_kind(token.doc[start:end].text), Span(offset + span.start_char, offset + span.end_char))


def _subject(verb: Token) -> Token | None:
    """The speech verb's subject; of two (a misparse of "X killed Y, an official told Z"), the one nearer the verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("it", "that", "which")]
    return min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None


def _relays(verb: Token, sentence: SpacySpan, offset: int) -> tuple[list[ClaimSource], list[ClaimSource]]:
    """Sources passed through: "told state media" (outward of the speaker), "citing X" (inward)."""
    outward = [_phrase(c, offset) for c in verb.children if verb.lemma_ == "tell" and c.dep_ in ("dobj", "dative")]
    inward = [_phrase(c, offset) for t in sentence if t.lemma_ in RELAY_VERBS for c in t.children if c.dep_ == "dobj"]
    return outward, inward


def _speech_verb(sentence: SpacySpan, trigger: Token | None) -> Token | None:
    """The speech verb that governs the event clause, or one beside it ("..., police said"; "..., a source told X")."""
    if trigger is not None:
        for ancestor in trigger.ancestors:
            if is_speech_verb(ancestor) and ancestor.lemma_ not in RELAY_VERBS:
                return ancestor  # "citing X" is a link in the chain, not the report itself
    beside = [t for t in sentence if is_speech_verb(t) and t.dep_ != "relcl" and _subject(t) is not None]
    return beside[-1] if beside else None


def _according_to(sentence: SpacySpan) -> Token | None:
    for token in sentence:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None


def _stance(verb: Token, sentence: SpacySpan) -> str:
    if RESPONSIBILITY.search(sentence.text):
        return "claimed_responsibility"
    if NO_COMMENT.search(sentence.text):
        return "no_comment"
    return STANCES.get(verb.lemma_, "asserted")


TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:according to\s+)?(?P<who>(?:an?|the)\s+[^,;]{2,80}?|[A-Z][^,;]{1,80}?)\s+(?P<verb>said|says|told|reported|added|claimed|confirmed|announced|stated|alleged|denied|wrote)"
    r"(?:\s+(?P<to>[^,;.]{1,60}?))?(?:,\s*(?:adding|citing|quoting)[^.]*)?[.!?\"”’']*\s*$")
VERB_LEMMAS = {"said": "say", "says": "say", "told": "tell", "reported": "report", "added": "add", "claimed": "claim", "confirmed": "confirm",
               "announced": "announce", "stated": "state", "alleged": "allege", "denied": "deny", "wrote": "write"}


def _trailing_claim(match: re.Match[str], sentence: SpacySpan, offset: int, outlet: ClaimSource, sentence_span: Span) -> Claim:
    base = offset + sentence.start_char
    who = match.group("who")
    start = match.start("who") + (len(who) - len(re.sub(r"^(?:an?|the)\s+", "", who)))
    speaker = ClaimSource(sentence.text[start : match.end("who")], source_kind(who), Span(base + start, base + match.end("who")))
    relays = []
    if match.group("verb") == "told" and match.group("to"):
        to = match.group("to")
        relays = [ClaimSource(to, source_kind(to), Span(base + match.start("to"), base + match.end("to")))]
    chain = (outlet, *[r for r in relays if _plain(r.text) != _plain(outlet.text)], speaker)
    verb = Span(base + match.start("verb"), base + match.end("verb"))
    stance = STANCES.get(VERB_LEMMAS[match.group("verb")], "asserted")
    return Claim(stance, chain, verb, sentence_span, f"trailing attribution '{match.group('verb')}'")


def _plain(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip().lower())


def read_claim(sentence: SpacySpan, offset: int, trigger: Token | None, outlet: ClaimSource) -> Claim:
    """The claim a sentence makes about its event; with no reporting verb the outlet asserts it."""
    sentence_span = Span(offset + sentence.start_char, offset + sentence.end_char)
    verb = _speech_verb(sentence, trigger)
    if verb is not None and (subject := _subject(verb)) is not None:
        outward, inward = _relays(verb, sentence, offset)
        speaker = _phrase(subject, offset)
        if _speaks_anonymously(sentence):
            speaker = ClaimSource(speaker.text, "anonymous", speaker.span)
        chain = (outlet, *[s for s in outward if _plain(s.text) != _plain(outlet.text)], speaker, *inward)
        verb_span = Span(offset + verb.idx, offset + verb.idx + len(verb.text))
        return Claim(_stance(verb, sentence), chain, verb_span, sentence_span, f"subject of '{verb.lemma_}'")
    trailing = TRAILING_ATTRIBUTION.search(sentence.text)
    if trailing is not None:  # the parser lost the speaker (", a military officer told Reuters.")
        return _trailing_claim(trailing, sentence, offset, outlet, sentence_span)
    source = _according_to(sentence)
    if source is not None:
        _, inward = _relays(source, sentence, offset)
        head = source.head.head
        return Claim("asserted", (outlet, _phrase(source, offset), *inward), Span(offset + head.idx, offset + source.idx - 1), sentence_span, "according to")
    stance = "claimed_responsibility" if RESPONSIBILITY.search(sentence.text) else "asserted"
    return Claim(stance, (outlet,), None, sentence_span, "no reporting verb: the outlet reports it")


def answers_event(sentence: SpacySpan) -> bool:
    """A sentence that only responds to a reported event: a denial, a refusal to comment, a claim of responsibility."""
    root = sentence.root
    return (root.lemma_ in STANCES and STANCES[root.lemma_] == "denied") or bool(NO_COMMENT.search(sentence.text)) or bool(RESPONSIBILITY.search(sentence.text))


ARMED_SIDES = frozenset({1, 2, 3, 4, 8})  # civilians, protesters and rioters who speak are witnesses, not parties


def named_in_claimant(claim: Claim, actors: Iterable[Actor]) -> list[Actor]:
    """The actors whose words lie inside the claimant's phrase ("the Turkish Defence Ministry")."""
    span = claim.claimant.span
    if span is None:
        return []
    return [a for a in actors if a.span is not None and span.start <= a.span.start and a.span.end <= span.end]


def speaking_side(claim: Claim, sides: tuple[Actor | None, ...], speakers: list[Actor]) -> Actor | None:
    """The event's side the claimant speaks for, if any ("the Turkish Defence Ministry said its jets ...")."""
    names = {a.name: a for a in sides if a is not None and a.inter in ARMED_SIDES}
    spoken = next((names[a.name] for a in named_in_claimant(claim, speakers) if a.name in names), None)
    if spoken is not None:
        return spoken
    head = _bare_head(claim.claimant)
    return next((a for a in names.values() if head and a.surface and _plain(a.surface).split()[-1] == head), None)


def belligerent_speaker(claim: Claim, speakers: list[Actor], event_country: str | None) -> bool:
    """The claimant is the military of the country the fighting is in: a party to it even when
    the event, as coded, names no side for it ("the army said RSF drones struck fuel depots")."""
    return event_country is not None and any(
        s.name.startswith("Military Forces") and s.country == event_country for s in named_in_claimant(claim, speakers))


def _bare_head(source: ClaimSource) -> str | None:
    """"the ministry", "the coalition": a source named by its head noun alone refers back to a fuller name."""
    plain = _plain(source.text)
    return plain if source.span is not None and plain.isalpha() and source.kind != "anonymous" else None


def same_speaker(claim: Claim, earlier: list[ClaimSource]) -> ClaimSource | None:
    """The earlier source a bare head noun refers to ("the ministry added" after "the Turkish Defence Ministry said")."""
    head = _bare_head(claim.claimant)
    if head is None:
        return None
    return next((s for s in reversed(earlier) if s.span is not None and s is not claim.claimant and _plain(s.text).split()[-1] == head), None)


def inherit_kind(claim: Claim, earlier: list[ClaimSource]) -> Claim:
    """A claim whose claimant refers back takes the kind of the source it refers to."""
    antecedent = same_speaker(claim, earlier)
    if antecedent is None or antecedent.kind == claim.claimant.kind:
        return claim
    claimant = claim.claimant
    return Claim(claim.stance, (*claim.chain[:-1], ClaimSource(claimant.text, antecedent.kind, claimant.span)), claim.verb, claim.sentence, claim.rule + f"; refers to '{antecedent.text}'")


def as_party(claim: Claim) -> Claim:
    """The claimant speaks for a side; one that hides its name stays anonymous (the kind a reader must weigh first)."""
    claimant = claim.claimant
    if claimant.kind == "anonymous":
        return claim
    return Claim(claim.stance, (*claim.chain[:-1], ClaimSource(claimant.text, "party", claimant.span)), claim.verb, claim.sentence, claim.rule)


def grade(claims: tuple[Claim, ...], doer_speaks: bool) -> str:
    """The Airwars-style grade the claims of one document support; ``doer_speaks``: the attacker's own side reports it."""
    stances = {c.stance for c in claims}
    if "denied" in stances and stances & {"asserted", "alleged"} and not doer_speaks:
        return "Contested"  # the report is denied
    if "claimed_responsibility" in stances or doer_speaks:
        return "Confirmed"  # the party that acted accepts or reports it
    informants = {(c.claimant.kind, c.claimant.text.lower()) for c in claims if c.stance in ("asserted", "alleged") and c.claimant.kind not in ("outlet", "unknown")}
    kinds = {kind for kind, _ in informants}
    if len(informants) >= 2 and len(kinds) >= 2 and "anonymous" not in kinds:
        return "Fair"  # two or more independent kinds of source in one report
    return "Weak"  # a single-source report
