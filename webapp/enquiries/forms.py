"""Forms for logging, routing, answering and passing on an enquiry."""
from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.domain.enquiries import (CHANNELS, DEFAULT_TARGET_DAYS, DIRECTIONS, FROM_TYPES, MAX_TARGET_DAYS, TEAMS,
                                     USUAL_TEAM)
from webapp.form_fields import GovDateField, WholeNumberField


class RoutingFields:
    team = SelectField("Team to answer it", widget=GovSelect(), choices=list(TEAMS.items()),
                       validators=[InputRequired("Select the team to answer it")])
    assigned_to_id = SelectField("Person (optional)", widget=GovSelect(), coerce=int,
                                 description="Leave as anyone in the team to put it in the team's queue",
                                 validators=[Optional()])


class EnquiryForm(RoutingFields, FlaskForm):
    team = SelectField("Team to answer it", widget=GovSelect(),
                       choices=[(USUAL_TEAM, "The usual team for who is asking (victims go to victim liaison)")]
                       + list(TEAMS.items()), default=USUAL_TEAM,
                       validators=[InputRequired("Select the team to answer it")])
    direction = RadioField("Received or sent", widget=GovRadioInput(), choices=list(DIRECTIONS.items()), default="in",
                           validators=[InputRequired("Select whether it was received or sent")])
    channel = RadioField("How", widget=GovRadioInput(), choices=list(CHANNELS.items()),
                         validators=[InputRequired("Select how it came in or went out")])
    from_type = SelectField("Who", widget=GovSelect(), choices=[("", "Choose")] + list(FROM_TYPES.items()),
                            validators=[InputRequired("Select who it is from or to")])
    contact_name = StringField("Their name", widget=GovTextInput(),
                               validators=[InputRequired("Enter the name of the person"), Length(max=120)])
    contact_details = StringField("How to reach them (optional)", widget=GovTextInput(),
                                  description="Telephone number or e-mail address",
                                  validators=[Optional(), Length(max=200)])
    case_reference = StringField("Case reference (optional)", widget=GovTextInput(),
                                 description="For example OC26-000123. Leave empty if it is not about a case",
                                 validators=[Optional(), Length(max=20)])
    summary = TextAreaField("What it is about", widget=GovTextArea(),
                            validators=[InputRequired("Enter what the enquiry is about"), Length(max=4000)])
    received_on = GovDateField("Date", what="date it was received or sent",
                               validators=[InputRequired("Enter the date it was received or sent")])
    target_days = WholeNumberField("Answer within (working days)", default=DEFAULT_TARGET_DAYS,
                                   not_a_number="Enter the number of working days as a whole number, like 5",
                                   validators=[InputRequired("Enter the number of working days to answer within"),
                                               NumberRange(min=0, max=MAX_TARGET_DAYS,
                                                           message=f"Enter a number of working days from 0 to {MAX_TARGET_DAYS}")])
    submit = SubmitField("Log enquiry", widget=GovSubmitInput())


class RouteForm(RoutingFields, FlaskForm):
    submit = SubmitField("Route enquiry", widget=GovSubmitInput())


class AnswerForm(FlaskForm):
    response = TextAreaField("What they were told", widget=GovTextArea(),
                             validators=[InputRequired("Enter what they were told"), Length(max=4000)])
    answered_on = GovDateField("Date answered", what="date it was answered",
                               validators=[InputRequired("Enter the date it was answered")])
    submit = SubmitField("Record the answer", widget=GovSubmitInput())


class PassOnForm(FlaskForm):
    to = StringField("Passed on to", widget=GovTextInput(),
                     description="Who can answer it: for example the officer in the case, with their collar number",
                     validators=[InputRequired("Enter who it was passed on to"), Length(max=200)])
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Record as passed on", widget=GovSubmitInput())
