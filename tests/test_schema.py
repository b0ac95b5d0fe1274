"""The output contract: every extract record validates against schema/event.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, FIXTURES, run_cli

SCHEMA = json.loads((Path(__file__).parent.parent / "schema" / "event.schema.json").read_text())


@pytest.mark.parametrize("path", [EXAMPLES / "levant-post-depots.html", EXAMPLES / "scraped-northern-border.txt", FIXTURES / "feed.xml"])
def test_extract_output_matches_the_schema(path):
    result = run_cli("extract", "--format", "jsonl", str(path))
    assert result.returncode == 0, result.stderr
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for line in result.stdout.splitlines():
        record = json.loads(line)
        jsonschema.validate(record, SCHEMA, cls=jsonschema.Draft202012Validator)
        for event in record["events"]:
            for evidence in event["evidence"]:
                assert record["body"][evidence["start"] : evidence["end"]] == evidence["text"]


def test_the_schema_rejects_an_event_without_evidence():
    result = run_cli("extract", "--format", "jsonl", str(EXAMPLES / "levant-post-depots.html"))
    record = json.loads(result.stdout.splitlines()[0])
    record["events"][0]["evidence"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_a_part_of_a_place_validates(tmp_path):
    # "northern Syria" is a place mention with the qualifier "part"
    page = tmp_path / "story.txt"
    page.write_text("Published 12 May 2025\n\nAir strikes hit positions in northern Syria on Sunday, "
                    "a war monitor said.\n", encoding="utf-8")
    result = run_cli("extract", "--format", "jsonl", str(page))
    record = json.loads(result.stdout.splitlines()[0])
    assert any(p["qualifier"] == "part" for p in record["places"])
    jsonschema.validate(record, SCHEMA, cls=jsonschema.Draft202012Validator)
