"""Does ingest keep its pace as the store grows? Store + incident linking, first vs last documents.

`chronica ingest` links each stored document's events into incidents: it asks the copy index for
earlier bodies the new one may copy, then the incidents whose days and country could match, and
scores the report against their members. Each of these grows with the store, so a rate that
holds on a fresh store can decay on two years of news, and only a long feed shows it.

The script generates N documents from templates written below: invented outlets, wording and
people; real towns the gazetteer resolves; in publication order, as a feed delivers them, at a
steady 10,000 documents in two years (so a shorter run is the start of the default one). About
a fifth are lightly edited copies of a recent document (another outlet, another headline, the
last paragraph trimmed) and about a seventh are another outlet's own report of a recent
incident, so the copy detector and the linker both have work. A fixed seed gives the same
documents every run. Then it times two phases:
  build  the documents, as JSON lines, read and built by the batch runner `ingest` uses
  store  Store.add_document(doc) for each in order: written, then linked into incidents
and prints docs/s for the build, and for storing the first and the last thousand documents,
with their ratio (1.00 = no decay), by the wall clock and per CPU second (steadier when other
work shares the machine). Since the copy index's cost depends on how much unrelated bodies
share, it also prints their 5-word-shingle Jaccard on a sample.

    python bench/incident_ingest_bench.py [--documents 10000] [--db PATH] [--workers 2] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from itertools import combinations, takewhile
from pathlib import Path

from datasketch import MinHashLSH
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chronica.batch import run
from chronica.geo.gazetteer import load
from chronica.incidents.copies import CANDIDATE_JACCARD, PERMUTATIONS, shingles
from chronica.model import Document
from chronica.nlp import model
from chronica.store import Store

SEED = 20261126
FIRST_DAY = dt.date(2024, 1, 1)
DEFAULT_DOCUMENTS, DAYS = 10_000, 730  # the pace: this many documents in this many days
WINDOW = 1000  # documents in each of the first and the last window compared
COPY_SHARE, SECOND_REPORT_SHARE = 0.20, 0.15
RECENT_DAYS = 2  # copies and second reports come within this many days of the incident
SIMILARITY_SAMPLE = 300  # unrelated bodies whose pairwise shingle overlap is measured

OUTLETS = tuple(f"{first} {second}" for second in ("Courier", "Herald", "Dispatch", "Observer")
                for first in ("Harbour", "Northgate", "Meridian", "Lantern", "Cedar Valley",
                              "Eastbrook", "Saltmarsh", "Highmoor", "Redfern", "Stonebridge"))
TOWNS = {
    "Syria": ("Idlib", "Aleppo", "Homs", "Deir ez-Zor", "Manbij", "Daraa", "Raqqa"),
    "Iraq": ("Mosul", "Kirkuk", "Tikrit", "Fallujah", "Ramadi", "Samarra", "Baqubah"),
    "Yemen": ("Marib", "Taiz", "Hodeidah", "Aden", "Saada"),
    "Sudan": ("El Fasher", "Nyala", "Omdurman", "Kadugli", "El Geneina"),
    "Ukraine": ("Kharkiv", "Kherson", "Zaporizhzhia", "Bakhmut", "Sumy", "Pokrovsk", "Izium"),
}
SIDES = {  # (attackers, their opponents) as reports name them
    "Syria": (("Syrian government forces", "Russian warplanes"), ("rebel fighters",)),
    "Iraq": (("Islamic State militants",), ("Iraqi security forces",)),
    "Yemen": (("Houthi fighters", "the Saudi-led coalition"), ("government-aligned forces",)),
    "Sudan": (("the Rapid Support Forces",), ("the Sudanese army",)),
    "Ukraine": (("Russian forces",), ("Ukrainian forces",)),
}
LEADS = {
    "air strike": (
        ("An air strike by {attacker} hit {target} in {town} {when}, killing {dead} people, "
         "{claimant}."),
        "{Dead} people were killed when an air strike hit {target} in {town} {when}, {claimant}.",
    ),
    "shelling": (
        ("{Attacker} shelled residential districts of {town} {when}, killing {dead} civilians, "
         "{claimant}."),
        "Shelling by {attacker} killed {dead} civilians in {town} {when}, {claimant}.",
    ),
    "roadside bomb": (
        ("A roadside bomb exploded next to a minibus near {town} {when}, killing {dead} "
         "passengers, {claimant}."),
        ("{Dead} passengers were killed {when} when a roadside bomb struck their bus on the "
         "{road} road outside {town}, {claimant}."),
    ),
    "clash": (
        ("{Dead} fighters were killed {when} in clashes between {attacker} and {defender} on the "
         "outskirts of {town}, {claimant}."),
        ("Clashes between {attacker} and {defender} near {town} {when} left {dead} fighters dead, "
         "{claimant}."),
    ),
    "protest": (
        ("Hundreds of people protested in central {town} {when} against {grievance}, "
         "{claimant}."),
        ("Protesters gathered outside the governor's office in {town} {when} to denounce "
         "{grievance}, {claimant}."),
    ),
}
CLAIMANTS = ("the defence ministry said", "according to local officials", "a medical source said",
             "the provincial governor said in a statement", "residents told reporters",
             "according to a spokesman for the civil defence", "the health ministry said",
             "a security official said on condition of anonymity")
TARGETS = ("a market", "a residential building", "a school used as a shelter", "a fuel depot",
           "a checkpoint", "a bakery", "a bus station", "a water pumping station")
GRIEVANCES = ("rising bread prices", "power cuts", "the arrest of a local teacher",
              "unpaid public salaries", "a new checkpoint on the main road", "fuel shortages")
DETAILS = (
    "At least {wounded} others were wounded and taken to {hospital}, {claimant2}.",
    ("Rescue teams worked through the night on {street}; {wounded} people were treated for "
     "injuries, {claimant2}."),
    "Among the {wounded} injured were {few} children and a paramedic, {claimant2}.",
    "Ambulances ferried the wounded to {hospital}, where doctors appealed for blood donors.",
    "Windows were blown out along {street} as far as {metres} metres away, {claimant2}.",
    "Photographs shared by residents showed a crater on {street} and {few} burnt-out cars.",
)
PROTEST_DETAILS = (
    ("Shops around {street} stayed shut and traffic on the {road} road was blocked for {few} "
     "hours."),
    "Organisers put the crowd at {crowd}; the police gave a figure of {crowd2}.",
    "Demonstrators carried banners about {grievance2} and marched towards {street}.",
    "Riot police stood by on {street} but did not intervene, {claimant2}.",
)
QUOTE_OPENINGS = ("We heard {sound} and ran.", "I was at home with my {relative}.",
                  "It was just after {clock}.", "Nobody warned us.", "We have nothing left.",
                  "I counted {few} blasts.", "The children are still shaking.",
                  "We came out to be heard.")
QUOTE_BODIES = ("My {relative} was on the way to the {workplace}.",
                "All of {street} is covered in glass.", "Who will pay for this?",
                "This is the {nth} time since {month}.",
                "Where are the people who promised to protect us?",
                "We will bury our dead and stay.", "Nobody from the authorities has come.",
                "Neighbours took the wounded to the {workplace} in their own cars.")
ATTRIBUTIONS = ("said {name}, {age}, a {job} from {town}",
                "{name}, a {job}, told the {outlet} by telephone",
                "said {name}, who lives near {street}", "a {job} named {name} said",
                "{name}, {age}, said outside {hospital}")
BACKGROUND = (
    ("{town} has changed hands {few} times since {month} {year} and lies {km} kilometres from "
     "the front line."),
    ("Since {month} {year}, the {monitor} has recorded {tally} deaths in {town} and the "
     "villages around it."),
    ("Aid agencies warned on {weekday} that stocks of {supply} in {town} would run out within "
     "{few} weeks."),
    ("More than {families} families have left {town} for camps to the {direction} since "
     "{month}."),
    ("The road linking {town} and {town2} has been closed to civilian traffic since {month} "
     "{year}."),
    "Local officials in {town} say the {facility} has been out of service for {few} months.",
)
CONTEXT = (
    "The {envoy} called on all sides to spare civilians and let aid into {town}.",
    "The {outlet} could not independently verify the figures given by {source_org}.",
    ("Residents said the power in {town} went out shortly afterwards and was still off at "
     "{clock}."),
    "Prices of {supply} in {town} have risen {pct} percent since {month}, traders say.",
    "{Source_org} said it would publish a fuller account of the day on {weekday}.",
)
CLOSINGS = ("Reporting by {reporter}; editing by {editor}.",
            "{reporter} contributed reporting from {town2}.",
            "Additional reporting by {reporter} in {town2}; writing by {editor}.")
FIRST_NAMES = ("Samir", "Layla", "Omar", "Nadia", "Yusuf", "Mariam", "Oleksandr", "Iryna",
               "Hassan", "Amal", "Khalid", "Salma", "Taras", "Huda", "Idris", "Rania")
SURNAMES = ("Haddad", "Kovalenko", "Osman", "Nasser", "Bondar", "Saleh", "Farouk", "Melnyk",
            "Abdi", "Karim", "Shevchuk", "Yassin")
JOBS = ("teacher", "taxi driver", "nurse", "shopkeeper", "student", "baker", "mechanic",
        "pharmacist", "farmer", "retired engineer")
RELATIVES = ("mother", "two daughters", "brother", "grandson", "wife", "uncle", "husband")
WORKPLACES = ("hospital", "bakery", "market", "mill", "clinic", "garage", "school")
SOUNDS = ("a whistle", "two loud bangs", "engines overhead", "a single blast", "gunfire")
MONITORS = ("Crossroads Casualty Monitor", "Civilian Harm Observatory",
            "Regional Documentation Centre", "Field Monitoring Network")
SOURCE_ORGS = ("the defence ministry", "local officials", "the civil defence",
               "the provincial council", "hospital staff")
ENVOYS = ("United Nations envoy", "Red Cross delegation", "European Union's foreign policy chief",
          "UN humanitarian coordinator")
SUPPLIES = ("flour", "fuel", "insulin", "drinking water", "cooking gas", "baby formula")
FACILITIES = ("water station", "main hospital", "power plant", "grain silo", "central bakery")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
ROADS = ("airport", "river", "northern", "coastal", "old market", "university")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Incident:
    """What happened; one or several outlets tell it, and others copy what they told."""

    country: str
    town: str
    kind: str
    day: dt.date
    attacker: str
    defender: str
    dead: int


def _when(rng: random.Random, day: dt.date, published: dt.date) -> str:
    """The event's day as reports put it: a weekday relative to publication, or a date."""
    if rng.random() < 0.25:
        return f"on {day:%B} {day.day}"
    if day == published:
        return rng.choice(("on {0:%A}", "early on {0:%A}", "on {0:%A} afternoon")).format(day)
    return rng.choice(("late on {0:%A}", "on {0:%A} night", "on {0:%A}")).format(day)


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _count(count: int, rng: random.Random) -> str:
    return NUMBERS[count - 2] if 2 <= count <= 9 and rng.random() < 0.5 else str(count)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def tell(rng: random.Random, incident: Incident, outlet: str, published: dt.date) -> dict:
    """One outlet's own report of the incident: its wording, claimants, details and toll."""
    town, kind = incident.town, incident.kind
    dead = incident.dead + rng.choice((0, 0, 0, 1, 2, 3))  # tolls rise as bodies are found
    first, second = rng.sample(CLAIMANTS, 2)
    source_org = rng.choice(SOURCE_ORGS)
    slots = {
        "town": town, "town2": rng.choice([t for t in TOWNS[incident.country] if t != town]),
        "attacker": incident.attacker, "Attacker": _capital(incident.attacker),
        "defender": incident.defender,
        "dead": _count(dead, rng), "Dead": _capital(_count(dead, rng)),
        "when": _when(rng, incident.day, published), "claimant": first, "claimant2": second,
        "target": rng.choice(TARGETS), "road": rng.choice(ROADS),
        "grievance": rng.choice(GRIEVANCES), "grievance2": rng.choice(GRIEVANCES),
        "wounded": rng.randint(2, 60), "few": rng.choice(NUMBERS),
        "metres": rng.randint(2, 30) * 10, "crowd": rng.randint(3, 40) * 100,
        "crowd2": rng.randint(3, 30) * 50,
        "hospital": f"the {rng.choice(('main', 'university', 'military', 'central'))} hospital",
        "street": f"{rng.choice(FIRST_NAMES)} Street", "sound": rng.choice(SOUNDS),
        "relative": rng.choice(RELATIVES), "workplace": rng.choice(WORKPLACES),
        "clock": f"{rng.randint(1, 11)}.{rng.choice(('05', '15', '30', '40'))}",
        "nth": rng.choice(("third", "fourth", "fifth", "sixth")), "month": rng.choice(MONTHS),
        "year": rng.choice((2021, 2022, 2023)), "name": _person(rng), "age": rng.randint(19, 80),
        "job": rng.choice(JOBS), "outlet": outlet, "km": rng.randint(3, 60),
        "monitor": rng.choice(MONITORS), "tally": rng.randint(40, 2000),
        "weekday": f"{published - dt.timedelta(days=rng.randint(1, 6)):%A}",
        "supply": rng.choice(SUPPLIES), "families": rng.randint(5, 90) * 10,
        "direction": rng.choice(("north", "south", "east", "west")),
        "facility": rng.choice(FACILITIES), "envoy": rng.choice(ENVOYS),
        "source_org": source_org, "Source_org": _capital(source_org),
        "pct": rng.randint(10, 300), "reporter": _person(rng), "editor": _person(rng),
    }
    words = f"{rng.choice(QUOTE_OPENINGS)} {rng.choice(QUOTE_BODIES)}"
    said = words[:-1] + "," if words.endswith(".") else words
    quote = f'"{said}" {rng.choice(ATTRIBUTIONS)}.'
    middle = [rng.choice(PROTEST_DETAILS if kind == "protest" else DETAILS), quote,
              *rng.sample(BACKGROUND, rng.randint(1, 2))]
    rng.shuffle(middle)
    paragraphs = [rng.choice(LEADS[kind]), *middle, *rng.sample(CONTEXT, rng.randint(1, 2)),
                  rng.choice(CLOSINGS)]
    headline = {"protest": f"Protesters take to the streets of {town}",
                "clash": f"{dead} killed in fighting near {town}"}.get(
        kind, f"{kind.capitalize()} kills {dead} in {town}")
    return {"title": headline, "source": outlet, "published": published.isoformat(),
            "text": "\n\n".join(p.format(**slots) for p in paragraphs)}


def copy_of(rng: random.Random, original: dict, outlet: str, published: dt.date) -> dict:
    """A republished copy: another outlet, its own headline, the last paragraph trimmed."""
    paragraphs = original["text"].split("\n\n")
    headline = rng.choice(("UPDATE 1-{}", "{}, officials say", "Breaking: {}"))
    return {**original, "source": outlet, "published": published.isoformat(),
            "title": headline.format(original["title"]), "text": "\n\n".join(paragraphs[:-1])}


def _recent(told: list[tuple[Incident, dict]], published: dt.date) -> list[tuple[Incident, dict]]:
    """The incidents of the last RECENT_DAYS, each with a document that told it, oldest first;
    ``told`` is in publication order, so only its tail is read."""
    horizon = published - dt.timedelta(days=RECENT_DAYS)
    latest = takewhile(lambda t: t[1]["published"] >= horizon.isoformat(), reversed(told))
    return [t for t in latest if t[0].day >= horizon][::-1]


def feed(count: int) -> tuple[list[dict], list[str]]:
    """``count`` documents in publication order, each at its own address, and what each one is:
    'new' (first report of an incident), 'copy' or 'second report'."""
    rng = random.Random(SEED)
    docs, kinds = [], []
    told: list[tuple[Incident, dict]] = []
    for number in range(count):
        published = FIRST_DAY + dt.timedelta(days=number * DAYS // DEFAULT_DOCUMENTS)
        outlet = rng.choice(OUTLETS)
        recent = _recent(told, published)
        draw = rng.random()
        if recent and draw < COPY_SHARE:
            incident, original = rng.choice(recent)
            doc, kind = copy_of(rng, original, outlet, published), "copy"
        else:
            if recent and draw < COPY_SHARE + SECOND_REPORT_SHARE:
                incident, kind = rng.choice(recent)[0], "second report"
            else:
                country = rng.choice(tuple(TOWNS))
                attackers, defenders = SIDES[country]
                incident, kind = Incident(
                    country, rng.choice(TOWNS[country]), rng.choice(tuple(LEADS)),
                    published - dt.timedelta(days=rng.choice((0, 0, 1))),
                    rng.choice(attackers), rng.choice(defenders), rng.randint(1, 40)), "new"
            doc = tell(rng, incident, outlet, published)
            told.append((incident, doc))
        slug = outlet.lower().replace(" ", "-")
        docs.append({**doc, "url": f"https://{slug}.example/{published:%Y/%m/%d}/story-{number}"})
        kinds.append(kind)
    return docs, kinds


def similarity(docs: list[dict], kinds: list[str]) -> dict[str, float]:
    """How much unrelated bodies share (5-word-shingle Jaccard over sampled pairs of first
    reports), and the share of such pairs the copy index's LSH is expected to return as
    candidates: each candidate costs a body read and shingled per document stored."""
    rng = random.Random(SEED)
    firsts = [d["text"] for d, kind in zip(docs, kinds, strict=True) if kind == "new"]
    sample = [shingles(t) for t in rng.sample(firsts, min(SIMILARITY_SAMPLE, len(firsts)))]
    jaccards = [len(a & b) / len(a | b) for a, b in combinations(sample, 2)]
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=PERMUTATIONS)
    hit = [1 - (1 - j**lsh.r) ** lsh.b for j in jaccards]
    return {"jaccard_median": statistics.median(jaccards),
            "jaccard_p99": statistics.quantiles(jaccards, n=100)[-1],
            "lsh_candidate_share": statistics.fmean(hit), "lsh_bands": lsh.b, "lsh_rows": lsh.r}


def _bar(console: Console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True,
                    disable=not console.is_terminal)


def build(docs: list[dict], folder: Path, workers: int, console: Console) -> list[Document]:
    """The documents as `chronica ingest news.jsonl --workers N` builds them."""
    path = folder / "feed.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs))
    built = []
    with _bar(console) as progress:
        task = progress.add_task("building", total=len(docs))
        for outcome in run([str(path)], gazetteer=load(), workers=workers)[1]:
            if isinstance(outcome, Document):
                built.append(outcome)
            progress.advance(task)
    return built


def store(docs: list[Document], db: Path, console: Console) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds each Store.add_document(doc) took, in order, on a store that
    starts empty. Storing runs on one thread, so its CPU time holds still when other work
    shares the machine, while the wall clock is what a user waits."""
    wall, cpu = [], []
    with Store(db) as kept, _bar(console) as progress:
        task = progress.add_task("storing and linking", total=len(docs))
        for doc in docs:
            started, used = time.perf_counter(), time.process_time()
            kept.add_document(doc)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
            progress.advance(task)
    return wall, cpu


def contents(db: Path) -> dict[str, float]:
    """What the store holds after the run: the rates are read against this work, and copies
    found against copies planted shows the detector kept up."""
    with Store(db) as kept:
        counts = kept.counts()
        copies, linked = (kept.db.execute(query).fetchone()[0] for query in (
            "SELECT count(*) FROM document_copies WHERE copy_of IS NOT NULL",
            "SELECT count(*) FROM incident_reports WHERE score IS NOT NULL"))
    return {"events": counts["events"], "incidents": counts["incidents"],
            "reports_linked": linked, "copies_found": copies,
            "db_mb": round(db.stat().st_size / 1e6, 1)}


def rates(seconds: list[float]) -> dict:
    """Docs/s over all documents, the first and the last window, and each tenth of the feed
    (where a decay starts)."""
    def rate(part: list[float]) -> float:
        return round(len(part) / sum(part), 1)

    window = min(WINDOW, len(seconds) // 2)
    first, last = rate(seconds[:window]), rate(seconds[-window:])
    tenths = [seconds[i * len(seconds) // 10:(i + 1) * len(seconds) // 10] for i in range(10)]
    return {"all": rate(seconds), "seconds": round(sum(seconds), 1), "window": window,
            "first": first, "last": last, "last_to_first": round(last / first, 2),
            "by_tenth": [rate(part) for part in tenths]}


def show(result: dict) -> None:
    """The table, then what reads it: where the decay starts, the work the store did, and how
    alike the bodies are (which sets the copy index's share of candidates)."""
    wall, cpu, workers = result["store_wall"], result["store_cpu"], result["workers"]
    table = Table(title=f"{result['documents']} synthetic documents, store starting empty")
    for name in ("phase", "docs/s", "docs per CPU second", "seconds"):
        table.add_column(name, justify="left" if name == "phase" else "right")
    table.add_row(f"build ({workers} worker{'s' * (workers > 1)})",
                  f"{result['build_docs_per_s']:.1f}", "", f"{result['build_seconds']:.0f}")
    table.add_row("store + link, all", f"{wall['all']:.1f}", f"{cpu['all']:.1f}",
                  f"{wall['seconds']:.0f}")
    for part in ("first", "last"):
        table.add_row(f"store + link, {part} {wall['window']}", f"{wall[part]:.1f}",
                      f"{cpu[part]:.1f}", f"{wall['window'] / wall[part]:.0f}")
    table.add_row("last / first", f"{wall['last_to_first']:.2f}", f"{cpu['last_to_first']:.2f}",
                  "")
    out = Console(soft_wrap=True, highlight=False)
    out.print(table)
    out.print(f"store + link docs/s by tenth of the feed: {wall['by_tenth']} "
              f"(per CPU second: {cpu['by_tenth']})")
    out.print(f"stored: {result['stored']}; planted: {result['planted']}")
    overlap = result["unrelated_overlap"]
    out.print(f"unrelated bodies: shingle Jaccard median {overlap['jaccard_median']:.3f}, "
              f"p99 {overlap['jaccard_p99']:.3f}; expected LSH candidates "
              f"{overlap['lsh_candidate_share']:.2%} of the stored documents")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS)
    parser.add_argument("--db", type=Path, help="store file to create (default: a temp file)")
    parser.add_argument("--workers", type=int, default=2, help="processes building documents")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    if args.db and args.db.exists():
        parser.error(f"{args.db} exists; the benchmark needs a store that starts empty")
    console = Console(stderr=True)
    docs, kinds = feed(args.documents)
    overlap = similarity(docs, kinds)
    with tempfile.TemporaryDirectory() as tmp:
        if args.workers == 1:
            model()  # one process: load the model outside the timing (workers load their own)
        started = time.perf_counter()
        built = build(docs, Path(tmp), args.workers, console)
        build_seconds = time.perf_counter() - started
        db = args.db or Path(tmp) / "bench.db"
        wall, cpu = store(built, db, console)
        stored = contents(db)
    result = {
        "documents": len(docs), "built": len(built), "workers": args.workers,
        "planted": {kind: kinds.count(kind) for kind in ("new", "second report", "copy")},
        "build_docs_per_s": round(len(built) / build_seconds, 2),
        "build_seconds": round(build_seconds, 1),
        "store_wall": rates(wall), "store_cpu": rates(cpu), "stored": stored,
        "unrelated_overlap": {name: round(value, 4) for name, value in overlap.items()},
    }
    show(result)
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
