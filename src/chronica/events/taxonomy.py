"""The event taxonomy chronica codes into, and the precedence between its classes.

ACLED-style event and sub-event types (6 and 25), disorder types, and the
mapping to UCDP type_of_violence and PLOVER event types; plus the classes of
reports that are not political violence, so that they are recognised rather
than forced into a violent type. Category definitions follow the public
codebooks as summarised in our own words (see README, "Event classification").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SubEventType:
    name: str
    event_type: str  # ACLED event type, or "Not political violence"
    disorder: str | None  # "Political violence", "Demonstrations", "Strategic developments", or both joined by "; "
    plover: str | None
    political_violence: bool = True


BATTLES, PROTESTS, RIOTS = "Battles", "Protests", "Riots"
EXPLOSIONS, CIVILIANS, STRATEGIC = "Explosions/Remote violence", "Violence against civilians", "Strategic developments"
NOT_PV = "Not political violence"
PV, DEMO, SD = "Political violence", "Demonstrations", "Strategic developments"

# In precedence order: when tactics co-occur in one event, the earlier class wins
# (an air strike inside a ground battle is a battle; lethal force at a protest is
# excessive force, not a peaceful protest).
SUB_EVENT_TYPES: tuple[SubEventType, ...] = (
    SubEventType("Government regains territory", BATTLES, PV, "SEIZE"),
    SubEventType("Non-state actor overtakes territory", BATTLES, PV, "SEIZE"),
    SubEventType("Armed clash", BATTLES, PV, "FIGHT"),
    SubEventType("Chemical weapon", EXPLOSIONS, PV, "ASSAULT"),
    SubEventType("Suicide bomb", EXPLOSIONS, PV, "ASSAULT"),
    SubEventType("Air/drone strike", EXPLOSIONS, PV, "ASSAULT"),
    SubEventType("Shelling/artillery/missile attack", EXPLOSIONS, PV, "ASSAULT"),
    SubEventType("Remote explosive/landmine/IED", EXPLOSIONS, PV, "ASSAULT"),
    SubEventType("Grenade", EXPLOSIONS, PV, "ASSAULT"),
    SubEventType("Excessive force against protesters", PROTESTS, f"{PV}; {DEMO}", "ASSAULT"),
    SubEventType("Sexual violence", CIVILIANS, PV, "ASSAULT"),
    SubEventType("Abduction/forced disappearance", CIVILIANS, PV, "ASSAULT"),
    SubEventType("Attack", CIVILIANS, PV, "ASSAULT"),
    SubEventType("Mob violence", RIOTS, f"{PV}; {DEMO}", "ASSAULT"),
    SubEventType("Violent demonstration", RIOTS, DEMO, "PROTEST"),
    SubEventType("Protest with intervention", PROTESTS, DEMO, "PROTEST"),
    SubEventType("Peaceful protest", PROTESTS, DEMO, "PROTEST"),
    SubEventType("Disrupted weapons use", STRATEGIC, SD, "COERCE"),
    SubEventType("Arrests", STRATEGIC, SD, "COERCE"),
    SubEventType("Looting/property destruction", STRATEGIC, SD, "COERCE"),
    SubEventType("Non-violent transfer of territory", STRATEGIC, SD, "SEIZE"),  # a hand-over under a deal is a transfer
    SubEventType("Agreement", STRATEGIC, SD, "AGREE"),
    SubEventType("Headquarters or base established", STRATEGIC, SD, "MOBILIZE"),
    SubEventType("Change to group/activity", STRATEGIC, SD, "CONSULT"),
    SubEventType("Other", STRATEGIC, SD, None),
    # reports that are not political violence
    SubEventType("Responsibility claim", NOT_PV, None, "CLAIM", political_violence=False),
    SubEventType("Natural disaster", NOT_PV, None, None, political_violence=False),
    SubEventType("Man-made disaster", NOT_PV, None, None, political_violence=False),
    SubEventType("Organised crime", NOT_PV, None, None, political_violence=False),
    SubEventType("Diplomatic event", NOT_PV, None, "CONSULT", political_violence=False),
    SubEventType("Not an event", NOT_PV, None, None, political_violence=False),
)
BY_NAME = {t.name: t for t in SUB_EVENT_TYPES}
PRECEDENCE = {t.name: rank for rank, t in enumerate(SUB_EVENT_TYPES)}
ACLED_SUB_EVENT_TYPES = tuple(t.name for t in SUB_EVENT_TYPES if t.political_violence)
assert len(ACLED_SUB_EVENT_TYPES) == 25


def ucdp_type_of_violence(inter1: int | None, inter2: int | None, sub_event: str) -> int | None:
    """1 state-based (a state on one side, an organised side on the other), 2 non-state, 3 one-sided."""
    kind = BY_NAME[sub_event]
    if not kind.political_violence or kind.event_type in (PROTESTS, RIOTS, STRATEGIC):
        return None
    if kind.event_type == CIVILIANS or inter2 == 7:
        return 3
    if inter1 is None or inter2 is None:
        return None  # who fought whom is not known
    if 1 in (inter1, inter2) or 8 in (inter1, inter2):
        return 1
    return 2
