"""Management information: what each figure counts, by what, and which filters it honours.

The figures are read from a table of daily counts (webapp.services.statistics refreshes it from the
records), so the page costs the same at a thousand cases or a million. Each figure is one
`measure` of those counts pivoted two ways: rows (month, area, offence group, or the count's own
key) and columns (disposal, or the key).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# What is counted, per measure. Each count row has a day, an area, a disposal and an offence group.
MEASURES = {
    "disposal": "Out-of-court resolutions delivered, on the day delivered",
    "condition": "Conditions of resolutions delivered that day, by what became of them",
    "decision_days": "Decisions delivered that day, by days from referral to decision",
    "victim_update": "Victims' Code contacts due that day, by whether they were made on time",
    "rj": "Victims offered Restorative Justice that day, by their answer",
    "override": "Decisions that day that departed from the engine, by the reason given",
    "reoffending": "Resolutions delivered that day (at least 12 months ago), by whether the person was referred again",
    "satisfaction": "Victims asked that day about their satisfaction at closure, by their answer",
    "first_time": "People whose first resolution in this system was delivered that day",
}
REOFFENDING_DAYS = 365
REOFFENDING_KEYS = {"reoffended": "Referred again within 12 months", "not": "Not referred again"}

DECISION_DAY_BUCKETS = (("0-7", 0, 7), ("8-14", 8, 14), ("15-28", 15, 28), ("29-56", 29, 56), ("57+", 57, None))
BUCKET_LABELS = {key: (f"{key} days" if key != "57+" else "57 days or more") for key, _, _ in DECISION_DAY_BUCKETS}

CONDITION_KEYS = {"completed": "Completed", "breached": "Breached", "pending": "In progress"}
# "Overdue": not made and past its deadline. Short labels keep the tables inside a phone's width.
VICTIM_UPDATE_KEYS = {"on_time": "On time", "late": "Late", "overdue": "Overdue"}
RJ_KEYS = {"accepted": "Accepted", "declined": "Declined", "considering": "Thinking about it", "": "No answer yet"}


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    measure: str
    rows: str                 # "month", "area", "offence_group", "disposal" or "key"
    columns: str              # "disposal", "key" or "" (one column, `value_label`)
    chart: str                # Chart.js type drawn from the table
    value_label: str = "Number"
    stacked: bool = False
    # Filters the counts cannot honour (the records carry no disposal, say): named on the page.
    ignores: tuple[str, ...] = ()
    note: str = ""


FIGURES: tuple[Figure, ...] = (
    Figure("disposals_by_month", "Resolutions delivered each month, by type", "disposal", "month", "disposal", "bar",
           stacked=True),
    Figure("disposals_by_area", "Resolutions delivered, by area", "disposal", "area", "disposal", "bar", stacked=True),
    Figure("disposals_by_offence_group", "Resolutions delivered, by offence group", "disposal", "offence_group",
           "disposal", "bar", stacked=True),
    Figure("conditions", "Conditions completed against breached, by month the resolution was delivered", "condition",
           "month", "key", "bar", stacked=True),
    Figure("decision_days", "Time from referral to decision", "decision_days", "key", "", "bar",
           value_label="Decisions", note="Days from the referral being received to the decision, for resolutions delivered in the period."),
    Figure("victim_updates", "Victims' Code contacts made on time, by month due", "victim_update", "month", "key", "bar",
           stacked=True, ignores=("disposal",)),
    Figure("rj_uptake", "Restorative Justice: victims' answers to the offer", "rj", "key", "", "doughnut",
           value_label="Victims", ignores=("disposal",)),
    Figure("overrides", "Decisions that departed from the engine, by reason", "override", "key", "", "bar",
           value_label="Decisions"),
    Figure("reoffending", "Reoffending within 12 months, by resolution", "reoffending", "disposal", "key", "bar",
           stacked=True,
           note="Method: a person counts as reoffending when this team received another referral for them within "
                "12 months of the resolution being delivered. Only resolutions delivered at least 12 months before "
                "the figures were worked out are counted, and the period filters the delivery date. Charges and "
                "referrals this team never sees are not known here, so this understates reoffending; it relies on "
                "people being recognised across cases (Earlier records)."),
    Figure("victim_satisfaction", "Victims' satisfaction at closure", "satisfaction", "key", "", "bar",
           value_label="Victims", ignores=("disposal",),
           note="The victim liaison officer asks each victim when the case closes; the period filters the day they "
                "were asked."),
    Figure("first_time_entrants", "First-time entrants: people given their first resolution, by month", "first_time",
           "month", "disposal", "bar", stacked=True,
           note="Method: each person's earliest delivered resolution in this system (the earliest delivery date "
                "across all their cases, worked out once per person); they count in the month it was delivered, "
                "under that resolution, area and offence. Resolutions given before this system was used, or by "
                "other forces, are not known here, so this overstates first-time entrants; it relies on people "
                "being recognised across cases (Earlier records). Unlike the Ministry of Justice's measure (first "
                "caution or conviction), community resolutions count: read the caution columns for a comparable "
                "figure."),
)
BY_KEY = {f.key: f for f in FIGURES}


@dataclass(frozen=True)
class Filters:
    date_from: date
    date_to: date
    area_id: int | None = None
    disposal: str | None = None
    offence_group: str | None = None
    problems: tuple[str, ...] = field(default=())


def months_between(first: date, last: date) -> list[str]:
    """Every month from `first` to `last` as YYYY-MM, so a time series shows its empty months."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{date(int(year), int(month), 1):%b %Y}"

