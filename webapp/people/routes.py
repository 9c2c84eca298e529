"""The case's "Earlier records" section (candidates side by side, merge, not the same, undo) and the
team's list of possible duplicate people. Ids other than the case reference travel as form fields."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.jinja_helpers import add_case_tab
from webapp.models import Case
from webapp.people import presenters
from webapp.people.forms import AliasForm, MatchDecisionForm, RemoveAliasForm, UndoMergeForm
from webapp import views
from webapp.security import roles_required
from webapp.services import people as service

bp = Blueprint("people", __name__)

PEOPLE_ROLES = ("caseworker", "supervisor")

add_case_tab("people", "Earlier records", "people.case_people", PEOPLE_ROLES)


@bp.app_template_global("earlier_outcomes")
def earlier_outcomes(case):
    return service.earlier_outcomes(case)


def _page(case: Case, undo_form: UndoMergeForm | None = None, status: int = 200):
    candidates = service.candidates_for(case.suspect)
    views.log_reading("case", case.reference,
                      f"Earlier records of the suspect: {len(candidates)} likely match(es) shown")
    rows = {c.person.id: presenters.side_by_side(case.suspect, c) for c in candidates}
    return render_template("people/case_people.html", title=f"Earlier records – {case.reference}", case=case,
                           candidates=candidates, rows=rows, presenters=presenters, form=MatchDecisionForm(),
                           undo_form=undo_form or UndoMergeForm(), merges=service.merges_for(case.suspect_id),
                           earlier=service.earlier_outcomes(case), aliases=service.aliases_of(case.suspect_id),
                           remove_form=RemoveAliasForm(), entered=service.ENTERED), status


@bp.get("/cases/<reference>/people")
@roles_required(*PEOPLE_ROLES)
def case_people(reference: str):
    return _page(views.load_case(reference))


@bp.post("/cases/<reference>/people")
@roles_required(*PEOPLE_ROLES)
def decide(reference: str):
    case = views.load_case(reference)
    form = MatchDecisionForm()
    candidate = views.parse_id(form.candidate.data)  # ASCII digits within a row id's range only
    if not form.validate_on_submit() or candidate is None:
        abort(400)
    try:
        if form.merge.data:
            service.merge(case, candidate, current_user, form.reason.data or "")
            flash("Records merged. The earlier cases and outcomes now show for this person.", "success")
        else:
            service.reject(case, candidate, current_user, form.reason.data or "")
            flash("Noted as not the same person. The pair will not be proposed again.", "success")
    except service.MergeRefused as refused:
        db.session.rollback()
        flash(f"{refused}. Nothing was changed.")
    return redirect(url_for("people.case_people", reference=reference))


@bp.post("/cases/<reference>/people/undo")
@roles_required(*PEOPLE_ROLES)
def undo(reference: str):
    case = views.load_case(reference)
    form = UndoMergeForm()
    merge_id = views.parse_id(form.merge_id.data)
    if merge_id is None:
        abort(400)
    if not form.validate_on_submit():
        return _page(case, form, 400)
    if merge_id not in {m.id for m in service.merges_for(case.suspect_id)}:
        abort(404)
    try:
        service.undo(merge_id, current_user, form.undo_reason.data)
        flash("Merge undone: the earlier cases are back with the earlier record.", "success")
    except service.MergeRefused as refused:
        db.session.rollback()
        flash(f"{refused}. Nothing was changed.")
    return redirect(url_for("people.case_people", reference=reference))


@bp.route("/cases/<reference>/people/aliases", methods=["GET", "POST"])
@roles_required(*PEOPLE_ROLES)
def add_alias(reference: str):
    """Another name (and birth date) the suspect has used, for matching across cases."""
    case = views.load_case(reference)
    form = AliasForm()
    if form.validate_on_submit():
        try:
            service.add_alias(case, first_name=form.first_name.data, last_name=form.last_name.data,
                              date_of_birth=form.date_of_birth.data, user=current_user)
        except service.AliasRefused as refused:
            db.session.rollback()
            form.first_name.errors = [*form.first_name.errors, str(refused)]
        else:
            db.session.commit()
            flash(f"Other name {form.first_name.data} {form.last_name.data} added. Matching compares it from now on.",
                  "success")
            return redirect(url_for("people.case_people", reference=reference, _anchor="other-names"))
    views.log_reading("case", case.reference, "Opened the form for another name of the suspect")
    return render_template("people/alias_form.html", title=f"Add another name – {case.reference}", case=case,
                           form=form), (422 if request.method == "POST" else 200)


@bp.post("/cases/<reference>/people/aliases/remove")
@roles_required(*PEOPLE_ROLES)
def remove_alias(reference: str):
    case = views.load_case(reference)
    form = RemoveAliasForm()
    alias_id = views.parse_id(form.alias_id.data)
    if not form.validate_on_submit() or alias_id is None:
        abort(400)
    try:
        alias = service.remove_alias(case, alias_id, current_user)
    except LookupError:
        abort(404)
    except service.AliasRefused as refused:
        db.session.rollback()
        flash(f"{refused}. Nothing was changed.")
    else:
        db.session.commit()
        flash(f"Other name {alias.first_name} {alias.last_name} removed.", "success")
    return redirect(url_for("people.case_people", reference=reference, _anchor="other-names"))


@bp.get("/people/duplicates")
@roles_required(*PEOPLE_ROLES)
def duplicates():
    matches, total = service.proposals()
    latest = service.latest_case_references([m.person_id for m in matches])
    views.log_reading("person_match", "", f"Possible duplicate people: {len(matches)} shown of {total}")
    return render_template("people/duplicates.html", title="Possible duplicate people", matches=matches,
                           total=total, latest=latest)
