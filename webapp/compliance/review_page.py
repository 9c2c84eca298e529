"""The redaction review page in pages: a 200-page bundle can hold thousands of proposals, and one page
listing them all was megabytes of HTML. People named in the evidence come first (those not yet decided
before those decided), then every other proposal (not yet reviewed first), PAGE_SIZE to a page.

Paging changes only what is shown: a bundle still cannot be released while anything on any page is
undecided (:func:`webapp.services.evidence.not_ready`), and the page's counts cover every page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from documents.redaction import Proposal
from documents.redaction.detectors import NAME
from webapp.services.evidence import DocumentReview, PersonInEvidence

PAGE_SIZE = 40  # people and proposals on one page


@dataclass
class ReviewPage:
    number: int
    pages: int
    total: int
    first: int                    # the 1-based position of the first item shown (0 when there are none)
    last: int
    people: list[PersonInEvidence]
    rows: dict[int, list[Proposal]] = field(default_factory=dict)  # evidence id -> its proposals shown here
    people_total: int = 0
    people_undecided: int = 0
    proposals_total: int = 0
    proposals_undecided: int = 0


def paginate(reviews: list[DocumentReview], people: list[PersonInEvidence], page: int = 1, *,
             size: int = PAGE_SIZE, showing: str | None = None) -> ReviewPage:
    """The items on ``page`` (1-based; out of range is clamped). ``showing`` is a person's key, or
    "evidence-proposal" for one proposal: the page that holds it wins over ``page`` (a form sent
    back with an error must be shown beside its item)."""
    undecided_people = [p for p in people if p.status == "undecided"]
    decided_people = [p for p in people if p.status != "undecided"]
    waiting, done = [], []
    for review in reviews:
        for proposal in review.proposals:
            if proposal.category == NAME:
                continue
            (done if proposal.id in review.decisions else waiting).append((review.evidence.id, proposal))
    items: list = [("person", p) for p in undecided_people + decided_people]
    items += [("proposal", pair) for pair in waiting + done]
    pages = max(1, -(-len(items) // size))
    if showing:
        for index, (kind, item) in enumerate(items):
            if (kind == "person" and item.key == showing) or (
                    kind == "proposal" and f"{item[0]}-{item[1].id}" == showing):
                page = index // size + 1
                break
    number = min(max(1, page), pages)
    shown = items[(number - 1) * size:number * size]
    rows: dict[int, list[Proposal]] = {}
    for kind, item in shown:
        if kind == "proposal":
            rows.setdefault(item[0], []).append(item[1])
    first = (number - 1) * size + 1 if shown else 0
    return ReviewPage(number, pages, len(items), first, first + len(shown) - 1 if shown else 0,
                      [item for kind, item in shown if kind == "person"], rows,
                      people_total=len(people), people_undecided=len(undecided_people),
                      proposals_total=len(waiting) + len(done), proposals_undecided=len(waiting))
