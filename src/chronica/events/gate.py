"""Whether a candidate sentence reports a specific incident, learned from real labelled news.

The codebook rules (events.classify) find sentences that speak of violence and say what kind;
many of those on real pages are not incidents: history, series summaries, habits, purposes,
capabilities, plans, reactions, furniture. Which is which depends on many small cues together
(tense and aspect, determiners, a named day, numbers, the story's own wording), so a logistic
model over the sentence's words and parse decides, trained on real sentences people labelled
(``chronica eval train-gate``). A second model names the reason when the answer is no.

The model is a JSON file of feature weights shipped with the package: inference is a sum, and
the features that weighed most are recorded as the evidence of each decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from spacy.tokens import Span as SpacySpan

from chronica.events.classify import Classification
from chronica.events.timing import names_a_day
from chronica.linear import Linear, bucket, read_shipped

MODEL_FILE = "data/incident_gate.json"
MODEL_FORMAT = 1
NOT_INCIDENT_MODES = (
    "background", "series", "generic", "future", "hypothetical", "negated", "not_violence",
    "fragment",
)
ENTITY_WORDS = frozenset({"GPE", "LOC", "FAC", "PERSON", "ORG", "NORP", "DATE", "TIME",
                          "CARDINAL", "ORDINAL", "QUANTITY"})
SHOWN_REASONS = 4


class GateModelError(RuntimeError):
    """The shipped incident model is missing or unreadable."""


@dataclass(frozen=True)
class Verdict:
    incident: bool
    probability: float  # that the sentence reports (or continues) a specific incident
    mode: str  # "incident", or why not (one of NOT_INCIDENT_MODES)
    reasons: tuple[str, ...]  # the features that weighed most, signed ("+aux:will" ...)

    @property
    def rule(self) -> str:
        return f"incident model p={self.probability:.2f} ({', '.join(self.reasons)})"


def _word(token) -> str:
    """Names, numbers and dates as their kind, so the model learns the pattern, not the name."""
    if token.ent_type_ in ENTITY_WORDS:
        return f"#{token.ent_type_}"
    if token.like_num:
        return "#NUM"
    return token.lemma_.lower()


def sentence_features(
    sentence: SpacySpan, kind: Classification, paragraph: int
) -> dict[str, float]:
    """Words (lemmas, entity kinds), word pairs, the trigger's verb group and the rules' reading."""
    words = [_word(t) for t in sentence if not (t.is_punct or t.is_space)]
    features: dict[str, float] = {f"w:{w}": 1.0 for w in words}
    features.update({f"b:{a}_{b}": 1.0 for a, b in pairwise(words)})
    features[f"label:{kind.label}"] = 1.0
    features[f"modality:{kind.modality}"] = 1.0
    features[f"paragraph:{bucket(paragraph, (0, 1, 3, 6))}"] = 1.0
    features[f"length:{bucket(len(words), (6, 12, 25, 40))}"] = 1.0
    if names_a_day(sentence.text):
        features["names_a_day"] = 1.0
    text = sentence.text.strip()
    if text[:1] in "\"“'‘" or text[-1:] in "\"”'’":
        features["quoted"] = 1.0
    if sum(c.isupper() for c in text) > 0.6 * max(1, sum(c.isalpha() for c in text)):
        features["upper_case"] = 1.0
    if kind.trigger is not None:
        root = kind.trigger.root
        verb = root if root.pos_ in ("VERB", "AUX") else root.head
        features[f"trigger_tag:{root.tag_}"] = 1.0
        features[f"trigger_dep:{root.dep_}"] = 1.0
        features[f"verb_tag:{verb.tag_}"] = 1.0
        features[f"verb_dep:{verb.dep_}"] = 1.0
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass", "neg", "mark"):
                features[f"{child.dep_}:{child.lower_}"] = 1.0
        for child in root.children:
            if child.dep_ in ("det", "poss", "nummod"):
                features[f"trigger_{child.dep_}:{_word(child)}"] = 1.0
    return features


@dataclass(frozen=True)
class GateModel:
    incident: Linear
    modes: dict[str, Linear]  # one-vs-rest, over the sentences that are not incidents
    threshold: float
    about: dict[str, Any]  # what it was trained on and how it scored

    def decide(self, features: dict[str, float]) -> Verdict:
        probability = self.incident.probability(features)
        reasons = self.incident.reasons(features, SHOWN_REASONS)
        if probability >= self.threshold:
            return Verdict(True, round(probability, 3), "incident", reasons)
        mode = max(self.modes, key=lambda m: self.modes[m].score(features))
        return Verdict(False, round(probability, 3), mode, reasons)


def model_from_dict(data: dict[str, Any]) -> GateModel:
    if data.get("format") != MODEL_FORMAT:
        raise GateModelError(
            f"incident model format {data.get('format')!r}, expected {MODEL_FORMAT}"
        )
    modes = {m: Linear(w["weights"], w["bias"]) for m, w in data["modes"].items()}
    unknown = set(modes) - set(NOT_INCIDENT_MODES)
    if unknown or not modes:
        raise GateModelError(f"incident model has unknown or no modes: {sorted(unknown)}")
    incident = Linear(data["incident"]["weights"], data["incident"]["bias"])
    return GateModel(incident, modes, data["threshold"], data.get("about", {}))


@cache
def load_model() -> GateModel:
    """The shipped model; a missing or broken file is an error, never a silent pass."""
    data = read_shipped(MODEL_FILE, GateModelError, "incident model", "chronica eval train-gate")
    return model_from_dict(data)
