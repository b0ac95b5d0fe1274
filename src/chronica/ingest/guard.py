"""One place that turns a record's error into a ReadFailure, so a batch goes on."""

from __future__ import annotations

from collections.abc import Callable

from chronica.errors import InputError
from chronica.model import Origin, ReadFailure, ReadResult


def failure(origin: Origin, reason: str, message: str, raw: bytes | None = None) -> ReadFailure:
    where = f"{origin.locator}: " if origin.locator else ""
    return ReadFailure(origin, origin.path, reason, where + message, raw)


def guarded(origin: Origin, raw: bytes | None, build: Callable[[], ReadResult]) -> ReadResult:
    try:
        return build()
    except InputError as exc:
        return failure(origin, exc.reason, exc.message, raw)
    except Exception as exc:  # a parser bug on one record must not stop the batch
        return failure(origin, "reader_error", f"unexpected {type(exc).__name__}: {exc}", raw)
