"""Geoparsing corpora: place names in text with the place annotators meant.

- LGL (local US news) and TR-News: Gritta et al.'s XML, read by
  :func:`chronica.evaluation.geo.read_corpus` (GeoNames ids, coordinates).
- GeoVirus (WikiNews on outbreaks): the same family of XML with name, offsets,
  coordinates and a Wikipedia page instead of a GeoNames id.
- GeoCorpora: tweets, one row per toponym with its GeoNames id and country.
- WOTR: US Civil War reports; places carry GeoJSON points (lon, lat).

All become documents whose ``places`` are the gold toponyms; ``events`` stay None.
These corpora were used to develop the geoparser (except GeoVirus, GeoCorpora and
WOTR, first read here), so they are all "dev"; GeoWebNews is held out and not read.
"""

from __future__ import annotations

import ast
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from chronica.evaluation.corpora._io import need, number
from chronica.evaluation.corpora.records import CorpusDocument, GoldPlace
from chronica.evaluation.geo import aligned, read_corpus
from chronica.geo.gazetteer import Gazetteer
from chronica.ingest.decode import decode_bytes

FILES = {
    "lgl": "geo/lgl.xml",
    "trnews": "geo/TR-News.xml",
    "geovirus": "geo/GeoVirus.xml",
    "geocorpora": "geo/geocorpora.tsv",
    "wotr": "geo/wotr-topo-test.json",
}


def read_gritta(
    root: Path, name: str, gazetteer: Gazetteer | None = None
) -> Iterator[CorpusDocument]:
    """LGL or TR-News; the gazetteer, when given, turns a country's GeoNames id into its code."""
    articles, _misaligned = read_corpus(need(root / FILES[name]))
    for article in articles:
        places = []
        for gold in article.toponyms:
            country = gazetteer.get(gold.country_id) if gazetteer and gold.country_id else None
            places.append(
                GoldPlace(
                    gold.span.start,
                    gold.span.end,
                    gold.phrase,
                    gold.lat,
                    gold.lon,
                    gold.geonameid,
                    country.country if country else None,
                )
            )
        yield CorpusDocument(
            corpus=name, id=article.docid, text=article.text, split="dev", places=tuple(places)
        )


def read_geovirus(root: Path) -> Iterator[CorpusDocument]:
    """Offsets are often a character or two off; names not found near them are dropped."""
    tree = etree.parse(str(need(root / FILES["geovirus"])))
    for number_, article in enumerate(tree.iter("article"), 1):
        text = article.findtext("text") or ""
        places = []
        for location in article.iterfind("locations/location"):
            name = location.findtext("name") or ""
            span = aligned(
                text, int(location.findtext("start")), int(location.findtext("end")), name
            )
            if span is not None:
                places.append(
                    GoldPlace(
                        span.start,
                        span.end,
                        name,
                        number(location.findtext("lat")),
                        number(location.findtext("lon")),
                    )
                )
        yield CorpusDocument(
            corpus="geovirus",
            id=str(number_),
            text=text,
            split="dev",
            url=article.findtext("source"),
            places=tuple(places),
        )


def read_geocorpora(root: Path) -> Iterator[CorpusDocument]:
    """One document per tweet; the file mixes encodings, so it is decoded as the readers do."""
    text, _warnings = decode_bytes(need(root / FILES["geocorpora"]).read_bytes())
    tweets: dict[str, tuple[str, list[GoldPlace]]] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        tweet, places = tweets.setdefault(row["tweet_id_str"], (row["tweet_text"], []))
        start, name = number(row.get("char_position")), row.get("text") or ""
        # the toponym's case may differ from the tweet's ("nigeria"); offsets may be a little off
        span = (
            aligned(tweet.lower(), int(start), int(start) + len(name), name.lower())
            if name and start is not None
            else None
        )
        if span is None:
            continue
        geonameid = number(row.get("geoNameId"))
        places.append(
            GoldPlace(
                span.start,
                span.end,
                tweet[span.start : span.end],
                number(row.get("latitude")),
                number(row.get("longitude")),
                int(geonameid) if geonameid else None,
                row.get("country_code") or None,
            )
        )
    for tweet_id, (tweet, places) in tweets.items():
        yield CorpusDocument(
            corpus="geocorpora", id=tweet_id, text=tweet, split="dev", places=tuple(places)
        )


def _point(geo: str) -> tuple[float | None, float | None]:
    try:
        lon, lat = json.loads(geo)["coordinates"][:2]
    except (ValueError, KeyError, TypeError):
        return None, None
    return float(lat), float(lon)


def read_wotr(root: Path) -> Iterator[CorpusDocument]:
    with need(root / FILES["wotr"]).open(encoding="utf-8") as handle:
        reports = json.load(handle)
    for report in reports:
        entities = report["named_entities"]
        if isinstance(entities, str):
            entities = ast.literal_eval(entities)
        places = [
            GoldPlace(e["char_start"], e["char_end"], e["entity_string"], *_point(e["geo"]))
            for e in entities
            if e.get("entity_type") == "place" and e.get("geo")
        ]
        yield CorpusDocument(
            corpus="wotr",
            id=f"{report['vol']}-{report['docid']}",
            text=report["text"],
            split="dev",
            places=tuple(places),
        )
