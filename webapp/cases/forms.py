"""Referral intake and case update forms, with GOV.UK-style messages."""
from __future__ import annotations

import re
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
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
    StringField,
    SubmitField,
    TextAreaField,
)
from webapp.form_fields import GovDateField, WholeNumberField, not_in_future
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.models import Offence, Person, Victim
from webapp.models.case import MODES_OF_TRIAL, SOURCES
from webapp.models.victim import VIEWS
from webapp.services.cases import Intake
from webapp.domain.victims import age_on
from webapp.domain.youth import AGE_OF_CRIMINAL_RESPONSIBILITY

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.I)
PNC_ID = re.compile(r"^\d{2,4}/\d{1,7}[A-Z]$", re.I)


def _postcode(form, field):
    if field.data and not POSTCODE.match(field.data.strip()):
        raise ValidationError("Enter a real postcode, like SW1A 1AA")


def _pnc_id(form, field):
    if field.data and not PNC_ID.match(field.data.strip()):
        raise ValidationError("Enter the PNC ID in the format YY/NNNNNNNL, like 19/1234567X")


class VictimEntry(Form):
    """One victim. Leave the names blank to record no victim (e.g. possession offences)."""

    first_name = StringField("First name", widget=GovTextInput(), validators=[Optional(), Length(max=80)])
    last_name = StringField("Last name or organisation", widget=GovTextInput(), validators=[Length(max=80)])
    address_line1 = StringField("Address", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    town = StringField("Town or city", widget=GovTextInput(), validators=[Optional(), Length(max=80)])
    postcode = StringField("Postcode", widget=GovTextInput(), validators=[Optional(), _postcode])
    phone = StringField("Telephone", widget=GovTextInput(), validators=[Optional(), Length(max=30)])
    email = StringField("Email", widget=GovTextInput(), validators=[Optional(), Email("Enter an email address like name@example.com")])
    vulnerable = BooleanField("Vulnerable victim", widget=GovCheckboxInput())
    intimidated = BooleanField("Intimidated victim", widget=GovCheckboxInput())
    persistently_targeted = BooleanField("Persistently targeted", widget=GovCheckboxInput())
    views = SelectField("Victim's views", widget=GovSelect(), choices=list(VIEWS.items()), default="not_obtained")

    def is_blank(self) -> bool:
        return not (self.first_name.data or "").strip() and not (self.last_name.data or "").strip()

    def validate_last_name(self, field):
        if (self.first_name.data or "").strip() and not (field.data or "").strip():
            raise ValidationError("Enter the victim's last name, or the organisation's name")

    def victim(self) -> Victim:
        return Victim(first_name=(self.first_name.data or "").strip(), last_name=(self.last_name.data or "").strip(),
                      address_line1=self.address_line1.data or "", town=self.town.data or "",
                      postcode=(self.postcode.data or "").upper().strip(), phone=self.phone.data or "",
                      email=self.email.data or "", vulnerable=self.vulnerable.data, intimidated=self.intimidated.data,
                      persistently_targeted=self.persistently_targeted.data, views=self.views.data)


class ReferralForm(FlaskForm):
    source = RadioField("Source of referral", widget=GovRadioInput(), choices=list(SOURCES.items()),
                        validators=[InputRequired("Select where the referral came from")])
    area_id = SelectField("Area", widget=GovSelect(), coerce=int,
                          validators=[InputRequired("Select the area")])
    referring_officer = StringField("Referring officer", widget=GovTextInput(),
                                    description="Rank, name and collar number, like PC Ford 6305",
                                    validators=[InputRequired("Enter the referring officer"), Length(max=120)])
    cps_direction = TextAreaField("Prosecutor's direction", widget=GovTextArea(),
                                  description="For CPS-diverted cases: what the prosecutor directed",
                                  validators=[Length(max=4000)])

    first_name = StringField("First name", widget=GovTextInput(), validators=[InputRequired("Enter the suspect's first name"), Length(max=80)])
    last_name = StringField("Last name", widget=GovTextInput(), validators=[InputRequired("Enter the suspect's last name"), Length(max=80)])
    date_of_birth = GovDateField("Date of birth", what="date of birth",
                              description="For example, 27 3 1990",
                              validators=[InputRequired("Enter the suspect's date of birth"), not_in_future("date of birth")])
    address_line1 = StringField("Address line 1", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    address_line2 = StringField("Address line 2", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    town = StringField("Town or city", widget=GovTextInput(), validators=[Optional(), Length(max=80)])
    postcode = StringField("Postcode", widget=GovTextInput(), validators=[Optional(), _postcode])
    pnc_id = StringField("PNC ID (optional)", widget=GovTextInput(), validators=[Optional(), _pnc_id])

    offence_key = SelectField("Offence from the catalogue", widget=GovSelect(), validators=[Optional()],
                              description="Choosing one fills in the wording, mode of trial and default gravity score")
    wording = StringField("Offence wording", widget=GovTextInput(),
                          validators=[InputRequired("Enter the offence wording"), Length(max=255)])
    mode_of_trial = RadioField("Mode of trial", widget=GovRadioInput(), choices=list(MODES_OF_TRIAL.items()),
                               validators=[InputRequired("Select the mode of trial")])
    gravity_score = WholeNumberField("Gravity score", not_a_number="The gravity score must be a number from 1 to 4",
                                 description="From the gravity matrix, 1 (low) to 4 (high)",
                                 validators=[InputRequired("Enter a gravity score from 1 to 4"),
                                             NumberRange(1, 4, "The gravity score must be between 1 and 4")])
    offence_date = GovDateField("Date of the offence", what="date of the offence",
                             validators=[InputRequired("Enter the date of the offence"), not_in_future("date of the offence")])
    location = StringField("Where it happened", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    circumstances = TextAreaField("Circumstances", widget=GovTextArea(), validators=[Optional(), Length(max=8000)])
    domestic_abuse = BooleanField("Domestic abuse", widget=GovCheckboxInput())
    intimate_partner = BooleanField("Against an intimate partner", widget=GovCheckboxInput())
    hate_crime = BooleanField("Hate crime", widget=GovCheckboxInput())

    victims = FieldList(FormField(VictimEntry), min_entries=1, max_entries=10)
    add_victim = SubmitField("Add another victim", widget=GovSubmitInput())
    submit = SubmitField("Create referral", widget=GovSubmitInput())

    def validate_date_of_birth(self, field):
        """A youth's referral is taken (it goes to the Youth Offending Team panel); a child under 10
        cannot be guilty of an offence (Children and Young Persons Act 1933 s.50)."""
        when = min(self.offence_date.data or date.today(), date.today())
        if field.data and age_on(field.data, when) < AGE_OF_CRIMINAL_RESPONSIBILITY:
            raise ValidationError("The suspect was under 10 on the offence date: a child under 10 cannot be "
                                  "guilty of an offence (Children and Young Persons Act 1933 s.50)")

    def validate_offence_date(self, field):
        if field.data and field.data < date(1900, 1, 1):
            raise ValidationError("Enter a real date for the offence")

    def validate_cps_direction(self, field):
        if self.source.data == "cps_diverted" and not (field.data or "").strip():
            raise ValidationError("Enter the prosecutor's direction for a CPS-diverted case")

    def validate_intimate_partner(self, field):
        if field.data and not self.domestic_abuse.data:
            raise ValidationError("Tick domestic abuse as well when the offence was against an intimate partner")

    def intake(self) -> Intake:
        """The referral as typed, for webapp.services.cases.receive_referral."""
        suspect = Person(first_name=self.first_name.data.strip(), last_name=self.last_name.data.strip(),
                         date_of_birth=self.date_of_birth.data, address_line1=self.address_line1.data or "",
                         address_line2=self.address_line2.data or "", town=self.town.data or "",
                         postcode=(self.postcode.data or "").upper().strip(),
                         pnc_id=(self.pnc_id.data or "").upper().strip() or None)
        offence = Offence(offence_key=self.offence_key.data or None, wording=self.wording.data.strip(),
                          mode_of_trial=self.mode_of_trial.data, gravity_score=self.gravity_score.data,
                          offence_date=self.offence_date.data, location=self.location.data or "",
                          domestic_abuse=self.domestic_abuse.data, intimate_partner=self.intimate_partner.data,
                          hate_crime=self.hate_crime.data)
        return Intake(area_id=self.area_id.data, source=self.source.data, referring_officer=self.referring_officer.data,
                      suspect=suspect, offence=offence, circumstances=self.circumstances.data or "",
                      cps_direction=self.cps_direction.data or "",
                      victims=[e.form.victim() for e in self.victims if not e.form.is_blank()])


class CaseUpdateForm(FlaskForm):
    """Assign and move a case on. `version` carries the optimistic lock from the page the user saw."""

    version = HiddenField()
    caseworker_id = SelectField("Caseworker", widget=GovSelect(), coerce=int, validators=[Optional()])
    status = SelectField("Status", widget=GovSelect(), validators=[InputRequired("Select a status")])
    note = TextAreaField("Note for the timeline (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class NoteForm(FlaskForm):
    note = TextAreaField("Add a note", widget=GovTextArea(), validators=[InputRequired("Enter the note"), Length(max=2000)])
    submit = SubmitField("Add note", widget=GovSubmitInput())
