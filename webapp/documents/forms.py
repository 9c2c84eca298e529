"""Forms for asking for documents, downloading them (with the recipient, for the disclosure log),
batches, and uploading template versions."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

INTERNAL_RECIPIENT = "Internal use: case file"


class DocumentRequestForm(FlaskForm):
    """The choices are the documents available for the case (see webapp.domain.document_options)."""

    option = RadioField("Which document do you need?", widget=GovRadioInput(),
                        validators=[InputRequired("Select the document you need")])
    pdf = BooleanField("Make a PDF as well", widget=GovCheckboxInput(),
                       description="For posting or emailing: the recipient cannot change a PDF")
    submit = SubmitField("Make the document", widget=GovSubmitInput())


class DownloadForm(FlaskForm):
    """DPA 2018 s.62(3): a disclosure is logged with its recipients, so we ask before sending."""

    use = RadioField("What is the download for?", widget=GovRadioInput(), choices=[
        ("internal", "The case file, or to deliver it in person (internal use)"),
        ("disclose", "To send to someone outside the team"),
    ], validators=[InputRequired("Select what the download is for")])
    recipient = StringField("Who will receive it", widget=GovTextInput(),
                            description="Name and organisation, for example Jo Smith, Victim Support",
                            validators=[Length(max=200)])
    purpose = StringField("Why it is being disclosed", widget=GovTextInput(),
                          description="For example, to tell the victim the outcome (Victims' Code)",
                          validators=[Length(max=200)])
    submit = SubmitField("Download", widget=GovSubmitInput())

    def validate_recipient(self, field):
        if self.use.data == "disclose" and not (field.data or "").strip():
            raise ValidationError("Enter who will receive the document")

    def validate_purpose(self, field):
        if self.use.data == "disclose" and not (field.data or "").strip():
            raise ValidationError("Enter why the document is being disclosed")

    @property
    def recipient_text(self) -> str:
        return (self.recipient.data or "").strip() if self.use.data == "disclose" else INTERNAL_RECIPIENT

    @property
    def purpose_text(self) -> str:
        return (self.purpose.data or "").strip() if self.use.data == "disclose" else "Case file"


class BatchForm(FlaskForm):
    batch = RadioField("Which documents?", widget=GovRadioInput(),
                       validators=[InputRequired("Select which documents to make")])
    caseworker_id = SelectField("Whose clinic", widget=GovSelect(), coerce=int, validators=[Optional()],
                                description="For the clinic notices only")
    pdf = BooleanField("Make PDFs as well (slower: a few seconds each)", widget=GovCheckboxInput())
    submit = SubmitField("Make the documents", widget=GovSubmitInput())


class RetryForm(FlaskForm):
    job = HiddenField()
    submit = SubmitField("Try again", widget=GovSubmitInput())


class TemplateUploadForm(FlaskForm):
    kind = SelectField("Document", widget=GovSelect(), validators=[InputRequired("Select the document")])
    file = FileField("Word template (.docx)", widget=GovFileInput(),
                     description="It is checked before it is used: it may only use the values this document provides",
                     validators=[FileRequired("Choose the .docx file to upload")])
    notes = StringField("What changed (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=255)])
    submit = SubmitField("Upload and use this version", widget=GovSubmitInput())

    def validate_file(self, field):
        name = (getattr(field.data, "filename", "") or "").lower()
        if name and not name.endswith(".docx"):
            raise ValidationError("The file must be a Word document (.docx)")


class ActivateForm(FlaskForm):
    kind = HiddenField()
    version = HiddenField()
    submit = SubmitField("Use this version", widget=GovSubmitInput())
