"""Reading corpus files with errors that say which file and line is wrong."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chronica.errors import InputError

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def need(path: Path) -> Path:
    """The file, or an error naming it and where the corpus comes from."""
    if not path.is_file():
        raise InputError("missing_corpus", f"{path} not found (see ../shared/corpora/README.md)")
    return path


def json_lines(path: Path) -> Iterator[dict[str, Any]]:
    with need(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError("bad_corpus", f"{path}:{number}: not JSON ({error.msg})") from None


def day(value: object) -> dt.date | None:
    """The first ISO day in a value ("2025-03-14 20:30:26Z" → 2025-03-14), else None."""
    found = _DAY.search(str(value or ""))
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found.group())
    except ValueError:
        return None


def number(value: object) -> float | None:
    """A float from a field that may be empty, 'None', 'NA' or text."""
    try:
        result = float(str(value).strip())
    except ValueError:
        return None
    return None if result != result else result  # NaN is "not given"
