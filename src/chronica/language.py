"""Offline language identification (py3langid's bundled model, 97 languages)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

_MIN_LETTERS = 20


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code and probability; (None, None) when the text is too short to tell."""
    if sum(ch.isalpha() for ch in text[:2000]) < _MIN_LETTERS:
        return None, None
    code, probability = _identifier().classify(text[:20000])
    return code, round(float(probability), 4)
