"""Bad input gets a clear failure, keeps its bytes, and never stops the batch."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronica.batch import run
from chronica.model import Document, ReadFailure

STORY = "Armed men set fire to three houses in the village on Sunday night and abducted two farmers, a local chief said."


def outcomes(*paths, max_bytes=10 * 1024 * 1024):
    _, stream = run([str(p) for p in paths], max_bytes)
    return list(stream)


def only_failure(results):
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert len(failures) == 1, results
    return failures[0]


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    results = outcomes(tmp_path / "empty.html", tmp_path / "blank.txt")
    assert [r.reason for r in results] == ["empty", "empty"]
    assert all("empty" in r.message for r in results)


def test_binary_garbage_is_refused_with_its_bytes_kept(tmp_path):
    garbage = bytes(range(256)) * 40
    (tmp_path / "photo.jpg").write_bytes(garbage)
    failure = only_failure(outcomes(tmp_path / "photo.jpg"))
    assert failure.reason == "binary" and "binary data" in failure.message
    assert failure.raw == garbage


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path):
    (tmp_path / "latin.txt").write_bytes(("Protesters in Bogotá clashed with riot police on Thursday, injuring 20 people, the mayor's office said. " * 3).encode("cp1252"))
    (doc,) = outcomes(tmp_path / "latin.txt")
    assert isinstance(doc, Document)
    assert "Bogotá" in doc.body
    assert any("invalid UTF-8" in w for w in doc.warnings)


def test_truncated_gzip(tmp_path):
    data = gzip.compress(("\n".join(json.dumps({"text": STORY, "url": f"https://x.example/{i}"}) for i in range(400))).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(STORY.encode() * 50)[:40])
    results = outcomes(tmp_path / "cut.jsonl.gz", tmp_path / "cut.txt.gz", tmp_path / "cut.jsonl.gz")
    docs = [r for r in results if isinstance(r, Document)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert len(docs) >= 2  # each copy of the JSONL kept the records before the break
    assert [f.reason for f in failures] == ["truncated", "truncated", "truncated"]
    assert "kept" in failures[0].message


def test_truncated_warc_keeps_records_before_the_break(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i in range(3):
        html = f"<html><body><article><p>{STORY}</p><p>Report number {i}.</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://x.example/{i}", "response", payload=io.BytesIO(html), http_headers=headers))
    data = buffer.getvalue()
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.8)])
    results = outcomes(tmp_path / "cut.warc.gz")
    assert sum(isinstance(r, Document) for r in results) == 2
    failure = only_failure(results)
    assert failure.reason == "truncated" and "2 HTML responses" in failure.message
    start = int(failure.origin.locator.removeprefix("from byte "))
    assert 0 < start and failure.raw == data[start : int(len(data) * 0.8)]  # the broken record's bytes are kept, not lost


def test_malformed_jsonl_lines_fail_one_by_one(tmp_path):
    lines = [
        json.dumps({"text": STORY}),
        '{"text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
        json.dumps({"text": STORY + " Later.", "published": "sometime soon"}),
        json.dumps({"text": STORY + " Again.", "url": ["not", "a", "string"]}),
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    results = outcomes(tmp_path / "mixed.jsonl")
    docs = [r for r in results if isinstance(r, Document)]
    failures = {r.origin.locator: r for r in results if isinstance(r, ReadFailure)}
    assert len(docs) == 2
    assert any("ignored 'published'" in w for w in docs[1].warnings)
    assert failures["line 2"].reason == "invalid_json" and "line 2: not valid JSON" in failures["line 2"].message
    assert failures["line 3"].reason == "not_object"
    assert failures["line 4"].reason == "no_text"
    assert failures["line 5"].reason == "no_text"
    assert failures["line 7"].reason == "bad_field"
    assert failures["line 2"].raw == b'{"text": "unterminated\n'


def test_page_that_is_all_furniture_is_a_clear_failure(tmp_path):
    (tmp_path / "menu.txt").write_text("Home | News | Sport | Weather\nShare\nLog in or register to participate\n")
    failure = only_failure(outcomes(tmp_path / "menu.txt"))
    assert failure.reason == "no_story" and "page furniture" in failure.message


@pytest.mark.slow
def test_fifty_megabyte_file_is_reported_not_read_and_the_batch_goes_on(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        for _ in range(50):
            handle.write((STORY + "\n").encode() * (1024 * 1024 // len(STORY)))
    small = tmp_path / "small.txt"
    small.write_text(STORY)
    results = outcomes(big, small)
    failure = only_failure(results)
    assert failure.reason == "too_large" and "over the 10.5 MB limit" in failure.message and "--max-bytes" in failure.message
    assert isinstance(results[-1], Document)


@pytest.mark.slow
def test_fifty_megabyte_jsonl_is_streamed(tmp_path):
    """Web pages are mostly markup: 50 MB of records, each a page of scripts around a short story."""
    path = tmp_path / "big.jsonl"
    script = "<script>" + "var tracking = {id: 1, consent: false};" * 1100 + "</script>"
    line = json.dumps({"html": f"<html><head>{script}</head><body><article><p>{STORY}</p></article></body></html>"}) + "\n"
    count = 50 * 1024 * 1024 // len(line) + 1
    with path.open("w") as handle:
        for i in range(count):
            handle.write(line.replace("Sunday", f"Sunday ({i})", 1))
    assert path.stat().st_size > 50 * 1024 * 1024
    results = outcomes(path)
    assert sum(isinstance(r, Document) for r in results) == count
