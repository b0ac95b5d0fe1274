"""Two model families for event types on the same real splits, in one run.

  linear   chronica's own model (events.typemodel): tf-idf of entity-masked words, word pairs and
           character n-grams plus the codebook rules' reading, multinomial logistic regression;
           scored as chronica uses it (with the codebook's constraints)
  textcat  spaCy's text classifier, trained here from a blank English pipeline (default
           architecture: bag-of-words and a CNN over its own token vectors), seeded, 10 epochs

Splits: our labelled event_location sentences (dev -> test), and ACLED notes (Jan-Jun 2022 of the
countries not held out -> Dec 2023, every country). Printed per family and split: accuracy,
weighted and macro F1, model size on disk, texts per second on one core (for the linear model,
with the parse and rules it needs; for textcat, its own tokenizer and network). Hyperparameters
are the defaults: this compares families, it tunes nothing on the test rows.

    python bench/classifier_families.py [--corpora ../shared/corpora] [--epochs 10]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import spacy
from spacy.training import Example

from chronica.evaluation.classifier import acled_split, evaluate, labelled_sentences
from chronica.evaluation.events import scores
from chronica.events.type_training import Labelled, fit, prepare
from chronica.events.typemodel import save


def _size(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def linear(train: list[Labelled], test: list[Labelled]) -> dict[str, float]:
    model = fit(prepare(train))
    report = evaluate(model, test)
    with tempfile.TemporaryDirectory() as folder:
        save(model, Path(folder))
        size = _size(Path(folder))
    return {**{k: report[k] for k in ("accuracy", "weighted_f1", "macro_f1")},
            "megabytes": round(size, 1), "texts_per_second": report["texts_per_second"]}


def textcat(train: list[Labelled], test: list[Labelled], epochs: int) -> dict[str, float]:
    spacy.util.fix_random_seed(15)
    nlp = spacy.blank("en")
    classifier = nlp.add_pipe("textcat")
    labels = sorted({e.label for e in train})
    for label in labels:
        classifier.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(e.text), {"cats": {name: float(name == e.label)
                                                                  for name in labels}})
                for e in train]
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(15)
    for _ in range(epochs):
        order.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer)
    started = time.perf_counter()
    predicted = [max(doc.cats, key=doc.cats.get) for doc in nlp.pipe(e.text for e in test)]
    elapsed = time.perf_counter() - started
    report = scores([e.label for e in test], predicted)
    with tempfile.TemporaryDirectory() as folder:
        nlp.to_disk(folder)
        size = _size(Path(folder))
    return {**{k: report[k] for k in ("accuracy", "weighted_f1", "macro_f1")},
            "megabytes": round(size, 1), "texts_per_second": round(len(test) / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    sentences = labelled_sentences(args.corpora)
    splits = {"event_location sentences": (sentences["dev"], sentences["test"]),
              "ACLED notes": acled_split(args.corpora)}
    print("split | family | accuracy | weighted F1 | macro F1 | MB | texts/s")
    for name, (train, test) in splits.items():
        for family in ("linear", "textcat"):
            row = linear(train, test) if family == "linear" else textcat(train, test, args.epochs)
            print(f"{name} ({len(train)} -> {len(test)}) | {family} | {row['accuracy']:.3f} | "
                  f"{row['weighted_f1']:.3f} | {row['macro_f1']:.3f} | {row['megabytes']} | "
                  f"{row['texts_per_second']}", flush=True)


if __name__ == "__main__":
    main()
