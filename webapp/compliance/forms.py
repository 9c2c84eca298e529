"""Compliance, breach and evidence forms, with GOV.UK-style messages."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, DecimalField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from webapp.domain import compliance as rules
from webapp.form_fields import GovDateField, clock_time, date_at_clock, not_in_future


class MoneyField(DecimalField):
    """Pounds and pence, typed as people type them ("£1,200.50"), with a message that says what to type.

    Bounded by the money columns (Numeric(10, 2)): a larger amount is a typing mistake, not a payment.
    """

    widget = GovTextInput()
    MAXIMUM = Decimal("99999999.99")

    def __init__(self, label=None, validators=None, *, what: str, **kwargs):
        super().__init__(label, validators, places=2, **kwargs)
        self.what = what

    def process_formdata(self, valuelist):
        self.raw_data = [str(v).strip() for v in valuelist]  # spaces alone are "nothing entered"
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = Decimal(str(valuelist[0]).strip().lstrip("£").replace(",", ""))
        except InvalidOperation:
            self.data = None
            raise ValueError(f"The {self.what} must be an amount of money, like 45.50") from None
        if not self.data.is_finite():
            self.data = None
            raise ValueError(f"The {self.what} must be an amount of money, like 45.50")
        if self.data <= 0:
            self.data = None
            raise ValueError(f"The {self.what} must be more than £0")
        if self.data > self.MAXIMUM:
            self.data = None
            raise ValueError(f"The {self.what} must be £{self.MAXIMUM:,} or less")
        if self.data != self.data.quantize(Decimal("0.01")):
            self.data = None
            raise ValueError(f"The {self.what} must be in pounds and pence, like 45.50")


def _not_in_past(what: str):
    def check(form, field):
        if field.data and field.data < date.today():
            raise ValidationError(f"The {what} must be today or in the future")
    return check


class CompleteForm(FlaskForm):
    completed_on = GovDateField("Date it was completed", what="date it was completed",
                                description="For example, 14 11 2026",
                                validators=[InputRequired("Enter the date the condition was completed"),
                                            not_in_future("date it was completed")])
    evidence = TextAreaField("Evidence of completion", widget=GovTextArea(),
                             description="What shows it was done: a provider's confirmation, a receipt, a letter",
                             validators=[InputRequired("Enter the evidence that the condition was completed"),
                                         Length(max=4000)])
    submit = SubmitField("Mark as completed", widget=GovSubmitInput())


class PaymentForm(FlaskForm):
    amount = MoneyField("Amount paid", what="amount paid", description="In pounds, for example 45.50",
                        validators=[InputRequired("Enter the amount paid")])
    paid_on = GovDateField("Date it was paid", what="date it was paid",
                           validators=[InputRequired("Enter the date it was paid"), not_in_future("date it was paid")])
    reference = StringField("Payment reference (optional)", widget=GovTextInput(),
                            validators=[Optional(), Length(max=60)])
    reported_by = StringField("Reported by", widget=GovTextInput(),
                              description="The money-handling unit and the person who reported it",
                              validators=[InputRequired("Enter who reported the payment"), Length(max=120)])
    submit = SubmitField("Record payment", widget=GovSubmitInput())


class BreachForm(FlaskForm):
    """The outcome choices are set per disposal from webapp.domain.compliance.breach_outcomes."""

    what_happened = TextAreaField("What happened", widget=GovTextArea(),
                                  description="How the condition was not met: dates, reminders sent, contact made",
                                  validators=[InputRequired("Enter what happened"), Length(max=8000)])
    reasonable_excuse = TextAreaField("Any reasonable excuse (optional)", widget=GovTextArea(),
                                      description="An excuse the offender gave or that you know of, and whether it is "
                                                  "reasonable",
                                      validators=[Optional(), Length(max=4000)])
    offender_account = TextAreaField("The offender's account (optional)", widget=GovTextArea(),
                                     description="What the offender said about the breach, if they were asked",
                                     validators=[Optional(), Length(max=8000)])
    outcome = RadioField("What should happen now?", widget=GovRadioInput(),
                         validators=[InputRequired("Select what should happen now")])
    penalty_amount = MoneyField("Financial penalty", what="financial penalty",
                                description="For a financial penalty only")
    penalty_due_date = GovDateField("Date the penalty must be paid by", what="date the penalty must be paid by",
                                    validators=[_not_in_past("date the penalty must be paid by")])
    new_due_date = GovDateField("New date to comply by", what="new date to comply by",
                                description="To continue or vary the condition",
                                validators=[_not_in_past("new date to comply by")])
    notes = TextAreaField("Notes on the outcome (optional)", widget=GovTextArea(),
                          description="For a variation, the new terms", validators=[Length(max=4000)])
    submit = SubmitField("Send for approval", widget=GovSubmitInput())

    def validate_penalty_amount(self, field):
        if self.outcome.data == rules.FINANCIAL_PENALTY and field.data is None and not field.errors:
            raise ValidationError("Enter the financial penalty")

    def validate_penalty_due_date(self, field):
        if self.outcome.data == rules.FINANCIAL_PENALTY and field.data is None and not field.errors:
            raise ValidationError("Enter the date the penalty must be paid by")

    def validate_new_due_date(self, field):
        if self.outcome.data in (rules.CONTINUE, rules.VARY) and field.data is None and not field.errors:
            raise ValidationError("Enter the new date to comply by")

    def validate_notes(self, field):
        if self.outcome.data == rules.VARY and not (field.data or "").strip():
            raise ValidationError("Enter the new terms of the varied condition")


class BreachDecisionForm(FlaskForm):
    decision = RadioField("Do you approve this?", widget=GovRadioInput(),
                          choices=[("approve", "Yes, approve it"), ("reject", "No, reject it")],
                          validators=[InputRequired("Select whether you approve the breach decision")])
    comments = TextAreaField("Comments", widget=GovTextArea(), validators=[Length(max=4000)],
                             description="Required when you reject it")
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    def validate_comments(self, field):
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError("Enter why you are rejecting it")


class WitnessForm(FlaskForm):
    full_name = StringField("Witness's full name", widget=GovTextInput(),
                            validators=[InputRequired("Enter the witness's full name"), Length(max=160)])
    address = StringField("Address (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=255)])
    phone = StringField("Telephone (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=30)])
    email = StringField("Email (optional)", widget=GovTextInput(),
                        validators=[Optional(), Email("Enter an email address like name@example.com"), Length(max=120)])
    submit = SubmitField("Add witness", widget=GovSubmitInput())

    def validate_full_name(self, field):
        if field.data and len(field.data.split()) < 2:
            raise ValidationError("Enter the witness's first name and last name")


class EvidenceForm(FlaskForm):
    title = StringField("What is it?", widget=GovTextInput(),
                        description="Without names, for example “Statement of witness 1” or “Provider's letter”",
                        validators=[InputRequired("Enter what the document is"), Length(max=200)])
    file = FileField("Document", widget=GovFileInput(), description="Word (.docx), PDF or plain text (.txt)",
                     validators=[FileRequired("Select the document to upload")])
    submit = SubmitField("Upload evidence", widget=GovSubmitInput())


class AddValueForm(FlaskForm):
    value = StringField("Something else to remove", widget=GovTextInput(),
                        description="Exactly as it appears, for example a nickname or a house name. It is removed "
                                    "from every document in the bundle.",
                        validators=[InputRequired("Enter what to remove"), Length(max=255)])
    submit = SubmitField("Remove this too", widget=GovSubmitInput())


class PersonDecisionForm(FlaskForm):
    """Remove a person named in the evidence from every document, or keep them with a reason."""

    person = HiddenField(validators=[InputRequired()])
    reason = StringField("Why may this person stay in the bundle?", widget=GovTextInput(),
                         description="Needed only to keep them, for example: the defendant's solicitor, "
                                     "named in their professional role",
                         validators=[Optional(), Length(max=500, message="The reason must be 500 characters or fewer")])


class ActionForm(FlaskForm):
    """A button that changes something: CSRF-protected, no fields."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


class BundleDownloadForm(FlaskForm):
    """DPA 2018 s.62(3): a bundle leaves the team, so the disclosure is logged with its recipient."""

    recipient = StringField("Who will receive it", widget=GovTextInput(),
                            description="Name and organisation, for example Jo Smith, CPS Direct",
                            validators=[InputRequired("Enter who will receive the bundle"), Length(max=200)])
    purpose = StringField("Why it is being disclosed", widget=GovTextInput(),
                          default="Prosecution for the original offence after a breach of conditions",
                          validators=[InputRequired("Enter why the bundle is being disclosed"), Length(max=200)])
    submit = SubmitField("Download", widget=GovSubmitInput())


class AttendanceUploadForm(FlaskForm):
    provider = StringField("Course provider (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    file = FileField("Attendance file", widget=GovFileInput(),
                     description="CSV or Excel (.xlsx). Columns: case reference (or name and date of birth), course, "
                                 "date, attended or did not attend",
                     validators=[FileRequired("Select the attendance file to upload")])
    submit = SubmitField("Upload", widget=GovSubmitInput())


class ResolveForm(FlaskForm):
    """A person's answer to a row that matched nothing or more than one condition."""

    condition = RadioField("Which condition is this row about?", widget=GovRadioInput(), validators=[Optional()])
    reference = StringField("Or find the case by its reference", widget=GovTextInput(),
                            validators=[Optional(), Length(max=20)])
    note = StringField("Note", widget=GovTextInput(), description="Why you matched or dismissed the row",
                       validators=[Optional(), Length(max=255)])
    apply = SubmitField("Record against this condition", widget=GovSubmitInput())
    dismiss = SubmitField("Not one of ours: dismiss", widget=GovSubmitInput())


class TaskDoneForm(FlaskForm):
    task = HiddenField()
    submit = SubmitField("Mark as done", widget=GovSubmitInput())


class VariationAgreementForm(FlaskForm):
    """The offender's agreement to varied conditions (CJA 2003 s.23B). The service checks completeness, so every
    missing item is named beside its field, not only the first."""

    taken_by_name = StringField("Name of the person who took the offender's agreement", widget=GovTextInput(),
                                validators=[Optional(), Length(max=120)])
    taken_by_rank = StringField("Their rank or role", widget=GovTextInput(), description="For example, Sergeant 1234",
                                validators=[Optional(), Length(max=60)])
    offender_agreed = BooleanField("The offender agreed to the new conditions", widget=GovCheckboxInput())
    agreed_on = GovDateField("Date the offender agreed", what="date the offender agreed",
                             validators=[Optional(), not_in_future("date the offender agreed")])
    agreed_time = StringField("Time they agreed", widget=GovTextInput(), description="24-hour clock, like 14:30",
                              validators=[Optional(), clock_time])
    place = StringField("Where they agreed", widget=GovTextInput(),
                        description="For example, Northgate Police Station", validators=[Optional(), Length(max=200)])
    signed_document = FileField("The signed agreement", widget=GovFileInput(),
                                description="A scan or photo of the document the offender signed setting out the new "
                                            "conditions: PDF, JPEG or PNG, up to 10 MB")
    submit = SubmitField("Record the agreement", widget=GovSubmitInput())

    def agreed_at(self) -> datetime | None:
        return date_at_clock(self.agreed_on.data, self.agreed_time)


class VariationRefusedForm(FlaskForm):
    notes = TextAreaField("What the offender said, and who asked them", widget=GovTextArea(),
                          validators=[InputRequired("Enter what the offender said and who asked them"),
                                      Length(max=4000)])
    refused = SubmitField("Record that the offender did not agree", widget=GovSubmitInput())
