"""Geoparsing speed and gazetteer memory, against the spaCy parse alone in the same run.

Generates N synthetic articles of about 700 words whose place names are drawn
from the gazetteer itself (towns, divisions and countries of several regions,
in varied sentence frames), then times on one core:
  parse     nlp.parse(): the spaCy model over every paragraph (shared with events)
  geoparse  recognition + resolution on that parse (the geoparser's own work)
and prints milliseconds per article, documents/second, the ratio of
parse+geoparse to parse alone, and the resident memory the gazetteer adds.

    python bench/geo_bench.py [--articles 200]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from chronica.geo import recognise, resolve
from chronica.geo.gazetteer import load
from chronica.model import Span
from chronica.nlp import model, parse

COUNTRIES = ("SY", "IQ", "UA", "ML", "SO", "SD", "YE", "AF", "NG", "CD", "MX", "US")
FRAMES = (
    "{actor} shelled {town} on {day}, killing {n} people, officials in {capital} said.",
    "Fighting was reported near {town} and in the countryside east of {town2}, residents told {outlet}.",
    "The {adj} army said it had pushed back an attack between {town} and {town2} in {division} province.",
    "Aid groups said {n} families had fled {town} for camps outside {town2} since the start of the month.",
    "A drone struck a vehicle on the road to {town}, a security source said, without giving further details.",
    "Protesters gathered in central {capital} on {day} to demand the release of prisoners held in {division}.",
    "{outlet} reported that {n} fighters were killed in clashes in {division}, a figure that could not be verified.",
)
ACTORS = ("Government forces", "Rebel fighters", "Unidentified gunmen", "Militants", "Security forces")
OUTLETS = ("Reuters", "the state news agency", "a local radio station", "AFP")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _places(gazetteer, country: str) -> tuple[list[str], list[str], str, str]:
    rows = [(p.name, p.feature_code) for p in gazetteer.largest(country, ("PPL", "PPLC", "ADM1"), 60)]
    towns = [n for n, code in rows if code != "ADM1" and n.isascii()] or ["the capital"]
    divisions = [n for n, code in rows if code == "ADM1" and n.isascii()] or towns
    capital = next((n for n, code in rows if code == "PPLC"), towns[0])
    country_name = gazetteer.country(country).name
    return towns, divisions, capital, country_name


def article(rng: random.Random, gazetteer, cache: dict) -> str:
    country = rng.choice(COUNTRIES)
    if country not in cache:
        cache[country] = _places(gazetteer, country)
    towns, divisions, capital, country_name = cache[country]
    sentences, words = [], 0
    while words < 700:
        sentence = rng.choice(FRAMES).format(
            actor=rng.choice(ACTORS), town=rng.choice(towns), town2=rng.choice(towns), division=rng.choice(divisions),
            capital=capital, day=rng.choice(DAYS), n=rng.randint(2, 60), outlet=rng.choice(OUTLETS), adj=country_name,
        )
        sentences.append(sentence)
        words += len(sentence.split())
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join(paragraphs)


def spans(text: str) -> tuple[Span, ...]:
    found, offset = [], 0
    for paragraph in text.split("\n\n"):
        found.append(Span(offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return tuple(found)


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()

    model()
    before = rss_mb()
    gazetteer = load()
    loaded = rss_mb()
    rng = random.Random(7)
    cache: dict = {}
    texts = [article(rng, gazetteer, cache) for _ in range(args.articles)]
    words = statistics.fmean(len(t.split()) for t in texts)

    for text in texts[:5]:  # warm-up: model caches, gazetteer pages
        resolve(recognise(text, parse(text, spans(text)), gazetteer), gazetteer)

    parse_ms, geo_ms, mentions = [], [], 0
    for text in texts:
        started = time.perf_counter()
        parsed = parse(text, spans(text))
        parsed_at = time.perf_counter()
        places = resolve(recognise(text, parsed, gazetteer), gazetteer)
        done = time.perf_counter()
        parse_ms.append((parsed_at - started) * 1000)
        geo_ms.append((done - parsed_at) * 1000)
        mentions += len(places)
    warm = rss_mb()

    parse_total, geo_total = sum(parse_ms) / 1000, sum(geo_ms) / 1000
    print(f"{args.articles} articles, {words:.0f} words each on average, {mentions / args.articles:.1f} place mentions each")
    print(f"parse only       {statistics.fmean(parse_ms):7.1f} ms/article (median {statistics.median(parse_ms):.1f})  {args.articles / parse_total:6.1f} docs/s")
    print(f"geoparse only    {statistics.fmean(geo_ms):7.1f} ms/article (median {statistics.median(geo_ms):.1f}, max {max(geo_ms):.1f})")
    print(f"parse + geoparse {statistics.fmean(parse_ms) + statistics.fmean(geo_ms):7.1f} ms/article  {args.articles / (parse_total + geo_total):6.1f} docs/s"
          f"  ratio to parse alone {parse_total / (parse_total + geo_total):.2f}")
    print(f"gazetteer memory: {loaded - before:.0f} MB resident on load, {warm - before:.0f} MB after {args.articles} articles (name cache warm);"
          f" file {gazetteer.info()['size_mb']} MB on disk")


if __name__ == "__main__":
    main()
