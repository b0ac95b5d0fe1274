"""Our annotations of real documents, joined to the corpus texts by id and text hash.

The annotation files (``eval/real/*.jsonl``) hold no third-party text: each line names a
document by corpus, id and the SHA-256 of its text, and gives its events (evidence as a
character span), its split, and for archived pages the line numbers of the story body.
A document whose text no longer has that hash is reported as changed and left out,
never scored against annotations made for another text.

``python -m chronica.evaluation.gold ANNOTATOR_FILE... --out eval/real/NAME.jsonl`` turns
an annotator's output (evidence as a quoted phrase) into that form.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chronica.errors import InputError
from chronica.evaluation.corpora.records import CorpusDocument, GoldEvent
from chronica.events.taxonomy import BY_NAME

DEFAULT_FOLDER = Path(__file__).resolve().parents[3] / "eval" / "real"
EVENT_KEYS = (
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "admin1",
    "location",
    "geo_precision",
    "date_start",
    "date_end",
    "time_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "claimant_kind",
    "stance",
)


@dataclasses.dataclass(frozen=True)
class Joined:
    """Annotated documents ready to score, and the annotations that could not be used."""

    documents: list[CorpusDocument]
    changed: list[str]  # "corpus/id": the text's hash differs from the annotated one
    missing: list[str]  # "corpus/id": annotated, but not in the corpus folder


def read_annotations(folder: Path = DEFAULT_FOLDER) -> list[dict[str, Any]]:
    if not folder.is_dir():
        raise InputError(
            "missing_gold", f"{folder}: no annotation folder (eval/real in the repository)"
        )
    return [row for path in sorted(folder.glob("*.jsonl")) for row in read_jsonl(path)]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """One annotation file's lines; a broken line is named by file and number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError("bad_gold", f"{path}:{number}: not JSON ({error.msg})") from None
    return rows


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def gold_event(row: dict[str, Any], linked: dict[str, GoldEvent]) -> GoldEvent:
    """An annotated event; the point comes from the Airwars incident it is, where it is one."""
    kind = BY_NAME.get(row["sub_event_type"])
    incident = linked.get(row.get("airwars_incident") or "")
    span = row.get("evidence")
    return GoldEvent(
        sub_event_type=row["sub_event_type"],
        event_type=kind.event_type if kind else None,
        country=row.get("country") or None,
        admin1=row.get("admin1") or None,
        location=row.get("location") or None,
        lat=incident.lat if incident else None,
        lon=incident.lon if incident else None,
        geo_precision=row.get("geo_precision"),
        date_start=_day(row.get("date_start")),
        date_end=_day(row.get("date_end")),
        time_precision=row.get("time_precision"),
        actor1=row.get("actor1") or None,
        inter1=row.get("inter1"),
        actor2=row.get("actor2") or None,
        inter2=row.get("inter2"),
        fatalities=row.get("fatalities"),
        fatalities_low=row.get("fatalities_low"),
        fatalities_high=row.get("fatalities_high"),
        claimant_kind=row.get("claimant_kind"),
        stance=row.get("stance"),
        span=tuple(span) if span else None,
        ref=row.get("airwars_incident"),
    )


def body_text(text: str, lines: Iterable[int]) -> str:
    """The story body an annotator marked, as its lines joined by blank lines."""
    all_lines = text.split("\n")
    return "\n\n".join(
        all_lines[i] for i in sorted(set(lines)) if 0 <= i < len(all_lines) and all_lines[i].strip()
    )


def join(documents: Iterable[CorpusDocument], annotations: list[dict[str, Any]]) -> Joined:
    by_key = {(doc.corpus, doc.id): doc for doc in documents}
    joined, changed, missing = [], [], []
    for row in annotations:
        key = f"{row['corpus']}/{row['id']}"
        doc = by_key.get((row["corpus"], row["id"]))
        if doc is None:
            missing.append(key)
            continue
        if doc.sha256 != row["sha256"]:
            changed.append(key)
            continue
        linked = {e.ref: e for e in doc.events or () if e.ref}
        lines = row.get("body_lines")
        joined.append(
            dataclasses.replace(
                doc,
                split=row["split"],
                events=tuple(gold_event(e, linked) for e in row["events"]),
                body=body_text(doc.text, lines) if lines is not None else doc.body,
                extra={
                    **doc.extra,
                    "annotator": row.get("annotator"),
                    "body_lines": lines,
                    "linked_incidents": tuple(linked.values()),
                },
            )
        )
    return Joined(joined, changed, missing)


def _evidence(text: str, quote: str) -> list[int] | None:
    start = text.find(quote) if quote else -1
    return None if start < 0 else [start, start + len(quote)]


def from_annotator(row: dict[str, Any], doc: CorpusDocument, split: str, annotator: str) -> dict:
    """An annotator's line in the committed form: quotes become spans, the text's hash is added."""
    events = []
    for event in row["events"]:
        kept = {key: event.get(key) for key in EVENT_KEYS}
        kept["assoc_actor_1"] = event.get("assoc_actor_1") or ""
        kept["airwars_incident"] = event.get("airwars_incident")
        kept["evidence"] = _evidence(doc.text, event.get("evidence") or "")
        events.append(kept)
    line = {
        "corpus": doc.corpus,
        "id": doc.id,
        "sha256": doc.sha256,
        "split": split,
        "annotator": annotator,
        "events": events,
    }
    if "body_lines" in row:
        line["body_lines"] = sorted(set(row["body_lines"]))
    line["notes"] = row.get("notes", "")
    return line


def _main(argv: list[str] | None = None) -> None:
    from chronica.evaluation.corpora import (
        read_corpus,  # the registry imports this module's users
    )
    from chronica.evaluation.split import assign

    parser = argparse.ArgumentParser(description="Annotator outputs → eval/real annotation files.")
    parser.add_argument("files", nargs="+", type=Path, help="annotator JSON lines, one file each")
    parser.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    docs: dict[tuple[str, str], CorpusDocument] = {}
    splits: dict[tuple[str, str], str] = {}
    for corpus in ("voa", "airwars"):
        read = list(read_corpus(corpus, args.corpora))
        docs.update({(d.corpus, d.id): d for d in read})
        splits.update({(corpus, k): v for k, v in assign(read).items()})
    lines = []
    for path in args.files:
        for row in (json.loads(x) for x in path.read_text().splitlines() if x.strip()):
            key = (row["corpus"], row["id"])
            lines.append(from_annotator(row, docs[key], splits[key], path.stem))
    lines.sort(key=lambda x: (x["corpus"], x["id"]))
    args.out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    print(f"{len(lines)} documents, {sum(len(x['events']) for x in lines)} events → {args.out}")


if __name__ == "__main__":
    _main()
