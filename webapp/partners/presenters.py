"""Display strings for the provider directory and referrals: plain data in, words and tags out."""
from __future__ import annotations

from webapp.domain.partners import REFERRAL_NEXT, REFERRAL_STATUSES, REFERRAL_TAGS, SERVICES


def provider_choice(provider) -> str:
    """How a provider reads in a drop-down: its name, then what a caseworker weighs up (the wait)."""
    if provider.waiting_weeks is None:
        return provider.name
    weeks = provider.waiting_weeks
    return f"{provider.name} (wait about {weeks} week{'s' if weeks != 1 else ''})"


def capacity(provider) -> str:
    if provider.capacity is None:
        return "Not known"
    return "Full" if provider.capacity == 0 else f"{provider.capacity} place{'s' if provider.capacity != 1 else ''}"


def waiting(provider) -> str:
    if provider.waiting_weeks is None:
        return "Not known"
    if provider.waiting_weeks == 0:
        return "No wait"
    return f"{provider.waiting_weeks} week{'s' if provider.waiting_weeks != 1 else ''}"


def areas(provider, area_names: dict[str, str]) -> str:
    if not provider.areas:
        return "Every area"
    return ", ".join(area_names.get(code, code) for code in provider.areas)


def contact_lines(provider) -> list[str]:
    return [line for line in (provider.phone and f"Telephone {provider.phone}",
                              provider.email and f"E-mail {provider.email}") if line]


def status_tag(status: str) -> str:
    return REFERRAL_TAGS.get(status, "")


def next_statuses(referral) -> list[tuple[str, str]]:
    return [(s, REFERRAL_STATUSES[s]) for s in REFERRAL_NEXT.get(referral.status, ())]


def service_label(key: str) -> str:
    return SERVICES.get(key, key)
