from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import HiddenField, SubmitField


class RecordedForm(FlaskForm):
    outcome = HiddenField()
    submit = SubmitField("Mark as recorded", widget=GovSubmitInput())


class ExportForm(FlaskForm):
    submit = SubmitField("Export new outcomes", widget=GovSubmitInput())
