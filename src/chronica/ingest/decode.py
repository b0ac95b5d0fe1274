"""Bytes → text, refusing binary data instead of decoding it into noise."""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

from chronica.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SINGLE_BYTE_LATIN = frozenset({"cp1250", "cp1257", "cp775", "latin_1", "iso8859_15", "cp850", "cp437", "mac_roman", "iso8859_2", "iso8859_13"})
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the head mean this is not text."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) > 0.05


def declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode ``data``; return the text and warnings about how it was decoded.

    Order: byte-order mark, strict UTF-8, the charset the page declares,
    then statistical detection. Raises InputError for empty or binary input.
    """
    if not data.strip():
        raise InputError("empty", "the input is empty (no bytes other than whitespace)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), []
    if looks_binary(data):
        raise InputError("binary", "the input is binary data, not text, HTML, a feed, WARC or JSONL")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 at byte {exc.start}"
    declared = declared or declared_charset(data)
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared), []
        except (UnicodeDecodeError, LookupError):
            pass
    encoding = _guess_encoding(data[:1_000_000])
    if encoding is None:
        raise InputError("encoding", f"{utf8_error} and no other text encoding fits the bytes")
    return data.decode(encoding, errors="replace"), [f"{utf8_error}; decoded as {encoding}"]


def _guess_encoding(sample: bytes) -> str | None:
    """Statistical detection, except that windows-1252 wins over other single-byte Latin
    code pages that fit as well: mislabelled Western web text almost always is 1252."""
    best = from_bytes(sample).best()
    if best is None:
        return None
    if best.encoding in _SINGLE_BYTE_LATIN:
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding


# only the repairs of mis-decoding: curly quotes, ligatures, widths and line breaks are the
# writer's and stay as written
_MOJIBAKE_ONLY = {
    "uncurl_quotes": False, "fix_character_width": False, "fix_latin_ligatures": False,
    "normalization": None, "fix_line_breaks": False, "remove_terminal_escapes": False,
}


def repair_mojibake(texts: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """Text decoded through the wrong code page upstream ("Itâ€™s" for "It’s", "Ã©tÃ©" for
    "été"), repaired by ftfy before anything reads it; with how many of the texts changed."""
    repaired = tuple(ftfy.fix_text(text, **_MOJIBAKE_ONLY) for text in texts)
    return repaired, sum(a != b for a, b in zip(texts, repaired, strict=True))
