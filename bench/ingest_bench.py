"""Throughput of reading + cleaning + storing, against trafilatura alone in the same run.

Generates N synthetic news pages (varied sentences, captions, teasers, share and
comment furniture), then times on one core:
  baseline  trafilatura.extract() on each page (the main-text step every pipeline needs)
  pipeline  chronica's read → clean → date → language → spaCy parse → places, no store
  ingest    the pipeline plus writing each document to a fresh SQLite store
and prints documents/second and each ratio to the baseline.

    python bench/ingest_bench.py [--pages 1000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import trafilatura

from chronica.batch import run
from chronica.model import Document
from chronica.store import Store

PLACES = ["Idlib", "Kharkiv", "Gao", "Mogadishu", "Kisumu", "Sittwe", "Tal Abyad", "Marib", "Djibo", "Goma"]
ACTORS = ["gunmen", "government forces", "rebel fighters", "police", "a drone", "unidentified attackers", "protesters"]
VERBS = ["attacked", "shelled", "raided", "clashed with residents near", "set fire to a market in", "blockaded"]
SOURCES = ["a local official said", "witnesses said", "the army said in a statement", "a medical source told reporters"]


def page(rng: random.Random, number: int) -> str:
    place = rng.choice(PLACES)
    paragraphs = [
        f"{rng.choice(ACTORS).capitalize()} {rng.choice(VERBS)} {place} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}, "
        f"killing {rng.randint(1, 40)} people and wounding {rng.randint(0, 60)} others, {rng.choice(SOURCES)}."
        for _ in range(rng.randint(5, 12))
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head><title>Report {number} from {place}</title>
<meta property="article:published_time" content="2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T08:00:00+00:00"></head>
<body><nav><a>Home</a><a>World</a></nav><article><h1>Report {number} from {place}</h1>
<figure><img src="a.jpg"><figcaption>Smoke rises over {place} in 2019. Photo: Staff/AFP</figcaption></figure>
{body}
<div class="related"><h3>Related</h3><a>Earlier clashes in {place}</a> <span>March 3, 2024</span></div>
<div class="share">Share Tweet</div><div id="comments">Log in or register to participate</div>
</article><footer>© Example News</footer></body></html>"""


def timed(label: str, count: int, func) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    rate = count / seconds
    print(f"{label:<9} {count:>6} docs in {seconds:7.2f} s  = {rate:8.1f} docs/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        pages = [page(rng, i) for i in range(args.pages)]
        for i, html in enumerate(pages):
            (folder / f"{i:05d}.html").write_text(html)
        # warm-up: load models and caches once, outside the timings
        list(run([str(folder / "00000.html")])[1])

        baseline = timed("baseline", len(pages), lambda: [trafilatura.extract(p) for p in pages])
        docs: list[Document] = []
        pipeline = timed("pipeline", len(pages), lambda: docs.extend(o for o in run([str(folder)])[1] if isinstance(o, Document)))
        assert len(docs) == len(pages), f"only {len(docs)} of {len(pages)} pages became documents"

        def ingest() -> None:
            with Store(Path(tmp) / "bench.db") as store:
                for outcome in run([str(folder)])[1]:
                    if isinstance(outcome, Document):
                        store.add_document(outcome)

        stored = timed("ingest", len(pages), ingest)
    print(f"pipeline / baseline = {pipeline / baseline:.2f}   ingest / baseline = {stored / baseline:.2f}")


if __name__ == "__main__":
    main()
