"""Redaction of third parties' personal data from evidence for a prosecution bundle.

The web app, jobs and the ``oocr redact`` command all call this API:

* :func:`propose` lists suggested redactions for a reviewer;
* :func:`apply` removes the accepted ones plus values the reviewer adds;
* :func:`verify` re-reads the output and reports any redacted value still readable;
* :func:`must_vanish` says which accepted values to remove everywhere and then verify;
* :func:`redaction_log` gives the audit log (kinds and places, never values) of what was accepted;
* :func:`redact_docx`, :func:`redact_text` and :func:`redact_pdf` do all three unattended and
  refuse to release a document that fails verification.
"""
from .detectors import CATEGORIES, Detector, Span
from .docx import UnreadableDocument
from .pipeline import (
    Proposal,
    ProposalMismatch,
    RedactionLeak,
    apply,
    must_vanish,
    propose,
    redact_docx,
    redact_pdf,
    redact_text,
    redaction_log,
    verify,
)

__all__ = [
    "CATEGORIES", "Detector", "UnreadableDocument", "Proposal", "ProposalMismatch", "RedactionLeak", "Span",
    "apply", "must_vanish", "propose", "redact_docx", "redact_pdf", "redact_text", "redaction_log", "verify",
]
