"""What the line model costs on flattened pages, against the rules alone and the parse.

Reads the article-extraction benchmark's dev pages rendered to all their visible text (needs
the corpora folder and the eval extra, for inscriptis), then times on one core, in the same run:
  rules     the cleaner's rules alone (rule_verdicts)
  cleaner   clean_blocks() as the pipeline runs it on scraped text: rules, then the line model
  parse     spaCy's parse of the story paragraphs the cleaner kept (what every later stage needs)
and prints milliseconds per page and the ratios cleaner / rules and cleaner / parse.

    python bench/clean_bench.py [--corpora ../shared/corpora] [--pages 60]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from chronica.clean import clean_blocks, rule_verdicts
from chronica.evaluation.corpora import read_corpus
from chronica.evaluation.corpora.extraction import flattened
from chronica.ingest.text import text_blocks
from chronica.nlp import model


def _per_page(work, pages) -> float:
    started = time.perf_counter()
    for page in pages:
        work(page)
    return (time.perf_counter() - started) / len(pages) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--pages", type=int, default=60)
    args = parser.parse_args()
    docs = [d for d in read_corpus("extraction", args.corpora) if d.split == "dev"][: args.pages]
    pages = [text_blocks(flattened(doc).text) for doc in docs]
    stories = [clean_blocks(page, scraped_text=True).paragraphs for page in pages]  # warm-up
    rules = _per_page(lambda page: rule_verdicts(page, None, scraped_text=True), pages)
    cleaner = _per_page(lambda page: clean_blocks(page, scraped_text=True), pages)
    parsed = _per_page(lambda story: list(model().pipe(story)), stories)
    lines = sum(map(len, pages)) / len(pages)
    print(f"{len(pages)} flattened pages, {lines:.0f} lines each on average")
    print(f"rules      {rules:6.1f} ms/page")
    print(f"cleaner    {cleaner:6.1f} ms/page   cleaner / rules = {cleaner / rules:.2f}")
    print(f"parse      {parsed:6.1f} ms/page   cleaner / parse = {cleaner / parsed:.2f}")


if __name__ == "__main__":
    main()
