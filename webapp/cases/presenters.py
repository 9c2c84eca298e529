"""Turn case rows into what the pages show: labels, flags and timeline items."""
from __future__ import annotations

from datetime import date

from webapp.domain.lifecycle import ESCALATION_LABELS, NEXT, STATUSES, awaits_escalation_review
from webapp.domain.youth import suspect_is_youth
from webapp.models import Case


def goes_to_youth_panel(case: Case) -> bool:
    return suspect_is_youth(case, date.today())


def awaits_escalation(case: Case) -> bool:
    return awaits_escalation_review(case.is_high_risk, case.status)


def flag_labels(case: Case) -> list[str]:
    return [ESCALATION_LABELS[r] for r in case.escalation_reasons]


def timeline_items(case: Case) -> list[dict]:
    return [
        {"label": e.summary, "byline": e.actor.full_name if e.actor else "System", "at": e.at, "text": e.detail}
        for e in case.events
    ]


def status_choices(case: Case) -> list[tuple[str, str]]:
    """The current status first, then only the statuses the lifecycle allows next."""
    return [(case.status, f"{STATUSES[case.status]} (no change)")] + [(s, STATUSES[s]) for s in NEXT[case.status]]


FLAG_LABELS = {"high_risk": "Escalated (high risk)", "domestic_abuse": "Domestic abuse", "hate_crime": "Hate crime"}


def filter_panel(f, areas, caseworkers, url_with) -> dict:
    """Checkbox items for the MoJ filter and the 'selected filters' tags, each tag a link that removes it."""
    def without(key: str, value, current: list) -> str:
        remaining = [str(v) for v in current if v != value]
        return url_with(**{key: remaining or None, "page": None})

    selected = []
    if f.statuses:
        selected.append({"heading": "Status", "items": [
            {"text": STATUSES[s], "href": without("status", s, f.statuses)} for s in f.statuses]})
    if f.area_ids:
        names = {a.id: a.name for a in areas}
        selected.append({"heading": "Area", "items": [
            {"text": names.get(i, str(i)), "href": without("area", i, f.area_ids)} for i in f.area_ids]})
    if f.flags:
        selected.append({"heading": "Flags", "items": [
            {"text": FLAG_LABELS[x], "href": without("flag", x, f.flags)} for x in f.flags]})
    return {
        "selected": selected,
        "status_items": [{"value": k, "text": v, "checked": k in f.statuses} for k, v in STATUSES.items()],
        "area_items": [{"value": str(a.id), "text": a.name, "checked": a.id in f.area_ids} for a in areas],
        "worker_items": [{"value": "", "text": "Anyone"}] + [
            {"value": str(u.id), "text": u.full_name, "selected": u.id == f.caseworker_id} for u in caseworkers],
        "flag_items": [{"value": k, "text": v, "checked": k in f.flags} for k, v in FLAG_LABELS.items()],
    }
