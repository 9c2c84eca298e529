from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovPasswordInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from webapp.form_fields import GovDateField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from webapp.auth.forms import PasswordRule
from webapp.domain.passwords import MIN_LENGTH as MIN_PASSWORD
from webapp.models.audit import ACTIONS
from webapp.models.user import ROLES


class UserForm(FlaskForm):
    username = StringField("Username", widget=GovTextInput(), validators=[
        InputRequired("Enter a username"), Length(3, 80, "The username must be 3 to 80 characters"),
        Regexp(r"^[a-z0-9._-]+$", message="Use lower-case letters, numbers, dots, dashes or underscores")])
    full_name = StringField("Full name", widget=GovTextInput(), validators=[InputRequired("Enter the person's full name"), Length(max=120)])
    role = SelectField("Role", widget=GovSelect(), choices=list(ROLES.items()), validators=[InputRequired("Select a role")])
    area_id = SelectField("Home area", widget=GovSelect(), coerce=int, validators=[Optional()])
    password = PasswordField("Password", widget=GovPasswordInput(), description=f"At least {MIN_PASSWORD} characters",
                             validators=[InputRequired("Enter a password"), PasswordRule()])
    submit = SubmitField("Add user", widget=GovSubmitInput())


class EditUserForm(FlaskForm):
    full_name = StringField("Full name", widget=GovTextInput(), validators=[InputRequired("Enter the person's full name"), Length(max=120)])
    role = SelectField("Role", widget=GovSelect(), choices=list(ROLES.items()), validators=[InputRequired("Select a role")])
    area_id = SelectField("Home area", widget=GovSelect(), coerce=int, validators=[Optional()])
    active = BooleanField("Account active", widget=GovCheckboxInput())
    password = PasswordField("New password (optional)", widget=GovPasswordInput(),
                             description=f"At least {MIN_PASSWORD} characters. Leave blank to keep the current password",
                             validators=[Optional(), PasswordRule()])
    submit = SubmitField("Save user", widget=GovSubmitInput())


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search: nothing changes

    username = StringField("User", widget=GovTextInput(), validators=[Optional()])
    record_id = StringField("Record (e.g. case reference)", widget=GovTextInput(), validators=[Optional()])
    action = SelectField("Operation", widget=GovSelect(), choices=[("", "Any")] + list(ACTIONS.items()), validators=[Optional()])
    date_from = GovDateField("From", validators=[Optional()])
    date_to = GovDateField("To", validators=[Optional()])
