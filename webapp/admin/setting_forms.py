"""The typed form for one engine setting: a date picker, yes/no, a choice, a number, a table.

`setting_form(name)` builds the form class for the setting's editor (webapp.domain.setting_editors);
`fill` puts a stored value into it and `value_of` reads the form back into the value the engine
stores, which `EngineConfig` then checks with every other setting.
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (GovCheckboxesInput, GovRadioInput, GovSelect, GovSubmitInput,
                                               GovTextArea)
from sqlalchemy import select
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.domain import setting_editors as kinds
from webapp.domain.disposals import MODES_OF_TRIAL, REGIME_DISPOSALS, disposal_label
from webapp.domain.gravity import HIGHEST_SCORE, LOWEST_SCORE
from webapp.extensions import db
from webapp.form_fields import GovDateField, NumberField, WholeNumberField
from webapp.models import OffenceType
from webapp.services.settings import parse_value_text

YES_NO = [("yes", "Yes"), ("no", "No")]


class _SettingForm(FlaskForm):
    reason = TextAreaField("Why are you making this change?", widget=GovTextArea(),
                           description="This is kept with the change and in the audit log",
                           validators=[InputRequired("Enter why you are making this change"), Length(max=1000)])
    save = SubmitField("Save the setting", widget=GovSubmitInput())
    reset = SubmitField("Go back to the default", widget=GovSubmitInput())


def _offence_types() -> list[OffenceType]:
    return list(db.session.scalars(select(OffenceType).order_by(OffenceType.wording)))


def setting_form(name: str) -> type[FlaskForm]:
    editor = kinds.editor_for(name)
    attrs: dict[str, object] = {}
    if editor.kind == kinds.DATE:
        attrs["in_force"] = RadioField("Is it in force?", widget=GovRadioInput(),
                                       choices=[("yes", "Yes, from a date"), ("no", "No, not yet")],
                                       validators=[InputRequired("Select whether it is in force")])
        attrs["commencement"] = GovDateField("The date it comes into force", what="date it comes into force",
                                             validators=[Optional()], description="For example, 1 4 2027")

        def validate(form, extra_validators=None) -> bool:
            ok = FlaskForm.validate(form, extra_validators)
            if form.in_force.data == "yes" and form.commencement.data is None and not form.commencement.errors:
                form.commencement.errors = ["Enter the date it comes into force"]
                ok = False
            return ok
        attrs["validate"] = validate
    elif editor.kind in (kinds.YES_NO, kinds.CHOICE):
        choices = YES_NO if editor.kind == kinds.YES_NO else list(editor.choices.items())
        attrs["answer"] = RadioField("Choose one", widget=GovRadioInput(), choices=choices,
                                     validators=[InputRequired("Select an answer")])
    elif editor.kind == kinds.WHOLE:
        top = editor.maximum if editor.maximum is not None else 9999
        attrs["amount"] = WholeNumberField(
            f"Number of {editor.unit}" if editor.unit else "Number", description=f"A whole number from {editor.minimum} "
            f"to {top}", not_a_number="Enter a whole number, like 5",
            validators=[InputRequired("Enter a number"), NumberRange(editor.minimum, top,
                                                                     f"Enter a number from {editor.minimum} to {top}")])
    elif editor.kind == kinds.NUMBER:
        attrs["amount"] = NumberField(f"Number of {editor.unit}", not_a_number="Enter a number, like 20",
                                      validators=[InputRequired("Enter a number"),
                                                  NumberRange(0, 9999, "Enter a number from 0 to 9,999")])
    elif editor.kind in (kinds.CAPS, kinds.OPTIONAL_CAPS):
        if editor.kind == kinds.OPTIONAL_CAPS:
            attrs["is_set"] = RadioField("Have regulations set the amounts?", widget=GovRadioInput(),
                                         choices=[("yes", "Yes: set the amounts below"), ("no", "No, not set yet")],
                                         validators=[InputRequired("Select whether the amounts are set")])
        for mode in MODES_OF_TRIAL:
            attrs[f"cap_{mode}"] = NumberField(f"{kinds.MODE_LABELS[mode]} (£)", not_a_number="Enter an amount, like 100",
                                               validators=[Optional(), NumberRange(0, 100000, "Enter an amount from "
                                                                                   "£0 to £100,000")])
    elif editor.kind == kinds.GRAVITY_TABLE:
        for regime, disposals in REGIME_DISPOSALS.items():
            for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1):
                attrs[f"{regime}_{score}"] = SelectMultipleField(
                    f"Score {score}", widget=GovCheckboxesInput(), validators=[Optional()],
                    choices=[(d, disposal_label(d)) for d in disposals])
    elif editor.kind == kinds.OFFENCE_SCORES:
        for offence in _offence_types():
            attrs[f"score_{offence.key}"] = SelectField(
                offence.wording, widget=GovSelect(), validators=[Optional()],
                choices=[("", f"The catalogue's score ({offence.default_gravity_score})")] + [
                    (str(s), str(s)) for s in range(LOWEST_SCORE, HIGHEST_SCORE + 1)])
    else:
        attrs["text"] = TextAreaField("Value", widget=GovTextArea(), validators=[Optional(), Length(max=20000)],
                                      description="As the engine stores it (JSON). Leave empty for \"not set\".")
    return type(f"SettingForm_{name}", (_SettingForm,), attrs)


def caps_fields(form) -> list:
    return [form[f"cap_{mode}"] for mode in MODES_OF_TRIAL]


def gravity_rows(form) -> list[tuple[str, list]]:
    return [(kinds.REGIME_LABELS[regime], [form[f"{regime}_{score}"] for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)])
            for regime in REGIME_DISPOSALS]


def score_fields(form) -> list:
    return [field for field in form if field.name.startswith("score_")]


def fill(form, name: str, value: object) -> None:
    """Show the current value in the form (a GET)."""
    kind = kinds.editor_for(name).kind
    if kind == kinds.DATE:
        form.in_force.data = "yes" if value else "no"
        form.commencement.data = date.fromisoformat(value) if value else None
    elif kind == kinds.YES_NO:
        form.answer.data = "yes" if value else "no"
    elif kind == kinds.CHOICE:
        form.answer.data = value
    elif kind in (kinds.WHOLE, kinds.NUMBER):
        form.amount.data = value
    elif kind in (kinds.CAPS, kinds.OPTIONAL_CAPS):
        if kind == kinds.OPTIONAL_CAPS:
            form.is_set.data = "yes" if value else "no"
        for mode in MODES_OF_TRIAL:
            form[f"cap_{mode}"].data = (value or {}).get(mode)
    elif kind == kinds.GRAVITY_TABLE:
        for regime in REGIME_DISPOSALS:
            for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1):
                form[f"{regime}_{score}"].data = list(value.get(regime, {}).get(str(score), []))
    elif kind == kinds.OFFENCE_SCORES:
        for field in score_fields(form):
            field.data = str(value.get(field.name[len("score_"):], ""))
    else:
        form.text.data = "" if value is None else value if isinstance(value, str) else json.dumps(value, indent=1)


def _plain_number(value: Decimal | int | None):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def value_of(form, name: str) -> object:
    """The form's answer as the value the engine stores. Missing amounts are marked on the form and
    raise ValueError (the page shows the form again)."""
    kind = kinds.editor_for(name).kind
    if kind == kinds.DATE:
        return form.commencement.data.isoformat() if form.in_force.data == "yes" else None
    if kind == kinds.YES_NO:
        return form.answer.data == "yes"
    if kind == kinds.CHOICE:
        return form.answer.data
    if kind in (kinds.WHOLE, kinds.NUMBER):
        return _plain_number(form.amount.data)
    if kind in (kinds.CAPS, kinds.OPTIONAL_CAPS):
        if kind == kinds.OPTIONAL_CAPS and form.is_set.data == "no":
            return None
        missing = [f for f in caps_fields(form) if f.data is None]
        for f in missing:
            f.errors = list(f.errors) + [f"Enter the amount for {f.label.text.split(' (')[0].lower()}"]
        if missing:
            raise ValueError("amounts missing")
        return {mode: _plain_number(form[f"cap_{mode}"].data) for mode in MODES_OF_TRIAL}
    if kind == kinds.GRAVITY_TABLE:
        return {regime: {str(score): list(form[f"{regime}_{score}"].data or [])
                         for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)} for regime in REGIME_DISPOSALS}
    if kind == kinds.OFFENCE_SCORES:
        return {f.name[len("score_"):]: int(f.data) for f in score_fields(form) if f.data}
    return parse_value_text(form.text.data or "")
