"""Whole event records scored on annotated articles: event recall and precision, and per-field accuracy.

An annotated article (JSON lines: id, published, source, title, text with blank-line
paragraphs, events) lists each event a coder would record with an ``anchor`` (words
of the sentence that reports it) and the fields to check. A predicted event matches
a gold event when one of its sentences holds the anchor. Field accuracy is over
matched gold events; an empty gold actor means "none should be named".
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from unidecode import unidecode

from chronica.errors import InputError
from chronica.export import document_to_dict
from chronica.geo.gazetteer import Gazetteer
from chronica.model import InputFormat, Origin, SourceRecord
from chronica.pipeline import build_document

FIELDS = ("sub_event_type", "actors", "actor1", "actor2", "location", "date", "fatalities_exact", "fatalities_in_range", "claimant_kind", "stance")
REQUIRED = {"anchor", "sub_event_type", "actor1", "actor2", "location", "date", "fatalities", "claimant_kind", "stance"}


def read_articles(path: Path) -> list[dict[str, Any]]:
    articles = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            article = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError("bad_articles", f"{path}:{number}: not JSON ({error.msg})") from None
        missing = [e for e in article.get("events", []) if not REQUIRED <= set(e)]
        if "text" not in article or missing:
            raise InputError("bad_articles", f"{path}:{number}: an article needs text and events with {', '.join(sorted(REQUIRED))}")
        articles.append(article)
    return articles


def _record(article: dict[str, Any], path: Path) -> SourceRecord:
    return SourceRecord(origin=Origin(str(path), InputFormat.TEXT, article["id"]), blocks=tuple(article["text"].split("\n\n")),
                        raw=article["text"].encode(), title=article.get("title"), source=article.get("source"),
                        published=dt.date.fromisoformat(article["published"]))


def _same_name(gold: str, predicted: str | None) -> bool:
    return unidecode(gold).lower().strip() == unidecode(predicted or "").lower().strip()


def _actors_right(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    names = [(event[a] or {}).get("name", "") for a in ("actor1", "actor2")]
    wanted = [gold["actor1"], gold["actor2"]]
    if event["event_type"] == "Battles":  # a battle's order is free
        return sorted(wanted) == sorted(names)
    return all(_same_name(w, n) for w, n in zip(wanted, names, strict=True))


def _location_right(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    location = event["location"]
    named = [p["text"] for p in location["places"]] + [p["place"]["name"] for p in location["places"] if p["place"]]
    if location.get("dateline_place"):
        named.append(location["dateline_place"]["name"])
    return any(_same_name(gold["location"], n) for n in named)


def _checks(gold: dict[str, Any], event: dict[str, Any]) -> dict[str, bool]:
    claim = event["claims"][0]
    day = gold["date"]
    return {
        "sub_event_type": gold["sub_event_type"] == event["sub_event_type"],
        "actors": _actors_right(gold, event),
        "actor1": _same_name(gold["actor1"], (event["actor1"] or {}).get("name")),
        "actor2": _same_name(gold["actor2"], (event["actor2"] or {}).get("name")),
        "location": _location_right(gold, event),
        "date": bool(event["date_start"]) and event["date_start"] <= day <= (event["date_end"] or event["date_start"]),
        "fatalities_exact": gold["fatalities"] == event["fatalities"],
        "fatalities_in_range": event["deaths"]["low"] <= gold["fatalities"] <= event["deaths"]["high"],
        "claimant_kind": gold["claimant_kind"] == claim["claimant"]["kind"],
        "stance": gold["stance"] == claim["stance"],
    }


def evaluate_articles(path: Path, gazetteer: Gazetteer) -> dict[str, Any]:
    articles = read_articles(path)
    right = dict.fromkeys(FIELDS, 0)
    gold_total = matched = predicted_total = spurious = 0
    misses: list[str] = []
    for article in articles:
        record = document_to_dict(build_document(_record(article, path), gazetteer=gazetteer))
        events = record["events"]
        predicted_total += len(events)
        used = set()
        for gold in article["events"]:
            gold_total += 1
            found = next((i for i, e in enumerate(events) if i not in used and any(gold["anchor"] in s["text"] for s in e["sentences"])), None)
            if found is None:
                misses.append(f"{article['id']}: no event for '{gold['anchor']}'")
                continue
            used.add(found)
            matched += 1
            for name, ok in _checks(gold, events[found]).items():
                right[name] += ok
                if not ok:
                    misses.append(f"{article['id']}: {name}")
        spurious += len(events) - len(used)
    return {
        "file": path.name, "articles": len(articles), "gold_events": gold_total, "predicted_events": predicted_total,
        "event_recall": round(matched / gold_total, 3) if gold_total else 0.0,
        "event_precision": round((predicted_total - spurious) / predicted_total, 3) if predicted_total else 0.0,
        "field_accuracy": {name: round(right[name] / matched, 3) if matched else 0.0 for name in FIELDS},
        "errors": misses,
    }
