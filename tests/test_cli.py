"""The real `chronica` command in a child process, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from conftest import EXAMPLES, FIXTURES, run_cli


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("chronica ")
    result = cli("extract", "--help")
    assert result.returncode == 0
    for option in ("--format", "--out", "--max-bytes", "stdin"):
        assert option in result.stdout


def test_extract_example_prints_json_with_removed_parts(cli):
    result = cli("extract", str(EXAMPLES / "levant-post-depots.html"))
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert record["title"] == "Air strikes destroy two depots near Idlib, local source says"
    assert record["published"] == "2024-04-12T09:30:00+03:00" and record["language"] == "en"
    assert {"caption", "teaser", "comment_prompt"} <= {p["kind"] for p in record["removed"]}
    assert "1 input, 1 document, 0 skipped, 0 failed" in result.stderr


def test_extract_formats_out_file_and_stdin(cli, tmp_path):
    out = tmp_path / "docs.csv"
    result = cli("extract", str(FIXTURES / "feed.xml"), "--format", "csv", "--out", str(out))
    assert result.returncode == 0 and result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["title"] for r in rows] == ["Gunmen abduct 12 villagers near Djibo", "Soldiers killed in ambush on convoy"]
    piped = cli("extract", "-", "-f", "jsonl", stdin=(FIXTURES / "atom.xml").read_bytes())
    (line,) = piped.stdout.splitlines()
    assert json.loads(line)["origin"]["path"] == "<stdin>"


def test_partial_failure_reports_why_and_exits_1(cli, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = cli("extract", str(FIXTURES / "atom.xml"), str(tmp_path / "empty.txt"), str(tmp_path / "missing.html"), "-f", "jsonl")
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert "empty.txt: the file is empty" in result.stderr
    assert "missing.html: no such file or folder" in result.stderr
    assert "3 inputs, 1 document, 0 skipped, 2 failed" in result.stderr
    assert cli("extract", str(tmp_path / "missing.html")).returncode == 2


def test_ingest_twice_then_list_and_show(cli, tmp_path):
    db = tmp_path / "store.db"
    (tmp_path / "bad.jsonl").write_text("{not json}\n")
    first = cli("ingest", str(EXAMPLES), str(FIXTURES / "feed.xml"), str(tmp_path / "bad.jsonl"), "--db", str(db))
    assert first.returncode == 1 and "4 documents" in first.stderr
    second = cli("ingest", str(EXAMPLES), str(FIXTURES / "feed.xml"), "--db", str(db))
    assert second.returncode == 0 and "4 already stored" in second.stderr
    listing = cli("docs", "list", "--db", str(db))
    assert "4 documents, 1 failures" in listing.stderr
    header, *rows = [line.split("\t") for line in listing.stdout.splitlines()]
    assert header == ["id", "published", "source", "lang", "chars", "title"] and len(rows) == 4
    assert "Gunmen abduct 12 villagers near Djibo" in [row[5] for row in rows]
    doc_id = json.loads(cli("extract", str(FIXTURES / "atom.xml")).stdout)[0]["id"]
    assert cli("docs", "show", doc_id[:8], "--db", str(db)).returncode == 2  # not ingested
    shown = cli("docs", "show", rows[0][0][:10], "--db", str(db))
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == rows[0][0]
    failures = cli("docs", "failures", "--db", str(db))
    assert "invalid_json" in failures.stdout


def test_store_location_from_environment(cli, tmp_path):
    env = {**os.environ, "CHRONICA_DB": str(tmp_path / "env.db")}
    result = cli("ingest", str(FIXTURES / "atom.xml"), env=env)
    assert result.returncode == 0 and (tmp_path / "env.db").exists()
    assert "no store at" in cli("docs", "list", "--db", str(tmp_path / "none.db")).stderr


@pytest.mark.slow
def test_workers_build_the_same_records_in_input_order(tmp_path):
    pages = []
    for number in range(6):
        page = tmp_path / f"report{number}.txt"
        page.write_text(f"Published 3 March 2025\n\nGunmen killed {number + 2} villagers near Kaduna on Sunday, police said.\n", encoding="utf-8")
        pages.append(str(page))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    serial = run_cli("extract", "--format", "jsonl", *pages, str(tmp_path / "empty.txt"))
    parallel = run_cli("extract", "--format", "jsonl", "--workers", "2", *pages, str(tmp_path / "empty.txt"))
    assert serial.returncode == parallel.returncode == 1  # the empty file fails, the rest goes on
    assert serial.stdout == parallel.stdout and len(parallel.stdout.splitlines()) == 6
    assert [json.loads(line)["events"][0]["fatalities"] for line in parallel.stdout.splitlines()] == [2, 3, 4, 5, 6, 7]


def test_stored_events_can_be_listed_filtered_and_exported(tmp_path):
    db = str(tmp_path / "store.db")
    assert run_cli("ingest", str(FIXTURES / "coder-article.html"), str(EXAMPLES / "levant-post-depots.html"), "--db", db).returncode == 0
    listed = run_cli("docs", "events", "--db", db, "--country", "iq", "--actor", "Turkey")
    rows = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert [(r[3], r[4], r[6]) for r in rows] == [("Air/drone strike", "Military Forces of Turkey", "IQ"), ("Shelling/artillery/missile attack", "Military Forces of Turkey", "IQ")]
    assert all(r[9].startswith("inc-") for r in rows)  # every stored event belongs to an incident
    exported = run_cli("docs", "export", "--db", db, "--format", "acled")
    acled = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert exported.returncode == 0 and len(acled) == 5 and {r["country"] for r in acled} == {"Syria", "Iraq"}
    records = [json.loads(line) for line in run_cli("docs", "export", "--db", db).stdout.splitlines()]
    assert len(records) == 2 and all(r["format_version"] == "7" for r in records)


def test_plain_text_dated_and_sourced_on_the_command_line(cli):
    story = b"Gunmen attacked a police post near Kidal on Tuesday, killing three officers, a local official said.\n"
    undated = cli("extract", "-", "--format", "acled", stdin=story)
    assert len(list(csv.DictReader(io.StringIO(undated.stdout)))) == 0
    assert "1 event left out (1 no day, week or month)" in undated.stderr and "--published" in undated.stderr
    dated = cli("extract", "-", "--format", "acled", "--published", "2024-03-14", "--source", "Sahel Desk", stdin=story)
    (row,) = csv.DictReader(io.StringIO(dated.stdout))
    assert (row["event_date"], row["source"]) == ("2024-03-12", "Sahel Desk")  # the Tuesday before
    (record,) = json.loads(cli("extract", "-", "--published", "2024-03-14", stdin=story).stdout)
    assert (record["published"], record["published_source"]) == ("2024-03-14", "option")


def test_published_option_rejects_a_bad_date(cli):
    result = cli("extract", "-", "--published", "14/03/2024", stdin=b"Some text.\n")
    assert result.returncode == 2 and "--published" in result.stderr
