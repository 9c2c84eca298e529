"""The force's offence groups: for statistics by offence group, and for reading an earlier outcome on
another case as "for a similar offence" (Criminal Justice and Courts Act 2015 s.17(4) leaves
similarity to the decision-maker; a group match is the starting point the caseworker checks).

The groups follow the headings of the Home Office / ONS offence classification (theft, violence
against the person, public order, criminal damage, drug offences, possession of weapons, robbery,
fraud, burglary, vehicle offences), applied by this project to the catalogue in data/offences.csv.
"""
from __future__ import annotations

GROUPS: dict[str, tuple[str, ...]] = {
    "Theft and handling": ("theft_shop", "theft_other", "theft_pedal_cycle", "making_off", "handling"),
    "Vehicle offences": ("twoc", "interfering_vehicle"),
    "Burglary": ("burglary_non_dwelling",),
    "Fraud": ("fraud_false_rep",),
    "Criminal damage": ("criminal_damage", "criminal_damage_racial", "threats_damage"),
    "Violence against the person": ("common_assault", "assault_emergency_worker", "abh", "gbh_with_intent"),
    "Public order": ("public_order_s4", "public_order_s4a", "public_order_s4a_racial", "public_order_s5",
                     "drunk_disorderly", "drunk_highway", "resist_constable"),
    "Harassment and communications": ("harassment", "malicious_comms", "comms_network", "coercive_control"),
    "Drug offences": ("possession_class_b", "possession_class_a"),
    "Possession of weapons": ("offensive_weapon", "bladed_article"),
    "Robbery": ("robbery",),
}
OTHER = "Other offences"

_BY_KEY = {key: group for group, keys in GROUPS.items() for key in keys}


def group_of(offence_key: str | None) -> str:
    return _BY_KEY.get(offence_key or "", OTHER)


def keys_in(group: str) -> tuple[str, ...]:
    return GROUPS.get(group, ())


def names() -> list[str]:
    return [*GROUPS, OTHER]
