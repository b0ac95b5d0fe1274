"""How many: killed, injured, casualties, arrested, abducted, displaced, and counted things.

A number is read from digits, words ("twenty-five", via number-parser) or the
codebook's vague quantifiers ("several" 3, "dozens" 12, "hundreds" 100);
"at least", "up to", "more than" and "between N and M" set its range. What it
counts is the noun it modifies, and what happened to them is the verb that
governs that noun ("killed or injured 40 militants": casualties). The ACLED
conservative fatality count and UCDP low/best/high are computed from these raw
claims, which are kept with their spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from number_parser import parse_number
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from chronica.nlp import in_antecedent_clause

# the codebook's reading of vague quantities (coding-rules.md, "Fatalities")
VAGUE = {"several": 3, "few": 3, "many": 3, "some": 3, "numerous": 3, "dozen": 12, "dozens": 12, "tens": 10,
         "scores": 20, "hundreds": 100, "thousands": 1000}
KINDS = {
    # gerunds too: the tagger sometimes reads "killing or injuring" as nouns
    "killed": frozenset({"kill", "killing", "die", "dead", "death", "execute", "massacre", "slay",
                         "murder", "lynch", "fatality", "body", "toll", "martyr"}),
    "injured": frozenset({"injure", "injuring", "wound", "wounding", "hurt", "injury", "wounded", "injured"}),
    "arrested": frozenset({"arrest", "detain", "round"}),
    "abducted": frozenset({"abduct", "kidnap", "hostage", "seize"}),
    "displaced": frozenset({"displace", "flee", "evacuate", "uproot"}),
}
LOW_MARKERS = ("at least", "more than", "over", "no fewer than", "upwards of", "in excess of")
HIGH_MARKERS = ("up to", "as many as", "at most", "no more than", "nearly", "almost")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


@dataclass(frozen=True)
class Quantity:
    kind: str  # killed, injured, casualties, arrested, abducted, displaced, or "count" (strikes, buildings, ...)
    low: int | None
    best: int
    high: int | None
    start: int  # the number expression, as offsets into the text
    end: int
    text: str
    counted: str  # the noun counted ("militants", "air raids")
    rule: str


def _value(tokens: list[Token]) -> tuple[int, str] | None:
    text = " ".join(t.text for t in tokens)
    if len(tokens) == 1 and _DIGITS.match(tokens[0].text):
        return int(tokens[0].text.replace(",", "")), "digits"
    if len(tokens) == 1 and _is_article(tokens[0]):
        return 1, "singular noun with an article"
    if len(tokens) == 1 and tokens[0].lower_ in VAGUE:
        return VAGUE[tokens[0].lower_], f"vague quantity '{tokens[0].lower_}' read by the codebook"
    parsed = parse_number(text.replace(" - ", "-"))
    return (int(parsed), "number words") if parsed is not None else None


def _number_run(token: Token) -> list[Token]:
    """The number expression a number token belongs to: 'twenty - five', 'one hundred and twenty'."""
    run = [token]
    doc = token.doc
    i = token.i - 1
    while i >= 0 and (doc[i].text == "-" or (doc[i].like_num and doc[i].is_alpha == token.is_alpha) or (doc[i].lower_ == "and" and i > 0 and doc[i - 1].like_num)):
        run.insert(0, doc[i])
        i -= 1
    i = token.i + 1
    while i < len(doc) and (doc[i].text == "-" or (doc[i].like_num and doc[i].is_alpha == token.is_alpha) or (doc[i].lower_ == "and" and i + 1 < len(doc) and doc[i + 1].like_num)):
        run.append(doc[i])
        i += 1
    while run and not run[-1].like_num:
        run.pop()
    while run and not run[0].like_num:
        run.pop(0)
    return run


def _is_number(token: Token) -> bool:
    return token.like_num or token.lower_ in VAGUE and token.dep_ in ("nummod", "amod", "nsubj", "nsubjpass", "dobj", "pobj", "npadvmod") or _is_article(token)


def _is_article(token: Token) -> bool:
    """"killing a shepherd", "the death of a young man": one person, when something happened to
    them (plain counted things, and "on a house", are left alone)."""
    noun = token.head
    if not (token.lower_ in ("a", "an") and token.dep_ == "det" and noun.tag_ == "NN"
            and noun.lower_ not in FRACTIONS):
        return False
    return noun.dep_ != "pobj" or (noun.head.lower_ == "of"
                                   and noun.head.head.lemma_.lower() in HARM_NOUNS)


# what happened to the one person "of a man" names: "the death of a man", "the arrest of a boy"
HARM_NOUNS = frozenset({"death", "killing", "murder", "execution", "injury", "wounding",
                        "abduction", "kidnapping", "arrest", "detention"})


INTRANSITIVE = frozenset({"die", "flee", "dead", "injured", "wounded", "missing"})
# "claimed / took / cost the lives of ten civilians": ten killed
TAKE_LIVES = frozenset({"claim", "take", "cost", "end"})
AFFECTED_EDGES = frozenset({"dobj", "nsubjpass", "pobj", "attr", "oprd", "appos"})


def _what_happened(noun: Token) -> tuple[set[str], bool]:
    """Lemmas saying what happened to ``noun``, and whether two of them are joined by "or".

    Only the word that governs the noun counts, and only when the noun undergoes it: the object
    of "killed", the subject of "were killed", "died" or a bare participle ("dozens wounded");
    "18 air raids destroyed ..." says what the raids did, not what happened to them."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):  # "two soldiers and three militants were killed"
        noun = noun.head
    verb = noun.head
    if _toll_rises_to(noun):
        return {"kill"}, False
    if verb.pos_ == "ADP":  # "killing of 12 people", "toll of 25" — but not "raids on three communities"
        if verb.lower_ not in ("of", "among"):
            return {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "acl")}, False
        verb = verb.head
        if _a_cause(verb):
            return set(), False
    if verb.lemma_.lower() == "life" and verb.head.lemma_.lower() in TAKE_LIVES:
        return {"kill"}, False  # "claiming the lives of ten civilians"
    if verb.lemma_.lower() == "lose" and any(
            c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children):
        return ({"kill"}, False) if noun.dep_ == "nsubj" else (set(), False)  # "lost their lives"
    undergoes = (
        noun.dep_ in AFFECTED_EDGES
        or (noun.dep_ == "nsubj" and (verb.lemma_.lower() in INTRANSITIVE or verb.tag_ == "VBN"))
    )
    lemmas = {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "acl")}  # "40 dead", "five people killed"
    either = False
    if undergoes:
        lemmas.add(verb.lemma_.lower())
        lemmas |= {c.lemma_.lower() for c in verb.children if c.dep_ in ("acomp", "oprd")}  # "left 15 dead"
        for partner in verb.conjuncts:
            # "killed or injured 40 militants": two verbs right before one shared object
            if noun.i > max(verb.i, partner.i) and abs(verb.i - partner.i) <= 3:
                lemmas.add(partner.lemma_.lower())
                either = either or any(t.lower_ == "or" for t in noun.doc[min(verb.i, partner.i) : max(verb.i, partner.i)])
    return lemmas, either


# "a protest against the killing of a teacher", "anger over the deaths of 12": what a protest or
# a statement is about is another event's toll, not one of its own
CAUSE_PREPOSITIONS = frozenset({"against", "over", "about"})
CAUSE_VERBS = frozenset({"condemn", "denounce", "protest", "mourn", "decry"})


def _a_cause(harm: Token) -> bool:
    """Whether a harm noun ("the killing", "the deaths") is what something is against or about."""
    return ((harm.dep_ == "pobj" and harm.head.lower_ in CAUSE_PREPOSITIONS)
            or (harm.dep_ == "dobj" and harm.head.lemma_.lower() in CAUSE_VERBS))


RISE = frozenset({"rise", "climb", "increase", "reach", "jump", "grow", "mount", "hit"})


def _toll_rises_to(noun: Token) -> bool:
    """"The death toll has risen to eight", "the number of people killed reached 11": the new
    count of the dead."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "to" else noun.head
    if verb.lemma_.lower() not in RISE or not (noun.dep_ == "dobj" or noun.head.lower_ == "to"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    said = {t.lemma_.lower() for t in subject.subtree}
    return subject.lemma_.lower() == "toll" and not said & KINDS["injured"] or (
        subject.lemma_.lower() == "number" and bool(said & KINDS["killed"]))


def _kind(number: Token) -> tuple[str, str, str]:
    """(kind, counted noun, rule) for a number token."""
    noun = number.head if number.dep_ in ("nummod", "amod", "quantmod", "det") and number.head.pos_ in ("NOUN", "PROPN") else number
    lemmas, either = _what_happened(noun)
    found = [kind for kind, words in KINDS.items() if lemmas & words]
    counted = noun.text if noun is not number else next(  # "dozens of civilians"
        (c.text for prep in number.children if prep.dep_ == "prep" and prep.lower_ == "of" for c in prep.children if c.dep_ == "pobj"), "")
    if "killed" in found and "injured" in found:
        if either:
            return "casualties", counted, "killed OR injured: deaths not known"
        return "killed", counted, "killed (injured counted apart)"
    if found:
        return found[0], counted, f"{found[0]} ({'/'.join(sorted(lemmas & KINDS[found[0]]))})"
    return "count", counted, "counted thing"


def _range(sentence: SpacySpan, run: list[Token], value: int) -> tuple[int | None, int, int | None, str]:
    before = sentence.doc[max(sentence.start, run[0].i - 3) : run[0].i].text.lower()
    if any(before.endswith(marker) for marker in LOW_MARKERS):
        return value, value, None, "a lower bound"
    if any(before.endswith(marker) for marker in HIGH_MARKERS):
        return None, value, value, "an upper bound"
    return value, value, value, "exact"


def find_quantities(sentence: SpacySpan, offset: int = 0, skip_antecedents: bool = False) -> list[Quantity]:
    """Every count in the sentence; with ``skip_antecedents``, not those in an "after …" clause
    (a riot "after a man was killed by police"; a battle's "after fighting that killed 20" is its own)."""
    found, used = [], set()
    for token in sentence:
        if token.i in used or not _is_number(token) or (skip_antecedents and in_antecedent_clause(token)):
            continue  # "… after a man was killed by police": that death is another event's
        run = _number_run(token) if token.like_num else [token]
        used |= {t.i for t in run}
        value = _value(run)
        if value is None or (run[0].like_num and _is_date_or_time(run)):
            continue
        number, how = value
        low, best, high, bound = _range(sentence, run, number)
        kind, counted, rule = _kind(run[-1])
        share = _fraction_of(run[-1]) if kind == "count" else None  # "half of the 40 people killed were children": still 40 killed
        if share is not None:  # "a third of the 90 houses were destroyed": 30 houses
            word, factor = share
            number = round(number * factor)
            low, best, high = (None if v is None else number for v in (low, best, high))
            kind, _, rule = _kind(word)
            rule = f"{word.text} of the number: {rule}"
            run = [t for t in sentence.doc[_fraction_start(word) : run[-1].i + 1]]
        if kind == "count" and _is_article(run[-1]):
            continue
        if kind == "casualties":
            low, best, high = 0, 0, number if high is not None or bound == "exact" else None
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        base = sentence.doc[0].idx
        found.append(Quantity(kind, low, best, high, offset + start - base, offset + end - base,
                              sentence.doc[run[0].i : run[-1].i + 1].text, counted, f"{rule}; {how}; {bound}"))
    return found


FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "fifth": 1 / 5, "tenth": 1 / 10}


def _fraction_of(number: Token) -> tuple[Token, float] | None:
    """The fraction word a counted noun belongs to ("a third of the 90 houses"), with its factor."""
    noun = number.head if number.dep_ == "nummod" else number
    preposition = noun.head
    if noun.dep_ == "pobj" and preposition.lower_ == "of" and preposition.head.lower_ in FRACTIONS:
        return preposition.head, FRACTIONS[preposition.head.lower_]
    return None


def _fraction_start(word: Token) -> int:
    """Where "a third", "one half", "half" begins."""
    before = word.i - 1
    return before if before >= 0 and word.doc[before].lower_ in ("a", "one") else word.i


def _is_date_or_time(run: list[Token]) -> bool:
    """Years, days of the month and clock times are not counts."""
    return any(t.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY") for t in run)


def acled_fatalities(quantities: list[Quantity]) -> int:
    """The conservative count: reported deaths only; 'killed or injured' alone gives 0."""
    return sum(q.best for q in quantities if q.kind == "killed")


def ucdp_deaths(quantities: list[Quantity]) -> tuple[int, int, int]:
    """(low, best, high) deaths: a casualty figure raises only the high estimate."""
    deaths = [q for q in quantities if q.kind in ("killed", "casualties")]
    low = sum(q.low or 0 for q in deaths)
    best = sum(q.best for q in deaths)
    high = sum(q.high if q.high is not None else q.best for q in deaths)
    return low, best, max(high, best)


def reconcile(reports: list[tuple[list[Quantity], bool]]) -> tuple[int, int, int, int]:
    """(ACLED fatalities, UCDP low, best, high) from several reports of one event, in text order.

    A report flagged additive ("two more died", "also killed") adds to the one before it;
    any other report of deaths is an alternative count of the same dead. When counts differ the
    codebook keeps the lowest; UCDP's low and high span the reports and its best is the first."""
    counts: list[tuple[int, int, int, int]] = []
    for quantities, additive in reports:
        if not any(q.kind in ("killed", "casualties") for q in quantities):
            continue
        count = (acled_fatalities(quantities), *ucdp_deaths(quantities))
        if counts and additive:
            counts[-1] = tuple(a + b for a, b in zip(counts[-1], count, strict=True))  # type: ignore[assignment]
        else:
            counts.append(count)
    if not counts:
        return 0, 0, 0, 0
    return min(c[0] for c in counts), min(c[1] for c in counts), counts[0][2], max(c[3] for c in counts)
