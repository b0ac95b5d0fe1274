"""Whole-pipeline throughput against the spaCy parse alone, in the same run.

Uses the same synthetic 700-word articles as geo_bench.py, given to the pipeline
as plain-text inputs, and times on one core:
  parse     nlp.parse() of each article's paragraphs (the model run every later stage needs)
  pipeline  build_document(): clean, dates, language, parse, places, events with evidence
and prints documents/second and the ratio pipeline / parse. Then it runs the same
articles as text files through the batch runner (what `chronica extract` uses) with
one worker and with --workers processes, start-up included, and prints that ratio.

    python bench/pipeline_bench.py [--articles 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import functools
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geo_bench import article, spans

from chronica import events
from chronica.batch import run
from chronica.geo.gazetteer import load
from chronica.ingest.text import text_blocks
from chronica.model import InputFormat, Origin, SourceRecord
from chronica.nlp import model, parse
from chronica.pipeline import build_document


@contextmanager
def rules_only() -> Iterator[None]:
    """The pipeline with event types from the codebook rules alone (no learned model): the
    baseline for what the model costs."""
    original = events.classify_sentence
    events.classify_sentence = functools.partial(original, learned=False)
    try:
        yield
    finally:
        events.classify_sentence = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    model()
    gazetteer = load()
    rng, cache = random.Random(11), {}
    texts = [article(rng, gazetteer, cache) for _ in range(args.articles)]
    records = [SourceRecord(Origin(f"a{i}.txt", InputFormat.TEXT), text_blocks(t), t.encode()) for i, t in enumerate(texts)]
    for record in records[:5]:
        build_document(record, gazetteer=gazetteer)

    # each article parsed, then through the pipeline with and without the learned model, in
    # turn, so that the drift of this shared machine falls on all three alike
    found, parse_seconds, pipeline_seconds, rules_seconds = 0, 0.0, 0.0, 0.0
    for text, record in zip(texts, records, strict=True):
        started = time.perf_counter()
        parse(text, spans(text))
        parse_seconds += time.perf_counter() - started
        started = time.perf_counter()
        found += len(build_document(record, gazetteer=gazetteer).events)
        pipeline_seconds += time.perf_counter() - started
        with rules_only():
            started = time.perf_counter()
            build_document(record, gazetteer=gazetteer)
            rules_seconds += time.perf_counter() - started

    print(f"{args.articles} articles, {found / args.articles:.1f} events each")
    print(f"parse only  {args.articles / parse_seconds:6.1f} docs/s")
    print(f"pipeline    {args.articles / pipeline_seconds:6.1f} docs/s   ratio pipeline / parse = {parse_seconds / pipeline_seconds:.2f}")
    print(f"pipeline, event types by the rules alone {args.articles / rules_seconds:6.1f} docs/s   "
          f"the learned type model adds {pipeline_seconds / rules_seconds - 1:.0%} to the pipeline's time")

    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(texts):
            (Path(folder) / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
        timings = {}
        for workers in (1, args.workers):
            started = time.perf_counter()
            _, outcomes = run([folder], gazetteer=gazetteer, workers=workers)
            done = sum(1 for _ in outcomes)
            timings[workers] = time.perf_counter() - started
            print(f"batch, {workers} worker{'s' * (workers > 1)} {done / timings[workers]:6.1f} docs/s (start-up included)")
        print(f"ratio {args.workers} workers / 1 worker = {timings[1] / timings[args.workers]:.2f}")


if __name__ == "__main__":
    main()
