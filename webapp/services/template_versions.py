"""Versions of each kind's Word template.

Version 1 of a kind is the template shipped in documents/templates. Its row is made the first
time it is needed, and the file is copied into the store, so that documents made with it can be
traced to the exact bytes even after a later release changes the shipped file. Administrators add
versions by upload (checked with `documents.render.lint_kind` first). Exactly one version of a kind
is active; old versions stay, and documents made with them keep pointing at them.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from documents.catalogue import KINDS, get_kind
from documents.render import lint_kind
from webapp.audit import log as audit
from webapp.extensions import db
from webapp.services import storage as store
from webapp.models import DocumentTemplate, GeneratedDocument, User

SHIPPED_NOTE = "Shipped with the application"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class TemplateRejected(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def version_path(kind: str, version: int) -> str:
    return f"templates/{kind}/v{version}.docx"


def _shipped_bytes(kind: str) -> bytes:
    return Path(get_kind(kind).template_path).read_bytes()


def active_template(kind: str) -> DocumentTemplate:
    """The version new documents of `kind` are made with (creating version 1 the first time)."""
    row = db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == kind,
                                                           DocumentTemplate.active.is_(True))
                            .order_by(DocumentTemplate.version.desc()).limit(1))
    if row is None:
        ensure_shipped(kind)
        row = db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == kind,
                                                               DocumentTemplate.active.is_(True))
                                .order_by(DocumentTemplate.version.desc()).limit(1))
    return row


def ensure_shipped(kind: str) -> DocumentTemplate | None:
    """Record the shipped template as a version if its exact bytes are not one yet. Commits.

    The first time, that is version 1. If a later release changes the shipped file, it becomes a
    new version, active unless an administrator's upload is the active one.
    """
    data = _shipped_bytes(kind)
    digest = store.sha256(data)
    rows = db.session.scalars(select(DocumentTemplate).where(DocumentTemplate.kind == kind)
                              .order_by(DocumentTemplate.version)).all()
    if any(r.sha256 == digest and r.notes == SHIPPED_NOTE for r in rows):
        return None
    active = next((r for r in rows if r.active), None)
    make_active = active is None or active.notes == SHIPPED_NOTE
    try:
        return _add(kind, data, notes=SHIPPED_NOTE, user=None, make_active=make_active)
    except IntegrityError:  # another process recorded it at the same moment
        db.session.rollback()
        return None


def _add(kind: str, data: bytes, *, notes: str, user: User | None, make_active: bool) -> DocumentTemplate:
    """Add a version and store its file. Commits, with an audit line when someone uploaded it."""
    version = (db.session.scalar(select(func.max(DocumentTemplate.version))
                                 .where(DocumentTemplate.kind == kind)) or 0) + 1
    path = version_path(kind, version)
    if make_active:
        db.session.execute(update(DocumentTemplate).where(DocumentTemplate.kind == kind)
                           .values(active=False))
    row = DocumentTemplate(kind=kind, version=version, path=path, sha256=store.sha256(data),
                           active=make_active, notes=notes[:255], uploaded_by_id=user.id if user else None)
    db.session.add(row)
    # The row first: a concurrent upload of the same version number fails here, before it could
    # overwrite this version's file.
    db.session.flush()
    store.write(path, data)
    if user is not None:
        audit.record("alter", "document_template", f"{kind} v{version}", f"Uploaded version {version} of {kind} "
                     f"(SHA-256 {row.sha256}){'; now in use' if make_active else ''}", user=user)
    db.session.commit()
    return row


def add_version(kind: str, data: bytes, *, user: User, notes: str = "") -> DocumentTemplate:
    """Check an uploaded template and, if it is fit to use, make it the active version. Commits.

    Raises TemplateRejected with every problem, in words an administrator can act on.
    """
    get_kind(kind)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRejected([f"The file is larger than {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB."])
    problems = lint_kind(kind, data)
    if problems:
        raise TemplateRejected(problems)
    active_template(kind)  # version 1 first, so an upload is never mistaken for it
    return _add(kind, data, notes=notes.strip() or "Uploaded", user=user, make_active=True)


def activate(kind: str, version: int, *, user: User) -> DocumentTemplate:
    """Put an earlier version back in use. Commits, with the audit line."""
    row = db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == kind,
                                                           DocumentTemplate.version == version))
    if row is None:
        raise LookupError(f"{kind} has no version {version}")
    template_bytes(row)  # refuse to switch to a file that has changed on disk
    db.session.execute(update(DocumentTemplate).where(DocumentTemplate.kind == kind).values(active=False))
    row.active = True
    audit.record("alter", "document_template", f"{kind} v{version}", f"Version {version} put back in use", user=user)
    db.session.commit()
    return row


def template_bytes(row: DocumentTemplate) -> bytes:
    """The template's bytes, checked against the checksum recorded when the version was added.

    A shipped version missing from the store (a new, empty store) is put back from the shipped
    file, but only when that file is still byte-for-byte the recorded version.
    """
    what = f"Version {row.version} of the {get_kind(row.kind).title!r} template"
    if row.notes == SHIPPED_NOTE and not store.exists(row.path):
        shipped = _shipped_bytes(row.kind)
        if store.sha256(shipped) == row.sha256:
            store.write(row.path, shipped)
    return store.read_verified_cached(row.path, row.sha256, what=what)


def versions_by_kind() -> dict[str, list[DocumentTemplate]]:
    for kind in KINDS:
        ensure_shipped(kind)
    rows = db.session.scalars(select(DocumentTemplate).order_by(DocumentTemplate.kind,
                                                                DocumentTemplate.version.desc())).all()
    grouped: dict[str, list[DocumentTemplate]] = {kind: [] for kind in KINDS}
    for row in rows:
        grouped.setdefault(row.kind, []).append(row)
    return grouped


def overview() -> tuple[dict[str, list[DocumentTemplate]], dict[int, User], dict[int, int]]:
    """For the templates page: every kind's versions, who uploaded them, and how many documents each made."""
    grouped = versions_by_kind()
    uploaders = {r.uploaded_by_id for rows in grouped.values() for r in rows if r.uploaded_by_id}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(uploaders)))}
    counts = dict(db.session.execute(select(GeneratedDocument.template_id, func.count())
                                     .group_by(GeneratedDocument.template_id)).all())
    return grouped, users, counts
