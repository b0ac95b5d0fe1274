"""The real-corpus scoreboard: every corpus found in the corpora folder, scored in one run.

Each corpus is read by its converter, fed to chronica the way a user would feed it
(pages as HTML, scraped pages as text, stories with their publication date), and
scored on what its gold knows: whole event records against our annotations, linked
incidents (Airwars), coded events (ACLED notes, UCDP headlines), document relevance
(MUC-4), sentence classes (PLOVER), event locations, story-body text and places.
Rows are per corpus and split, test next to dev. Large corpora are scored on a fixed
sample (the same documents every run) unless ``limit`` is 0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from chronica.dates import day_of
from chronica.errors import InputError
from chronica.evaluation import gold as gold_files
from chronica.evaluation import linking
from chronica.evaluation.corpora import CONVERTERS, CorpusDocument, read_corpus
from chronica.evaluation.corpora.extraction import flattened
from chronica.evaluation.geo import (
    GRITTA_KINDS,
    gold_toponyms,
    paragraph_spans,
    recognition,
)
from chronica.evaluation.scoring import (
    Divisions,
    EventTally,
    TextTally,
    as_predicted,
    kept_lines,
    km,
    line_outcomes,
    predicted_events,
    rounded,
)
from chronica.events.gate import load_model as load_gate
from chronica.export import document_to_dict
from chronica.geo import Gazetteer, recognise, resolve
from chronica.ingest.decode import decode_bytes
from chronica.ingest.html import html_record
from chronica.ingest.text import text_blocks
from chronica.model import DateSource, InputFormat, Origin, SourceRecord, Span
from chronica.nlp import parse
from chronica.pipeline import build_document
from chronica.views import acled_codable, acled_left_out

DEFAULT_LIMIT = 300
ACC_KM = 161
EVENT_CORPORA = ("voa", "airwars")  # scored on our annotations
GEO_CORPORA = ("lgl", "trnews", "geovirus", "geocorpora", "wotr")


@dataclass
class Row:
    """One line of the scoreboard: a corpus, a split, what was measured and how fast."""

    corpus: str
    split: str
    measure: str
    scores: dict[str, Any]
    documents: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def as_dict(self, with_errors: bool) -> dict[str, Any]:
        row = {
            "corpus": self.corpus,
            "split": self.split,
            "measure": self.measure,
            "documents": self.documents,
            "docs_per_second": round(self.documents / self.seconds, 2) if self.seconds else None,
            **self.scores,
        }
        if with_errors and self.split != "test":  # test errors are never listed: never tuned on
            row["errors"] = self.errors
        return row


def source_record(doc: CorpusDocument) -> SourceRecord:
    """The document as a reader would hand it to the pipeline."""
    origin = Origin(f"{doc.corpus}/{doc.id}", InputFormat.HTML if doc.html else InputFormat.TEXT)
    dated = (
        {"published": doc.published, "published_source": DateSource.INPUT} if doc.published else {}
    )
    if doc.html is not None:
        text, warnings = decode_bytes(doc.html)
        return html_record(text, origin, doc.html, url=doc.url, warnings=tuple(warnings))
    return SourceRecord(
        origin=origin,
        blocks=text_blocks(doc.text),
        raw=doc.text.encode(),
        url=doc.url,
        title=doc.title,
        source=doc.source,
        scraped_text=True,
        **dated,
    )


@dataclass
class Runner:
    """Runs chronica once per document (a document scored twice is built once) and times it."""

    gazetteer: Gazetteer
    on_document: Callable[[], None] = lambda: None
    cache: dict[tuple[str, str, dt.date | None], tuple[dict[str, Any] | None, float]] = field(
        default_factory=dict
    )
    failures: dict[tuple[str, str, dt.date | None], str] = field(default_factory=dict)

    def record(self, doc: CorpusDocument) -> tuple[dict[str, Any] | None, float]:
        key = (doc.corpus, doc.id, doc.published)  # the same text given another date is another run
        if key not in self.cache:
            started = time.perf_counter()
            try:
                built = document_to_dict(
                    build_document(source_record(doc), gazetteer=self.gazetteer)
                )
            except InputError as error:  # e.g. nothing left after cleaning: counted as failed
                built = None
                self.failures[key] = str(error)
            self.cache[key] = (built, time.perf_counter() - started)
            self.on_document()
        return self.cache[key]


def sample(docs: Iterable[CorpusDocument], limit: int) -> list[CorpusDocument]:
    """A fixed sample of each split: the documents whose id hashes lowest (the same every run)."""
    chosen = []
    for group in _by_split(docs).values():
        if limit and len(group) > limit:
            group = sorted(
                group, key=lambda d: hashlib.sha256(f"{d.corpus}/{d.id}".encode()).digest()
            )
        chosen += group[:limit] if limit else group
    return chosen


def _by_split(docs: Iterable[CorpusDocument]) -> dict[str, list[CorpusDocument]]:
    groups: dict[str, list[CorpusDocument]] = {}
    for doc in docs:
        groups.setdefault(doc.split or "dev", []).append(doc)
    return dict(sorted(groups.items()))


def _event_rows(
    corpus: str,
    measure: str,
    docs: list[CorpusDocument],
    runner: Runner,
    gold_of: Callable[[CorpusDocument], list],
) -> list[Row]:
    rows = []
    for split, group in _by_split(docs).items():
        tally, errors, seconds = EventTally(divisions=Divisions(runner.gazetteer)), [], 0.0
        left_out: Counter = Counter()
        for doc in group:
            record, took = runner.record(doc)
            seconds += took
            tally.failed += record is None
            left_out.update(filter(None, map(acled_left_out, (record or {}).get("events", []))))
            found = tally.add(gold_of(doc), predicted_events(record) if record else [])
            if record is None:
                found.insert(0, f"failed: {runner.failures[(doc.corpus, doc.id, doc.published)]}")
            errors += [f"{doc.id}: {e}" for e in found]
        scores = {**tally.row(), "left_out_of_acled_table": dict(left_out.most_common())}
        rows.append(Row(corpus, split, measure, scores, len(group), seconds, errors))
    return rows


ANCHORED_MEASURE = "events (annotated), undated pages given the annotators' day"


def anchor_day(doc: CorpusDocument) -> CorpusDocument:
    """An undated page with the day its annotators resolved dates against (eval/README.md: the
    linked Airwars incident's date). Scored beside the plain row, it separates finding and
    coding the events from dating a page that prints no date; its date column is not evidence
    of dating."""
    days = doc.extra.get("incident_days") or ()
    if doc.published is not None or not days:
        return doc
    return dataclasses.replace(doc, published=min(days))


def annotated_rows(root: Path, runner: Runner, gold_folder: Path) -> list[Row]:
    """Whole records against our annotations, and the story body of archived pages."""
    annotations = gold_files.read_annotations(gold_folder)
    rows = []
    for corpus in EVENT_CORPORA:
        wanted = [a for a in annotations if a["corpus"] == corpus]
        if not wanted:
            continue
        joined = gold_files.join(read_corpus(corpus, root), wanted)
        stale = [f"annotation not used, text changed: {k}" for k in joined.changed]
        stale += [f"annotation not used, document missing: {k}" for k in joined.missing]
        found = _event_rows(
            corpus, "events (annotated)", joined.documents, runner, lambda d: list(d.events or ())
        )
        for row in found:
            row.scores["unusable_annotations"] = len(stale)
            row.errors = stale + row.errors
        rows += found
        anchored = [anchor_day(d) for d in joined.documents]
        if any(d is not doc for d, doc in zip(anchored, joined.documents, strict=True)):
            rows += _event_rows(corpus, ANCHORED_MEASURE, anchored, runner,
                                lambda d: list(d.events or ()))
        paged = [d for d in joined.documents if d.extra.get("body_lines") is not None]
        extra = _story_line_pages(corpus, root, gold_folder)
        body_rows = _body_rows(corpus, paged + extra.documents, runner, _line_kinds(gold_folder))
        for row in body_rows:
            row.scores["unusable_annotations"] = len(extra.changed) + len(extra.missing)
        rows += body_rows
    second = gold_folder / "agreement"
    if second.is_dir():
        rows += agreement_rows(
            root, annotations, gold_files.read_annotations(second), runner.gazetteer
        )
    return rows


def sentence_rows(root: Path, gold_folder: Path) -> list[Row]:
    """The incident model on labelled candidate sentences: dev as cross-validated when it was
    trained (its labels are the training data), test scored now on labels it never saw."""
    from chronica.evaluation import gate_training

    model = load_gate()
    held_out = model.about.get("cross_validation", {})
    rows = [Row("sentences", "dev", "incident sentences (cross-validated)",
                {**held_out, "sentences": model.about.get("sentences")})]
    labels = gold_folder / "sentences" / "incident-sentences-test.jsonl"
    if not labels.is_file():
        return rows
    started = time.perf_counter()
    examples, lost = gate_training.examples(labels, root)
    verdicts = [model.decide(e.features) for e in examples]
    rejected = [(e, v) for e, v in zip(examples, verdicts, strict=True)
                if not e.incident and not v.incident]
    scores = {
        "sentences": len(examples),
        **gate_training.incident_scores([e.incident for e in examples],
                                        [v.incident for v in verdicts]),
        "reason_right": rounded(sum(e.mode == v.mode for e, v in rejected) / max(1, len(rejected))),
        "labels_not_used": dict(lost),
    }
    documents = len({e.group for e in examples})
    return [*rows, Row("sentences", "test", "incident sentences (labelled)", scores, documents,
                       time.perf_counter() - started)]


def agreement_rows(
    root: Path, first: list[dict[str, Any]], second: list[dict[str, Any]], gazetteer: Gazetteer
) -> list[Row]:
    """Two annotators on the same documents, scored as chronica is: the first as gold."""
    tally = EventTally(divisions=Divisions(gazetteer))
    keys = {(row["corpus"], row["id"]) for row in second}
    for corpus in sorted({corpus for corpus, _ in keys}):
        docs = list(read_corpus(corpus, root))
        ones = gold_files.join(docs, [r for r in first if (r["corpus"], r["id"]) in keys])
        twos = {
            d.id: d
            for d in gold_files.join(docs, [r for r in second if r["corpus"] == corpus]).documents
        }
        for doc in ones.documents:
            if doc.id in twos:
                tally.add(
                    list(doc.events or ()), [as_predicted(e) for e in twos[doc.id].events or ()]
                )
    return [
        Row("voa+airwars", "dev+test", "inter-annotator agreement", tally.row(), tally.documents)
    ]


LINE_KINDS = "furniture/airwars-lines.jsonl"
# pages annotated for their story lines only (no events), which the story-body row adds
STORY_LINES = "furniture/{corpus}-story-lines.jsonl"
# the furniture classes the cleaning issue counts pages by: none may be left in a story
COUNTED_KINDS = frozenset({"caption", "teaser", "prompt", "footnote"})


def _story_line_pages(corpus: str, root: Path, gold_folder: Path) -> gold_files.Joined:
    """The pages of ``corpus`` whose story lines (not events) were annotated, joined by id and
    hash as event annotations are."""
    path = gold_folder / STORY_LINES.format(corpus=corpus)
    if not path.is_file():
        return gold_files.Joined([], [], [])
    rows = [{**row, "events": []} for row in gold_files.read_jsonl(path)]
    return gold_files.join(read_corpus(corpus, root), rows)


def _line_kinds(gold_folder: Path) -> dict[tuple[str, str], dict[int, str]]:
    """Our labels of each non-story line's kind, by (id, text hash): {line number: kind}."""
    path = gold_folder / LINE_KINDS
    kinds: dict[tuple[str, str], dict[int, str]] = {}
    if path.is_file():
        for row in gold_files.read_jsonl(path):
            kinds.setdefault((row["id"], row["sha256"]), {})[row["line"]] = row["kind"]
    return kinds


def _body_rows(corpus: str, docs: list[CorpusDocument], runner: Runner,
               kinds: dict[tuple[str, str], dict[int, str]] | None = None) -> list[Row]:
    """Story text of pages whose story lines are known: character scores, furniture lines
    kept, story lines lost; with line kinds, the pages that keep a caption, teaser, prompt or
    footnote line."""
    rows = []
    for split, group in _by_split(docs).items():
        text, lines, pages_with_furniture = TextTally(), [0, 0, 0, 0], 0
        kinded = counted = 0
        for doc in group:
            record, _ = runner.record(doc)
            body = record["body"] if record else ""
            text.add(doc.body or "", body)
            outcome = line_outcomes(doc.text, doc.extra["body_lines"], body)
            pages_with_furniture += outcome[0] > 0
            lines = [a + b for a, b in zip(lines, outcome, strict=True)]
            labelled = (kinds or {}).get((doc.id, doc.sha256))
            if labelled is not None:
                kinded += 1
                standing = kept_lines(doc.text, body)
                counted += any(kind in COUNTED_KINDS and number in standing
                               for number, kind in labelled.items())
        kept, furniture, lost, story = lines
        scores = {
            **text.row(),
            "furniture_lines_kept": f"{kept}/{furniture}",
            "pages_with_furniture_kept": f"{pages_with_furniture}/{len(group)}",
            "story_lines_lost": f"{lost}/{story}",
        }
        if kinded:
            scores["pages_keeping_caption_teaser_prompt_footnote"] = f"{counted}/{kinded}"
        seconds = sum(runner.record(doc)[1] for doc in group)
        rows.append(Row(corpus, split, "story body (scraped text)", scores, len(group), seconds))
    return rows


def incident_rows(root: Path, runner: Runner, limit: int) -> list[Row]:
    """Airwars source articles: is the incident Airwars linked each one to found?"""
    from chronica.evaluation.split import assign

    docs_all = list(read_corpus("airwars", root))
    sides = assign(docs_all)
    docs = [
        dataclasses.replace(d, split=sides[d.id])
        for d in sample((d for d in docs_all if d.events), limit)
    ]
    rows = _event_rows(
        "airwars",
        "linked incidents (recall)",
        docs,
        runner,
        lambda d: [dataclasses.replace(e, actor1=None) for e in d.events or ()],
    )
    for row in rows:  # an article reports more than its incidents: only recall means something;
        for name in ("precision", "f1", "no_event_docs", "no_event_docs_with_events"):
            row.scores.pop(name)  # Airwars names belligerents its own way: actor 1 is not compared
    dated = [dataclasses.replace(d, split=sides[d.id]) for d in docs_all if d.published]
    return rows + publication_rows("airwars", dated)


def linking_rows(root: Path, runner: Runner) -> list[Row]:
    """Incidents across articles: Airwars source articles paired by shared incident, and VOA
    stories with edited copies paired by copy family (see ``evaluation.linking``)."""
    def record_of(doc: CorpusDocument) -> dict[str, Any] | None:
        return runner.record(doc)[0]

    measures = [("airwars", "same incident (article pairs)", linking.same_incident)]
    if (root / "voa").exists():
        measures.append(("voa", "copy of (stories and edited copies)", linking.copy_of))
    return [Row(corpus, split, measure, scores, documents, seconds)
            for corpus, measure, score in measures
            for split, (scores, documents, seconds) in score(root, record_of).items()]


def publication_rows(corpus: str, docs: list[CorpusDocument]) -> list[Row]:
    """The publication date chronica finds on pages whose archive recorded one, that date
    hidden from it: the same day, within one day, none found."""
    rows = []
    for split, group in _by_split(docs).items():
        exact = near = missing = 0
        started = time.perf_counter()
        for doc in group:
            undated = source_record(dataclasses.replace(doc, published=None))
            try:
                day = day_of(build_document(undated).published)
            except InputError:
                day = None
            truth = day_of(doc.published)
            missing += day is None
            exact += day == truth
            near += day is not None and abs((day - truth).days) <= 1
        scores = {"pages": len(group), "exact_day": rounded(exact / len(group)),
                  "within_1_day": rounded(near / len(group)), "none_found": missing}
        rows.append(Row(corpus, split, "publication date (archive's date hidden)", scores,
                        len(group), time.perf_counter() - started))
    return rows


def coded_rows(corpus: str, root: Path, runner: Runner, limit: int) -> list[Row]:
    """Event descriptions coded by ACLED or UCDP: one gold event per text. UCDP names its sides
    its own way ("Government of Syria") and counts best estimates, so for UCDP only the type,
    place, date and the low-high death range are compared."""
    docs = sample(read_corpus(corpus, root), limit)

    def gold_of(doc: CorpusDocument) -> list:
        if corpus != "ucdp":
            return list(doc.events or ())
        return [
            dataclasses.replace(e, actor1=None, actor2=None, fatalities=None)
            for e in doc.events or ()
        ]

    return _event_rows(corpus, "coded events", docs, runner, gold_of)


def relevance_rows(root: Path, runner: Runner, limit: int) -> list[Row]:
    """MUC-4: does chronica code events in the documents that report an incident, and only there?"""
    rows = []
    for split, group in _by_split(sample(read_corpus("muc4", root), limit)).items():
        counts, seconds = Counter(), 0.0
        for doc in group:
            record, took = runner.record(doc)
            seconds += took
            coded = bool(record and predicted_events(record))
            counts[(doc.label == "relevant", coded)] += 1
        tp, fp, fn = counts[(True, True)], counts[(False, True)], counts[(True, False)]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores = {
            "relevant_docs": tp + fn,
            "irrelevant_docs": len(group) - tp - fn,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if tp else 0.0,
            "irrelevant_with_events": fp,
        }
        rows.append(Row("muc4", split, "incident documents", scores, len(group), seconds))
        roles = RoleTally()
        for doc in group:
            record, _ = runner.record(doc)
            roles.add(muc_roles(doc), record_roles(record))
        rows.append(Row("muc4", split, "role fillers (head-noun match)", roles.row(), len(group),
                        seconds))
    return rows


MUC_ROLES = ("perpetrator", "target", "location")


def muc_roles(doc: CorpusDocument) -> dict[str, list[str]]:
    """The key's fillers of each role, all templates of the text together: perpetrator
    organisations and individuals; physical and human targets; the most specific place."""
    roles: dict[str, list[str]] = {role: [] for role in MUC_ROLES}
    for event, facts in zip(doc.events or (), doc.extra.get("templates", []), strict=True):
        roles["perpetrator"] += [*(event.actor1.split("; ") if event.actor1 else []),
                                 *facts["perpetrator_individuals"]]
        roles["target"] += facts["physical_targets"] + facts["human_targets"]
        roles["location"] += [event.location] if event.location else []
    return roles


def record_roles(record: dict[str, Any] | None) -> dict[str, list[str]]:
    """chronica's fillers: each event's actor 1 and actor 2 as written, and its own places."""
    roles: dict[str, list[str]] = {role: [] for role in MUC_ROLES}
    for event in filter(acled_codable, record["events"] if record else []):
        for role, actor in (("perpetrator", event.get("actor1")), ("target", event.get("actor2"))):
            if actor and actor.get("surface"):
                roles[role].append(actor["surface"])
        roles["location"] += [p["text"] for p in event["location"]["places"]
                              if p.get("role") == "event"]
    return roles


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in ("the", "a", "an")]


def fills(predicted: str, gold: str) -> bool:
    """Head-noun match, as MUC-4 role-filler studies score: the last words agree, or one
    filler's words run inside the other's ("guerrillas" fills "urban guerrillas")."""
    said, key = _words(predicted), _words(gold)
    if not said or not key:
        return False
    inside = " ".join(said) in " ".join(key) or " ".join(key) in " ".join(said)
    return said[-1] == key[-1] or inside


@dataclass
class RoleTally:
    """Per role: chronica's fillers that fill a key filler (precision) and key fillers filled
    (recall), over all documents (fillers given for irrelevant texts count against)."""

    counts: Counter = field(default_factory=Counter)

    def add(self, gold: dict[str, list[str]], said: dict[str, list[str]]) -> None:
        for role in MUC_ROLES:
            keys = {" ".join(_words(g)): g for g in gold[role]}
            given = {" ".join(_words(s)): s for s in said[role]}
            self.counts[role, "said"] += len(given)
            self.counts[role, "gold"] += len(keys)
            self.counts[role, "right"] += sum(any(fills(s, g) for g in keys.values())
                                              for s in given.values())
            self.counts[role, "found"] += sum(any(fills(s, g) for s in given.values())
                                              for g in keys.values())

    def row(self) -> dict[str, Any]:
        scores = {}
        for role in MUC_ROLES:
            precision = self.counts[role, "right"] / max(1, self.counts[role, "said"])
            recall = self.counts[role, "found"] / max(1, self.counts[role, "gold"])
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            scores[role] = (f"P {precision:.2f} R {recall:.2f} F1 {f1:.2f} "
                            f"({self.counts[role, 'gold']} key fillers)")
        return scores


def class_rows(root: Path, runner: Runner, limit: int) -> list[Row]:
    """PLOVER sentences: the PLOVER type of chronica's first event (or none) against the gold."""
    rows = []
    for split, group in _by_split(sample(read_corpus("plover", root), limit)).items():
        right, covered, coded, seconds = Counter(), Counter(), 0, 0.0
        emitted = set()
        outcomes = []
        for doc in group:
            record, took = runner.record(doc)
            seconds += took
            types = [e["plover_type"] for e in (record or {}).get("events", []) if e["plover_type"]]
            emitted.update(types)
            coded += bool(types)
            outcomes.append((doc.label, types[0] if types else None))
        for label, got in outcomes:
            if label in emitted or label in {"ASSAULT", "PROTEST", "COERCE", "SEIZE", "FIGHT"}:
                covered[label] += 1
                right[label] += label == got
        scores = {
            "sentences_with_event": coded,
            "accuracy_on_covered_types": round(sum(right.values()) / sum(covered.values()), 3)
            if covered
            else None,
            "per_type": {k: f"{right[k]}/{n}" for k, n in sorted(covered.items())},
        }
        rows.append(Row("plover", split, "PLOVER type", scores, len(group), seconds))
    return rows


def _with_event_place(root: Path) -> Iterable[CorpusDocument]:
    """The event_location sentences whose event has an annotated place (in the others the
    sentence names none), which both event-location rows score."""
    return (d for d in read_corpus("event_location", root)
            if any(p.role == "event" for p in d.places or ()))


def location_rows(root: Path, runner: Runner, limit: int) -> list[Row]:
    """Event-location sentences: is the place chronica gives the event the annotated one? Only
    sentences whose event has an annotated place are scored (in the others it names none). The
    corpus marks spans, not coordinates: the chosen mention's span is scored whether or not the
    gazetteer knows it (a village it lacks is placed at its container), and how many of the right
    spans are also resolved is reported beside it."""
    rows = []
    for split, group in _by_split(sample(_with_event_place(root), limit)).items():
        with_event = right = resolved = 0
        seconds = 0.0
        errors: list[str] = []  # sentences whose event got another place, or none
        for doc in group:
            record, took = runner.record(doc)
            seconds += took
            events = (record or {}).get("events", [])
            if not events:
                continue
            with_event += 1
            chosen = events[0]["location"]["places"][:1]
            gold = [p for p in doc.places or () if p.role == "event"]
            # a place named twice is one place: any of its mentions may be the annotated one
            mentions = [p for p in record["places"] if chosen and _key(p) == _key(chosen[0])]
            hit = any(_same_text_span(record, c, doc.text, g) for c in mentions for g in gold)
            right += hit
            resolved += hit and bool(chosen[0]["place"])
            if not hit:
                said = chosen[0]["text"] if chosen else "no place"
                errors.append(f"{doc.id}: chose {said!r}, annotated "
                              f"{[doc.text[g.start:g.end] for g in gold]}")
        scores = {
            "sentences_with_event": with_event,
            "location_right": round(right / len(group), 3) if group else None,
            "location_right_when_coded": round(right / with_event, 3) if with_event else None,
            "right_and_resolved": round(resolved / len(group), 3) if group else None,
        }
        rows.append(Row("event_location", split, "event location", scores, len(group), seconds,
                        errors))
    return rows


def given_verb_rows(root: Path, gazetteer: Gazetteer, limit: int) -> list[Row]:
    """Event-location sentences, the corpus's own task: given the annotated event verb, is the
    place chronica picks for it the annotated one? Every (sentence, verb) with an annotated
    place is scored, next to the rule the event-place model replaced, in the same run."""
    from chronica.evaluation import place_training

    rows = []
    for split, group in _by_split(sample(_with_event_place(root), limit)).items():
        started = time.perf_counter()
        found = list(place_training.tasks(group, gazetteer, choose=True))
        seconds = time.perf_counter() - started
        picks = place_training.chosen_picks(found)
        scores = {**place_training.accuracy(found, picks),
                  "rule_alone": place_training.accuracy(
                      found, place_training.baseline_picks(found))["right"]}
        errors = [f"{t.group}: chose {t.chosen.text if t.chosen else 'no place'!r}, "
                  f"candidates {[m.text for m in t.pool]}, right {t.right}"
                  for t, pick in zip(found, picks, strict=True)
                  if pick is None or not t.right[pick]]
        rows.append(Row("event_location", split, "event location, given the annotated verb",
                        scores, len(group), seconds, errors))
    return rows


def _key(place: dict[str, Any]) -> object:
    """As geo.locate.same_place, on a record's place."""
    return place["place"]["geonameid"] if place.get("place") else place["text"].casefold()


def _same_text_span(record: dict[str, Any], chosen: dict[str, Any], text: str, gold: Any) -> bool:
    """The chosen mention overlaps the gold span (the body equals the sentence, give or take
    surrounding space; offsets are mapped through the body's position in the text)."""
    shift = text.find(record["body"][:30]) if record["body"] else -1
    start, end = chosen["start"] + max(shift, 0), chosen["end"] + max(shift, 0)
    return start < gold.end and gold.start < end


def extraction_rows(root: Path, runner: Runner, gold_folder: Path) -> list[Row]:
    """Body text of real pages, test next to dev: chronica on the HTML next to plain
    trafilatura (same pages, same run), and chronica on the same pages flattened to all
    their visible text (navigation, captions and teasers kept) and read as plain text; then
    the publication date of both forms."""
    docs = list(read_corpus("extraction", root))
    rows = []
    for split, group in _by_split(docs).items():
        ours, plain = TextTally(), TextTally()
        seconds = 0.0
        for doc in group:
            record, took = runner.record(doc)
            seconds += took
            ours.add(doc.body or "", record["body"] if record else "")
            plain.add(doc.body or "", trafilatura.extract(decode_bytes(doc.html or b"")[0]) or "")
        rows += [
            Row("extraction", split, "story body (HTML), chronica", ours.row(), len(group),
                seconds),
            Row("extraction", split, "story body (HTML), plain trafilatura", plain.row(),
                len(group)),
        ]
    flat = [flattened(doc) for doc in docs]
    for row in _body_rows("extraction", flat, runner):
        row.measure = "story body (flattened page as text)"
        rows.append(row)
    return rows + page_date_rows(docs, flat, runner, gold_folder)


PAGE_DATES = "pubdates/extraction-pages.jsonl"


def page_date_rows(docs: list[CorpusDocument], flat: list[CorpusDocument], runner: Runner,
                   gold_folder: Path) -> list[Row]:
    """The publication date chronica gives the benchmark pages, as HTML and as flattened text,
    against the date each page shows (our annotation: pages whose only date is in the address,
    or whose date the annotator was unsure of, are counted apart, not scored)."""
    path = gold_folder / PAGE_DATES
    if not path.is_file():
        return []
    truth = {row["id"]: row for row in gold_files.read_jsonl(path)}
    as_text = {doc.id: doc for doc in flat}
    rows = []
    for form in ("HTML", "flattened page as text"):
        for split, group in _by_split(d for d in docs if d.id in truth).items():
            exact = near = missing = stale = 0
            shown = [d for d in group if _shows_date(truth[d.id])]
            for doc in shown:
                if truth[doc.id]["sha256"] != doc.sha256:  # the hash of the page's true body
                    stale += 1
                    continue
                record, _ = runner.record(doc if form == "HTML" else as_text[doc.id])
                day = dt.date.fromisoformat(record["published"][:10]) if record and record.get(
                    "published") else None
                gold = dt.date.fromisoformat(truth[doc.id]["published"])
                missing += day is None
                exact += day == gold
                near += day is not None and abs((day - gold).days) <= 1
            scored = max(1, len(shown) - stale)
            scores = {"pages": len(shown), "exact_day": rounded(exact / scored),
                      "within_1_day": rounded(near / scored), "none_found": missing,
                      "not_scored": len(group) - len(shown), "unusable_annotations": stale}
            rows.append(Row("extraction", split, f"publication date shown ({form})", scores,
                            len(shown)))
    return rows


def _shows_date(row: dict[str, Any]) -> bool:
    return bool(row["published"]) and not row["url_only"] and not row["unsure"]


@dataclass
class GoldSpanResolution:
    """Resolution of the annotators' own spans (recognition set aside, as in Mordecai3's table),
    by distance for every corpus: GeoVirus and WOTR carry coordinates but no GeoNames ids."""

    scored: int = 0
    unresolved: int = 0
    within: int = 0
    wrong_country: int = 0
    country_checked: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, doc: CorpusDocument, gazetteer: Gazetteer) -> None:
        golds = [p for p in doc.places or () if p.lat is not None and p.lon is not None]
        names = ((Span(p.start, p.end), p.name) for p in golds)
        for gold, mention in zip(
            golds, resolve(gold_toponyms(doc.text, names, gazetteer), gazetteer), strict=True
        ):
            self.scored += 1
            place = mention.place
            if place is None:
                self.unresolved += 1
                continue
            distance = km(gold.lat, gold.lon, place.lat, place.lon)
            self.errors_km.append(distance)
            self.within += distance <= ACC_KM
            if gold.country and place.country:
                self.country_checked += 1
                self.wrong_country += gold.country != place.country

    def scores(self) -> dict[str, Any]:
        n = self.scored or 1
        errors = sorted(self.errors_km)
        return {
            "gold_spans_acc161": round(self.within / n, 3),
            "gold_spans_median_km": round(errors[len(errors) // 2], 1) if errors else None,
            "gold_spans_unresolved": round(self.unresolved / n, 3),
            "gold_spans_wrong_country": (f"{self.wrong_country}/{self.country_checked}"
                                         if self.country_checked else None),
        }


def geo_rows(corpus: str, root: Path, gazetteer: Gazetteer, limit: int) -> list[Row]:
    """Recognition P/R (exact spans), accuracy within 161 km, places in the wrong country."""
    reader = CONVERTERS[corpus]
    gritta = corpus in ("lgl", "trnews")  # Gritta et al.'s corpora: GeoNames ids, demonyms marked
    docs = sample(reader(root, gazetteer=gazetteer) if gritta else reader(root), limit)
    gold_n = predicted_n = exact = within = resolved_n = wrong_country = country_checked = 0
    names_predicted = names_matched = 0
    kinds = GRITTA_KINDS if gritta else frozenset({"toponym"})
    errors_km: list[float] = []
    errors: list[str] = []  # each resolution in the wrong country, to read (dev corpora only)
    on_gold = GoldSpanResolution()
    started = time.perf_counter()
    for doc in docs:
        parsed = parse(doc.text, paragraph_spans(doc.text))
        found = resolve(recognise(doc.text, parsed, gazetteer), gazetteer)
        mentions = [m for m in found if m.kind in kinds]
        names = {(m.span.start, m.span.end) for m in mentions if m.kind == "toponym"}
        names_predicted += len(names)
        names_matched += sum((p.start, p.end) in names for p in doc.places or ())
        predicted_n += len(mentions)
        gold_n += len(doc.places or ())
        on_gold.add(doc, gazetteer)
        spans = {(m.span.start, m.span.end): m for m in mentions}
        for gold in doc.places or ():
            mention = spans.get((gold.start, gold.end))
            exact += mention is not None
            if mention is None or mention.place is None or gold.lat is None or gold.lon is None:
                continue
            resolved_n += 1
            distance = km(gold.lat, gold.lon, mention.place.lat, mention.place.lon)
            errors_km.append(distance)
            within += distance <= ACC_KM
            if gold.country and mention.place.country:
                country_checked += 1
                if gold.country != mention.place.country:
                    wrong_country += 1
                    place = mention.place
                    errors.append(f"{doc.id}: {mention.text!r} → {place.name} ({place.country} "
                                  f"{place.feature_code}) not {gold.country}; {mention.rule}")
    seconds = time.perf_counter() - started
    with_point = sum(p.lat is not None for d in docs for p in d.places or ())
    errors_km.sort()
    scores = {
        "gold_places": gold_n,
        **recognition(exact, predicted_n, gold_n, digits=3),
        **({"f1_names_only": recognition(names_matched, names_predicted, gold_n, digits=3)["f1"]}
           if gritta else {}),
        "acc161_end_to_end": round(within / with_point, 3) if with_point else None,
        "median_km": round(errors_km[len(errors_km) // 2], 1) if errors_km else None,
        "wrong_country": f"{wrong_country}/{country_checked}" if country_checked else None,
        **on_gold.scores(),
    }
    return [
        Row(corpus, docs[0].split or "dev" if docs else "dev", "places", scores, len(docs), seconds,
            errors)
    ]


SECTIONS = (
    "annotated",
    "sentences",
    "incidents",
    "linking",
    "acled",
    "ucdp",
    "muc4",
    "plover",
    "event_location",
    "extraction",
    *GEO_CORPORA,
)
_FILES = {
    "annotated": "voa",
    "sentences": "voa",
    "incidents": "airwars",
    "linking": "airwars",
    "acled": "acled_samples",
    "ucdp": "ucdp_syria",
    "muc4": "muc4",
    "plover": "plover",
    "event_location": "event_location",
    "extraction": "article_extraction_benchmark",
}


def available(root: Path) -> list[str]:
    """The sections whose corpus folder is present under ``root``."""
    return [s for s in SECTIONS if (root / _FILES.get(s, "geo")).exists()]


def run(
    root: Path,
    gazetteer: Gazetteer,
    sections: Iterable[str],
    limit: int = DEFAULT_LIMIT,
    gold_folder: Path = gold_files.DEFAULT_FOLDER,
    on_document: Callable[[], None] = lambda: None,
    on_section: Callable[[str], None] = lambda _: None,
) -> list[Row]:
    runner = Runner(gazetteer, on_document)
    jobs: dict[str, Callable[[], list[Row]]] = {
        "annotated": lambda: annotated_rows(root, runner, gold_folder),
        "sentences": lambda: sentence_rows(root, gold_folder),
        "incidents": lambda: incident_rows(root, runner, limit),
        "linking": lambda: linking_rows(root, runner),
        "acled": lambda: coded_rows("acled", root, runner, limit),
        "ucdp": lambda: coded_rows("ucdp", root, runner, limit),
        "muc4": lambda: relevance_rows(root, runner, limit),
        "plover": lambda: class_rows(root, runner, limit),
        "event_location": lambda: (location_rows(root, runner, limit)
                                   + given_verb_rows(root, gazetteer, limit)),
        "extraction": lambda: extraction_rows(root, runner, gold_folder),
        **{name: (lambda n=name: geo_rows(n, root, gazetteer, limit)) for name in GEO_CORPORA},
    }
    rows: list[Row] = []
    for section in sections:
        on_section(section)
        rows += jobs[section]()
    return rows
