from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from webapp.domain.passwords import MIN_LENGTH, password_problem


class PasswordRule:
    """The password rule in webapp.domain.passwords. The form's username and full name (or its
    `related_inputs`, for a person's own change) count as easy guesses."""

    def __call__(self, form, field):
        related = getattr(form, "related_inputs", None) or tuple(
            getattr(form, name).data or "" for name in ("username", "full_name") if hasattr(form, name))
        problem = password_problem(field.data or "", tuple(related))
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    username = StringField("Username", widget=GovTextInput(), validators=[InputRequired("Enter your username")])
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[InputRequired("Enter your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", widget=GovPasswordInput(),
                            validators=[InputRequired("Enter your current password")])
    new = PasswordField("New password", widget=GovPasswordInput(),
                        description=f"At least {MIN_LENGTH} characters. Three random words are easy to remember and hard to guess",
                        validators=[InputRequired("Enter a new password"), PasswordRule()])
    confirm = PasswordField("Type the new password again", widget=GovPasswordInput(),
                            validators=[InputRequired("Type the new password again"),
                                        EqualTo("new", "The two new passwords are not the same")])
    submit = SubmitField("Change password", widget=GovSubmitInput())
