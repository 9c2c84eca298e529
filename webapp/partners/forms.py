"""Forms for the provider directory and for referrals to partner agencies."""
from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError, Email, InputRequired, Length, NumberRange, Optional

from webapp.domain.partners import REFERRAL_METHODS, REFERRAL_STATUSES, SERVICES, SUBJECTS
from webapp.form_fields import GovDateField, WholeNumberField


class ProviderForm(FlaskForm):
    name = StringField("Organisation", widget=GovTextInput(),
                       validators=[InputRequired("Enter the name of the organisation"), Length(max=120)])
    services = SelectMultipleField("Services it offers", widget=GovCheckboxesInput(), choices=list(SERVICES.items()),
                                   validators=[InputRequired("Select at least one service")])
    areas = SelectMultipleField("Areas it covers", widget=GovCheckboxesInput(),
                                description="Leave all unticked if it takes referrals from every area",
                                validators=[Optional()])
    address = TextAreaField("Postal address", widget=GovTextArea(), description="One line per line of the address",
                            validators=[InputRequired("Enter the postal address"), Length(max=500)])
    phone = StringField("Telephone", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    email = StringField("E-mail", widget=GovTextInput(),
                        validators=[Optional(), Email("Enter an e-mail address like name@example.org"), Length(max=120)])
    contact_route = TextAreaField("How to contact them about a referral", widget=GovTextArea(),
                                  description="For example the referrals team, a named contact or opening hours",
                                  validators=[Optional(), Length(max=1000)])
    referral_method = RadioField("How referrals are made", widget=GovRadioInput(), choices=list(REFERRAL_METHODS.items()),
                                 validators=[InputRequired("Select how referrals are made")])
    capacity = WholeNumberField("Places available", not_a_number="Enter the number of places as a whole number, like 12",
                                validators=[Optional(), NumberRange(min=0, max=100000,
                                                                    message="Enter a number of places from 0 upwards")])
    waiting_weeks = WholeNumberField("Waiting time in weeks", not_a_number="Enter the waiting time as a whole number of weeks, like 3",
                                     validators=[Optional(), NumberRange(min=0, max=520,
                                                                         message="Enter a waiting time from 0 weeks upwards")])
    active = BooleanField("Taking referrals", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save provider", widget=GovSubmitInput())

    def values(self) -> dict:
        return {"name": " ".join(self.name.data.split()), "services": list(self.services.data),
                "areas": list(self.areas.data or []), "address": self.address.data.strip(),
                "phone": (self.phone.data or "").strip(), "email": (self.email.data or "").strip(),
                "contact_route": (self.contact_route.data or "").strip(), "referral_method": self.referral_method.data,
                "capacity": self.capacity.data, "waiting_weeks": self.waiting_weeks.data, "active": bool(self.active.data)}


class ReferralForm(FlaskForm):
    """A referral for the offender or for one of the victims. Service and provider come from the directory."""

    subject = RadioField("Who is being referred", widget=GovRadioInput(), choices=list(SUBJECTS.items()),
                         default="offender", validators=[InputRequired("Select who is being referred")])
    victim_id = SelectField("Which victim", widget=GovSelect(), coerce=int, validators=[Optional()])
    service = SelectField("Service", widget=GovSelect(), validators=[InputRequired("Select the service")])
    provider_id = SelectField("Provider", widget=GovSelect(), coerce=int,
                              description="Providers in the directory that offer the service in the case's area",
                              validators=[InputRequired("Select the provider")])
    reason = TextAreaField("Why refer", widget=GovTextArea(),
                           description="Only what the provider needs to know: it goes in the referral letter",
                           validators=[InputRequired("Enter why the person is being referred"), Length(max=2000)])
    condition_id = SelectField("Is it how a condition will be met?", widget=GovSelect(), coerce=int,
                               validators=[Optional()])
    consent = BooleanField("The person agreed to this referral and to their details being shared with the provider",
                           widget=GovCheckboxInput())
    send = RadioField("Send it now?", widget=GovRadioInput(),
                      choices=[("no", "No, propose it for now"), ("yes", "Yes, it has been sent today")],
                      default="no", validators=[InputRequired("Select whether the referral has been sent")])
    submit = SubmitField("Save referral", widget=GovSubmitInput())

    def validate_provider_id(self, field):
        if not field.data:
            raise ValidationError("Select the provider")

    def validate_victim_id(self, field):
        if self.subject.data == "victim" and not field.data:
            raise ValidationError("Select which victim is being referred")

    def show_refusal(self, problem: str) -> None:
        """Put the referral service's refusal beside the question it is about, so the error summary links to it."""
        if "agreed" in problem:
            field = self.consent
        elif "victim" in problem.lower() and self.victim_id is not None:
            field = self.victim_id
        elif "condition" in problem and self.condition_id is not None:
            field = self.condition_id
        elif "does not offer" in problem:
            field = self.provider_id
        else:
            field = self.service
        field.errors = list(field.errors) + [problem]


class ReferralUpdateForm(FlaskForm):
    referral_id = HiddenField(validators=[InputRequired("Choose a referral")])
    status = SelectField("New status", widget=GovSelect(), choices=[("", "Choose")] + list(REFERRAL_STATUSES.items()),
                         validators=[InputRequired("Select the new status")])
    on = GovDateField("Date", what="date of the change", validators=[InputRequired("Enter the date of the change")])
    consent = BooleanField("The person agreed to the referral", widget=GovCheckboxInput())
    notes = TextAreaField("What the provider said", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Update referral", widget=GovSubmitInput())
