"""The document pages' presenters from plain data: no database, no client."""
from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

from webapp.documents import presenters
from webapp.domain.document_options import Option
from webapp.models._types import utcnow


def _job(status, started_ago=None, percent=40):
    started = utcnow() - started_ago if started_ago is not None else None
    return SimpleNamespace(status=status, started_at=started, created_at=started, percent=percent,
                           finished=status in ("done", "failed"))


def test_a_victim_liaison_officer_may_have_only_the_victims_letters():
    assert presenters.may_have("victim_liaison", "victim_outcome_letter")
    assert not presenters.may_have("victim_liaison", "simple_caution_notice")
    assert presenters.may_have("caseworker", "simple_caution_notice")
    options = [Option("victim_outcome_letter"), Option("victim_breach_letter", reason="No breach recorded"),
               Option("simple_caution_notice")]
    available, unavailable = presenters.options_for("victim_liaison", options)
    assert [o.kind for o in available] == ["victim_outcome_letter"]
    assert [o.kind for o in unavailable] == ["victim_breach_letter"]
    assert [len(part) for part in presenters.options_for("caseworker", options)] == [2, 1]


def test_radio_hints_lead_with_who_the_document_is_for():
    hints = presenters.radio_hints([Option("victim_outcome_letter", hint="Sent within 5 working days"),
                                    Option("clinic_day_list")])
    assert hints == [{"hint": {"text": "The victim. Sent within 5 working days"}},
                     {"hint": {"text": "The team (internal)."}}]


def test_titles_tags_and_checksums_in_words():
    assert presenters.kind_title("simple_caution_notice") == "Simple caution notice"
    assert presenters.kind_title("victim_outcome_letter") == "The outcome of your case"
    assert presenters.kind_title("retired_kind") == "retired_kind"
    assert presenters.status_tag("stopped") == ("Stopped: change the text", "govuk-tag--orange")
    assert presenters.status_tag("mystery") == ("mystery", "govuk-tag--grey")
    assert presenters.short_sha("ab" * 32) == "abababababab" and presenters.short_sha("") == ""


def test_a_job_past_its_timeout_stops_polling_and_may_be_tried_again():
    fresh = presenters.job_state(_job("running", started_ago=timedelta(seconds=5)))
    assert fresh == {"label": "Being made", "tag": "govuk-tag--blue", "percent": 40, "polling": True,
                     "stalled": False, "can_retry": False}
    stuck = presenters.job_state(_job("queued", started_ago=presenters.STALLED_AFTER + timedelta(minutes=1)))
    assert (stuck["polling"], stuck["stalled"], stuck["can_retry"]) == (False, True, True)
    failed = presenters.job_state(_job("failed", started_ago=timedelta(seconds=5)))
    assert (failed["polling"], failed["stalled"], failed["can_retry"], failed["label"]) == (False, False, True, "Failed")
    done = presenters.job_state(_job("done", started_ago=timedelta(days=2), percent=100))
    assert (done["polling"], done["stalled"], done["can_retry"]) == (False, False, False)


def test_summary_lines_say_what_a_document_was_made_from():
    summary = {"case": {"reference": "OC26-000001", "version": 3},
               "decision": {"id": 9, "disposal": "conditional_caution", "status": "authorised", "version": 2},
               "conditions": [{"id": 4, "status": "pending"}, {"id": 5, "status": "completed"}],
               "clinic": {"appointments": [], "date": "5 March 2026"},
               "template": {"version": 7, "sha256": "0123456789abcdef" * 4}, "pdf": "made by LibreOffice"}
    assert presenters.summary_lines(SimpleNamespace(source_summary=json.dumps(summary))) == [
        "Case OC26-000001 (record version 3)",
        "Decision 9 (conditional caution, authorised, version 2)",
        "Conditions 4 (pending), 5 (completed)",
        "Clinic appointments none on 5 March 2026",
        "Template version 7 (SHA-256 0123456789ab)",
        "PDF: made by LibreOffice"]
    assert presenters.summary_lines(SimpleNamespace(source_summary="made before summaries were kept")) == [
        "made before summaries were kept"]


def test_download_names_carry_the_case_reference_or_say_clinic():
    doc = SimpleNamespace(case=SimpleNamespace(reference="OC26-000001"), kind="simple_caution_notice", version=2)
    assert presenters.download_name(doc, "pdf") == "OC26-000001-simple_caution_notice-v2.pdf"
    assert presenters.download_name(SimpleNamespace(case=None, kind="clinic_day_list", version=1), "docx") == (
        "clinic-clinic_day_list-v1.docx")
