"""Forms for the Full Code Test, the Caution Clinic and the needs assessment, with GOV.UK-style messages.

The per-factor and per-domain fields are generated from the data in webapp.domain.full_code_test and
webapp.domain.needs, so a change to the list changes the form without touching this file.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from webapp.domain.full_code_test import CONCLUSIONS, PUBLIC_INTEREST_FACTORS
from webapp.domain.needs import NEED_DOMAINS
from webapp.domain.partners import REFERRAL_STATUSES
from webapp.form_fields import GovDateField
from webapp.models import User
from webapp.partners import forms as partner_forms
from webapp.models.clinic import APPOINTMENT_PURPOSES
from webapp.services.assessments import Findings, Review
from webapp.services.clinics import Booking

TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
OTHER = "other"
NOTE_MAX = 4000


def parse_time(value: str) -> time | None:
    """'9:30', '09:30' or '14.00' as a time; None when it is not a real 24-hour time."""
    match = TIME.match((value or "").strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


# ----- Full Code Test -------------------------------------------------------------------------------

class FullCodeTestForm(FlaskForm):
    evidential_met = RadioField(
        "Is the evidential stage met?", widget=GovRadioInput(),
        choices=[("yes", "Yes, there is enough evidence for a realistic prospect of conviction"),
                 ("no", "No, the evidential stage is not met")],
        validators=[InputRequired("Select whether the evidential stage is met")])
    evidential_notes = TextAreaField(
        "Evidential review", widget=GovTextArea(),
        description="The evidence relied on, whether it is admissible, reliable and credible, and any admission",
        validators=[InputRequired("Enter your evidential review"), Length(max=NOTE_MAX)])
    public_interest_conclusion = RadioField(
        "Public-interest conclusion", widget=GovRadioInput(), choices=list(CONCLUSIONS.items()),
        validators=[Optional()])
    public_interest_notes = TextAreaField(
        "Reasons for the conclusion", widget=GovTextArea(),
        description="How the factors weigh against each other",
        validators=[Optional(), Length(max=NOTE_MAX)])
    submit = SubmitField("Save the Full Code Test", widget=GovSubmitInput())

    def factor_fields(self):
        return [(f, self[f"pi_{f.key}"], self[f"pi_{f.key}_note"]) for f in PUBLIC_INTEREST_FACTORS]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for factor, relevant, note in self.factor_fields():
            if relevant.data and not (note.data or "").strip():
                note.errors.append(f"Enter a note on {factor.short}, or untick it")
                ok = False
        if self.evidential_met.data == "yes":
            if not any(relevant.data for _, relevant, _ in self.factor_fields()):
                first = self.factor_fields()[0][1]
                first.errors = list(first.errors) + ["Select the public-interest factors that apply to this case"]
                ok = False
            if not self.public_interest_conclusion.data:
                self.public_interest_conclusion.errors = list(self.public_interest_conclusion.errors) + [
                    "Select the public-interest conclusion"]
                ok = False
            elif not (self.public_interest_notes.data or "").strip():
                self.public_interest_notes.errors = list(self.public_interest_notes.errors) + [
                    "Enter the reasons for the public-interest conclusion"]
                ok = False
        return ok

    def review(self) -> Review:
        public_interest = {f.key: {"relevant": bool(relevant.data),
                                   "note": (note.data or "").strip() if relevant.data else ""}
                           for f, relevant, note in self.factor_fields()}
        return Review(evidential_met=self.evidential_met.data == "yes", evidential_notes=self.evidential_notes.data,
                      public_interest=public_interest, conclusion=self.public_interest_conclusion.data,
                      conclusion_notes=self.public_interest_notes.data or "")


for _factor in PUBLIC_INTEREST_FACTORS:
    # The guidance shows as the checkbox's own hint (see full_code_test.html), not above it.
    setattr(FullCodeTestForm, f"pi_{_factor.key}", BooleanField(_factor.question, widget=GovCheckboxInput()))
    setattr(FullCodeTestForm, f"pi_{_factor.key}_note", TextAreaField(
        f"How {_factor.short} applies", widget=GovTextArea(), validators=[Optional(), Length(max=NOTE_MAX)]))


# ----- Caution Clinic -------------------------------------------------------------------------------

class BookingForm(FlaskForm):
    appointment_date = GovDateField("Date", what="date of the appointment", description="For example, 17 3 2026",
                                    validators=[InputRequired("Enter the date of the appointment")])
    appointment_time = StringField("Time", widget=GovTextInput(),
                                   description="Use the 24-hour clock, like 09:30 or 14:00",
                                   validators=[InputRequired("Enter the time of the appointment")])
    location = RadioField("Where", widget=GovRadioInput(), validators=[InputRequired("Select where the appointment is")])
    location_other = StringField("Where the appointment is", widget=GovTextInput(), validators=[Length(max=120)])
    caseworker_id = SelectField("Caseworker", widget=GovSelect(), coerce=int,
                                validators=[InputRequired("Select the caseworker who will see the person")])
    purpose = RadioField("Purpose", widget=GovRadioInput(), choices=list(APPOINTMENT_PURPOSES.items()),
                         default="needs_assessment", validators=[InputRequired("Select the purpose of the appointment")])
    notes = TextAreaField("Notes (optional)", widget=GovTextArea(),
                          description="For example, an interpreter or appropriate adult is needed",
                          validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Book appointment", widget=GovSubmitInput())

    def validate_appointment_date(self, field):
        if field.data and field.data < date.today():
            raise ValidationError("The date of the appointment must be today or in the future")

    def validate_appointment_time(self, field):
        when = parse_time(field.data)
        if when is None:
            raise ValidationError("Enter the time in the 24-hour clock, like 09:30 or 14:00")
        if self.appointment_date.data == date.today() and when < datetime.now().time():
            raise ValidationError("The time of the appointment must be in the future")

    def validate_location_other(self, field):
        if self.location.data == OTHER and not (field.data or "").strip():
            raise ValidationError("Enter where the appointment is")

    def validate_caseworker_id(self, field):
        if not field.data:
            raise ValidationError("Select the caseworker who will see the person")

    def booking(self, caseworker: User) -> Booking:
        where = (self.location_other.data or "").strip() if self.location.data == OTHER else self.location.data
        return Booking(starts_at=datetime.combine(self.appointment_date.data, parse_time(self.appointment_time.data)),
                       location=where, caseworker=caseworker, purpose=self.purpose.data, notes=self.notes.data or "")


class AttendanceForm(FlaskForm):
    appointment_id = HiddenField(validators=[InputRequired("Choose an appointment")])
    outcome = RadioField("Did the person attend?", widget=GovRadioInput(),
                         choices=[("attended", "Attended"), ("did_not_attend", "Did not attend")],
                         validators=[InputRequired("Select whether the person attended")])
    notes = TextAreaField("Notes (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])


class CancelForm(FlaskForm):
    reason = TextAreaField("Why is it cancelled?", widget=GovTextArea(),
                           validators=[InputRequired("Enter why the appointment is cancelled"), Length(max=2000)])
    submit = SubmitField("Cancel appointment", widget=GovSubmitInput())


# ----- Needs assessment -----------------------------------------------------------------------------

class NeedsForm(FlaskForm):
    appointment_id = SelectField("Clinic appointment", widget=GovSelect(), coerce=int, validators=[Optional()])
    # Hints for these two are the checkboxes' own (needs.html), so they sit under each box.
    vulnerable = BooleanField("The person is vulnerable", widget=GovCheckboxInput())
    safeguarding_concern = BooleanField("There is a safeguarding concern", widget=GovCheckboxInput())
    safeguarding_notes = TextAreaField("Vulnerability and safeguarding: what was found and what was done",
                                       widget=GovTextArea(), validators=[Optional(), Length(max=NOTE_MAX)])
    assessor_opinion = TextAreaField(
        "Your professional opinion (optional)", widget=GovTextArea(),
        description="Your assessment of the person's needs, motivation and risk. Kept apart from the facts above "
                    "(Data Protection Act 2018 s.38(4)).",
        validators=[Optional(), Length(max=NOTE_MAX)])
    submit = SubmitField("Save needs assessment", widget=GovSubmitInput())

    def domain_fields(self):
        return [(d, self[f"need_{d.key}"], self[f"need_{d.key}_note"]) for d in NEED_DOMAINS]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for domain, present, note in self.domain_fields():
            if present.data and not (note.data or "").strip():
                note.errors.append(f"Enter the facts about {domain.label.lower()}, or untick it")
                ok = False
        if (self.vulnerable.data or self.safeguarding_concern.data) and not (self.safeguarding_notes.data or "").strip():
            self.safeguarding_notes.errors = list(self.safeguarding_notes.errors) + [
                "Describe the vulnerability or safeguarding concern and what was done about it"]
            ok = False
        return ok

    def findings(self) -> Findings:
        needs = {d.key: {"present": bool(present.data), "note": (note.data or "").strip() if present.data else ""}
                 for d, present, note in self.domain_fields()}
        return Findings(needs=needs, vulnerable=self.vulnerable.data, safeguarding_concern=self.safeguarding_concern.data,
                        safeguarding_notes=self.safeguarding_notes.data or "",
                        assessor_opinion=self.assessor_opinion.data or "", appointment_id=self.appointment_id.data or None)


for _domain in NEED_DOMAINS:
    setattr(NeedsForm, f"need_{_domain.key}", BooleanField(_domain.label, widget=GovCheckboxInput()))
    setattr(NeedsForm, f"need_{_domain.key}_note", TextAreaField(
        "Facts", widget=GovTextArea(), description="What the person said or records show, not your opinion",
        validators=[Optional(), Length(max=2000)]))


class ReferralForm(partner_forms.ReferralForm):
    """The offender's referral from the needs assessment: the partners page's form without who is referred
    (always the offender) or a condition (there is no decision yet). It is made through
    webapp.services.partners like every other referral, which checks the agreement."""

    subject = None
    victim_id = None
    condition_id = None


class ReferralStatusForm(FlaskForm):
    referral_id = HiddenField(validators=[InputRequired("Choose a referral")])
    status = SelectField("New status", widget=GovSelect(), choices=list(REFERRAL_STATUSES.items()),
                         validators=[InputRequired("Select the new status")])
    consent = BooleanField("The person agreed to the referral", widget=GovCheckboxInput())
    submit = SubmitField("Update", widget=GovSubmitInput())
