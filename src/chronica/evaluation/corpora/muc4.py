"""MUC-3/4 terrorism corpus: 1,700 FBIS wire texts of 1988–90 on Latin America, with answer keys.

The Message Understanding Conferences asked systems to fill one template per terrorist
incident a text reports: type, date, place, stage, perpetrators, instruments, physical and
human targets and what happened to them. We read the original distribution (``muc34.tar.gz``,
straight from the archive): the texts as the systems saw them, upper case, each opening with its
dateline ("SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) -- [TEXT] ..."), which gives ``published``
and ``source`` and anchors "yesterday"; and the answer keys, which give each incident's type,
date and place. The ``processed-*.json`` files (GRIT's version) are not read: they lower-case
the text, drop the dateline and merge all of a text's templates into five role lists
(perpetrator individual and organisation, target, victim, weapon), losing type, date and place.

Splits follow theirs, which is the literature's: ``processed-test.json`` holds TST3 and TST4,
MUC-4's final test sets (test here); ``processed-train.json`` (DEV, 1,300 texts) and
``processed-dev.json`` (TST1 and TST2) are dev. TST4 also exists in mixed case; the upper-case
file is read so that all texts are alike.

A text is ``relevant`` when its key has at least one template (including templates the key
marks OPTIONAL), and each template is one event. ``sub_event_type`` is MUC's own incident type
in lower case ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage");
``event_type`` is the ACLED family it falls in:

- bombing → Explosions/Remote violence;
- attack → Battles when a target is military or police (MUC templates only include such
  targets alongside civilian ones, and ACLED ranks the battle first); else Explosions/Remote
  violence when the instrument is an aerial bomb, mortar, rocket, missile, projectile or
  grenade; else Violence against civilians;
- kidnapping → Violence against civilians (ACLED's abduction);
- arson, robbery, forced work stoppage → Strategic developments (ACLED's property destruction,
  looting and enforced strikes by armed groups).

Threatened and attempted incidents keep their type; the stage is in the template's ``extra``.
The date is the key's: one day (time precision 1), a range, or "on or before" a day (no start;
the key's form when the text gives no date and the dateline's stands in).
The place is the key's country (as ISO alpha-2), its department or province as ``admin1``, and
its most specific named place as ``location``. ``actor1`` is the perpetrator organisations;
MUC codes no fatality count (only each target's fate), so fatalities stay unlabelled, and the
targets, victims and their fates go to ``extra["templates"]``, one entry per event.
"""

from __future__ import annotations

import datetime as dt
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chronica.errors import InputError
from chronica.evaluation.corpora._io import need
from chronica.evaluation.corpora.acled import alpha2
from chronica.evaluation.corpora.records import CorpusDocument, GoldEvent

FILE = "muc4/muc34.tar.gz"
TEST_SETS = ("TST3", "TST4")
FIRST_YEAR = 1980
_TEXT_FILE = re.compile(r"(dev|tst\d)-muc\d(-\d{4}-\d{4})?")  # not .mixed-case, not key-
_DOC_ID = re.compile(r"^((?:DEV|TST\d)-MUC\d-\d{4})\b.*$", re.MULTILINE)
_SLOT = re.compile(r"^(\d{1,2})\.\s+\S.*?(?:\s{2,}(\S.*?))?\s*$")
_DATE = re.compile(
    r"\b(\d{1,2}) (JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]* (\d{2})\b", re.IGNORECASE
)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PLACE = re.compile(r"^(.*?)\s*\(([A-Z ]+)\)$")
_ADMIN1 = {"DEPARTMENT", "PROVINCE", "STATE", "INTENDANCY"}
_ARMED_TARGETS = {"ACTIVE MILITARY", "LAW ENFORCEMENT", "LAW ENFORCEMENT FACILITY"}
_REMOTE = {"AERIAL BOMB", "MORTAR", "ROCKET", "MISSILE", "PROJECTILE", "GRENADE"}
_FAMILY = {
    "BOMBING": "Explosions/Remote violence",
    "KIDNAPPING": "Violence against civilians",
    "ARSON": "Strategic developments",
    "ROBBERY": "Strategic developments",
    "FORCED WORK STOPPAGE": "Strategic developments",
}

# Answer-key slot numbers (MUC-4 template, slots 0-24).
SLOTS = 25
ID, TEMPLATE, DATE, PLACE, TYPE, STAGE, INSTRUMENT = 0, 1, 2, 3, 4, 5, 7
CATEGORY, PERP_PEOPLE, PERP_ORGS, THING_ID, THING_TYPE = 8, 9, 10, 12, 13
NAME, DESCRIPTION, PERSON_TYPE, EFFECT = 18, 19, 20, 23

Template = dict[int, list[str]]


def members(path: Path) -> dict[str, str]:
    """The archive's texts and keys by file name (macOS "._" shadow files left out)."""
    found: dict[str, str] = {}
    try:
        with tarfile.open(need(path)) as archive:
            for member in archive.getmembers():
                name = member.name.rsplit("/", 1)[-1]
                handle = archive.extractfile(member) if member.isfile() else None
                if handle and "/CORPORA/" in member.name and not name.startswith("._"):
                    found[name] = handle.read().decode("latin-1")
    except (tarfile.TarError, OSError) as error:
        raise InputError("bad_corpus", f"{path}: not a readable tar archive ({error})") from None
    return found


def texts(files: dict[str, str]) -> dict[str, str]:
    """Each text by its id: everything between its id line and the next one."""
    found: dict[str, str] = {}
    for name, content in files.items():
        if not _TEXT_FILE.fullmatch(name):
            continue
        starts = list(_DOC_ID.finditer(content))
        for here, after in zip(starts, [*starts[1:], None], strict=True):
            end = after.start() if after else len(content)
            found[here.group(1)] = content[here.end():end].strip()
    return found


def templates(key: str) -> Iterator[Template]:
    """The key's templates as slot -> filler lines; a filler may continue on following lines."""
    template: Template = {}
    slot = None
    for line in key.splitlines():
        if line.startswith(";") or not line.strip():
            continue
        found = _SLOT.match(line)
        if found:
            slot = int(found.group(1))
            if slot == ID and template:
                yield template
                template = {}
            template[slot] = [found.group(2)] if found.group(2) else []
        elif slot is not None:
            template[slot].append(line.strip())
    if template:
        yield template


def _set_fill(filler: str) -> str | None:
    """The first set-list value of a filler ('? CIVILIAN / POLITICAL FIGURE: "X"' → CIVILIAN)."""
    value = filler.split('"', 1)[0].split(":", 1)[0].split("/", 1)[0].strip(" ?()")
    return None if value in ("", "-", "*") else value


def _strings(lines: list[str]) -> list[str]:
    """The first string of each filler: later strings on a line are alternatives for it."""
    return [found[0].replace('\\"', '"') for line in lines if (found := _QUOTED.findall(line))]


def _day(day: str, month: str, year: str) -> dt.date | None:
    """A "DD MMM YY" date; years are 19YY, and one before 1980 is a typo ("11 MAR 11")."""
    try:
        found = dt.datetime.strptime(f"{day} {month} 19{year}", "%d %b %Y").date()
    except ValueError:
        return None
    return found if found.year >= FIRST_YEAR else None


def _first(lines: list[str]) -> str:
    """A filler's first alternative: "(A) / (B)" → "A"; "?" marks an optional filler."""
    first = " ".join(lines).split(" / ", 1)[0].strip(" ?")
    return first[1:-1].strip(" ?") if first.startswith("(") and first.endswith(")") else first


def _dates(lines: list[str]) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) of the key's first alternative: a day, a range, or "- day" (on or before)."""
    first = _first(lines)
    days = [d for found in _DATE.findall(first) if (d := _day(*found))]
    if not days:
        return None, None
    if first.startswith("-") or days[0] > days[-1]:  # "on or before", or a typo (90 for 89)
        return None, days[-1]
    return days[0], days[-1]


def _place(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(country, admin1, location) of the key's first alternative, e.g.
    "PERU: LIMA (CITY): MIRAFLORES (NEIGHBORHOOD)" → (PE, None, MIRAFLORES)."""
    parts = [part.strip(" ?") for part in _first(lines).split(":")]
    if parts[0] in ("", "-", "*"):
        return None, None, None
    named = [_PLACE.match(part.split(" - ", 1)[0]) for part in parts[1:]]
    places = [(m.group(1), m.group(2)) for m in named if m]
    admin1 = next((name for name, kind in places if kind in _ADMIN1), None)
    return alpha2(parts[0].strip("()")), admin1, places[-1][0] if places else None


def _family(kind: str | None, template: Template) -> str | None:
    if kind != "ATTACK":
        return _FAMILY.get(kind or "")
    targets = {_set_fill(line) for line in template[PERSON_TYPE] + template[THING_TYPE]}
    if targets & _ARMED_TARGETS:
        return "Battles"
    if {_set_fill(line) for line in template[INSTRUMENT]} & _REMOTE:
        return "Explosions/Remote violence"
    return "Violence against civilians"


def event(doc_id: str, template: Template) -> tuple[GoldEvent, dict[str, Any]]:
    """The template as an event, and what MUC says beyond GoldEvent's fields."""
    kind = _set_fill(template[TYPE][0]) if template[TYPE] else None
    start, end = _dates(template[DATE])
    country, admin1, location = _place(template[PLACE])
    number = " ".join(template[TEMPLATE])
    gold = GoldEvent(
        sub_event_type=kind.lower() if kind else None, event_type=_family(kind, template),
        country=country, admin1=admin1, location=location, date_start=start,
        date_end=end, time_precision=1 if start and start == end else None,
        actor1="; ".join(_strings(template[PERP_ORGS])) or None,
        ref=f"{doc_id}#{number.split()[0]}",
    )
    facts = {
        "template": number, "optional": "OPTIONAL" in number,
        "stage": _set_fill(" ".join(template[STAGE])),
        "perpetrator_category": _set_fill(" ".join(template[CATEGORY])),
        "perpetrator_individuals": _strings(template[PERP_PEOPLE]),
        "instruments": [v for line in template[INSTRUMENT] if (v := _set_fill(line))],
        "physical_targets": _strings(template[THING_ID]),
        "human_targets": _strings(template[NAME]) + _strings(template[DESCRIPTION]),
        "human_effects": [
            [effect, (_strings([line]) or [None])[0]]
            for line in template[EFFECT] if (effect := _set_fill(line))
        ],
    }
    return gold, facts


def _dateline(text: str) -> tuple[dt.date | None, str | None]:
    """(date, outlet) from the dateline: "LIMA, 12 OCT 89 (EFE) -- [TEXT] ..."."""
    head, dashes, _ = text.partition("--")
    if not dashes:
        return None, None
    found = _DATE.search(head)
    published = _day(*found.groups()) if found else None
    outlet = re.search(r"[(\[]([^()\[\]]+)\)\s*$", head.strip())
    return published, outlet.group(1).strip() if outlet else None


def read(root: Path) -> Iterator[CorpusDocument]:
    files = members(root / FILE)
    keys: dict[str, list[Template]] = {}
    for name, content in files.items():
        if name.startswith("key-"):
            for template in templates(content):
                if not template.get(ID) or set(template) != set(range(SLOTS)):
                    where = f"{root / FILE}: {name}: template {template.get(ID)}"
                    raise InputError("bad_corpus", f"{where} lacks some of slots 0-{SLOTS - 1}")
                keys.setdefault(template[ID][0].split()[0], []).append(template)
    found = texts(files)
    if not found:
        raise InputError("bad_corpus", f"{root / FILE}: no MUC texts in the archive")
    for doc_id, text in sorted(found.items()):
        if doc_id not in keys:
            raise InputError("bad_corpus", f"{root / FILE}: no answer key for {doc_id}")
        relevant = [t for t in keys[doc_id] if t[TEMPLATE] and t[TEMPLATE][0] != "*"]
        events = [event(doc_id, t) for t in relevant]
        published, outlet = _dateline(text)
        yield CorpusDocument(
            corpus="muc4", id=doc_id, text=text, source=outlet, published=published,
            split="test" if doc_id.startswith(TEST_SETS) else "dev",
            events=tuple(gold for gold, _ in events),
            label="relevant" if events else "irrelevant",
            extra={"templates": [facts for _, facts in events]},
        )
