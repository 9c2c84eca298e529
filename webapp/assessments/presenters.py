"""What the assessment pages show: factor and need rows, service suggestions, referral rows, the clinic day."""
from __future__ import annotations

from datetime import date

from webapp.domain.full_code_test import CONCLUSIONS, factor_rows
from webapp.domain.needs import NEED_DOMAINS, suggest_agencies
from webapp.domain.working_days import bank_holidays
from webapp.models import Case, NeedsAssessment, PartnerReferral
from webapp.partners import presenters as partner_presenters

APPOINTMENT_TAGS = {"booked": "govuk-tag--blue", "attended": "govuk-tag--green",
                    "did_not_attend": "govuk-tag--red", "cancelled": "govuk-tag--grey"}


def conclusion_label(key: str | None) -> str:
    return CONCLUSIONS.get(key or "", "Not recorded")


def fct_rows(fct) -> list[dict]:
    return factor_rows(fct.public_interest if fct else None)


def fct_summary_rows(fct) -> list[dict]:
    """The recorded review as summary-list rows: evidence first, then the public interest only if reached."""
    rows = [
        {"key": {"text": "Evidential stage"}, "value": {"text": "Met" if fct.evidential_met else "Not met"}},
        {"key": {"text": "Evidential review"}, "value": {"text": fct.evidential_notes}},
    ]
    if not fct.evidential_met:
        rows.append({"key": {"text": "Public interest"}, "value": {
            "text": "Not reached: the evidential stage is not met, so the case can be neither resolved out of "
                    "court nor charged on this evidence."}})
        return rows
    rows += [{"key": {"text": row["factor"].question}, "value": {"text": row["note"]}}
             for row in fct_rows(fct) if row["relevant"]]
    rows += [
        {"key": {"text": "Public-interest conclusion"}, "value": {"text": conclusion_label(fct.public_interest_conclusion)}},
        {"key": {"text": "Reasons"}, "value": {"text": fct.public_interest_notes or "None recorded"}},
    ]
    return rows


def need_rows(assessment: NeedsAssessment | None) -> list[dict]:
    needs = (assessment.needs if assessment else None) or {}
    return [{"domain": d, "present": bool((needs.get(d.key) or {}).get("present")),
             "note": (needs.get(d.key) or {}).get("note", "")} for d in NEED_DOMAINS]


def suggestions(case: Case, assessment: NeedsAssessment | None, referrals: list[PartnerReferral]) -> list[dict]:
    """Services the needs point to, each marked when a live referral for that service already exists."""
    live = {r.service for r in referrals if r.status != "declined"}
    out = []
    for s in suggest_agencies(assessment.needs if assessment else None, case.offence):
        s["already"] = s["key"] in live
        out.append(s)
    return out


# A referral row reads the same here as on the Referrals tab.
referral_tag = partner_presenters.status_tag
referral_status_choices = partner_presenters.next_statuses


def day_note(day: date) -> str:
    if day in bank_holidays(day.year):
        return f"{bank_holidays_name(day)} (bank holiday)"
    if day.weekday() >= 5:
        return "Weekend"
    return ""


def bank_holidays_name(day: date) -> str:
    import holidays
    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day) or "Bank holiday"
