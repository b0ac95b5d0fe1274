"""Run the pipeline over many inputs, tallying what happened to each.

The CLI and any other caller share this loop, so "read, skipped, failed —
with why" means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from chronica.geo.gazetteer import Gazetteer
from chronica.ingest import DEFAULT_MAX_BYTES, expand_paths, read_file
from chronica.ingest.guard import guarded
from chronica.model import Document, ReadFailure, Skipped, SourceRecord
from chronica.pipeline import build_document

Outcome = Document | ReadFailure | Skipped


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


@dataclass
class Summary:
    inputs: int = 0
    documents: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[ReadFailure] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        if isinstance(outcome, Document):
            self.documents += 1
        elif isinstance(outcome, Skipped):
            self.skipped.append(outcome)
        else:
            self.failed.append(outcome)

    def line(self) -> str:
        parts = [_plural(self.inputs, "input"), _plural(self.documents, "document")]
        if self.duplicates:
            parts.append(f"{self.duplicates} already stored")
        parts += [f"{len(self.skipped)} skipped", f"{len(self.failed)} failed"]
        return ", ".join(parts)


def run(
    paths: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_input: Callable[[str], None] | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[list[str | ReadFailure], Iterator[Outcome]]:
    """Expand ``paths`` now (so callers can size a progress bar) and return the inputs
    with a lazy stream of outcomes; ``on_input`` is called as each input starts."""
    inputs = list(expand_paths(paths))

    def outcomes() -> Iterator[Outcome]:
        for item in inputs:
            if isinstance(item, ReadFailure):
                yield item
                continue
            if on_input:
                on_input(item)
            for result in read_file(item, max_bytes):
                if isinstance(result, SourceRecord):
                    yield guarded(result.origin, result.raw, lambda: build_document(result, gazetteer=gazetteer))
                else:
                    yield result

    return inputs, outcomes()
