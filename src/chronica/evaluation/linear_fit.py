"""Fitting the shipped logistic models: features to a sparse matrix, coefficients to JSON.

The incident model (gate_training) and the line model (line_training) are trained the same
way: feature dictionaries vectorised with rare features dropped, a scikit-learn logistic
regression, and weights rounded and pruned into the JSON file ``chronica.linear`` reads.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

PRUNE_BELOW = 1e-3  # weights this small change no decision


def vectorise(features: list[dict[str, float]], min_count: int):
    """A fitted DictVectorizer and the CSR matrix of ``features``, keeping features seen in at
    least ``min_count`` rows (a rarer one cannot generalise; dropping it keeps the file small)."""
    from sklearn.feature_extraction import DictVectorizer

    counts = Counter(f for row in features for f in row)
    kept = [{f: v for f, v in row.items() if counts[f] >= min_count} for row in features]
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(kept).tocsr()
    matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")
    return vectoriser, matrix  # liblinear takes 32-bit sparse indices only


def pruned_weights(vectoriser, coefficients, intercept: float) -> dict[str, Any]:
    """``{"bias", "weights"}`` as the model file stores them: rounded, tiny weights dropped."""
    names = vectoriser.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, coefficients, strict=True)
               if abs(w) >= PRUNE_BELOW}
    return {"bias": round(float(intercept), 4), "weights": dict(sorted(weights.items()))}
