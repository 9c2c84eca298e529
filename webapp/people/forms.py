from __future__ import annotations

from flask_wtf import FlaskForm

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from webapp.form_fields import GovDateField, not_in_future


class MatchDecisionForm(FlaskForm):
    """Same person (merge) or not: one form, two buttons, so the reason travels with either."""

    candidate = HiddenField()
    reason = TextAreaField("Why (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=1000)])
    merge = SubmitField("Same person: merge the records", widget=GovSubmitInput())
    reject = SubmitField("Not the same person", widget=GovSubmitInput())


class UndoMergeForm(FlaskForm):
    merge_id = HiddenField()
    undo_reason = TextAreaField("Why is this merge wrong?", widget=GovTextArea(),
                                validators=[InputRequired("Enter why the merge is wrong"), Length(max=1000)])
    submit = SubmitField("Undo the merge", widget=GovSubmitInput())


class AliasForm(FlaskForm):
    """Another name (and, if different, date of birth) the person has used: matching compares these too."""

    first_name = StringField("First name", widget=GovTextInput(),
                             validators=[InputRequired("Enter the first name they used"), Length(max=80)])
    last_name = StringField("Last name", widget=GovTextInput(),
                            validators=[InputRequired("Enter the last name they used"), Length(max=80)])
    date_of_birth = GovDateField("Date of birth used with this name (optional)", what="date of birth",
                                 description="Only if they gave a different one with this name. For example, 27 3 1990",
                                 validators=[Optional(), not_in_future("date of birth")])
    submit = SubmitField("Add the name", widget=GovSubmitInput())


class RemoveAliasForm(FlaskForm):
    alias_id = HiddenField()
    submit = SubmitField("Remove", widget=GovSubmitInput())
