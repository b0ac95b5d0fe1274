"""Whole-pipeline throughput against the spaCy parse alone, in the same run.

Uses the same synthetic 700-word articles as geo_bench.py, given to the pipeline
as plain-text inputs, and times on one core:
  parse     nlp.parse() of each article's paragraphs (the model run every later stage needs)
  pipeline  build_document(): clean, dates, language, parse, places, events with evidence
and prints documents/second and the ratio pipeline / parse.

    python bench/pipeline_bench.py [--articles 200]
"""

from __future__ import annotations

import argparse
import random
import time

from geo_bench import article, spans

from chronica.geo.gazetteer import load
from chronica.ingest.text import text_blocks
from chronica.model import InputFormat, Origin, SourceRecord
from chronica.nlp import model, parse
from chronica.pipeline import build_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    model()
    gazetteer = load()
    rng, cache = random.Random(11), {}
    texts = [article(rng, gazetteer, cache) for _ in range(args.articles)]
    records = [SourceRecord(Origin(f"a{i}.txt", InputFormat.TEXT), text_blocks(t), t.encode()) for i, t in enumerate(texts)]
    for record in records[:5]:
        build_document(record, gazetteer=gazetteer)

    started = time.perf_counter()
    for text in texts:
        parse(text, spans(text))
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    events = sum(len(build_document(record, gazetteer=gazetteer).events) for record in records)
    pipeline_seconds = time.perf_counter() - started

    print(f"{args.articles} articles, {events / args.articles:.1f} events each")
    print(f"parse only  {args.articles / parse_seconds:6.1f} docs/s")
    print(f"pipeline    {args.articles / pipeline_seconds:6.1f} docs/s   ratio pipeline / parse = {parse_seconds / pipeline_seconds:.2f}")


if __name__ == "__main__":
    main()
