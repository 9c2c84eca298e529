"""`oocr documents kinds` and `oocr documents render KIND CASE_REF --out FILE.docx`.

`render` goes through exactly what a web request and the background job do: it adds the document
and job rows, runs the job's task in this process, and copies the stored file to FILE. The
document is therefore on the case's list, with its checksum and what it was made from, and the
export is in the audit log.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import click
from flask.cli import AppGroup

from documents.catalogue import KINDS

documents = AppGroup("documents", help="Word documents made from the case record.")


@documents.command("kinds")
def kinds() -> None:
    """List the document kinds, who each is for, and its title."""
    width = max(len(name) for name in KINDS)
    for name, spec in KINDS.items():
        click.echo(f"{name:<{width}}  {spec.audience:<8}  {spec.title}")


@documents.command("render")
@click.argument("kind")
@click.argument("case_ref")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.docx", help="Where to write the Word document.")
@click.option("--subject", default=None, metavar="SUBJECT",
              help="Which victim, condition or clinic day, e.g. victim:3 (default: the first available).")
@click.option("--pdf", is_flag=True, help="Also write FILE.pdf (needs LibreOffice).")
def render_command(kind: str, case_ref: str, out_path: Path, subject: str | None, pdf: bool) -> None:
    """Make KIND for case CASE_REF now, as the background job would, and write it to FILE.docx."""
    from jobs.tasks import documents as tasks
    from webapp.audit import log as audit
    from webapp.services import generated_documents
    from webapp.extensions import db
    from webapp.models import GeneratedDocument

    if kind not in KINDS:
        raise click.BadParameter(f"unknown kind; expected one of: {', '.join(KINDS)}", param_hint="KIND")
    case = generated_documents.case_by_reference(case_ref)
    if case is None:
        raise click.ClickException(f"no case with reference {case_ref!r}")
    options = [o for o in generated_documents.document_options(case) if o.kind == kind]
    ready = [o for o in options if o.available and (subject is None or o.subject == subject)]
    if not ready:
        reasons = [o.reason for o in options if o.reason]
        if subject is not None and any(o.available for o in options):
            listed = ", ".join(o.subject for o in options if o.available)
            raise click.ClickException(f"{kind} is not available about {subject!r}; choose one of: {listed}")
        raise click.ClickException(f"{kind} is not available for {case_ref}: "
                                   f"{reasons[0] if reasons else 'no subject for it'}")
    job, doc = tasks.request_document(case=case, kind=kind, subject=ready[0].subject, user=None,
                                      want_pdf=pdf, start=False)
    try:
        tasks.generate_document(job_id=job.id, document_id=doc.id)
    except Exception as exc:
        raise click.ClickException(f"could not make {kind} for {case_ref}: {exc}") from exc
    doc = db.session.get(GeneratedDocument, doc.id)
    written = [out_path]
    _copy_verified(doc.docx_path, doc.docx_sha256, out_path)
    if pdf:
        if not doc.pdf_path:
            raise click.ClickException("the Word document was written, but no PDF: LibreOffice is not installed")
        written.append(out_path.with_suffix(".pdf"))
        _copy_verified(doc.pdf_path, doc.pdf_sha256, written[-1])
    audit.record("disclose", "document", tasks.record_id(doc),
                 f"Exported {kind} version {doc.version} (document {doc.id}) from the command line to "
                 f"{', '.join(str(p) for p in written)}", justification="Command-line render",
                 recipient=f"Internal use: file {out_path.name}")
    db.session.commit()
    click.echo(f"{kind} version {doc.version} for {case_ref} ({ready[0].label}) written to "
               f"{', '.join(str(p) for p in written)}; SHA-256 {doc.docx_sha256}")


def _copy_verified(relative_path: str, digest: str, target: Path) -> None:
    from webapp.services import storage as store

    data = store.read_verified(relative_path, digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = store.temp_name(target)
    tmp.write_bytes(data)
    shutil.move(tmp, target)
