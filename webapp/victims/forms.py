"""Victim liaison forms, with GOV.UK-style messages."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from webapp.domain.conditions import CONDITION_CATALOGUE
from webapp.form_fields import GovDateField, not_in_future
from webapp.models.victim import RJ_RESPONSES, SATISFACTION, VIEWS
from webapp.models.victim_contact import METHODS, PURPOSES

ALL_VICTIMS = "all"

VIEW_CHOICES = [
    ("supports_oocd", VIEWS["supports_oocd"]),
    ("opposes_oocd", VIEWS["opposes_oocd"]),
    ("not_obtained", "Not obtained: record the effort made"),
]


class ViewsForm(FlaskForm):
    views = RadioField("What are the victim's views on an out-of-court resolution?", widget=GovRadioInput(),
                       choices=VIEW_CHOICES, validators=[InputRequired("Select the victim's views")])
    obtained_on = GovDateField("Date of the contact", what="date of the contact", description="For example, 3 3 2026",
                               validators=[InputRequired("Enter the date of the contact"),
                                           not_in_future("date of the contact")])
    method = RadioField("How did you contact the victim?", widget=GovRadioInput(), choices=list(METHODS.items()),
                        validators=[InputRequired("Select how you contacted the victim")])
    notes = TextAreaField("What the victim said", widget=GovTextArea(),
                          description="Their views on the offence, the proposed resolution and any conditions "
                                      "(for example an apology or compensation). If you could not get their views, "
                                      "say what you tried.",
                          validators=[InputRequired("Enter what the victim said, or what you tried"), Length(max=4000)])
    requested_action = SelectField("Which action from the community remedy menu would the victim like the "
                                   "offender to carry out?", widget=GovSelect(), validators=[Optional()],
                                   description="Ask them: an action they choose must be attached to a Community "
                                               "Resolution or a conditional caution unless it would be "
                                               "inappropriate, and then they are told why.")
    version = HiddenField()  # the victim record's version when the form was opened (a stale save is refused)
    submit = SubmitField("Save views", widget=GovSubmitInput())

    def set_action_choices(self, actions) -> None:
        self.requested_action.choices = [("", "None asked for")] + [(str(a.id), a.title) for a in actions]


class RemedyActionForm(FlaskForm):
    """One action on the community remedy document (ASBCPA 2014 s.101(2)-(3))."""

    title = StringField("Action", widget=GovTextInput(), description="As the victim will read it, for example "
                        "“Letter of apology”", validators=[InputRequired("Enter the action"), Length(max=120)])
    description = TextAreaField("Description (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    condition_type = RadioField("What condition it becomes", widget=GovRadioInput(),
                                choices=[(c.code, c.label) for c in CONDITION_CATALOGUE.values()],
                                validators=[InputRequired("Select what condition the action becomes")])
    kind = RadioField("Its object", widget=GovRadioInput(),
                      choices=[("rehabilitative", "Rehabilitation"), ("reparative", "Reparation"),
                               ("punitive", "Punishment")],
                      validators=[InputRequired("Select the action's object")])
    submit = SubmitField("Add to the menu", widget=GovSubmitInput())

    def validate_kind(self, field):
        kinds = CONDITION_CATALOGUE[self.condition_type.data].kinds if self.condition_type.data in \
            CONDITION_CATALOGUE else ()
        if field.data and kinds and field.data not in kinds:
            raise ValidationError(f"That condition can only serve {' or '.join(kinds)}")


class DateOfBirthForm(FlaskForm):
    date_of_birth = GovDateField("Date of birth", what="date of birth", description="For example, 27 3 2009",
                                 validators=[InputRequired("Enter the victim's date of birth"),
                                             not_in_future("date of birth")])
    submit = SubmitField("Save date of birth", widget=GovSubmitInput())

    def validate_date_of_birth(self, field):
        if field.data and field.data.year < 1900:
            raise ValidationError("Enter a real date of birth")


class RestorativeJusticeForm(FlaskForm):
    offered_on = GovDateField("Date restorative justice was offered", what="date it was offered",
                              validators=[InputRequired("Enter the date restorative justice was offered"),
                                          not_in_future("date it was offered")])
    method = RadioField("How was it offered?", widget=GovRadioInput(), choices=list(METHODS.items()),
                        validators=[InputRequired("Select how restorative justice was offered")])
    response = RadioField("The victim's answer", widget=GovRadioInput(), choices=list(RJ_RESPONSES.items()),
                          validators=[InputRequired("Select the victim's answer")])
    notes = TextAreaField("Notes (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=4000)])
    submit = SubmitField("Save", widget=GovSubmitInput())


class SatisfactionForm(FlaskForm):
    """Asked when the case closes: how satisfied the victim was with how it was dealt with."""

    answer = RadioField("How satisfied was the victim with how their case was dealt with?", widget=GovRadioInput(),
                        choices=list(SATISFACTION.items()),
                        validators=[InputRequired("Select how satisfied the victim was, or that they declined to say")])
    asked_on = GovDateField("Date the victim was asked", what="date the victim was asked",
                            validators=[InputRequired("Enter the date the victim was asked"),
                                        not_in_future("date the victim was asked")])
    submit = SubmitField("Save", widget=GovSubmitInput())


class ContactTaskForm(FlaskForm):
    victim = RadioField("Which victim?", widget=GovRadioInput(),
                        validators=[InputRequired("Select the victim to contact")])
    purpose = RadioField("What is the contact for?", widget=GovRadioInput(), choices=list(PURPOSES.items()),
                         validators=[InputRequired("Select what the contact is for")])
    reason = StringField("Reason", widget=GovTextInput(),
                         description="What happened that the victim must hear about, like “Conditional caution given”",
                         validators=[InputRequired("Enter why the victim needs to be contacted"), Length(max=200)])
    start = GovDateField("Date the clock starts", what="date the clock starts",
                         description="Usually the date of the decision or event. The due date counts working days "
                                     "from the day after.",
                         validators=[InputRequired("Enter the date the clock starts")])
    submit = SubmitField("Create task", widget=GovSubmitInput())

    def validate_start(self, field):
        if field.data and field.data < date(2000, 1, 1):
            raise ValidationError("Enter a real date for when the clock starts")


class RecordContactForm(FlaskForm):
    reached = RadioField("Did you reach the victim?", widget=GovRadioInput(),
                         choices=[("yes", "Yes"), ("no", "No, record the attempt and keep the task open")],
                         validators=[InputRequired("Select whether you reached the victim")])
    method = RadioField("How?", widget=GovRadioInput(), choices=list(METHODS.items()),
                        validators=[InputRequired("Select how you contacted the victim")])
    summary = TextAreaField("Summary", widget=GovTextArea(),
                            validators=[InputRequired("Enter a summary of the contact"), Length(max=4000)])
    views = RadioField("The victim's views on an out-of-court resolution", widget=GovRadioInput(),
                       choices=VIEW_CHOICES, validators=[Optional()])
    rj_response = RadioField("The victim's answer to restorative justice", widget=GovRadioInput(),
                             choices=list(RJ_RESPONSES.items()), validators=[Optional()])
    submit = SubmitField("Save contact", widget=GovSubmitInput())

    def check_purpose(self, purpose: str) -> bool:
        """Views and restorative justice contacts that reached the victim must say what the answer was."""
        if self.reached.data != "yes":
            return True
        missing = {"views": (self.views, "Select the victim's views"),
                   "restorative_justice": (self.rj_response, "Select the victim's answer")}.get(purpose)
        if missing is None or missing[0].data:
            return True
        missing[0].errors = list(missing[0].errors) + [missing[1]]
        self._errors = None  # recompute form.errors with this one
        return False
