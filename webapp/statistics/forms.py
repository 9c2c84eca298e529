"""The statistics filters: read from the query string, so every filtered view is a link."""
from __future__ import annotations

from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional

from webapp.domain import offence_groups
from webapp.domain.disposals import ALL_DISPOSALS, LABELS
from webapp.domain.ids import parse_id
from webapp.domain.statistics import Filters


class StatisticsFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form: nothing changes

    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    area = SelectField("Area", validators=[Optional()])
    disposal = SelectField("Resolution", validators=[Optional()],
                           choices=[("", "All resolutions")] + [(d, LABELS[d]) for d in ALL_DISPOSALS])
    offence_group = SelectField("Offence group", validators=[Optional()],
                                choices=[("", "All offence groups")] + [(g, g) for g in offence_groups.names()])
    submit = SubmitField("Apply filters")

    def set_areas(self, areas: list[tuple[int, str]]) -> None:
        self.area.choices = [("", "All areas")] + [(str(i), name) for i, name in areas]

    def filters(self, today: date, fixed_area: int | None) -> Filters:
        """The filters to apply; a period given the wrong way round is an error, not a guess."""
        date_to = self.date_to.data or today
        date_from = self.date_from.data or (date_to - timedelta(days=364))
        if date_from > date_to:
            self.date_from.errors = [*self.date_from.errors, "The start date must be on or before the end date"]
        area = fixed_area if fixed_area is not None else parse_id(self.area.data)
        return Filters(date_from, date_to, area, self.disposal.data or None, self.offence_group.data or None)


def quarter_periods(today: date) -> list[tuple[str, date, date]]:
    """This quarter and the three before, as (label, first day, last day), for one-click filters."""
    periods = []
    year, quarter = today.year, (today.month - 1) // 3
    for _ in range(4):
        first = date(year, quarter * 3 + 1, 1)
        last = (date(year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1) - timedelta(days=1))
        periods.append((f"{first:%b}–{last:%b %Y}", first, last))
        year, quarter = (year - 1, 3) if quarter == 0 else (year, quarter - 1)
    return periods


class RefreshForm(FlaskForm):
    submit = SubmitField("Work out the figures again")
