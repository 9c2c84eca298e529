"""The reason for opening a case, and the cover grant form."""
from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from webapp.domain.access import ACCESS_REASONS, OTHER_REASON
from webapp.form_fields import GovDateField


class ReasonForm(FlaskForm):
    reason = RadioField("Why are you opening this case?", widget=GovRadioInput(), choices=list(ACCESS_REASONS.items()),
                        validators=[InputRequired("Select why you are opening this case")])
    details = StringField("Details", widget=GovTextInput(),
                          description="Needed for another reason; optional otherwise (for example, who you are covering)",
                          validators=[Length(max=200, message="The details must be 200 characters or fewer")])
    next = HiddenField()
    submit = SubmitField("Open the case", widget=GovSubmitInput())

    def validate_details(self, field):
        if self.reason.data == OTHER_REASON and not (field.data or "").strip():
            raise ValidationError("Enter why you are opening this case")


class CoverForm(FlaskForm):
    user_id = SelectField("Who is covering?", widget=GovSelect(), coerce=int,
                          validators=[InputRequired("Select who is covering")])
    area_id = SelectField("Which area's cases?", widget=GovSelect(), coerce=int,
                          validators=[InputRequired("Select the area they are covering")])
    until = GovDateField("Last day of cover", what="last day of cover", description="For example, 24 12 2026",
                         validators=[InputRequired("Enter the last day of cover")])
    reason = StringField("Why is cover needed?", widget=GovTextInput(),
                         description="For example, two caseworkers on leave in East this week",
                         validators=[InputRequired("Enter why cover is needed"),
                                     Length(max=255, message="The reason must be 255 characters or fewer")])
    submit = SubmitField("Give cover", widget=GovSubmitInput())


class EndCoverForm(FlaskForm):
    cover = HiddenField()
    submit = SubmitField("End cover now", widget=GovSubmitInput())
