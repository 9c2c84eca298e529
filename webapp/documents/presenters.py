"""What the document pages show: who may have which kinds, rows for the list, job progress, and a
plain-English account of what a document was made from."""
from __future__ import annotations

import json
from datetime import timedelta

from documents.catalogue import KINDS, get_kind
from jobs.queue import JOB_TIMEOUT
from webapp.domain.disposals import disposal_label
from webapp.domain.document_options import Option, document_title
from webapp.models import BackgroundJob, GeneratedDocument
from webapp.models._types import utcnow

STATUS_TAGS = {
    "queued": ("Queued", "govuk-tag--grey"),
    "running": ("Being made", "govuk-tag--blue"),
    "done": ("Ready", "govuk-tag--green"),
    "failed": ("Failed", "govuk-tag--red"),
    "stopped": ("Stopped: change the text", "govuk-tag--orange"),  # screening held it back (issue 8)
}
AUDIENCES = {"offender": "The person dealt with", "victim": "The victim", "provider": "A partner agency",
             "internal": "The team (internal)"}
# Victim liaison officers work with victims: they make and download the victims' letters only.
ROLE_AUDIENCES = {"victim_liaison": ("victim",)}
STALLED_AFTER = timedelta(seconds=JOB_TIMEOUT + 120)
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf", "zip": "application/zip"}


def may_have(role: str, kind: str) -> bool:
    audiences = ROLE_AUDIENCES.get(role)
    return audiences is None or get_kind(kind).audience in audiences


def options_for(role: str, options: list[Option]) -> tuple[list[Option], list[Option]]:
    """(available, unavailable) options this role may have."""
    mine = [o for o in options if may_have(role, o.kind)]
    return [o for o in mine if o.available], [o for o in mine if not o.available]


def radio_hints(options: list[Option]) -> list[dict]:
    return [{"hint": {"text": f"{AUDIENCES[get_kind(o.kind).audience]}. {o.hint}".strip()}} for o in options]


def status_tag(status: str) -> tuple[str, str]:
    return STATUS_TAGS.get(status, (status, "govuk-tag--grey"))


def kind_title(kind: str) -> str:
    return document_title(kind) if kind in KINDS else kind


def short_sha(digest: str) -> str:
    return digest[:12] if digest else ""


def job_state(job: BackgroundJob) -> dict:
    """Progress, whether to keep polling, and whether the job looks stuck (a worker died and RQ
    gave up, or no worker is running) so the user can try again."""
    started = job.started_at or job.created_at
    stalled = (job.status in ("queued", "running") and started is not None
               and utcnow() - started > STALLED_AFTER)
    label, tag = status_tag(job.status)
    return {
        "label": label,
        "tag": tag,
        "percent": job.percent,
        "polling": not job.finished and not stalled,
        "stalled": stalled,
        "can_retry": job.status == "failed" or stalled,
    }


def summary_lines(doc: GeneratedDocument) -> list[str]:
    """What the document was made from, in words: the records and their versions."""
    try:
        data = json.loads(doc.source_summary or "{}")
    except ValueError:
        return [doc.source_summary]
    lines = []
    if "case" in data:
        lines.append(f"Case {data['case']['reference']} (record version {data['case']['version']})")
    if "decision" in data:
        d = data["decision"]
        lines.append(f"Decision {d['id']} ({disposal_label(d['disposal']).lower()}, {d['status']}, version {d['version']})")
    if data.get("conditions"):
        lines.append("Conditions " + ", ".join(f"{c['id']} ({c['status']})" for c in data["conditions"]))
    if "condition" in data:
        lines.append(f"About condition {data['condition']['id']} ({data['condition']['status']})")
    if "breach" in data:
        lines.append(f"Breach record {data['breach']['id']} ({data['breach']['status']})")
    if "victim" in data:
        lines.append(f"Victim record {data['victim']['id']}")
    if "clinic" in data:
        lines.append(f"Clinic appointments {', '.join(map(str, data['clinic']['appointments'])) or 'none'} "
                     f"on {data['clinic']['date']}")
    if "template" in data:
        lines.append(f"Template version {data['template']['version']} "
                     f"(SHA-256 {short_sha(data['template']['sha256'])})")
    if "pdf" in data:
        lines.append(f"PDF: {data['pdf']}")
    return lines


def download_name(doc: GeneratedDocument, extension: str) -> str:
    prefix = doc.case.reference if doc.case is not None else "clinic"
    return f"{prefix}-{doc.kind}-v{doc.version}.{extension}"
