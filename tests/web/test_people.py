"""People across cases: a person referred again is proposed, merged (reversibly) and their earlier
outcomes reach the decision engine with the source case linked."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from factories import gen_delivered, gen_screening, gen_suspect_case, gen_user, login
from webapp.services import engine_input
from webapp.extensions import db
from webapp.models import AuditRecord, Case, Offence, Person
from webapp.models.person_link import PersonAlias, PersonMatch, PersonMerge

DOB = date(1991, 6, 14)


def _theft(case):
    db.session.execute(update(Offence).where(Offence.case_id == case.id).values(offence_key="theft_shop"))
    db.session.commit()


def _cautioned_then_referred_again():
    earlier = gen_suspect_case("Jon", "Smyth", DOB, postcode="NG5 2PQ", pnc_id="19/0012345B")
    _theft(earlier)
    gen_delivered(earlier, "simple_caution", delivered_on=date(2025, 3, 10))
    later = gen_suspect_case("John", "Smith", DOB, postcode="NG5 2PQ")
    _theft(later)
    return earlier, later


def test_the_match_is_proposed_side_by_side_and_not_merged(app, client):
    with app.app_context():
        caseworker = gen_user("caseworker")
        earlier, later = _cautioned_then_referred_again()
        gen_suspect_case("Mary", "Jones", date(1970, 1, 1), postcode="B1 1AA")
    login(client, caseworker)
    page = client.get(f"/cases/{later.reference}/people")
    assert page.status_code == 200
    assert "Jon Smyth" in page.text and "Mary Jones" not in page.text
    assert "Nearly the same spelling" in page.text and earlier.reference in page.text
    with app.app_context():
        assert db.session.get(Case, earlier.id).suspect_id == earlier.suspect_id  # nothing merged by looking
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "consult",
                                                          AuditRecord.record_id == later.reference))


def test_merge_moves_the_earlier_cases_feeds_the_engine_and_can_be_undone(app, client):
    with app.app_context():
        caseworker = gen_user("caseworker")
        earlier, later = _cautioned_then_referred_again()
        gen_screening(later)
    login(client, caseworker)
    response = client.post(f"/cases/{later.reference}/people",
                           data={"candidate": str(earlier.suspect_id), "merge": "y", "reason": "Same PNC photo"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Case, earlier.id).suspect_id == later.suspect_id
        kept = db.session.get(Person, later.suspect_id)
        assert kept.pnc_id == "19/0012345B"  # copied: the new referral had none
        alias = db.session.scalar(select(PersonAlias).where(PersonAlias.person_id == kept.id))
        assert (alias.first_name, alias.last_name) == ("Jon", "Smyth")
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "combine"))
        data = engine_input.case_input(db.session.get(Case, later.id), decision_date=date(2026, 10, 1))
        assert {"outcome": "simple_caution", "date": "2025-03-10", "similar": True} in data["previous"]
    page = client.get(f"/cases/{later.reference}/people").text
    assert "Simple caution" in page and f'href="/cases/{earlier.reference}"' in page
    screening = client.get(f"/cases/{later.reference}/screening").text
    assert "From this person&#39;s other cases" in screening or "From this person's other cases" in screening
    assert earlier.reference in screening

    with app.app_context():
        merge_id = db.session.scalar(select(PersonMerge.id))
    refused = client.post(f"/cases/{later.reference}/people/undo", data={"merge_id": str(merge_id), "undo_reason": ""})
    assert refused.status_code == 400 and "Enter why the merge is wrong" in refused.text
    client.post(f"/cases/{later.reference}/people/undo", data={"merge_id": str(merge_id), "undo_reason": "Twins"})
    with app.app_context():
        assert db.session.get(Case, earlier.id).suspect_id == earlier.suspect_id
        assert db.session.get(Person, later.suspect_id).pnc_id is None
        assert db.session.scalar(select(PersonAlias)) is None
        assert db.session.get(PersonMerge, merge_id).undone_at is not None
        assert engine_input.case_input(db.session.get(Case, later.id), decision_date=date(2026, 10, 1))["previous"] == []


def test_not_the_same_person_is_remembered(app, client):
    with app.app_context():
        caseworker = gen_user("caseworker")
        earlier, later = _cautioned_then_referred_again()
    login(client, caseworker)
    client.post(f"/cases/{later.reference}/people", data={"candidate": str(earlier.suspect_id), "reject": "y"})
    with app.app_context():
        match = db.session.scalar(select(PersonMatch))
        assert match.status == "rejected" and match.decided_by_id == caseworker.id
        assert db.session.get(Case, earlier.id).suspect_id == earlier.suspect_id
    page = client.get(f"/cases/{later.reference}/people").text
    assert "Not the same person</strong>" in page


def test_nightly_check_lists_possible_duplicates_for_review(app, client):
    with app.app_context():
        supervisor = gen_user("supervisor")
        earlier, later = _cautioned_then_referred_again()
    login(client, supervisor)
    empty = client.get("/people/duplicates").text
    assert "Nothing to review" in empty and "oocr" not in empty  # the page speaks to staff, not to a shell
    result = app.test_cli_runner().invoke(args=["people", "match", "--days", "2"])
    assert result.exit_code == 0 and "possible duplicate" in result.output
    with app.app_context():
        pairs = {(m.person_id, m.candidate_id) for m in db.session.scalars(select(PersonMatch))}
        assert (later.suspect_id, earlier.suspect_id) in pairs
    login(client, supervisor)
    page = client.get("/people/duplicates").text
    assert "John Smith" in page and later.reference in page
    with app.app_context():  # each pair once, not once from each side
        assert (earlier.suspect_id, later.suspect_id) not in {
            (m.person_id, m.candidate_id) for m in db.session.scalars(select(PersonMatch))}


def test_clerks_cannot_merge_people(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
        earlier, later = _cautioned_then_referred_again()
    login(client, clerk)
    assert client.get(f"/cases/{later.reference}/people").status_code == 403
    assert client.post(f"/cases/{later.reference}/people",
                       data={"candidate": str(earlier.suspect_id), "merge": "y"}).status_code == 403
