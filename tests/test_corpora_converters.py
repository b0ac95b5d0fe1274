"""The MUC-4, ACLED, UCDP, PLOVER and event-location converters on small samples in each corpus'
own layout. Every text here was invented for these tests; no corpus text is copied."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyreadr
import pytest

from chronica.errors import InputError
from chronica.evaluation.corpora import acled, event_location, muc4, plover, ucdp
from chronica.evaluation.corpora.records import CorpusDocument

# --- MUC-4 -------------------------------------------------------------------------------------

SLOT_NAMES = (
    "MESSAGE: ID", "MESSAGE: TEMPLATE", "INCIDENT: DATE", "INCIDENT: LOCATION", "INCIDENT: TYPE",
    "INCIDENT: STAGE OF EXECUTION", "INCIDENT: INSTRUMENT ID", "INCIDENT: INSTRUMENT TYPE",
    "PERP: INCIDENT CATEGORY", "PERP: INDIVIDUAL ID", "PERP: ORGANIZATION ID",
    "PERP: ORGANIZATION CONFIDENCE", "PHYS TGT: ID", "PHYS TGT: TYPE", "PHYS TGT: NUMBER",
    "PHYS TGT: FOREIGN NATION", "PHYS TGT: EFFECT OF INCIDENT", "PHYS TGT: TOTAL NUMBER",
    "HUM TGT: NAME", "HUM TGT: DESCRIPTION", "HUM TGT: TYPE", "HUM TGT: NUMBER",
    "HUM TGT: FOREIGN NATION", "HUM TGT: EFFECT OF INCIDENT", "HUM TGT: TOTAL NUMBER",
)


def _template(doc_id: str, fills: dict[int, str | list[str]] | None = None) -> str:
    """A key template in MUC's column layout; no fills makes the template of an irrelevant text,
    and a list is a filler continued on the following lines."""
    lines = []
    for slot, name in enumerate(SLOT_NAMES):
        empty = "-" if fills else "*"
        value = f"{doc_id} (TEST SITE)" if slot == 0 else (fills or {}).get(slot, empty)
        values = value if isinstance(value, list) else [value]
        lines.append(f"{slot}.".ljust(4) + name.ljust(32) + values[0])
        lines += [" " * 36 + more for more in values[1:]]
    return "\n".join(lines) + "\n\n"


MUC_TEXTS = """DEV-MUC3-0001 (TEST SITE)

   EXAMPLEVILLE, 3 JAN 90 (RADIO EXAMPLE) -- [TEXT] GUNMEN ATTACKED A BUS NEAR
THE TOWN OF EXAMPLEVILLE YESTERDAY, KILLING TWO PASSENGERS.  POLICE BLAMED THE
PEOPLE'S EXAMPLE FRONT.  A BOMB LATER EXPLODED AT A BANK IN NORTHTOWN.

DEV-MUC3-0002 (TEST SITE)

   NORTHTOWN, 4 JAN 90 -- [TEXT] THE MINISTER OPENED A NEW BRIDGE TODAY.
"""
MUC_TEST_TEXT = """TST3-MUC4-0001

   RIVERTON, NO DATE (EXAMPLE PRESS) -- [TEXT] REBELS FIRED ON AN ARMY POST AND A
MARKET IN RIVERTON.
"""


def _muc_keys() -> tuple[str, str]:
    attack = _template("DEV-MUC3-0001", {
        1: "1", 2: "02 JAN 90",
        3: "(EL SALVADOR: SAN MIGUEL (DEPARTMENT): EXAMPLEVILLE (TOWN)) / (EL SALVADOR)",
        4: "ATTACK", 5: "ACCOMPLISHED", 7: 'GUN: "-"', 8: "TERRORIST ACT", 9: '"GUNMEN"',
        10: ['"PEOPLE\'S EXAMPLE FRONT" / "PEF"', '"SECOND EXAMPLE GROUP"'],
        12: '"BUS"', 13: 'TRANSPORT VEHICLE: "BUS"', 19: '"PASSENGERS"',
        20: 'CIVILIAN: "PASSENGERS"', 21: '2: "PASSENGERS"', 23: 'DEATH: "PASSENGERS"',
    })
    bombing = _template("DEV-MUC3-0001", {
        1: "2 (OPTIONAL)", 2: "- 03 JAN 90", 3: "COLOMBIA: NORTHTOWN (CITY)", 4: "BOMBING",
        5: "ATTEMPTED", 6: '"BOMB"', 7: 'BOMB: "BOMB"', 12: '"BANK"', 13: 'FINANCIAL: "BANK"',
    })
    battle = _template("TST3-MUC4-0001", {
        1: "1", 2: "05 FEB 89 - 06 FEB 89", 3: "PERU: RIVERTON (CITY)", 4: "ATTACK",
        5: "ACCOMPLISHED", 7: 'MORTAR: "-"', 8: "TERRORIST ACT",
        19: ['"SOLDIERS"', '"VENDORS"'],
        20: ['ACTIVE MILITARY: "SOLDIERS"', 'CIVILIAN: "VENDORS"'],
    })
    dev_key = ";;; a comment line of the key\n" + attack + bombing + _template("DEV-MUC3-0002")
    return dev_key, battle


def _tar(path: Path, files: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            data = content.encode("latin-1")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@pytest.fixture()
def muc_root(tmp_path: Path) -> Path:
    dev_key, test_key = _muc_keys()
    corpora = "muc34/TASK/CORPORA"
    _tar(tmp_path / muc4.FILE, {
        f"{corpora}/dev/dev-muc3-0001-0100": MUC_TEXTS,
        f"{corpora}/dev/._dev-muc3-0001-0100": "macOS shadow file, not a text",
        f"{corpora}/dev/key-dev-0001.muc4": dev_key,
        f"{corpora}/tst3/tst3-muc4": MUC_TEST_TEXT,
        f"{corpora}/tst3/tst3-muc4.mixed-case": MUC_TEST_TEXT.replace("REBELS", "Rebels"),
        f"{corpora}/tst3/key-tst3.v2": test_key,
    })
    return tmp_path


def test_muc4_texts_with_their_templates_as_events(muc_root: Path) -> None:
    docs = {doc.id: doc for doc in muc4.read(muc_root)}
    assert list(docs) == ["DEV-MUC3-0001", "DEV-MUC3-0002", "TST3-MUC4-0001"]
    first = docs["DEV-MUC3-0001"]
    assert first.text.startswith("EXAMPLEVILLE, 3 JAN 90 (RADIO EXAMPLE) -- [TEXT] GUNMEN")
    assert first.text.endswith("AT A BANK IN NORTHTOWN.")
    assert (first.split, first.label, first.published) == ("dev", "relevant", dt.date(1990, 1, 3))
    assert first.source == "RADIO EXAMPLE"
    attack, bombing = first.events
    assert (attack.sub_event_type, attack.event_type) == ("attack", "Violence against civilians")
    assert (attack.country, attack.admin1, attack.location) == ("SV", "SAN MIGUEL", "EXAMPLEVILLE")
    assert (attack.date_start, attack.date_end) == (dt.date(1990, 1, 2), dt.date(1990, 1, 2))
    assert attack.time_precision == 1
    assert attack.actor1 == "PEOPLE'S EXAMPLE FRONT; SECOND EXAMPLE GROUP"
    assert attack.ref == "DEV-MUC3-0001#1" and attack.fatalities is None
    assert (bombing.sub_event_type, bombing.event_type) == ("bombing", "Explosions/Remote violence")
    assert (bombing.country, bombing.location, bombing.actor1) == ("CO", "NORTHTOWN", None)
    assert (bombing.date_start, bombing.date_end) == (None, dt.date(1990, 1, 3))
    assert bombing.time_precision is None
    facts = first.extra["templates"]
    assert facts[0]["human_effects"] == [["DEATH", "PASSENGERS"]]
    assert facts[0]["perpetrator_individuals"] == ["GUNMEN"]
    assert facts[0]["physical_targets"] == ["BUS"] and facts[0]["optional"] is False
    assert (facts[1]["stage"], facts[1]["optional"], facts[1]["instruments"]) == (
        "ATTEMPTED", True, ["BOMB"])


def test_muc4_irrelevant_text_and_test_split(muc_root: Path) -> None:
    docs = {doc.id: doc for doc in muc4.read(muc_root)}
    quiet = docs["DEV-MUC3-0002"]
    assert (quiet.label, quiet.events, quiet.source) == ("irrelevant", (), None)
    assert quiet.published == dt.date(1990, 1, 4)
    test = docs["TST3-MUC4-0001"]
    assert test.split == "test" and "REBELS FIRED" in test.text  # the upper-case file, not mixed
    assert (test.published, test.source) == (None, "EXAMPLE PRESS")
    (battle,) = test.events
    assert battle.event_type == "Battles"  # soldiers among the targets
    assert (battle.date_start, battle.date_end) == (dt.date(1989, 2, 5), dt.date(1989, 2, 6))
    assert test.extra["templates"][0]["human_targets"] == ["SOLDIERS", "VENDORS"]


def test_muc4_text_without_key_is_an_error(tmp_path: Path) -> None:
    _tar(tmp_path / muc4.FILE, {"muc34/TASK/CORPORA/tst3/tst3-muc4": MUC_TEST_TEXT})
    with pytest.raises(InputError, match="no answer key for TST3-MUC4-0001"):
        list(muc4.read(tmp_path))


# --- ACLED -------------------------------------------------------------------------------------

def _acled_row(event_id: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {column: "" for column in acled.COLUMNS}
    row.update(
        event_id_cnty=event_id, time_precision=1, disorder_type="Political violence",
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Syria)", inter1=3, actor2="Civilians (Syria)",
        inter2=7, iso=760, country="Syria", admin1="Idlib", location="Exampleville",
        latitude=35.9, longitude=36.6, geo_precision=2, source="Example Observatory",
        fatalities=2,
        notes="On 2 December 2023, gunmen attacked a bus near Exampleville, killing 2 people.",
    )
    row.update(values)
    return row


@pytest.fixture()
def acled_root(tmp_path: Path) -> Path:
    folder = tmp_path / acled.FOLDER
    folder.mkdir()
    rows = [
        _acled_row("SYR100", event_date="1-Dec-23"),
        _acled_row("SYR101", event_date="1-Dec-23", notes="  "),
    ]
    with (folder / acled.TEST_CSV).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    protest = _acled_row(
        "XKX7", event_date="2022-03-05", event_type="Protests", sub_event_type="Peaceful protest",
        disorder_type="Demonstrations", actor1="Protesters (Kosovo)", inter1=6.0, actor2=None,
        inter2=0.0, iso=0.0, country="Kosovo", admin1="Example", location="Exampletown",
        fatalities=0.0, notes="On 5 March 2022, residents of Exampletown marched for clean water.",
    )
    march = _acled_row(
        "ARG5", event_date="2022-06-30", event_type="Protests", sub_event_type="Peaceful protest",
        actor2=None, inter2=0.0, iso=32.0, country="Argentina", fatalities=0.0,
        notes="On 30 June 2022, teachers marched in Exampleton over pay.",
    )
    pyreadr.write_rdata(str(folder / acled.DEV_RDA[0]), pd.DataFrame([protest, march]),
                        df_name="acled_old_deletion_dummy")
    pyreadr.write_rdata(str(folder / acled.DEV_RDA[1]), pd.DataFrame([march]),
                        df_name="acled_old_dummy")
    return tmp_path


def test_acled_rows_with_notes_become_documents(acled_root: Path) -> None:
    docs = list(acled.read(acled_root))
    assert [doc.id for doc in docs] == ["SYR100", "XKX7", "ARG5"]  # blank notes and repeat skipped
    attack = docs[0]
    assert attack.text.startswith("On 2 December 2023, gunmen attacked a bus")
    assert (attack.split, attack.published, attack.source) == (
        "test", dt.date(2023, 12, 1), "Example Observatory")
    assert attack.extra == {"file": acled.TEST_CSV, "disorder_type": "Political violence"}
    (event,) = attack.events
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert (event.country, event.admin1, event.location) == ("SY", "Idlib", "Exampleville")
    assert (event.lat, event.lon, event.geo_precision) == (35.9, 36.6, 2)
    assert (event.date_start, event.date_end, event.time_precision) == (
        dt.date(2023, 12, 1), dt.date(2023, 12, 1), 1)
    assert (event.actor1, event.inter1, event.actor2, event.inter2) == (
        "Unidentified Armed Group (Syria)", 3, "Civilians (Syria)", 7)
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (2, 2, 2)


def test_acled_r_samples_are_dev_with_iso_codes(acled_root: Path) -> None:
    docs = {doc.id: doc for doc in acled.read(acled_root)}
    kosovo, argentina = docs["XKX7"], docs["ARG5"]
    assert (kosovo.split, kosovo.published) == ("dev", dt.date(2022, 3, 5))
    assert kosovo.extra == {"file": acled.DEV_RDA[0], "disorder_type": "Demonstrations"}
    (event,) = kosovo.events
    assert (event.country, event.actor2, event.inter2, event.fatalities) == ("XK", None, None, 0)
    assert argentina.events[0].country == "AR"


def test_acled_unreadable_date_is_an_error(acled_root: Path) -> None:
    path = acled_root / acled.FOLDER / acled.TEST_CSV
    path.write_text(path.read_text(encoding="utf-8-sig").replace("1-Dec-23", "sometime"),
                    encoding="utf-8")
    with pytest.raises(InputError, match="SYR100: event_date 'sometime'"):
        list(acled.read(acled_root))


# --- UCDP --------------------------------------------------------------------------------------

def _ucdp_row(event_id: float, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": event_id, "year": 2019.0, "type_of_violence": 3.0, "side_a": "IS",
        "side_b": "Civilians", "source_office": "Example Monitor",
        "source_date": "2019-02-04", "source_headline": "Militants kill four in Example village",
        "where_prec": 1.0, "where_coordinates": "Example village", "adm_1": "Idlib Governorate",
        "latitude": 35.9, "longitude": 36.6, "event_clarity": 1.0, "date_prec": 1.0,
        "date_start": "2019-02-03", "date_end": "2019-02-03", "low": 3.0, "best": 4.0,
        "high": 6.0,
    }
    row.update(values)
    return row


@pytest.fixture()
def ucdp_root(tmp_path: Path) -> Path:
    rows = [
        _ucdp_row(1.0),
        _ucdp_row(2.0, source_headline=None),
        _ucdp_row(3.0, year=2017.0, type_of_violence=1.0, side_a="Government of Syria",
                  side_b="Syrian insurgents", date_start="2017-07-04", date_end="2017-07-05",
                  source_date="1753-01-01;2017-04-07", adm_1=None,
                  source_headline="Shelling hits Exampletown;Clashes near Exampletown"),
    ]
    path = tmp_path / ucdp.FILE
    path.parent.mkdir()
    pyreadr.write_rdata(str(path), pd.DataFrame(rows), df_name="ucdp_syria_df")
    return tmp_path


def test_ucdp_events_read_with_their_headlines(ucdp_root: Path) -> None:
    docs = list(ucdp.read(ucdp_root))
    assert [doc.id for doc in docs] == ["1", "3"]  # no headline, no document
    one_sided = docs[0]
    assert (one_sided.text, one_sided.source) == (
        "Militants kill four in Example village", "Example Monitor")
    assert (one_sided.split, one_sided.published) == ("test", dt.date(2019, 2, 4))
    assert one_sided.extra == {
        "type_of_violence": 3, "where_prec": 1, "date_prec": 1, "event_clarity": 1}
    (event,) = one_sided.events
    assert (event.sub_event_type, event.event_type) == ("one-sided", None)
    assert (event.country, event.admin1, event.location) == ("SY", "Idlib", "Example village")
    assert (event.actor1, event.actor2) == ("IS", "Civilians")
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (4, 3, 6)
    assert (event.date_start, event.date_end, event.ref) == (
        dt.date(2019, 2, 3), dt.date(2019, 2, 3), "1")


def test_ucdp_implausible_source_dates_give_way_to_the_event_date(ucdp_root: Path) -> None:
    state = list(ucdp.read(ucdp_root))[1]
    assert state.split == "dev"
    assert state.published == dt.date(2017, 7, 4)  # placeholder and day-month swap skipped
    assert state.text == "Shelling hits Exampletown;Clashes near Exampletown"
    assert state.events[0].sub_event_type == "state-based"
    assert state.events[0].admin1 is None


# --- PLOVER ------------------------------------------------------------------------------------

@pytest.fixture()
def plover_root(tmp_path: Path) -> Path:
    records = [
        {"id": "EXAMPLE-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "about this file"},
        {"id": "EXAMPLE-ASSAULT-0001", "date": "2000-01-01", "event": "ASSAULT",
         "mode": "explosives", "context": "terrorism", "eventText": "bomb killed",
         "source": [{"actorText": "militants", "code": "XYZ", "sector": "REB"}],
         "target": [{"actorText": "market traders", "code": "XYZ", "sector": "CVL"}],
         "eventLoc": {"name": "Exampleville", "country code": "XY"}, "dead": "3",
         "text": "A bomb planted by militants killed three market traders in Exampleville."},
        {"id": "EXAMPLE-AGREE-0001", "date": "2000-01-01", "event": "AGREE", "mode": "",
         "context": "diplomatic", "eventText": "agreed",
         "source": [{"actorText": "Northland", "code": "NOR"}], "target": "",
         "text": "Northland agreed to reopen its embassy."},
        {"id": "EXAMPLE-AGREE-0001", "date": "2000-01-01", "event": "AGREE",
         "eventText": "agreed", "source": None,
         "text": "The two parties agreed on a ceasefire on Tuesday."},
    ]
    path = tmp_path / plover.FILE
    path.parent.mkdir()
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return tmp_path


def test_plover_sentences_labelled_by_event(plover_root: Path) -> None:
    docs = list(plover.read(plover_root))
    assert [(doc.id, doc.label, doc.split) for doc in docs] == [
        ("EXAMPLE-ASSAULT-0001", "ASSAULT", "dev"), ("EXAMPLE-AGREE-0001", "AGREE", "dev"),
        ("EXAMPLE-AGREE-0001#2", "AGREE", "dev")]  # an id the file gives twice stays unique
    assault, agree, _ = docs
    assert assault.text.startswith("A bomb planted by militants") and assault.events is None
    assert assault.extra["mode"] == "explosives" and assault.extra["context"] == "terrorism"
    assert assault.extra["source_actors"] == [
        {"text": "militants", "code": "XYZ", "sector": "REB"}]
    assert assault.extra["target_actors"][0]["text"] == "market traders"
    assert (assault.extra["location"], assault.extra["dead"]) == ("Exampleville", "3")
    assert (agree.extra["mode"], agree.extra["target_actors"]) == (None, [])
    assert docs[2].extra["source_actors"] == [] and docs[2].text.startswith("The two parties")


def test_plover_record_without_text_is_an_error(plover_root: Path) -> None:
    path = plover_root / plover.FILE
    records = json.loads(path.read_text(encoding="utf-8"))
    del records[2]["text"]
    path.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(InputError, match="EXAMPLE-AGREE-0001"):
        list(plover.read(plover_root))


# --- event location ----------------------------------------------------------------------------

def _tokens(text: str) -> list[dict[str, object]]:
    return [{"text": m.group(), "start": m.start(), "end": m.end(), "id": number}
            for number, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))]


def _span(text: str, word: str, label: str, broken: bool = False) -> dict[str, object]:
    """A span over ``word``; ``broken`` writes token numbers as offsets, as parts of the file do."""
    start = text.index(word)
    tokens = _tokens(text)
    first = next(t["id"] for t in tokens if t["start"] == start)
    last = next(t["id"] for t in tokens if t["end"] == start + len(word))
    offsets = (first, last) if broken else (start, start + len(word))
    return {"start": offsets[0], "end": offsets[1], "token_start": first, "token_end": last,
            "label": label, "text": word}


SHOOTING = "Police shot two men in Exampleville on Monday and later detained a third."
SHELLING = "Shells hit a school in Northtown, residents said."


def _entry(text: str, spans: list[dict[str, object]], **values: object) -> dict[str, object]:
    return {"text": text, "tokens": _tokens(text), "spans": spans, **values}


@pytest.fixture()
def location_root(tmp_path: Path) -> Path:
    entries = [
        _entry(SHOOTING, [_span(SHOOTING, "shot", "VERB"),
                          _span(SHOOTING, "Exampleville", "LOCATION", broken=True)],
               _id="EX_ENG_1_2_shoot", source="EX_RA", annotator="RA"),
        _entry(" " + SHOOTING + "\n", [_span(" " + SHOOTING, "detained", "VERB")],
               _id=77, source="Unknown_Andy", answer="accept", _task_hash=5),
        _entry(SHELLING, [_span(SHELLING, "hit", "VERB"), _span(SHELLING, "school", "LOCATION")],
               _id="EX_ENG_3_1_hit", source="EX_RA", annotator="RA"),
        _entry(SHELLING, [_span(SHELLING, "hit", "VERB"),
                          _span(SHELLING, "Northtown", "LOCATION")],
               _id="EX_ENG_3_1_hit", source="RELABEL", answer="accept"),
        _entry(SHELLING, [], _id="EX_ENG_3_2_say", source="RELABEL", answer="accept"),
        _entry("Rioters burned cars in Southtown.",
               [_span("Rioters burned cars in Southtown.", "burned", "VERB")],
               _id=78, source="Unknown_Andy", answer="reject"),
    ]
    path = tmp_path / event_location.FILE
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(event_location.MEMBER, json.dumps(entries) + "\n")
    return tmp_path


def test_event_location_sentences_with_their_event_places(location_root: Path) -> None:
    docs = {doc.text: doc for doc in event_location.read(location_root)}
    assert set(docs) == {SHOOTING, SHELLING}  # rejected entry skipped, copies of a text merged
    shooting = docs[SHOOTING]
    (place,) = shooting.places
    assert (place.name, place.start, place.end, place.role) == (
        "Exampleville", SHOOTING.index("Exampleville"),
        SHOOTING.index("Exampleville") + len("Exampleville"), "event")
    shot, detained = SHOOTING.index("shot"), SHOOTING.index("detained")
    assert shooting.extra["verbs"] == [[shot, shot + 4], [detained, detained + 8]]
    assert shooting.extra["verb_locations"] == [
        {"verb": [[shot, shot + 4]], "locations": [[place.start, place.end]]},
        {"verb": [[detained, detained + 8]], "locations": []},
    ]
    assert shooting.extra["ids"] == ["77", "EX_ENG_1_2_shoot"]
    assert shooting.split == event_location.split_of(shooting.id)
    assert shooting.events is None and shooting.label is None


def test_event_location_keeps_the_relabelled_version(location_root: Path) -> None:
    shelling = next(d for d in event_location.read(location_root) if d.text == SHELLING)
    assert [place.name for place in shelling.places] == ["Northtown"]
    assert shelling.extra["relabelled"] is True and shelling.extra["sources"] == ["RELABEL"]


def test_event_location_split_sends_about_two_fifths_to_test() -> None:
    sides = [event_location.split_of(f"{number:016x}") for number in range(2000)]
    assert 0.35 < sides.count("test") / len(sides) < 0.45
    assert event_location.split_of("abc") == event_location.split_of("abc")


# --- all converters ----------------------------------------------------------------------------

MISSING = [
    (muc4.read, "muc4/muc34.tar.gz"),
    (acled.read, "acled_samples/ACLED 2023 Subset.csv"),
    (ucdp.read, "ucdp_syria/ucdp_syria_df.rda"),
    (plover.read, "plover/PLOVER_GSR_CAMEO.txt"),
    (event_location.read, "event_location/labeled_text.jsonl.zip"),
]


@pytest.mark.parametrize(("read", "file"), MISSING, ids=[file for _, file in MISSING])
def test_missing_corpus_file_names_the_path(
    tmp_path: Path, read: Callable[[Path], Iterator[CorpusDocument]], file: str
) -> None:
    with pytest.raises(InputError) as raised:
        list(read(tmp_path))
    assert str(tmp_path / file) in str(raised.value)
    assert raised.value.reason == "missing_corpus"


def test_missing_r_sample_names_the_path(acled_root: Path) -> None:
    (acled_root / acled.FOLDER / acled.DEV_RDA[1]).unlink()
    with pytest.raises(InputError, match=re.escape(acled.DEV_RDA[1])):
        list(acled.read(acled_root))

