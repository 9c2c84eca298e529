"""Builders shared by the compliance tests (a unique module name, like oocr_testing): a case under
active conditions, Faker en_GB victims and witnesses, witness statements as .docx, providers'
attendance workbooks, and reading a bundle the way the prosecution-bundle check does
(/work/shared/checks/redact.py)."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import docx
from faker import Faker
from openpyxl import Workbook
from sqlalchemy import select

from factories import gen_case
from webapp.extensions import db
from webapp.models import Case, Condition, Decision, Victim

DEFENDANT = ("Darren", "Whitlock")
OFFENCE = "Theft from a shop (shoplifting)"
COURSE = "Attend a victim awareness course"
PROVIDER = "Northgate Awareness Service"
PROVIDER_PHONE = "01632 960001"


@dataclass
class Person:
    """A victim or witness with every detail a statement might give away."""

    first_name: str
    last_name: str
    phone: str
    email: str
    street: str
    town: str
    postcode: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def details(self) -> list[str]:
        return [self.full_name, self.phone, self.email, self.street, self.postcode]


def fake_person(fake: Faker, index: int) -> Person:
    first, last = fake.first_name(), fake.last_name()
    mobile = f"07700 900{index:03d}"
    return Person(first, last, mobile, f"{first}.{last}{index}@example.org".lower().replace("'", ""),
                  f"{fake.building_number()} {fake.street_name()}", fake.city(), fake.postcode())


def norm(text: str) -> str:
    """The bundle check's comparison form: no whitespace, hyphens, brackets or '+', lower case."""
    return re.sub(r"[\s\-()+]", "", text).lower()


def package_text(data: bytes) -> str:
    """Every XML part of a .docx, tags dropped, run together and normalised (as redact.py reads it)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                parts.append(re.sub(r"<[^>]+>", "", archive.read(name).decode("utf8", "replace")))
    return norm("".join(parts))


def statement(author: Person, others: list[Person], number: int, *, extra: str = "") -> bytes:
    """A witness statement in the shape MG11s take: details in a table, the account in paragraphs,
    a header with the maker's name, a value split across formatting runs."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"Statement of {author.full_name} – page header"
    document.add_heading(f"Witness statement {number}", level=1)
    table = document.add_table(rows=4, cols=2)
    for row, (key, value) in zip(table.rows, (("Name", author.full_name), ("Address", f"{author.street}, {author.town} {author.postcode}"),
                                              ("Telephone", author.phone), ("Email", author.email))):
        row.cells[0].text, row.cells[1].text = key, value
    defendant = " ".join(DEFENDANT)
    document.add_paragraph(
        f"I am {author.full_name}. On 3 October 2026 I saw {defendant} take goods from the shop. "
        f"This was {OFFENCE.lower()}.")
    split = document.add_paragraph("You can reach me on ")
    half = len(author.phone) // 2
    split.add_run(author.phone[:half]).bold = True
    split.add_run(author.phone[half:])
    split.add_run(f" or at {author.email}.")
    for other in others:
        document.add_paragraph(f"{other.full_name} was with me; {other.first_name} lives at {other.street}, "
                               f"{other.postcode} and their number is {other.phone}.")
    document.add_paragraph(f"PC Test 1234 took this statement. The course provider, {PROVIDER}, is on "
                           f"{PROVIDER_PHONE}. {extra}".strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def case_with_conditions(disposal: str = "conditional_caution", *, mode_of_trial: str = "either_way",
                         offence_date: date | None = None, victims: list[Person] = (), due: date | None = None,
                         conditions: list[dict] | None = None, status: str = "conditions_active") -> Case:
    """A delivered decision with active conditions (default: a victim awareness course due `due`)."""
    today = date.today()
    case = gen_case(first_name=DEFENDANT[0], last_name=DEFENDANT[1], wording=OFFENCE, mode_of_trial=mode_of_trial,
                    status=status, victims=0, offence_date=offence_date or today - timedelta(days=60))
    row = db.session.get(Case, case.id)
    for person in victims:
        row.victims.append(Victim(first_name=person.first_name, last_name=person.last_name,
                                  address_line1=person.street, town=person.town, postcode=person.postcode,
                                  phone=person.phone, email=person.email))
    decision = Decision(case_id=row.id, disposal=disposal, regime="pcsc_2022" if disposal in (
        "community_caution", "diversionary_caution") else "two_tier", status="delivered", rationale="Test",
        decided_at=datetime(2026, 10, 9, 15), authorised_at=datetime(2026, 10, 10, 11),
        delivered_at=datetime(2026, 10, 12, 10))
    for values in conditions if conditions is not None else [
            {"kind": "rehabilitative", "type": "course", "description": COURSE, "provider": PROVIDER,
             "hours": Decimal("3"), "due_date": due or today - timedelta(days=3)}]:
        decision.conditions.append(Condition(case_id=row.id, **values))
    row.decisions.append(decision)
    db.session.commit()
    return db.session.get(Case, case.id)


def condition_ids(case_id: int) -> list[int]:
    return list(db.session.scalars(select(Condition.id).where(Condition.case_id == case_id).order_by(Condition.id)))


def approved_prosecution(client, reference: str, condition_id: int) -> int:
    """The id of a breach (did not attend) that the supervisor signed in on `client` records on the
    condition, proposing prosecution, and approves."""
    response = client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}",
                           data={"what_happened": "Did not attend", "outcome": "prosecute"})
    breach_id = int(re.search(r"breach=(\d+)", response.headers["Location"]).group(1))
    client.post(f"/cases/{reference}/compliance/breach/decision?breach={breach_id}", data={"decision": "approve"})
    return breach_id


# --------------------------------------------------------------------------- attendance workbooks

WORKBOOK_HEADERS = ["Case Ref", "Client name", "Course", "Session date", "Attended?"]


def workbook(rows=(("OC26-000001", "Jane Doe", "Victim awareness", "01/11/2026", "Yes"),), sheet_xml=None) -> bytes:
    """An .xlsx made by openpyxl, with its first sheet's XML changed by `sheet_xml` (text -> text)."""
    book = Workbook()
    book.active.append(WORKBOOK_HEADERS)
    for row in rows:
        book.active.append(list(row))
    saved = io.BytesIO()
    book.save(saved)
    if sheet_xml is None:
        return saved.getvalue()
    source = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data.decode()).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def declaring(ref: str):
    return lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)


def with_doctype(doctype: str):
    return lambda xml: xml.replace("<worksheet", doctype + "<worksheet", 1)


def upload_evidence(client, reference: str, breach_id: int, title: str, data: bytes, file_name: str):
    """Upload a file of evidence for the breach, as the breach page's form posts it."""
    return client.post(f"/cases/{reference}/compliance/evidence?breach={breach_id}",
                       data={"title": title, "file": (io.BytesIO(data), file_name)}, content_type="multipart/form-data")
