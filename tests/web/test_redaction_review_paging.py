"""The redaction review page of a 200-page bundle stays small: people named in the evidence first, then
the other proposals, a bounded number to a page; nothing on a later page can be skipped, because the
bundle is not built while anything on any page is undecided (issue 8)."""
from __future__ import annotations

import io
import re

import docx
from docx.enum.text import WD_BREAK
from faker import Faker
from sqlalchemy import select

from compliance_testing import approved_prosecution, case_with_conditions, condition_ids, upload_evidence
from factories import gen_user, login
from webapp.compliance.review_page import PAGE_SIZE
from webapp.extensions import db
from webapp.models import EvidenceBundle

PAGES = 200
MAX_PAGE_BYTES = 250_000  # the unpaged page of this bundle was several megabytes


def _bundle_of_statements() -> bytes:
    fake = Faker("en_GB")
    Faker.seed(2008)
    document = docx.Document()
    for page in range(PAGES):
        name = fake.name()
        paragraph = document.add_paragraph(
            f"Statement {page + 1}. I am {name} of {fake.street_address()}, {fake.postcode()}. "
            f"My number is 07700 9{page:05d} and my email is person{page}@example.org. "
            f"On 3 October 2026 I saw the defendant outside the shop. {fake.paragraph(nb_sentences=6)}")
        paragraph.add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _counts(page: str) -> tuple[int, int]:
    return page.count('class="govuk-summary-card" id="person-'), page.count('<tr class="govuk-table__row" id="proposal-')


def test_a_200_page_bundles_review_page_is_paged_people_first_and_release_still_waits(app, client):
    with app.app_context():
        clerk = gen_user("clerk", username="paging-clerk")
        supervisor = gen_user("supervisor", username="paging-supervisor")
        case = case_with_conditions()
        reference, condition_id = case.reference, condition_ids(case.id)[0]
    login(client, supervisor)
    breach_id = approved_prosecution(client, reference, condition_id)
    login(client, clerk)
    response = upload_evidence(client, reference, breach_id, "Statements", _bundle_of_statements(), "all.docx")
    assert response.status_code == 302

    url = f"/cases/{reference}/compliance/redactions?breach={breach_id}"
    first = client.get(url).get_data(as_text=True)
    summary = re.search(r"(\d+) people named \((\d+) not decided\) and (\d+) other proposed redactions? "
                        r"\((\d+) not reviewed\), (\d+) pages?", first)
    assert summary, first[:3000]
    people, _, proposals, _, pages = (int(g) for g in summary.groups())
    assert people + proposals > 5 * PAGE_SIZE and pages == -(-(people + proposals) // PAGE_SIZE)
    assert len(first.encode()) < MAX_PAGE_BYTES, len(first.encode())
    cards, rows = _counts(first)
    assert cards + rows == PAGE_SIZE and cards == min(people, PAGE_SIZE)  # people first
    assert 'class="govuk-pagination' in first and f"page={pages}" in first

    sizes, seen_cards, seen_rows = [], 0, 0
    for number in range(1, pages + 1):
        page = client.get(f"{url}&page={number}").get_data(as_text=True)
        sizes.append(len(page.encode()))
        cards, rows = _counts(page)
        assert cards + rows <= PAGE_SIZE and (rows == 0 or seen_cards + cards == people)  # no card after a row
        seen_cards, seen_rows = seen_cards + cards, seen_rows + rows
    assert (seen_cards, seen_rows) == (people, proposals) and max(sizes) < MAX_PAGE_BYTES, max(sizes)
    assert _counts(client.get(f"{url}&page=99999").get_data(as_text=True)) == _counts(page)  # clamped to the last

    # Deciding everything shown on page 1 is not enough: the bundle waits for every page.
    first = client.get(url).get_data(as_text=True)
    decided = re.findall(r'name="person" value="([^"]*)"', first)
    for key in decided:
        client.post(f"/cases/{reference}/compliance/redactions/person?breach={breach_id}",
                    data={"person": key, "decision": "remove", "reason": ""})

    # A form sent back with an error is shown on the page that holds its person (decided people now
    # come after the undecided ones, so on a later page), and the page links still lead to the review.
    refused = client.post(f"/cases/{reference}/compliance/redactions/person?breach={breach_id}",
                          data={"person": decided[0], "decision": "keep", "reason": ""})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Enter why this person may stay in the bundle" in body and f'value="{decided[0]}"' in body
    assert '<b>1</b> to' not in body  # not the first page
    links = re.findall(r'class="govuk-link govuk-pagination__link" href="([^"]+)"', body)
    assert links and all("/compliance/redactions?" in link and "page=" in link for link in links), links
    response = client.post(f"/cases/{reference}/compliance/bundle?breach={breach_id}")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(EvidenceBundle)) is None
    breach_page = client.get(f"/cases/{reference}/compliance/breach?breach={breach_id}").get_data(as_text=True)
    assert "remove or keep" in breach_page and len(breach_page.encode()) < MAX_PAGE_BYTES
    section = breach_page[breach_page.find('id="bundle"'):]
    assert section.count("remove or keep them on the review page") == 20  # the rest counted, not listed
    assert re.search(r"\d+ more people named in the evidence not yet decided, on the review page", breach_page)
    print(f"review pages: {pages}, largest {max(sizes):,} bytes; breach page {len(breach_page.encode()):,} bytes")


def test_the_review_shows_proposals_still_being_made_and_reloads_when_they_are_ready(app, client):
    """Opened straight after an upload, the review says the proposals are being made and polls their
    progress in the background; the progress answer asks HTMX to reload the page once they are done."""
    from webapp.models import BackgroundJob

    with app.app_context():
        case = case_with_conditions()
        supervisor = gen_user("supervisor", username="review-progress-sup")
        reference, case_id, condition_id = case.reference, case.id, condition_ids(case.id)[0]
        login(client, supervisor)
    breach_id = approved_prosecution(client, reference, condition_id)
    with app.app_context():
        job = BackgroundJob(kind="redaction_proposals", title=f"Proposing redactions for {reference}",
                            status="running", case_id=case_id)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    review = client.get(f"/cases/{reference}/compliance/redactions?breach={breach_id}").text
    progress = f"/cases/{reference}/compliance/progress?job={job_id}"
    assert f'hx-get="{progress}"' in review and 'hx-trigger="every 1s"' in review
    assert "X-Background-Poll" in review            # polling alone does not keep the session alive
    with app.app_context():
        done = db.session.get(BackgroundJob, job_id)
        done.status, done.finished_at = "done", done.created_at
        db.session.commit()
    answer = client.get(progress, headers={"HX-Request": "true"})
    assert answer.headers.get("HX-Refresh") == "true"
    assert 'hx-trigger="every 1s"' not in client.get(f"/cases/{reference}/compliance/redactions?breach={breach_id}").text
