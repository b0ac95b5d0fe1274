"""Run the pipeline over many inputs, tallying what happened to each.

The CLI and any other caller share this loop, so "read, skipped, failed —
with why" means the same thing everywhere.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from chronica.clean import is_prose, line_key
from chronica.geo.gazetteer import Gazetteer
from chronica.geo.gazetteer import load as load_gazetteer
from chronica.ingest import DEFAULT_MAX_BYTES, expand_paths, read_file
from chronica.ingest.guard import guarded
from chronica.model import DateSource, Document, ReadFailure, Skipped, SourceRecord
from chronica.pipeline import build_document

Outcome = Document | ReadFailure | Skipped


@dataclass(frozen=True)
class Defaults:
    """What the user knows of inputs that do not say it themselves: plain text and stdin carry no
    publication date or outlet, and without a date "on Tuesday" cannot be resolved to a day."""

    published: dt.date | None = None
    source: str | None = None

    def apply(self, record: SourceRecord) -> SourceRecord:
        """The record with its own date and outlet kept, and the defaults filling what it lacks."""
        changes: dict[str, object] = {}
        if self.published and record.published is None:
            changes.update(published=self.published, published_source=DateSource.OPTION)
        if self.source and not record.source:
            changes["source"] = self.source
        return replace(record, **changes) if changes else record


REPEAT_PAGES = 3  # earlier pages of one host carrying a line before it counts as furniture
MEMORY_LINES = 200_000  # lines remembered per batch; beyond this, new lines are not counted


@dataclass
class HostMemory:
    """Lines each site repeats across the pages of a batch, learned as the batch streams.

    A short line (not a paragraph of prose) that ``REPEAT_PAGES`` earlier pages of the same
    host also carried is the site's furniture: its menu, slogan or widget text. Paragraphs
    are never counted, so the updated versions of one story keep their shared paragraphs.
    The first pages of a host are read without this help; memory is bounded.
    """

    pages: dict[tuple[str, str], int] = field(default_factory=dict)

    def marked(self, record: SourceRecord) -> SourceRecord:
        host = record.outlet
        if not host:
            return record
        keys = {line_key(b) for b in record.blocks if not is_prose(b)} - {""}
        known = frozenset(k for k in keys if self.pages.get((host, k), 0) >= REPEAT_PAGES)
        for key in keys:
            if (host, key) in self.pages:
                self.pages[host, key] += 1
            elif len(self.pages) < MEMORY_LINES:
                self.pages[host, key] = 1
        return replace(record, host_lines=known) if known else record


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


_worker_gazetteer: Gazetteer | None = None


def _start_worker(gazetteer_path: Path | None) -> None:
    global _worker_gazetteer
    _worker_gazetteer = load_gazetteer(gazetteer_path)


def _build(record: SourceRecord, gazetteer: Gazetteer | None = None) -> Outcome:
    return guarded(record.origin, record.raw, lambda: build_document(record, gazetteer=gazetteer or _worker_gazetteer))


def worker_count(requested: int) -> int:
    """0 means one worker per core."""
    return requested if requested > 0 else (os.cpu_count() or 1)


def run(
    paths: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_input: Callable[[str], None] | None = None,
    gazetteer: Gazetteer | None = None,
    workers: int = 1,
    defaults: Defaults = Defaults(),
) -> tuple[list[str | ReadFailure], Iterator[Outcome]]:
    """Expand ``paths`` now (so callers can size a progress bar) and return the inputs
    with a lazy stream of outcomes, in input order; ``on_input`` is called as each input starts.

    With ``workers`` > 1, documents are built in that many processes (each loads the model
    and opens the gazetteer once); reading stays in this process, and at most a few records
    per worker are in flight, so memory stays bounded on huge inputs."""
    inputs = list(expand_paths(paths))
    memory = HostMemory()

    def results() -> Iterator[SourceRecord | Outcome]:
        for item in inputs:
            if isinstance(item, ReadFailure):
                yield item
                continue
            if on_input:
                on_input(item)
            for result in read_file(item, max_bytes):
                if isinstance(result, SourceRecord):
                    result = memory.marked(defaults.apply(result))
                yield result

    def serial() -> Iterator[Outcome]:
        for result in results():
            yield _build(result, gazetteer) if isinstance(result, SourceRecord) else result

    def parallel() -> Iterator[Outcome]:
        pending: deque[Future[Outcome] | Outcome] = deque()
        context = multiprocessing.get_context("spawn")  # no fork of a process holding the model's threads
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(gazetteer.path if gazetteer else None,)) as pool:
            for result in results():
                pending.append(pool.submit(_build, result) if isinstance(result, SourceRecord) else result)
                while len(pending) > 4 * workers:
                    yield _settled(pending.popleft())
            while pending:
                yield _settled(pending.popleft())

    return inputs, (parallel() if workers > 1 else serial())


def _settled(item: Future[Outcome] | Outcome) -> Outcome:
    return item.result() if isinstance(item, Future) else item
