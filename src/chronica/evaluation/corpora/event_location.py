"""News sentences with an event verb and the span of that event's own location (Halterman).

From "Geolocating Political Events in Text": wire sentences (AP, AFP, Xinhua, Al-Masdar and
others) in which annotators marked an event verb and, where the sentence gives one, the place
where that event happened, as opposed to the other places it names. The zip holds one JSON array
of entries, one entry per (sentence, verb). It is read straight from the zip.

- Entries made in Prodigy carry ``answer``; those of the research assistants (``annotator:
  RA``) carry none, as they had no accept/reject step. All answers in the file are "accept";
  any other answer (Prodigy's "reject" or "ignore": the annotator refused the task) is skipped.
- ``source: RELABEL`` marks the authors' gold relabelling of a (sentence, verb): it replaces
  the other entries of that sentence with the same verb span. Two relabels carry no spans at
  all (one is the fragment "In the city"): with no verb there is no event and they are skipped.
- About one LOCATION span in six was written with token numbers as character offsets ("Las
  Vegas" at 7-8); every entry has its tokens, so spans are placed by their tokens (which agrees
  with the given offsets wherever those are right), and the two spans whose last token is out
  of range by the one occurrence of their own text.

One document per distinct sentence: its places are the event locations of all its verbs,
``extra["verbs"]`` lists the verb spans and ``extra["verb_locations"]`` each entry's verb spans
with the location spans given for them, so a score per verb stays possible. 512 sentences
occur twice, once with a leading space or a trailing newline; texts are stripped (their spans
move with them) so that each is one document. ``_id`` may name a whole source document (the
id "1991_conflicts" is on 34 sentences), so a document's id is a hash of its text.

``source`` names an outlet for only part of the file (the others are "Unknown_Andy", "wiki",
"Atrocities", "coalition", "RELABEL"), so the split cannot follow outlets: a stable hash of the
id sends 40% of the sentences to test.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chronica.errors import InputError
from chronica.evaluation.corpora._io import need
from chronica.evaluation.corpora.records import CorpusDocument, GoldPlace

FILE = "event_location/labeled_text.jsonl.zip"
MEMBER = "labeled_text.jsonl"
RELABEL = "RELABEL"
TEST_SHARE = 0.4
SALT = "chronica-event-location-1"

Span = tuple[int, int]


def entries(path: Path) -> list[dict[str, Any]]:
    """The entries in the zip: one JSON array, or one entry (or array of entries) per line."""
    try:
        with zipfile.ZipFile(need(path)) as archive:
            raw = archive.read(MEMBER).decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as error:
        raise InputError("bad_corpus", f"{path}: no readable {MEMBER} ({error})") from None
    found: list[dict[str, Any]] = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            parsed = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError("bad_corpus", f"{path}:{number}: not JSON ({error.msg})") from None
        found.extend(parsed if isinstance(parsed, list) else [parsed])
    if not found:
        raise InputError("bad_corpus", f"{path}: no entries")
    return found


def place(entry: dict[str, Any], span: dict[str, Any]) -> Span:
    """Character offsets of a span, from its tokens (see the module note on broken offsets)."""
    tokens, text = entry.get("tokens") or [], entry["text"]
    first, last = span.get("token_start"), span.get("token_end")
    if isinstance(first, int) and isinstance(last, int) and 0 <= first <= last < len(tokens):
        return tokens[first]["start"], tokens[last]["end"]
    name = span.get("text") or ""
    if name and text.count(name) == 1:
        start = text.index(name)
        return start, start + len(name)
    raise InputError("bad_corpus", f"{FILE}: entry {entry.get('_id')}: cannot place span {span}")


def spans(entry: dict[str, Any], label: str) -> tuple[Span, ...]:
    """The entry's spans with that label, placed in its stripped text."""
    text = entry["text"]
    lead, length = len(text) - len(text.lstrip()), len(text.strip())
    placed = {place(entry, s) for s in entry.get("spans") or [] if s["label"] == label}
    return tuple(sorted((max(a - lead, 0), min(b - lead, length)) for a, b in placed))


def _task(entry: dict[str, Any]) -> tuple[str, tuple[Span, ...]]:
    """What an entry annotates: a sentence and its verb."""
    return entry["text"].strip(), spans(entry, "VERB")


def kept(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Accepted entries with a verb, each (sentence, verb) relabelled by the gold where it was."""
    if any(not isinstance(e, dict) or not e.get("text") for e in found):
        raise InputError("bad_corpus", f"{FILE}: an entry without text")
    accepted = [e for e in found if e.get("answer", "accept") == "accept" and spans(e, "VERB")]
    relabelled = {_task(e) for e in accepted if e.get("source") == RELABEL}
    return [e for e in accepted if e.get("source") == RELABEL or _task(e) not in relabelled]


def split_of(doc_id: str) -> str:
    """"test" for 40% of ids: stable, needing no list, and a sentence added later keeps its side."""
    digest = hashlib.sha256(f"{SALT}:{doc_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < TEST_SHARE else "dev"


def document(text: str, group: list[dict[str, Any]]) -> CorpusDocument:
    """One sentence with the locations of all its annotated verbs."""
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    pairs = sorted({(spans(e, "VERB"), spans(e, "LOCATION")) for e in group})
    locations = sorted({span for _, where in pairs for span in where})
    return CorpusDocument(
        corpus="event_location", id=doc_id, text=text, split=split_of(doc_id),
        places=tuple(GoldPlace(start, end, text[start:end], role="event")
                     for start, end in locations),
        extra={
            "verbs": [list(span) for span in sorted({s for verb, _ in pairs for s in verb})],
            "verb_locations": [
                {"verb": [list(s) for s in verb], "locations": [list(s) for s in where]}
                for verb, where in pairs
            ],
            "ids": sorted({str(e.get("_id")) for e in group}),
            "sources": sorted({str(e.get("source")) for e in group}),
            "relabelled": any(e.get("source") == RELABEL for e in group),
        },
    )


def read(root: Path) -> Iterator[CorpusDocument]:
    sentences: dict[str, list[dict[str, Any]]] = {}
    for entry in kept(entries(root / FILE)):
        sentences.setdefault(entry["text"].strip(), []).append(entry)
    for text, group in sentences.items():
        yield document(text, group)
