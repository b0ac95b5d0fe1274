"""Find place names in a parsed story.

Small NER models miss or mislabel places (a province tagged as an
organisation, "Aleppo" as a nationality), so the model's entities are one
source among two: a name the gazetteer knows, preceded by a locative cue
("in", "near", "east of"), or followed by a division word ("province"), is a
place too. Each mention also records how the sentence places something
relative to it (at, near, an area around it, between two places), which
event location and precision need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from chronica.geo.gazetteer import Gazetteer
from chronica.geo.names import ADMIN_WORDS
from chronica.model import Qualifier, Span
from chronica.nlp import Parsed

PLACE_LABELS = frozenset({"GPE", "LOC"})
# labels a small model also gives place names ("in the northern Jaffna peninsula" as a PRODUCT)
MAYBE_PLACE_LABELS = frozenset({"FAC", "ORG", "PERSON", "NORP", "PRODUCT"})
FEATURE_WORDS = frozenset(
    "desert mountains mountain mount valley river lake sea gulf plain plains plateau hills hill island "
    "islands strait peninsula basin dam airport airbase base crossing border".split()
)
_DIRECTION = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
_DIRECTION_NOUN = r"(?:(?:north|south)(?:-?(?:east|west))?|east|west)"  # grouped: used inside others
_DIRECTION_ADJECTIVE = rf"(?:{_DIRECTION_NOUN}ern)"
# Text just before a name, lower-cased, that says where relative to it.
_BEFORE = (
    (Qualifier.BETWEEN, re.compile(r"\bbetween\s+(?:the\s+)?$")),
    (Qualifier.BETWEEN, re.compile(r"\bbetween\s+(?:the\s+)?[^,.;]{1,40}?\s+and\s+(?:the\s+)?$")),
    # the countryside or region of X is X's division; its outskirts or vicinity are near the town (below)
    (Qualifier.AREA, re.compile(rf"\b(?:the\s+)?(?:{_DIRECTION}\s+)?(?:countryside|desert|areas?|parts?|region|province|villages|towns)\s+(?:of|around|near)\s+(?:the\s+)?$")),
    (Qualifier.AREA, re.compile(rf"\b(?:desert|countryside|areas?|villages|towns)\s+{_DIRECTION}\s+of\s+(?:the\s+)?$")),
    # "northern Syria", "in the north-east of Iraq" ("just north of" and "north of" stay NEAR)
    (Qualifier.PART, re.compile(rf"\b(?:{_DIRECTION_ADJECTIVE}|central)\s+$")),
    (Qualifier.PART, re.compile(rf"\bthe\s+(?:far\s+)?{_DIRECTION_NOUN}\s+of\s+(?:the\s+)?$")),
    (Qualifier.NEAR, re.compile(rf"\b(?:near|nearby|outside|close\s+to|just\s+{_DIRECTION}\s+of|(?:\d+|a\s+few|several)\s+(?:km|kilometres|kilometers|miles)\s+(?:{_DIRECTION}\s+)?(?:of|from)|{_DIRECTION}\s+of|on\s+the\s+(?:outskirts|edge)\s+of|(?:outskirts|edge|surroundings|vicinity|environs)\s+of|around)\s+(?:the\s+)?$")),
)
_AFTER_AREA = re.compile(r"^\s*(?:'s\s+)?(?:countryside|outskirts|suburbs|environs)\b")
DIVISION_WORDS = ADMIN_WORDS - {"city", "state"}  # "X city" and "X state" are as often the town or the polity
_AFTER_ADMIN = re.compile(r"^\s*(?:" + "|".join(sorted(DIVISION_WORDS)) + r")\b", re.IGNORECASE)
_AFTER_FEATURE = re.compile(r"^\s*(?:" + "|".join(sorted(FEATURE_WORDS)) + r")\b", re.IGNORECASE)
# a town is what troops take, shell or fight for: "captured Jaffna", "the fight for Jaabar"
_FIGHT_CUE = (  # a headline's present tense too: "army captures X"
    r"(?:re)?captur(?:e|ed|es)|seize[ds]?|storm(?:s|ed)|shell(?:s|ed)|bomb(?:s|ed)|bombarded"
    r"|besieged|overran|liberated|retake|retook|(?:fight|battle|offensive|push)\s+(?:for|on)"
    r"|(?:attacks?|(?:air)?strikes?|raids?|assault|shelling|offensive)\s+on"
    # and where forces and people go or patrol: "marched to Khrew", "police patrolled Bishkek"
    r"|patrol(?:led|ling|s)?|(?:fled|marched|moved|returned|deployed|advanced|headed|withdrew"
    r"|evacuated)\s+(?:back\s+)?(?:to|towards?)"
)
# prepositions that put something in a place, and the fighting above; a person's name after
# them is the place's name
_STRONG_CUE = re.compile(
    rf"\b(?:in|at|near|outside|into|inside|across|around|towards?|between|over|downtown"
    rf"|{_FIGHT_CUE})\s+(?:the\s+)?"
    r"(?:(?:central|(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?)\s+)?#?$")
# conflict verbs whose object is usually a place ("shelling also hit Dayr az Zawr"; the
# fighting verbs of _FIGHT_CUE among them)
_LOCATIVE_CUE = re.compile(
    r"\b(?:hit|struck|attacked|raided|entered|targeted|"
    r"in|at|near|from|to|into|towards?|outside|across|around|of|via|through|between|over|and|province|city|town|village|"
    r"district|governorate|region|(?:north|south|east|west)(?:ern)?|downtown|central|rural|suburban"
    rf"|{_FIGHT_CUE})\s+(?:the\s+)?#?$"  # "in #Idlib": a hashtag is the name
)
# "the town of X": the words say a place follows, so a looser spelling match is enough
_PLACE_NOUN_CUE = re.compile(r"\b(?:town|village|city|district|province|governorate|region|area|neighbou?rhood|camp|suburb|port|municipality)\s+of\s+(?:the\s+)?$")
_SETTLEMENT_CUE = re.compile(r"\b(?:town|village|city|hamlet|camp|neighbou?rhood|suburb)\s+of\s+(?:the\s+)?$")
_SETTLEMENT_AFTER = re.compile(r"^\s*(?:town|village|city|camp)\b", re.IGNORECASE)
# "a Beirut-based monitor", "Iran-backed militias": the place names who, not where.
_MODIFIER_AFTER = re.compile(r"^-(?:based|backed|led|born|run|held|controlled|allied|linked|funded|supported|aligned)\b")
_NAME_RUN = re.compile(  # apostrophes of every kind stay inside a name: "Tal Al-‘Eiss", "Ma’arat"
    r"[A-Z][\w’‘ʿʾ'-]*(?:\s+(?:(?:al|el|ad|as|ash|ar|az|an|at|ez|es|de|del|la|le|ibn|bin|abu|umm?|bani|beni)[- ]?)?"
    r"[A-Z][\w’‘ʿʾ'-]*){0,3}"
)
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_BEARING = re.compile(rf"\b{_DIRECTION}\s+of\s+(?:the\s+)?$")  # "west of X", "north-east of the X"
# Villages in lists the gazetteer lacks: "the villages of al-Nuwaihat, al-Mushayrfa and al-Asadiya",
# "targeting Tel Zuwayan, Shaala and Tel Jijan villages". The settlement word vouches for names the
# gazetteer and the tagger do not know; each name is a place of its own (unresolved).
_LIST_NAME = rf"(?:(?:al|el|ad|as|ash|ar|az|an|at|ez)-)?{_NAME_RUN.pattern}"
_NAME_LIST = rf"{_LIST_NAME}(?:\s*,\s*(?:and\s+)?{_LIST_NAME})*(?:,?\s+and\s+{_LIST_NAME})?"
# a town's parts are named in lists as well ("the Al-Assad and Minyan suburbs"); a capitalised
# noun is part of the name ("Cape Town")
_SETTLEMENT_NOUN = r"(?:villages?|towns?|hamlets?|settlements?|suburbs|neighbou?rhoods)"
_SETTLEMENT_LISTS = (
    re.compile(rf"\b{_SETTLEMENT_NOUN}\s+of\s+(?:the\s+)?(?P<names>{_NAME_LIST})"),
    re.compile(rf"(?P<names>{_NAME_LIST})\s+{_SETTLEMENT_NOUN}\b"),
)
_NOT_SETTLEMENT_NAME = re.compile(
    r"(?:-(?:based|backed|led|held|run|controlled|allied|linked|funded|supported|aligned)"
    r"|ish|ian|ese|ite|ic)$|^(?:The|A|An|Some|Several|Two|Three|Four|Five|Many|Other|Its|Their)$")
# A named site in a town, which gazetteers seldom list and wire reports often give as an event's
# place: "the Heart Hospital", "al-Qanat Street", "T-3 Airport", "the Al-Balad District", "the
# Nabi Yunis area". The site word vouches for the name; capitalised, it is part of the name.
SITE_WORDS = (
    "hospital street square airport airbase suburb district quarter neighbourhood neighborhood "
    "camp area compound complex school university mosque church market bridge checkpoint "
    "crossing prison station stadium hotel farms plant field fields".split()
)
_SITE = re.compile(rf"(?P<name>{_LIST_NAME})\s+(?P<word>(?i:{'|'.join(SITE_WORDS)}))\b")


@dataclass(frozen=True)
class Toponym:
    """A place name found in the text, before any gazetteer choice."""

    span: Span
    text: str
    recognised_by: str
    qualifier: Qualifier
    qualifier_span: Span | None
    prefers_division: bool = False  # "Idlib province", "the Hama countryside"
    prefers_feature: bool = False  # "the Badia desert", "Tabqa airbase"
    prefers_settlement: bool = False  # "the town of X", "X village"
    names_actor: bool = False  # "Iran-backed", "a Damascus-based" — a place in a modifier
    country_name: str | None = None  # for a demonym, the country name it was derived from
    site: bool = False  # a named site in a town ("the Heart Hospital"), not a toponym proper
    inside_next: bool = False  # "Green Village in northeast Syria": the next name contains it
    near_next: bool = False  # "Zorava, east of Kobani": it lies near the next name


def qualify(text: str, span: Span, sentence_start: int) -> tuple[Qualifier, Span | None, bool, bool]:
    """How the words around ``span`` place something relative to it."""
    window_start = max(sentence_start, span.start - 60)
    before = text[window_start : span.start]
    lowered = before.lower()
    after = text[span.end : span.end + 30]
    own_words = text[span.start : span.end].lower().split()
    division = bool(_AFTER_ADMIN.match(after)) or (len(own_words) > 1 and own_words[-1] in DIVISION_WORDS)
    feature = bool(_AFTER_FEATURE.match(after))
    area = _AFTER_AREA.match(after)
    for qualifier, pattern in _BEFORE:
        found = pattern.search(lowered)
        if found and not (qualifier is Qualifier.PART and area):  # "southern Hama countryside"
            return qualifier, Span(window_start + found.start(), span.start), division or qualifier is Qualifier.AREA, feature
    if area:
        return Qualifier.AREA, Span(span.end, span.end + area.end()), True, feature
    return Qualifier.AT, None, division, feature


def _trim(text: str, span: Span) -> Span:
    """Drop a leading "the" and trailing possessive from an entity span."""
    surface = text[span.start : span.end]
    lead = _LEADING_THE.match(surface)
    start = span.start + (lead.end() if lead else 0)
    end = span.end
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return Span(start, end)


def _toponym(text: str, span: Span, sentence_start: int, recognised_by: str) -> Toponym:
    qualifier, qualifier_span, division, feature = qualify(text, span, sentence_start)
    actor = bool(_MODIFIER_AFTER.match(text[span.end : span.end + 12]))
    settlement = bool(_SETTLEMENT_CUE.search(text[max(sentence_start, span.start - 30) : span.start].lower())) or bool(_SETTLEMENT_AFTER.match(text[span.end : span.end + 20]))
    return Toponym(span, text[span.start : span.end], recognised_by, qualifier, qualifier_span, prefers_division=division,
                   prefers_feature=feature, prefers_settlement=settlement, names_actor=actor)


_LEADING_PART = re.compile(rf"(?:{_DIRECTION_ADJECTIVE}|central)\s+", re.IGNORECASE)


def named(name: str, gazetteer: Gazetteer) -> Toponym:
    """A name given on its own (``chronica gazetteer lookup``), read as a sentence would be:
    "the Sahel" is "Sahel", "northern Iraq" a part of Iraq, "Idlib province" a division —
    but "Western Sahara", a name of its own, stays whole."""
    text = " ".join(name.split())
    span = _trim(text, Span(0, len(text)))
    part = _LEADING_PART.match(text, span.start)
    if part and part.end() < span.end and not gazetteer.by_name(text[span.start : span.end]):
        span = Span(part.end(), span.end)
    return _toponym(text, span, 0, "lookup")


def _strongly_cued(text: str, span: Span, sentence_start: int) -> bool:
    """A preposition that puts something in the place right before the name ("in Jezzine"), or
    a verb or noun of fighting whose object is a place ("captured Jaffna", "strikes on Raqqa")."""
    return bool(_STRONG_CUE.search(text[max(sentence_start, span.start - 30) : span.start].lower()))


def _cued(text: str, span: Span, sentence_start: int) -> bool:
    before = text[max(sentence_start, span.start - 30) : span.start].lower()
    after = text[span.end : span.end + 30]
    return bool(_LOCATIVE_CUE.search(before) or _AFTER_ADMIN.match(after) or _AFTER_AREA.match(after))


def _known(gazetteer: Gazetteer, name: str, prominent: bool, loose: bool = False) -> bool:
    """A name the gazetteer has; with ``prominent``, only countries, divisions and towns of 10,000+;
    with ``loose``, a spelling variant (skeleton match) counts too."""
    for place, how in gazetteer.by_name(name):
        if how == "skeleton" and not loose:
            continue
        if not prominent or place.feature_class == "A" or place.population >= 10_000:
            return True
    return False


def _noun_cued(text: str, span: Span, sentence_start: int) -> bool:
    return bool(_PLACE_NOUN_CUE.search(text[max(sentence_start, span.start - 40) : span.start].lower()))


def _entity_toponyms(text: str, offset: int, doc: Doc, gazetteer: Gazetteer) -> list[Toponym]:
    found = []
    for entity in doc.ents:
        span = _trim(text, Span(offset + entity.start_char, offset + entity.end_char))
        if span.end <= span.start:
            continue
        sentence_start = offset + entity.sent.start_char
        if entity.label_ in PLACE_LABELS or entity.label_ in MAYBE_PLACE_LABELS:
            span = _less_division_word(text, span, gazetteer)
        name = text[span.start : span.end]
        if entity.label_ in PLACE_LABELS:
            found.append(_toponym(text, span, sentence_start, f"ner:{entity.label_}"))
        elif entity.label_ in MAYBE_PLACE_LABELS and _is_mislabelled_place(text, span, sentence_start, entity, gazetteer, name):
            found.append(_toponym(text, span, sentence_start, f"ner:{entity.label_}+gazetteer"))
        elif entity.label_ in UNLISTED_LABELS and _put_in_it(text, span, sentence_start, entity):
            found.append(_toponym(text, span, sentence_start, f"ner:{entity.label_}+cue"))
        elif entity.label_ == "NORP" and (country := demonym_country(name, gazetteer)):
            found.append(Toponym(span, name, "ner:NORP+demonym", Qualifier.AT, None, country_name=country))
        elif entity.label_ == "ORG":
            found += _places_in_name(text, span, sentence_start, gazetteer)
    return found


# a name the gazetteer lacks, tagged as a person or a facility, that something happens in, at or
# near: "pulled back from Kafr Zorvanet", "a blast at a market in Pattani" — villages, quarters and
# sites the packages do not list. Organisations are left out: "in Congress", "at Google".
UNLISTED_LABELS = frozenset({"PERSON", "FAC"})
_IN_IT = re.compile(rf"\b(?:in|at|near|inside|into|outside|from|{_FIGHT_CUE})\s+(?:the\s+)?$")


def _put_in_it(text: str, span: Span, sentence_start: int, entity: SpacySpan) -> bool:
    """A preposition of place right before the name, and no noun or possessive after it that
    would make it a modifier ("in Obama's speech", "at Smith Hall" is the hall's) — but for a
    division or settlement word, which says what the name is ("an attack on X district")."""
    after = text[span.end : span.end + 30]
    own_word = _AFTER_ADMIN.match(after) or _SETTLEMENT_AFTER.match(after)
    if _is_acronym(text[span.start : span.end]) or _noun_follows(entity) and not own_word:
        return False
    return not after.startswith(("'s", "’s")) and bool(
        _IN_IT.search(text[max(sentence_start, span.start - 20) : span.start]))


# inside an organisation's name these belong to the organisation, not to the place before them:
# "the Kentucky State Police", "the Ohio Department of Health" name Kentucky and Ohio
_ORGANISATION_WORDS = frozenset({"state", "department"})
_INSIDE_LOCATIVE = re.compile(r"\s(?:in|at|near)\s+(?:the\s+)?$")


def _places_in_name(text: str, span: Span, sentence_start: int, gazetteer: Gazetteer) -> list[Toponym]:
    """"the Texas Department of Public Safety", "University of Georgia": a well-known place inside
    an organisation's name is a place mention, but it names who, not where."""
    words = [(m.start(), m.end()) for m in re.finditer(r"[\w’'.-]+", text[span.start : span.end])]
    found, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + 4), i, -1):  # longest known run first
            inner = Span(span.start + words[i][0], span.start + words[j - 1][1])
            name = text[inner.start : inner.end]
            if (inner == span or not name[0].isupper() or not name.split()[-1][0].isupper()
                    or (" " in name and name.split()[-1].casefold() in _ORGANISATION_WORDS)):
                continue
            if not _is_acronym(name) and name.lower() not in _NOT_INNER_NAMES and _major(gazetteer, name):
                # "a School in Bama": a preposition inside the entity says the model drew it too
                # wide, and the place is where, not whose
                where = bool(_INSIDE_LOCATIVE.search(text[span.start : inner.start]))
                found.append(replace(_toponym(text, inner, sentence_start, "ner:ORG+gazetteer(inside name)"),
                                     names_actor=not where))
                i = j - 1
                break
        i += 1
    return found


def demonym_country(word: str, gazetteer: Gazetteer) -> str | None:
    """'Syrian' -> 'Syria': the gazetteer's demonym list, else suffix rules tried against country names."""
    listed = gazetteer.demonym(word)
    if listed:
        return listed.name
    lowered = word.lower()
    for suffix, replacement in DEMONYM_RULES:
        if lowered.endswith(suffix) and len(lowered) > len(suffix) + 2:
            name = word[: len(word) - len(suffix)] + replacement
            if any(p.feature_code == "PCLI" for p, how in gazetteer.by_name(name) if how != "skeleton"):
                return name
    return None


# (suffix, replacement) tried in order: Syrian->Syria, Iranian->Iran, Iraqi->Iraq, Turkish->Turkey, Sudanese->Sudan
DEMONYM_RULES = (("n", ""), ("ian", ""), ("an", ""), ("an", "a"), ("an", "o"), ("ian", "e"), ("i", ""), ("i", "a"),
                 ("ish", "ey"), ("ish", "y"), ("ish", ""), ("ese", ""), ("ese", "a"), ("ese", "o"), ("er", ""))


def _is_acronym(name: str) -> bool:
    """'IS', 'UN', 'SDF': short capitals are organisations far more often than places."""
    letters = name.replace(".", "").replace(" ", "")
    return len(letters) <= 4 and letters.isupper()


def _is_mislabelled_place(text: str, span: Span, sentence_start: int, entity: SpacySpan, gazetteer: Gazetteer, name: str) -> bool:
    if _is_acronym(name):
        return False
    if entity.label_ == "NORP":
        # "Aleppo" tagged as a nationality: a real demonym ("Syrian") is not in the gazetteer by that
        # form, and adjectives of creed or direction ("Christian", "Western") are not places; a
        # smaller town counts when a preposition puts something in it and no noun follows it as
        # an adjective's would ("a bomb in Jezzine," but not "in Christian areas")
        if name.lower() in GENERIC_NAME_WORDS or demonym_country(name, gazetteer):
            return False
        in_it = (_strongly_cued(text, span, sentence_start) and not _noun_follows(entity)
                 and _known(gazetteer, name, prominent=False))
        return in_it or _town_or_province(gazetteer, name)
    if entity.label_ == "FAC":  # "the Deir Ezzor Governorate": a division word vouches for a variant
        division_after = bool(_AFTER_ADMIN.match(text[span.end : span.end + 30]))
        return _known(gazetteer, name, prominent=False, loose=division_after)
    if entity.label_ == "PRODUCT":  # "the northern Jaffna peninsula": a cue and an exact name, no
        return _cued(text, span, sentence_start) and _known(gazetteer, name, prominent=False)  # near spelling
    if _noun_cued(text, span, sentence_start):
        return _known(gazetteer, name, prominent=False, loose=True)
    if entity.label_ == "PERSON":  # "according to Walsh": only a clear locative makes a surname a place
        if _AFTER_ADMIN.match(text[span.end : span.end + 30]):  # "Nineveh province": no person's name
            return _known(gazetteer, name, prominent=False)
        if _BEARING.search(text[max(sentence_start, span.start - 30) : span.start].lower()):
            return _known(gazetteer, name, prominent=False)  # "west of Tal Tamr": of no person
        return _strongly_cued(text, span, sentence_start) and _known(gazetteer, name, prominent=True)
    return _cued(text, span, sentence_start) and _known(gazetteer, name, prominent=True) or _major(gazetteer, name)


# words that name places somewhere (a region of Ghana, a province of Zambia) but, tagged as a
# nationality or inside an organisation's name, say what kind of group or body it is:
# "Western news reports", "U.S. Central Command", "National Army", "the International Coalition"
GENERIC_NAME_WORDS = frozenset({"central", "national", "united", "federal", "general", "new", "great", "royal",
                                "free", "popular", "democratic", "northern", "southern", "eastern", "western",
                                "north", "south", "east", "west", "upper", "lower", "coast", "capital",
                                "international", "joint", "special"})


_NOT_INNER_NAMES = STOP_WORDS | GENERIC_NAME_WORDS


def _town_or_province(gazetteer: Gazetteer, name: str) -> bool:
    """A country, a first-order division or a town of 10,000+ by this name — not a county or
    district: "Christian" and "Bradley" are also US counties, "Binnish" and "Kidal" are towns."""
    return any(
        how != "skeleton" and (p.feature_code == "ADM1" or p.feature_code.startswith("PCL")
                               or p.feature_class == "P" and p.population >= 10_000)
        for p, how in gazetteer.by_name(name))


def _major(gazetteer: Gazetteer, name: str) -> bool:
    """The main name of a country, a first-order division, a capital or a city of 100,000+: tagged
    as an organisation without a cue, it is still far more often the place ("Texas said", "Gaza
    is"). Counties and districts are not: "Bradley" and "Christian" are also US counties."""
    return any(
        how == "name" and (p.feature_code == "ADM1" or p.feature_code.startswith("PCL") or p.feature_code == "PPLC"
                           or p.population >= 100_000)
        for p, how in gazetteer.by_name(name)
    )


def _sentences(doc: Doc, offset: int) -> list[tuple[int, str]]:
    """Each sentence of a paragraph as (its start in the text, its text), read once: a spaCy
    sentence's own ``text`` is rebuilt token by token at every call."""
    return [(offset + s.start_char, doc.text[s.start_char : s.end_char]) for s in doc.sents]


def _gazetteer_toponyms(text: str, offset: int, doc: Doc, sentences: list[tuple[int, str]],
                        entities: list[Span], gazetteer: Gazetteer) -> list[Toponym]:
    """Capitalised runs the gazetteer knows and a cue introduces, where no entity already is —
    or that are longer than the entities they cover ("Dayr az Zawr" split into a PERSON "Dayr")."""
    found = []
    for start, sentence in sentences:
        for match in _NAME_RUN.finditer(sentence):
            span = Span(start + match.start(), start + match.end())
            overlapped = [e for e in entities if e.start < span.end and span.start < e.end]
            longer = len(match.group().split()) > 1 or "-" in match.group()  # "Mazar-e-Sharif" over "Mazar"
            if overlapped and not (longer and all(span.start <= e.start and e.end <= span.end and e != span for e in overlapped)):
                continue
            if _is_acronym(match.group()) or not _cued(text, span, start):
                continue
            if not (_proper_noun(doc, span.start - offset, span.end - offset) or _noun_cued(text, span, start)):
                continue  # "the town of Sake": the place noun vouches for a name the tagger took for a common word
            span = _less_division_word(text, span, gazetteer)
            name = text[span.start : span.end]
            if _known(gazetteer, name, prominent=False, loose=_noun_cued(text, span, start) and not overlapped):
                found.append(_toponym(text, span, start, "gazetteer+cue"))
    return found


def _less_division_word(text: str, span: Span, gazetteer: Gazetteer) -> Span:
    """"the Deir Ezzor Governorate": a name the gazetteer lacks with its division word is the
    name before that word (which still tells the resolver to prefer a division)."""
    name = text[span.start : span.end]
    head, _, last = name.rpartition(" ")
    if head and last.lower() in DIVISION_WORDS and not _known(gazetteer, name, prominent=False):
        return Span(span.start, span.start + len(head))
    return span


def _sites(text: str, offset: int, doc: Doc, sentences: list[tuple[int, str]],
           taken: list[Span]) -> list[Toponym]:
    """Named sites a locative cue introduces, where no place or nationality already is. The
    name's own words must be proper nouns in the tagger's view ("the Syrian Arab Army's base"
    is no site named "Army")."""
    found = []
    blocked = [*taken, *(Span(offset + e.start_char, offset + e.end_char) for e in doc.ents
                         if e.label_ in ("NORP", "PERSON", "DATE", "TIME", "CARDINAL"))]
    for start, sentence in sentences:
        for match in _SITE.finditer(sentence):
            word = match.group("word")
            end = match.end() if word[0].isupper() else match.end("name")
            span = Span(start + match.start("name"), start + end)
            if any(b.start < span.end and span.start < b.end for b in blocked):
                continue
            name = match.group("name")
            if (_is_acronym(name) or name.split()[0].lower() in _NOT_INNER_NAMES
                    or not _cued(text, span, start)
                    or not _proper_noun(doc, span.start - offset, span.start - offset + len(name))):
                continue
            found.append(replace(_toponym(text, span, start, "site word"), site=True))
    return found


def _settlement_lists(sentences: list[tuple[int, str]]) -> list[tuple[Span, int]]:
    """Every name a settlement word introduces ("the villages of X, Y and Z", "X and Y villages"),
    with its sentence's start. Adjectives ("Kurdish-held towns") are not names."""
    found = []
    for start, sentence in sentences:
        for pattern in _SETTLEMENT_LISTS:
            for listed in pattern.finditer(sentence):
                at = start + listed.start("names")
                for name in re.finditer(_LIST_NAME, listed.group("names")):
                    if not (_NOT_SETTLEMENT_NAME.search(name.group()) or _is_acronym(name.group())):
                        found.append((Span(at + name.start(), at + name.end()), start))
    return found


def _as_settlement(toponym: Toponym) -> Toponym:
    """A name in a list of villages is a village, at it: "the villages of X" is no area around X
    as "the villages of Idlib" is."""
    at = toponym.qualifier is Qualifier.AREA
    if not at:
        return replace(toponym, prefers_settlement=True)
    return replace(toponym, prefers_settlement=True, prefers_division=False,
                   qualifier=Qualifier.AT, qualifier_span=None)


def _with_settlements(
    text: str, offset: int, doc: Doc, sentences: list[tuple[int, str]], toponyms: list[Toponym],
    gazetteer: Gazetteer,
) -> list[Toponym]:
    """Names in lists of villages become village mentions: those already found are marked as
    settlements (a known division or big town keeps its reading), the rest — places the
    gazetteer and the tagger do not know — are added, unresolved. Nationalities are not names."""
    listed = _settlement_lists(sentences)
    nationalities = [Span(offset + e.start_char, offset + e.end_char)
                     for e in doc.ents if e.label_ == "NORP"]
    # a listed name outgrows a shorter reading inside it ("Ain" of "Ain Daqna", no French one)
    toponyms = [t for t in toponyms if not any(
        s.start <= t.span.start and t.span.end <= s.end and s != t.span for s, _ in listed)]
    marked = []
    for toponym in toponyms:
        inside = any(s.start <= toponym.span.start and toponym.span.end <= s.end for s, _ in listed)
        major = inside and any(p.feature_class == "A" or p.population >= 100_000
                               for p, how in gazetteer.by_name(toponym.text) if how != "skeleton")
        marked.append(_as_settlement(toponym) if inside and not major else toponym)
    for span, sentence_start in listed:
        taken = (*(t.span for t in marked), *nationalities)
        if any(o.start < span.end and span.start < o.end for o in taken):
            continue
        marked.append(_as_settlement(_toponym(text, span, sentence_start, "settlement word")))
    return marked


def _noun_follows(entity: SpacySpan) -> bool:
    """Whether the word after an entity is a noun it modifies ("Christian areas")."""
    after = entity.doc[entity.end] if entity.end < len(entity.doc) else None
    return after is not None and after.pos_ in ("NOUN", "PROPN")


def _proper_noun(doc: Doc, start: int, end: int) -> bool:
    """The tagger's view: "The", "Mr" or "I'm" at a capital letter are not names."""
    region = doc.char_span(start, end, alignment_mode="expand")
    return region is not None and region[0].lower_ not in STOP_WORDS and any(t.pos_ == "PROPN" for t in region)


# what may stand between a name and the next one that contains it: "Tripoli, Lebanon",
# "Idlib (Syria)", "Green Village in northeast Syria", "a village in the north of Iraq"
_DIRECTION = r"(?:north|south|east|west|central)(?:-?(?:east|west))?(?:ern)?"
_IN_NEXT = re.compile(
    rf"\s*(?:,|\(|\bin\b)\s*(?:the\s+)?(?:{_DIRECTION}\s+(?:part\s+)?(?:of\s+)?)?", re.IGNORECASE)


# what may stand between a name and the next one it lies near: "Zorava, east of Kobani",
# "Kafr Nabl near Maarat al-Numan", "a village 10 km north of the town of X"
_NEAR_NEXT = re.compile(
    rf"\s*,?\s*(?:(?:about|some|around)\s+)?(?:\d+\s*(?:km|kilometers|kilometres|miles)\s+)?"
    rf"(?:{_DIRECTION}\s+of|near|outside|close\s+to)\s+(?:the\s+(?:town|city|village)\s+of\s+)?"
    r"(?:the\s+)?",
    re.IGNORECASE,
)
_LIST_GOES_ON = re.compile(r"\s*(?:,|\band\b|\bor\b|&)\s*", re.IGNORECASE)


def with_containers(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """The names (in their order), each marked when the name right after it in the text says
    what it lies in or near."""
    order = sorted(range(len(toponyms)), key=lambda i: toponyms[i].span.start)

    def gap(first: int, second: int | None) -> str | None:
        if second is None or toponyms[second].span.start < toponyms[first].span.end:
            return None
        return text[toponyms[first].span.end : toponyms[second].span.start]

    inside, near = set(), set()
    for here, following, after in zip(order, order[1:], [*order[2:], None]):
        between = gap(here, following)
        if between is not None and _NEAR_NEXT.fullmatch(between):
            near.add(here)
        if between is None or not _IN_NEXT.fullmatch(between):
            continue
        # "Aleppo, Idlib and Hama" is a list, not Aleppo inside Idlib
        listed = _LIST_GOES_ON.fullmatch(gap(following, after) or "x")
        if not (listed and between.strip().startswith(",")):
            inside.add(here)
    return [replace(t, inside_next=i in inside, near_next=i in near) if i in inside | near else t
            for i, t in enumerate(toponyms)]


def recognise(text: str, parsed: Parsed, gazetteer: Gazetteer) -> list[Toponym]:
    toponyms: list[Toponym] = []
    for offset, doc in parsed.paragraphs:
        sentences = _sentences(doc, offset)
        from_entities = _entity_toponyms(text, offset, doc, gazetteer)
        entity_spans = [Span(offset + e.start_char, offset + e.end_char) for e in doc.ents]
        from_runs = _gazetteer_toponyms(text, offset, doc, sentences, entity_spans, gazetteer)
        here = [t for t in from_entities if not any(
            r.span.start <= t.span.start and t.span.end <= r.span.end for r in from_runs)]
        found = _with_settlements(text, offset, doc, sentences, here + from_runs, gazetteer)
        toponyms += found + _sites(text, offset, doc, sentences, [t.span for t in found])
    return with_containers(text, sorted(toponyms, key=lambda t: t.span.start))
