"""Plain or already-flattened text → candidate blocks."""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n\s*\n")


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Prose wrapped at a fixed width: every line but the last is of similar, long length."""
    if len(lines) < 2:
        return False
    widths = [len(line) for line in lines[:-1]]
    return min(widths) >= 45 and max(widths) <= 100 and len(lines[-1]) <= max(widths) + 5


def text_blocks(text: str) -> tuple[str, ...]:
    """Split on blank lines; inside a block, rejoin hard-wrapped prose and keep
    other lines apart, since scrapers put captions and teasers on lines of their own."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[str] = []
    for chunk in _BLANK_LINES.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if _is_hard_wrapped(lines):
            blocks.append(" ".join(lines))
        else:
            blocks.extend(lines)
    return tuple(blocks)
