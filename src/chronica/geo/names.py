"""Spelling-insensitive keys for place names.

The same place reaches English news under many romanisations (Deir ez-Zor,
Deir Ezzor, Dayr az Zawr). Two keys make them meet in the gazetteer:

- ``fold``: ASCII, lower case, apostrophes and hyphens dropped, the Arabic
  article in any of its assimilated forms (al-, as-, ash-, ad-, ez-, el- ...)
  removed, so "Ar Raqqah" and "Raqqah" share a key;
- ``skeleton``: the folded key with vowels, and w, y and h after a word's first
  letter, dropped and doubled
  letters merged, so "Dayr Zawr" and "Deir Zor" share one. It is lossy, so
  the resolver trusts it less than a folded match.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

# The Arabic definite article as romanised before sun and moon letters, and its
# Hebrew/Romance look-alikes that GeoNames also strips in its ASCII names.
ARTICLES = frozenset(
    "al el il ul as ash ad adh ar at ath az an es esh ed er et ez en".split()
)
# Generic words that follow a name ("Idlib province"); a key without them
# lets "Aleppo Governorate" meet "Aleppo".
ADMIN_WORDS = frozenset(
    "governorate province district region state county parish oblast wilayah wilayat muhafazat "
    "department prefecture municipality territory emirate canton division subdistrict nahiya "
    "raion rayon krai okrug voivodeship city".split()
)
_APOSTROPHES = re.compile(r"['’‘`ʻʼʿʾ´]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_ARTICLE_PREFIX = re.compile(r"^(?:" + "|".join(sorted(ARTICLES, key=len, reverse=True)) + r")-(?=\w)")
_SKELETON_DROP = re.compile(r"[aeiouwyh]")
_DOUBLES = re.compile(r"(.)\1+")

_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-zÀ-ɏḀ-ỿ]")


def is_latin(name: str) -> bool:
    """Names in other scripts are transliterated badly by unidecode; index only Latin ones."""
    return bool(_LATIN_LETTER.search(name)) and not _OTHER_LETTER.search(name)


def is_code(key: str) -> bool:
    """A folded name without a vowel ("jsr", "msk"): an airport or postal code among GeoNames'
    alternate names, which a spelling variant must not reach."""
    return not re.search(r"[aeiouy]", key)


def _words(name: str) -> list[str]:
    text = unidecode(_APOSTROPHES.sub("", name)).lower()
    words = []
    for raw in text.split():
        word = _ARTICLE_PREFIX.sub("", raw)
        words.extend(w for w in _SEPARATORS.split(word) if w)
    return words


# Romanisations of the Arabic (and Hebrew) words that begin so many Levant and Iraq place names:
# "Tel Tamr", "Tal Tamr", "Tell Tamer" and GeoNames' "Tall Tamr" are one name; "Deir"/"Dayr",
# "Kafr"/"Kfar", "Ain"/"Ayn", "Jebel"/"Jabal", "Beit"/"Bayt", "Khirbet"/"Khirbat", "Sheikh"/"Shaykh"
# likewise. Folded inside names of two words or more only (a lone "Tell" is not touched).
TOPONYM_WORDS = {
    **dict.fromkeys(("tel", "tell", "tal", "tall"), "tall"),
    **dict.fromkeys(("deir", "dair", "dayr", "deyr"), "dayr"),
    **dict.fromkeys(("kafr", "kfar", "kefr", "kafar", "kfr"), "kafr"),
    **dict.fromkeys(("ain", "ayn", "ein", "ayin"), "ayn"),
    **dict.fromkeys(("jabal", "jebel", "jabel", "jbel", "djebel"), "jabal"),
    **dict.fromkeys(("beit", "bayt", "beyt", "bait"), "bayt"),
    **dict.fromkeys(("khirbet", "khirbat", "khirbit", "kherbet"), "khirbat"),
    **dict.fromkeys(("sheikh", "shaykh", "shaikh", "sheik", "cheikh"), "shaykh"),
    **dict.fromkeys(("abu", "abou"), "abu"),
    **dict.fromkeys(("umm", "um"), "umm"),
    **dict.fromkeys(("wadi", "wady", "oued"), "wadi"),
    **dict.fromkeys(("qasr", "kasr", "ksar"), "qasr"),
    **dict.fromkeys(("maarat", "maarrat", "maaret", "maarret"), "maarrat"),
}


@lru_cache(maxsize=100_000)
def fold(name: str) -> str:
    words = _words(name)
    kept = [w for w in words if w not in ARTICLES] or words
    if len(kept) > 1:
        kept = [TOPONYM_WORDS.get(w, w) for w in kept]
    return " ".join(kept)


def strip_admin_words(key: str) -> str:
    """'idlib governorate' -> 'idlib'; a key that is only generic words is kept whole."""
    words = key.split()
    while len(words) > 1 and words[-1] in ADMIN_WORDS:
        words.pop()
    while len(words) > 1 and words[0] in ADMIN_WORDS and words[1] == "of":
        words = words[2:]
    return " ".join(words)


def skeleton(key: str) -> str:
    parts = []
    for word in key.split():
        word = word.replace("q", "k")
        head = word[0] if word[0] in "hwy" else ""
        consonants = _DOUBLES.sub(r"\1", head + _SKELETON_DROP.sub("", word[len(head):]))
        parts.append(consonants or word[:1])
    return " ".join(parts)


def keys(name: str) -> set[tuple[str, str]]:
    """Every (fold, skeleton) pair a name is indexed under."""
    folded = fold(name)
    if not folded:
        return set()
    found = {folded, strip_admin_words(folded)}
    return {(key, skeleton(key)) for key in found if key}
