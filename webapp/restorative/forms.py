"""Forms for Restorative Justice: the suitability assessment, arranging it, its outcome and follow-up."""
from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from webapp.domain.restorative import OUTCOMES, RISK_LEVELS, TYPES
from webapp.form_fields import GovDateField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, missing: str) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=YES_NO, validators=[InputRequired(missing)])


def _risk(label: str, missing: str) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=list(RISK_LEVELS.items()), validators=[InputRequired(missing)])


def _notes(label: str) -> TextAreaField:
    return TextAreaField(label, widget=GovTextArea(), validators=[Optional(), Length(max=2000)])


class AssessmentForm(FlaskForm):
    victim_id = SelectField("Victim", widget=GovSelect(), coerce=int, validators=[InputRequired("Select the victim")])
    victim_consents = _yes_no("Has the victim given informed consent to take part?",
                              "Select whether the victim has given informed consent")
    victim_ready = _yes_no("Is the victim ready?", "Select whether the victim is ready")
    victim_risk = _risk("Risk to the victim", "Select the risk to the victim")
    victim_notes = _notes("About the victim (optional)")
    offender_consents = _yes_no("Has the offender given informed consent to take part?",
                                "Select whether the offender has given informed consent")
    offender_accepts_responsibility = _yes_no("Does the offender accept responsibility for the harm?",
                                              "Select whether the offender accepts responsibility")
    offender_ready = _yes_no("Is the offender ready?", "Select whether the offender is ready")
    offender_risk = _risk("Risk from the offender", "Select the risk from the offender")
    offender_notes = _notes("About the offender (optional)")
    safety_plan = TextAreaField("Safety plan (optional)", widget=GovTextArea(),
                                description="Needed when either risk is medium: how contact will be kept safe",
                                validators=[Length(max=2000)])
    assessed_on = GovDateField("Date assessed", what="date assessed", validators=[InputRequired("Enter the date assessed")])
    submit = SubmitField("Save assessment", widget=GovSubmitInput())

    def validate_safety_plan(self, field):
        if "medium" in (self.victim_risk.data, self.offender_risk.data) and not (field.data or "").strip():
            raise ValidationError("Enter the safety plan: a risk is medium")


class ArrangeForm(FlaskForm):
    rj_type = RadioField("Type", widget=GovRadioInput(), choices=list(TYPES.items()),
                         validators=[InputRequired("Select the type of Restorative Justice")])
    facilitator = StringField("Facilitator", widget=GovTextInput(),
                              description="The trained facilitator and their service",
                              validators=[InputRequired("Enter the facilitator"), Length(max=120)])
    condition_id = SelectField("Is it a condition of the outcome?", widget=GovSelect(), coerce=int,
                               validators=[Optional()])
    submit = SubmitField("Save the arrangement", widget=GovSubmitInput())


class OutcomeForm(FlaskForm):
    outcome = RadioField("What happened", widget=GovRadioInput(), choices=list(OUTCOMES.items()),
                         validators=[InputRequired("Select what happened")])
    outcome_on = GovDateField("Date", what="date", validators=[InputRequired("Enter the date")])
    notes = TextAreaField("Notes (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    follow_up_on = GovDateField("Follow up on (optional)", what="follow-up date",
                                description="When the facilitator will check on both participants",
                                validators=[Optional()])
    submit = SubmitField("Record outcome", widget=GovSubmitInput())


class FollowUpForm(FlaskForm):
    notes = TextAreaField("Follow-up", widget=GovTextArea(),
                          description="How the victim and the offender are since, and anything still to do",
                          validators=[InputRequired("Enter what the follow-up found"), Length(max=2000)])
    submit = SubmitField("Record follow-up", widget=GovSubmitInput())
