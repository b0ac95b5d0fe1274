"""Which of an event's candidate places is its own, learned from real annotated sentences.

A sentence often names several places the rules cannot tell apart: "a trader was shot in the
Hodan district of Mogadishu" (the district, not the city), "a raid on Kolofata, a town in
northern Cameroon" (the town, not the country), "militants who crossed from Syria
attacked a post in Arsal" (the target, not the origin). Which one is the event's depends on
how it hangs from the event's word, the preposition before it, the noun after it and how
specific it is compared with the others, together. A logistic model over those cues scores
each candidate the rules left (speakers' places, actors' places and sides are set aside before
it is asked); the best-scoring one is the event's place. It is trained on the event_location
corpus's dev sentences (``chronica eval train-places``) and ships as JSON weights; the
features that weighed most are recorded as the evidence of each choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from chronica.linear import Linear, bucket, read_shipped
from chronica.model import PlaceMention

MODEL_FILE = "data/event_place_model.json"
MODEL_FORMAT = 1
SHOWN_REASONS = 3
# nouns after or around a name that say what kind of place it is ("X district", "the town of X")
KIND_NOUNS = frozenset(
    "village town city district neighbourhood neighborhood quarter suburb camp area province "
    "governorate state region county country capital border crossing base airport port market "
    "school hospital mosque church checkpoint road highway street square university prison "
    "refinery field fields plant dam bridge island coast valley mountain mountains desert "
    "countryside outskirts compound complex building station".split()
)


class PlaceModelError(RuntimeError):
    """The shipped event-place model is missing or unreadable."""


def _tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one parse (through their lowest common ancestor)."""
    up_a = [a, *a.ancestors]
    depth = {t.i: n for n, t in enumerate(up_a)}
    for steps, token in enumerate([b, *b.ancestors]):
        if token.i in depth:
            return steps + depth[token.i]
    return len(up_a) + steps


def _kind_noun(token: Token) -> str | None:
    """The kind noun a name goes with: "X district", "the town of X", "X's Y district"."""
    if token.dep_ in ("compound", "amod", "nmod", "poss") and token.head.lemma_ in KIND_NOUNS:
        return token.head.lemma_.lower()
    if (token.dep_ == "pobj" and token.head.lower_ == "of"
            and token.head.head.lemma_.lower() in KIND_NOUNS):
        return token.head.head.lemma_.lower()
    if token.dep_ == "appos" and token.head.lemma_.lower() in KIND_NOUNS:
        return token.head.lemma_.lower()
    return None


def _trigger_features(token: Token, trigger: SpacySpan) -> dict[str, float]:
    """How the name hangs from the event's word: directly by a preposition ("killed in X"),
    inside its subtree, before or after it, and how far."""
    event = trigger.root
    features: dict[str, float] = {}
    head = token.head
    if head.dep_ == "prep" and head.head.i == event.i:
        features[f"trigger_prep:{head.lower_}"] = 1.0
    elif head.i == event.i:
        features[f"trigger_child:{token.dep_}"] = 1.0
    if event in token.ancestors:
        features["under_trigger"] = 1.0
    elif token in event.ancestors or token.i == event.i:
        features["above_trigger"] = 1.0
    features["after_trigger" if token.i > event.i else "before_trigger"] = 1.0
    features[f"tree_distance:{bucket(_tree_distance(token, event), (1, 2, 3, 5, 8))}"] = 1.0
    features[f"word_distance:{bucket(abs(token.i - event.i), (2, 5, 10, 20))}"] = 1.0
    return features


def place_features(mention: PlaceMention, token: Token | None, rank: dict[str, int],
                   trigger: SpacySpan | None) -> dict[str, float]:
    """The cues of one candidate: what the gazetteer and the recogniser made of it, its words
    around it in the parse, its relation to the event's word (``trigger``, when the event has
    one), and ``rank``: its specificity, position and count among the candidates."""
    place = mention.place
    features: dict[str, float] = {
        f"code:{place.feature_code if place else 'unresolved'}": 1.0,
        f"qualifier:{mention.qualifier.value}": 1.0,
        f"recognised:{mention.recognised_by.split('+')[0]}": 1.0,
        f"finer_than_others:{rank['finer']}": 1.0,
        f"order:{rank['order']}": 1.0,
        f"candidates:{bucket(rank['count'], (1, 2, 3, 5))}": 1.0,
    }
    if mention.settlement:
        features["called_a_site" if mention.kind == "site" else "called_a_settlement"] = 1.0
    if token is None:
        return features
    features[f"dep:{token.dep_}"] = 1.0
    features[f"entity:{token.ent_type_ or 'none'}"] = 1.0
    if token.dep_ == "pobj":
        features[f"prep:{token.head.lower_}"] = 1.0
        features[f"prep_on:{token.head.head.pos_}"] = 1.0
    kind = _kind_noun(token)
    if kind is not None:
        features[f"kind:{kind}"] = 1.0
    if token.dep_ == "poss" or any(c.dep_ == "poss" for c in token.children):
        features["possessive" if token.dep_ == "poss" else "has_possessor"] = 1.0
    if trigger is None or trigger.doc is not token.doc:
        features["no_trigger"] = 1.0
    else:
        features.update(_trigger_features(token, trigger))
    return features


def candidate_ranks(specificities: list[int]) -> list[dict[str, int]]:
    """For each candidate (in text order): how many of the others it is finer than less how many
    are finer than it (-2 to 2), whether it is first, last or between, and how many there are."""
    count = len(specificities)
    ranks = []
    for n, own in enumerate(specificities):
        others = specificities[:n] + specificities[n + 1:]
        finer = sum(own < other for other in others) - sum(own > other for other in others)
        order = "only" if count == 1 else "first" if n == 0 else "last" if n == count - 1 else "mid"
        ranks.append({"finer": max(-2, min(2, finer)), "order": order, "count": count})
    return ranks


@dataclass(frozen=True)
class PlaceModel:
    scorer: Linear
    about: dict[str, Any]

    def score(self, features: dict[str, float]) -> float:
        return self.scorer.score(features)

    def reasons(self, features: dict[str, float]) -> tuple[str, ...]:
        return self.scorer.reasons(features, SHOWN_REASONS)


def model_from_dict(data: dict[str, Any]) -> PlaceModel:
    if data.get("format") != MODEL_FORMAT:
        raise PlaceModelError(
            f"event-place model format {data.get('format')!r}, expected {MODEL_FORMAT}")
    return PlaceModel(Linear(data["weights"], data["bias"]), data.get("about", {}))


@cache
def load_model() -> PlaceModel:
    """The shipped model; a missing or broken file is an error, never a silent pass."""
    data = read_shipped(MODEL_FILE, PlaceModelError, "event-place model",
                        "chronica eval train-places")
    return model_from_dict(data)
