from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional


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
