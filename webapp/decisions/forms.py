"""Screening, decision, authorisation, delivery and engine-setting forms, with GOV.UK-style messages."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.domain.case import CONDITION_KINDS, PREVIOUS_OUTCOMES
from webapp.domain.conditions import CONDITION_CATALOGUE
from webapp.domain.authorisation import OVERRIDE_CODES
from webapp.domain.delivery import AUTHORITIES, DeliveryFacts
from webapp.domain.youth import PANEL_OUTCOMES as YOUTH_OUTCOMES
from webapp.form_fields import GovDateField, NumberField, clock_time, date_at_clock, not_in_future

YES_NO = [("yes", "Yes"), ("no", "No")]

# law-and-practice.md §3: "[K] typical factors (illustrative, UNCERTAIN wording)". The engine counts
# only whether any is present (one level up or down), so the wording is the force's to confirm.
AGGRAVATING_FACTORS = (
    "vulnerable victim", "hostility based on a protected characteristic", "victim is a public-facing or emergency worker",
    "premeditation", "group offending", "weapon used or shown", "serious injury or loss",
    "committed on bail or licence", "relevant previous offending", "abuse of trust",
)
MITIGATING_FACTORS = (
    "impulsive, spur of the moment", "provocation", "minor injury or loss", "genuine mistake or misunderstanding",
    "reparation already made", "offender's age, health or vulnerability",
)
FACTORS_NOTE = ("Typical factors from the gravity matrix; your force confirms the list. "
                "Any one present moves the score one level; more than one moves it no further.")

OUTCOME_LABELS = {code: code.replace("_", " ").capitalize() for code in PREVIOUS_OUTCOMES}


def _factor_choices(factors: tuple[str, ...], saved: list[str] | None = None) -> list[tuple[str, str]]:
    """The list, plus any factor a case already holds in other words (kept, never silently dropped)."""
    extra = [f for f in (saved or []) if f not in factors]
    return [(f, f[:1].upper() + f[1:]) for f in (*factors, *extra)]


# --- Screening ---------------------------------------------------------------------------------

class PreviousOutcomeEntry(Form):
    outcome = SelectField("Outcome", widget=GovSelect(),
                          choices=[("", "Choose an outcome")] + list(OUTCOME_LABELS.items()), default="")
    outcome_date = GovDateField("Date of the outcome", what="date of the outcome",
                                validators=[Optional(), not_in_future("date of the outcome")])
    similar = BooleanField("For a similar offence", widget=GovCheckboxInput())

    def is_blank(self) -> bool:
        return not self.outcome.data and self.outcome_date.data is None and not any(self.outcome_date.raw_data or [])

    def validate_outcome(self, field):
        if not field.data and not self.is_blank():
            raise ValidationError("Select the previous outcome, or remove the row")

    def validate_outcome_date(self, field):
        if field.data is None and self.outcome.data and not field.errors:
            raise ValidationError("Enter the date of the outcome")


class ScreeningForm(FlaskForm):
    admission = RadioField("Has the suspect admitted the offence?", widget=GovRadioInput(), choices=YES_NO,
                           validators=[InputRequired("Select whether the suspect admitted the offence")])
    admission_date = GovDateField("Date of the admission (optional)", what="date of the admission",
                                  validators=[Optional(), not_in_future("date of the admission")])
    aggravating = SelectMultipleField("Aggravating factors", widget=GovCheckboxesInput(), validators=[Optional()],
                                      description=FACTORS_NOTE)
    mitigating = SelectMultipleField("Mitigating factors", widget=GovCheckboxesInput(), validators=[Optional()],
                                     description=FACTORS_NOTE)
    previous = FieldList(FormField(PreviousOutcomeEntry), min_entries=0, max_entries=20)
    add_previous = SubmitField("Add a previous outcome", widget=GovSubmitInput())
    check = SubmitField("Check eligibility", widget=GovSubmitInput())
    submit = SubmitField("Save screening", widget=GovSubmitInput())

    def set_factor_choices(self, saved_aggravating=None, saved_mitigating=None) -> None:
        posted_agg = self.aggravating.data if self.aggravating.data else saved_aggravating
        posted_mit = self.mitigating.data if self.mitigating.data else saved_mitigating
        self.aggravating.choices = _factor_choices(AGGRAVATING_FACTORS, posted_agg)
        self.mitigating.choices = _factor_choices(MITIGATING_FACTORS, posted_mit)

    def validate_admission_date(self, field):
        if field.data and self.admission.data != "yes":
            raise ValidationError("Leave the date of the admission empty unless the suspect admitted the offence")


# --- Decision ----------------------------------------------------------------------------------

KIND_CHOICES = [("", "Choose")] + [(k, k.capitalize()) for k in CONDITION_KINDS]
TYPE_CHOICES = [("", "Choose from the catalogue")] + [(c.code, c.label) for c in CONDITION_CATALOGUE.values()]


class ConditionEntry(Form):
    """One condition (for a Community Resolution: one agreed action). Leave the type empty to drop the row."""

    type = SelectField("Condition", widget=GovSelect(), choices=TYPE_CHOICES, default="")
    kind = SelectField("Object", widget=GovSelect(), choices=KIND_CHOICES, default="",
                       description="Rehabilitative, reparative, punitive or restrictive")
    description = StringField("What the offender must do", widget=GovTextInput(),
                              validators=[Optional(), Length(max=255)])
    provider = StringField("Provider (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    hours = NumberField("Hours (optional)", not_a_number="Enter the hours as a number, like 6",
                        validators=[Optional(), NumberRange(0, 9999, "The hours must be between 0 and 9,999")])
    amount = NumberField("Amount in pounds (optional)", not_a_number="Enter the amount as a number, like 50",
                         validators=[Optional(), NumberRange(0, 99_999_999, "The amount must be 0 or more")])
    due_date = GovDateField("Due date (optional)", what="due date", validators=[Optional()])

    def is_blank(self) -> bool:
        return not self.type.data and not (self.description.data or "").strip() and not self.kind.data

    def validate_type(self, field):
        if not field.data and not self.is_blank():
            raise ValidationError("Choose the condition from the catalogue, or clear the row")

    def validate_kind(self, field):
        if not field.data and not self.is_blank():
            raise ValidationError("Choose the object of the condition")


class DecisionForm(FlaskForm):
    disposal = RadioField("Disposal", widget=GovRadioInput(),
                          validators=[InputRequired("Select the disposal")])
    conditions = FieldList(FormField(ConditionEntry), min_entries=1, max_entries=12)
    add_condition = SubmitField("Add another condition", widget=GovSubmitInput())
    completion_date = GovDateField("Completion date", what="completion date", validators=[Optional()],
                                   description="The date every condition must be completed by")
    rationale = TextAreaField("Rationale", widget=GovTextArea(),
                              description="Why this disposal is proportionate and lawful: the facts, the victim's "
                                          "views, the offender's history, and any departure from the engine's advice",
                              validators=[InputRequired("Enter the rationale for the decision"), Length(max=8000)])
    override_code = RadioField("Reason for departing from the engine's advice", widget=GovRadioInput(),
                               choices=list(OVERRIDE_CODES.items()), validators=[Optional()])
    override_note = TextAreaField("Override note", widget=GovTextArea(), validators=[Optional(), Length(max=4000)],
                                  description="What makes this case an exception")
    remedy_reason = TextAreaField("Why the action the victim asked for is not attached", widget=GovTextArea(),
                                  validators=[Optional(), Length(max=4000)],
                                  description="Only when it would be inappropriate. The victim is told why.")
    check = SubmitField("Check the decision", widget=GovSubmitInput())
    submit = SubmitField("Submit the decision", widget=GovSubmitInput())

    def filled_conditions(self) -> list[tuple[int, ConditionEntry]]:
        """(row on the form, row) for each condition a caseworker filled in."""
        return [(i, entry.form) for i, entry in enumerate(self.conditions) if not entry.form.is_blank()]

    def validate_completion_date(self, field):
        if field.data and field.data < date.today():
            raise ValidationError("The completion date must be today or in the future")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        completion = self.completion_date.data
        for _, row in self.filled_conditions():
            if row.due_date.data and completion and row.due_date.data > completion:
                add_error(row.due_date, "The due date must be on or before the completion date")
                ok = False
        refresh_list_errors(self.conditions)
        return ok


def add_error(field, message: str) -> None:
    """Add a message to a field after validation (WTForms starts `errors` as a tuple)."""
    field.errors = [*field.errors, message]


def refresh_list_errors(field_list) -> None:
    """A FieldList copies its rows' errors when validated; copy again after adding more."""
    found = [entry.errors for entry in field_list.entries]
    field_list.errors = found if any(found) else []


# --- Authorisation and delivery -----------------------------------------------------------------

def london_now() -> datetime:
    """Consent is recorded on the clock the supervisor reads (UK time), without a zone, as typed."""
    try:
        return datetime.now(ZoneInfo("Europe/London")).replace(tzinfo=None)
    except ZoneInfoNotFoundError:  # no time zone data installed: allow for British Summer Time
        return datetime.now() + timedelta(hours=1)


class ReviewForm(FlaskForm):
    """A supervisor approves or returns one decision. `decision_id` and `version` are the optimistic lock."""

    decision_id = HiddenField()
    version = HiddenField()
    comments = TextAreaField("Comments", widget=GovTextArea(), validators=[Optional(), Length(max=4000)],
                             description="Optional when approving; required when returning the decision")
    prosecutor_name = StringField("Prosecutor's name", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    consent_date = GovDateField("Date of the prosecutor's consent", what="date of consent",
                                validators=[Optional(), not_in_future("date of consent")])
    consent_time = StringField("Time of consent", widget=GovTextInput(), description="24-hour clock, like 14:30",
                               validators=[Optional(), clock_time])
    approve = SubmitField("Approve", widget=GovSubmitInput())
    return_decision = SubmitField("Return with comments", widget=GovSubmitInput())

    def consent_at(self) -> datetime | None:
        return date_at_clock(self.consent_date.data, self.consent_time)

    def require_consent(self) -> bool:
        """On approval of a decision needing a prosecutor: who consented and when. True when complete."""
        ok = True
        if not (self.prosecutor_name.data or "").strip():
            add_error(self.prosecutor_name, "Enter the name of the prosecutor who consented")
            ok = False
        if self.consent_date.data is None and not self.consent_date.errors:
            add_error(self.consent_date, "Enter the date of the prosecutor's consent")
            ok = False
        if not (self.consent_time.data or "").strip():
            add_error(self.consent_time, "Enter the time of the prosecutor's consent")
            ok = False
        consent = self.consent_at() if ok else None
        if consent and consent > london_now():
            add_error(self.consent_time, "The time of consent must be in the past")
            ok = False
        return ok


class DeliverForm(FlaskForm):
    decision_id = HiddenField()
    version = HiddenField()
    submit = SubmitField("Mark delivered", widget=GovSubmitInput())


class DeliveryRecordForm(FlaskForm):
    """How the caution was given (CJA 2003 s.23; PCSC 2022 s.99(2)). The service checks completeness, so every
    missing requirement is named beside its field with its source, not only the first."""

    decision_id = HiddenField()
    version = HiddenField()
    given_by_name = StringField("Name of the person who gave the caution", widget=GovTextInput(),
                                validators=[Optional(), Length(max=120)])
    given_by_rank = StringField("Their rank or role", widget=GovTextInput(), description="For example, Sergeant 1234",
                                validators=[Optional(), Length(max=60)])
    given_by_authority = RadioField("Their authority to give it", widget=GovRadioInput(),
                                    choices=list(AUTHORITIES.items()), validators=[Optional()])
    admission_to_giver = BooleanField("The offender admitted the offence to this person", widget=GovCheckboxInput())
    admission_words = TextAreaField("What the offender said (optional)", widget=GovTextArea(),
                                    validators=[Optional(), Length(max=4000)])
    effect_explained = BooleanField("The effect of the caution was explained to the offender",
                                    widget=GovCheckboxInput())
    breach_warning_given = BooleanField("The offender was warned what happens if a condition is not met",
                                        widget=GovCheckboxInput())
    given_on = GovDateField("Date the caution was given", what="date it was given",
                            validators=[Optional(), not_in_future("date it was given")])
    given_time = StringField("Time it was given", widget=GovTextInput(), description="24-hour clock, like 14:30",
                             validators=[Optional(), clock_time])
    place = StringField("Where it was given", widget=GovTextInput(), description="For example, Northgate Police Station",
                        validators=[Optional(), Length(max=200)])
    signed_document = FileField("The signed caution document", widget=GovFileInput(),
                                description="A scan or photo of the form the offender signed: PDF, JPEG or PNG, "
                                            "up to 10 MB")
    submit = SubmitField("Record delivery", widget=GovSubmitInput())

    def given_at(self) -> datetime | None:
        return date_at_clock(self.given_on.data, self.given_time)

    def facts(self) -> DeliveryFacts:
        """What the form says was done, for naming what is still missing beside a field typed wrongly."""
        return DeliveryFacts(
            given_by_name=self.given_by_name.data or "", given_by_rank=self.given_by_rank.data or "",
            given_by_authority=self.given_by_authority.data or "", admission_to_giver=self.admission_to_giver.data,
            effect_explained=self.effect_explained.data, breach_warning_given=self.breach_warning_given.data,
            signed_document=bool(self.signed_document.data), given_at=self.given_at(), place=self.place.data or "")


class YouthReferralForm(FlaskForm):
    team = StringField("Youth Offending Team", widget=GovTextInput(), description="For example, Northgate Youth "
                       "Justice Service", validators=[InputRequired("Enter the Youth Offending Team"), Length(max=120)])
    referred_on = GovDateField("Date sent to the panel", what="date sent",
                               validators=[InputRequired("Enter the date the case was sent to the panel"),
                                           not_in_future("date sent")])
    refer = SubmitField("Send to the joint decision panel", widget=GovSubmitInput())


class YouthOutcomeForm(FlaskForm):
    outcome = RadioField("The panel's outcome", widget=GovRadioInput(),
                         choices=[(code, label) for code, (label, _) in YOUTH_OUTCOMES.items()],
                         validators=[InputRequired("Select the panel's outcome")])
    outcome_on = GovDateField("Date of the panel's decision", what="date of the decision",
                              validators=[InputRequired("Enter the date of the panel's decision"),
                                          not_in_future("date of the decision")])
    notes = TextAreaField("Notes (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=4000)])
    record = SubmitField("Record the outcome", widget=GovSubmitInput())
