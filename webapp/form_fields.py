"""Form fields shared by every blueprint."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from wtforms import DateField, DecimalField, IntegerField
from wtforms.validators import ValidationError


class NumberField(DecimalField):
    """A decimal with a message that says what to type, as GOV.UK asks."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, *, not_a_number: str, **kwargs):
        super().__init__(label, validators, places=None, **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = Decimal(valuelist[0].strip().lstrip("£").replace(",", ""))
        except InvalidOperation:
            self.data = None
            raise ValueError(self.not_a_number) from None
        if not self.data.is_finite():
            self.data = None
            raise ValueError(self.not_a_number)


class GovDateField(DateField):
    """A GOV.UK day/month/year date with the design system's error wording.

    govuk-frontend-wtf expects exactly three raw values; a browser that sends none (or a
    crafted request) would otherwise crash the page instead of showing "Enter ...".
    """

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, *, what: str = "date", **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)
        self.what = what

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            valuelist = (list(valuelist) + ["", "", ""])[:3]
        self.raw_data = [v.strip() for v in valuelist]
        if not any(self.raw_data):
            self.data = None
            return
        day, month, year = self.raw_data
        missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            self.data = None
            raise ValueError(f"The {self.what} must include a {' and '.join(missing)}")
        if len(year) != 4:
            self.data = None
            raise ValueError(f"The year of the {self.what} must have 4 numbers, like 2026")
        try:
            self.data = datetime.strptime(f"{day} {month} {year}", "%d %m %Y").date()
        except ValueError:
            self.data = None
            raise ValueError(f"The {self.what} must be a real date") from None


class WholeNumberField(IntegerField):
    """An integer field whose 'not a number' message says what to type, as GOV.UK asks."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, *, not_a_number: str, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.not_a_number) from None


def not_in_future(what: str):
    """A validator for a date that has happened (a contact, an outcome, a birth): today at the latest."""
    def check(form, field):
        if field.data and field.data > date.today():
            raise ValidationError(f"The {what} must be today or in the past")
    return check


def clock_time(form, field):
    """A 24-hour clock time typed as 14:30 (the delivery and agreement records ask for one)."""
    if field.data:
        try:
            datetime.strptime(field.data.strip(), "%H:%M")
        except ValueError:
            raise ValidationError(f"Enter the {field.label.text.lower()} like 14:30") from None


def date_at_clock(day: date | None, clock_field) -> datetime | None:
    """The moment a day field and a clock_time field name together; None until both are given and valid."""
    if not day or not (clock_field.data or "").strip() or clock_field.errors:
        return None
    return datetime.combine(day, datetime.strptime(clock_field.data.strip(), "%H:%M").time())
