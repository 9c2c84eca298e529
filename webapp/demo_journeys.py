"""The demo's recent cases, made the way staff make them.

Every status change, timeline line and audit entry comes from the code a real click runs. The
referral, allocation, Full Code Test, clinic and needs assessment go through the services their pages
call (webapp.services.cases, .assessments, .clinics), as do authorisation, delivery, compliance and
victims (webapp.services.decisions, webapp.services.breaches and .attendance, the victims' deadlines);
the screening, the decision and the documents are made by the demo users on the pages themselves,
through Flask's test client in this process.

The first six cases are the trainer's: one to screen, one to authorise, one to deliver, one with a
missed course (the sweep has not seen it yet), one with a breach approved for prosecution whose
evidence bundle is still to be built, and a Community Resolution whose letter of apology is still to
be made (through Restorative Justice, if the victim and offender are suitable). The rest stop at a
spread of points along the same road. Partner agencies (the provider directory, referrals, enquiries
and a Restorative Justice record) are added through their services once the cases exist.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import unescape

from faker import Faker
from flask import current_app, g
from sqlalchemy import select

from webapp.services import attendance, breaches
from webapp.extensions import db
from webapp.models import Area, Case, Condition, OffenceType, User

TRAINER_CASES = ("to_screen", "to_authorise", "to_deliver", "missed_course", "breach_for_bundle", "apology_letter")
# The Restorative Justice journey needs a person (not a shop) as the victim.
TRAINER_OFFENCES = {"apology_letter": "criminal_damage"}
# Where the other recent cases stop (cycled).
STOPS = ("referred", "screened", "awaiting_clinic", "awaiting_authorisation", "decided", "conditions_active", "course_attended",
         "completed", "breach_awaiting_approval", "prosecuted", "closed")
OFFENCES = ("theft_shop", "criminal_damage", "common_assault", "public_order_s4a", "theft_other")


class DemoStepFailed(RuntimeError):
    """A page refused what the demo asked: the message carries the page's own error summary."""


def _errors(page: str) -> str:
    found = re.findall(r'<a href="#[^"]*"[^>]*>([^<]+)</a>', page.split('govuk-error-summary', 1)[-1][:6000])
    if not found:
        found = re.findall(r'govuk-error-message">\s*<span[^>]*>Error:</span>\s*([^<]+)<', page)
    return "; ".join(unescape(f).strip() for f in found[:8]) or page[:300]


def _forget_request_globals() -> None:
    """The demo's requests share the command's application context, and with it `g`, where Flask-Login
    keeps the signed-in user: each request must start as a browser's would, knowing nobody."""
    for name in list(g):
        g.pop(name, None)


class _Staff:
    """One signed-in test client per demo user."""

    def __init__(self, password: str):
        self.password = password
        self.clients: dict[str, object] = {}

    def client(self, username: str):
        if username not in self.clients:
            client = current_app.test_client()
            _forget_request_globals()
            response = client.post("/login", data={"username": username, "password": self.password})
            if response.status_code != 302:
                raise DemoStepFailed(f"{username} could not sign in: {_errors(response.text)}")
            self.clients[username] = client
        return self.clients[username]

    def post(self, username: str, url: str, data: dict, what: str) -> str:
        client = self.client(username)
        _forget_request_globals()
        response = client.post(url, data=data)
        _forget_request_globals()
        if response.status_code != 302:
            raise DemoStepFailed(f"{what} ({url}, {response.status_code}): {_errors(response.text)}")
        return response.headers["Location"]

    def get(self, username: str, url: str) -> str:
        client = self.client(username)
        _forget_request_globals()
        response = client.get(url)
        _forget_request_globals()
        if response.status_code != 200:
            raise DemoStepFailed(f"{url} answered {response.status_code}")
        return response.text


def _date(name: str, day: date) -> dict:
    """A GOV.UK date input: three boxes under one name (day, month, year)."""
    return {name: [str(day.day), str(day.month), str(day.year)]}


@dataclass
class _Person:
    first: str
    last: str
    dob: date
    street: str
    town: str
    postcode: str


class _Journeys:
    def __init__(self, seed: int, password: str):
        self.rnd = random.Random(seed + 1)  # nosec B311 (accepted: repeatable fictional demo data)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed + 1)
        self.staff = _Staff(password)
        self.today = date.today()
        self.north = db.session.scalar(select(Area).where(Area.code == "N"))

    def user(self, username: str) -> User:
        return db.session.scalar(select(User).where(User.username == username))

    def case(self, reference: str) -> Case:
        db.session.expire_all()
        return db.session.scalar(select(Case).where(Case.reference == reference))

    def person(self) -> _Person:
        return _Person(self.fake.first_name(), self.fake.last_name(),
                       self.today - timedelta(days=self.rnd.randint(19, 60) * 365 + self.rnd.randint(0, 364)),
                       self.fake.street_address().replace("\n", ", "), self.fake.city(), self.fake.postcode())

    # ----------------------------------------------------------------------- the pages

    def refer(self, offence_key: str) -> str:
        """The clerk keys in the officer's referral; a supervisor allocates it."""
        from webapp.models import Offence, Person, Victim
        from webapp.services import cases
        offence = db.session.get(OffenceType, offence_key)
        suspect, victim = self.person(), self.person()
        shop = offence_key == "theft_shop"
        intake = cases.Intake(
            area_id=self.north.id, source="officer",
            referring_officer=f"PC {self.fake.last_name()} {self.rnd.randint(1000, 9999)}",
            suspect=Person(first_name=suspect.first, last_name=suspect.last, date_of_birth=suspect.dob,
                           address_line1=suspect.street, town=suspect.town, postcode=suspect.postcode.upper()),
            offence=Offence(offence_key=offence_key, wording=offence.wording, mode_of_trial=offence.mode_of_trial,
                            gravity_score=min(offence.default_gravity_score, 2), location=suspect.town,
                            offence_date=self.today - timedelta(days=self.rnd.randint(12, 20))),
            victims=[Victim(first_name="" if shop else victim.first,
                            last_name=f"{self.fake.company()} Stores" if shop else victim.last,
                            address_line1=victim.street, town=victim.town, postcode=victim.postcode.upper(),
                            views="supports_oocd")],
            circumstances="Admitted when interviewed; first offence.")
        reference = cases.receive_referral(intake, self.user("clerk")).reference
        db.session.commit()
        self.update(reference, "supervisor", note="Allocated", caseworker_id=self.user("caseworker").id)
        return reference

    def update(self, reference: str, username: str, note: str, status: str | None = None,
               caseworker_id: int | None = None) -> None:
        """What the case page's "update" form does: allocate the case, or move it on (Completed, Closed)."""
        from webapp.services import cases
        case = self.case(reference)
        worker = db.session.get(User, caseworker_id or case.caseworker_id) if (caseworker_id or case.caseworker_id) else None
        cases.update_case(case, caseworker=worker, status=status or case.status, note=note, actor=self.user(username))
        db.session.commit()

    def screen(self, reference: str, admitted: bool = True) -> None:
        data = {"admission": "yes" if admitted else "no", "evidential_stage_met": "yes" if admitted else "no",
                "submit": "Save screening"}
        if admitted:
            data.update(_date("admission_date", self.today - timedelta(days=10)))
        self.staff.post("caseworker", f"/cases/{reference}/screening", data, "Screening")

    def full_code_test(self, reference: str) -> None:
        from webapp.domain.full_code_test import FACTOR_KEYS
        from webapp.services import assessments
        first = FACTOR_KEYS[0]
        public_interest = {key: {"relevant": key == first,
                                 "note": "Low: a first offence with little harm done" if key == first else ""}
                           for key in FACTOR_KEYS}
        assessments.save_full_code_test(self.case(reference), assessments.Review(
            evidential_met=True, evidential_notes="Full and frank admission in interview, supported by the officer's "
            "statement and CCTV", public_interest=public_interest, conclusion="out_of_court",
            conclusion_notes="First offence, low harm, admitted: an out-of-court resolution serves the public "
            "interest"), self.user("caseworker"))
        db.session.commit()

    def book_clinic(self, reference: str, starts_at: datetime):
        from webapp.services import clinics
        caseworker = self.user("caseworker")
        appointment = clinics.book(self.case(reference), clinics.Booking(
            starts_at=starts_at, location="Northgate Police Station, interview room 2", caseworker=caseworker,
            purpose="needs_assessment"), caseworker)
        db.session.commit()
        return appointment

    def free_time(self, day: date, from_hour: int) -> datetime:
        """The caseworker's first free time that day from `from_hour`, a minute apart (the clinic
        refuses two appointments at one time)."""
        from webapp.models import ClinicAppointment
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=from_hour)
        taken = set(db.session.scalars(select(ClinicAppointment.starts_at).where(
            ClinicAppointment.caseworker_id == self.user("caseworker").id, ClinicAppointment.starts_at >= start,
            ClinicAppointment.starts_at < start + timedelta(hours=1))))
        return next(start + timedelta(minutes=m) for m in range(60) if start + timedelta(minutes=m) not in taken)

    def clinic_and_needs(self, reference: str) -> None:
        """Seen at the Caution Clinic this morning: attendance, then the needs assessment."""
        from webapp.domain.needs import NEED_DOMAINS
        from webapp.services import assessments, clinics
        appointment = self.book_clinic(reference, self.free_time(self.today, 9))
        case, caseworker = self.case(reference), self.user("caseworker")
        clinics.record_attendance(case, appointment, "attended", "", caseworker, self.today)
        assessments.record_needs(case, assessments.Findings(
            needs={d.key: {"present": False, "note": ""} for d in NEED_DOMAINS}, appointment_id=appointment.id,
            assessor_opinion="No needs that stand in the way of an out-of-court resolution; suitable for a course"),
            caseworker)
        db.session.commit()

    def decide(self, reference: str, caution: bool = True) -> None:
        course, provider = self.rnd.choice([("Victim awareness course", "Restore Together CIC"),
                                            ("Alcohol awareness course", "Change Grow Live")])
        due = self.today + timedelta(days=self.rnd.randint(30, 60))
        if caution:
            data = {"disposal": "conditional_caution", "conditions-0-type": "course",
                    "conditions-0-kind": "rehabilitative", "conditions-0-description": course,
                    "conditions-0-provider": provider, "conditions-0-hours": "3", **_date("conditions-0-due_date", due),
                    "conditions-1-type": "compensation", "conditions-1-kind": "reparative",
                    "conditions-1-description": "Compensation to the victim for the loss",
                    "conditions-1-amount": "40", **_date("conditions-1-due_date", due),
                    **_date("completion_date", due),
                    "rationale": "Admitted, first offence, victim supports it; a course addresses the offending.",
                    "submit": "Submit the decision"}
        else:
            data = {"disposal": "community_resolution", "conditions-0-type": "apology",
                    "conditions-0-kind": "reparative", "conditions-0-description": "Letter of apology to the victim",
                    **_date("conditions-0-due_date", due), **_date("completion_date", due),
                    "rationale": "Low-level first offence, admitted; the victim asked for an apology.",
                    "submit": "Submit the decision"}
        self.staff.post("caseworker", f"/cases/{reference}/decision", data, "Decision")

    # ----------------------------------------------------------------------- the services

    def authorise(self, reference: str) -> None:
        from webapp.services.decisions import authorise_decision
        case = self.case(reference)
        authorise_decision(case, case.current_decision, actor=self.user("supervisor"),
                           comments="Proportionate and in line with policy.")
        db.session.commit()

    def deliver(self, reference: str) -> None:
        """The caution is given at the police station and the caseworker records how (CJA 2003 ss.22-23);
        a Community Resolution is agreed and recorded."""
        from webapp.domain.delivery import needs_delivery_record
        from webapp.services.decisions import deliver_community_resolution, record_caution_delivery
        case = self.case(reference)
        decision, caseworker = case.current_decision, self.user("caseworker")
        if not needs_delivery_record(decision.disposal):
            deliver_community_resolution(case, decision, actor=caseworker)
        else:
            given_at = datetime.combine(self.today, datetime.min.time()) + timedelta(hours=10)
            given_at = max(given_at, decision.authorised_at or given_at)
            record_caution_delivery(
                case, decision, given_by_name=f"{self.fake.first_name()} {self.fake.last_name()}",
                given_by_rank="Sergeant", given_by_authority="constable", admission_to_giver=True,
                admission_words="I did it and I am sorry", effect_explained=True, breach_warning_given=True,
                given_at=given_at, place="Northgate Police Station",
                signed_document=signed_form(case.suspect.full_name), signed_file_name="signed-caution.pdf",
                actor=caseworker)
        db.session.commit()

    def victims_told(self, reference: str) -> None:
        from webapp.services.victims import create_update_tasks
        case = self.case(reference)
        create_update_tasks(case, "outcome", "Tell the victim the outcome of the decision", self.today,
                            actor=self.user("victim.liaison"))
        db.session.commit()

    def attendance_file(self, rows: list[tuple[Case, Condition, date, bool]]) -> None:
        """A provider's attendance file, uploaded by the clerk."""
        lines = ["Case reference,Name,Date of birth,Course,Date,Attended"]
        for case, condition, day, attended in rows:
            lines.append(f"{case.reference},{case.suspect.full_name},{case.suspect.date_of_birth:%d/%m/%Y},"
                         f"{condition.description},{day:%d/%m/%Y},{'Yes' if attended else 'No'}")
        outcome = attendance.apply_file(f"attendance-{self.rnd.randint(1000, 9999)}.csv",
                                        ("\n".join(lines) + "\n").encode(), self.user("clerk"), "Restore Together CIC")
        db.session.commit()
        if outcome.mismatched:
            raise DemoStepFailed(f"{outcome.mismatched} attendance row(s) did not match their case")

    def course_of(self, reference: str) -> tuple[Case, Condition]:
        case = self.case(reference)
        return case, next(c for c in case.current_decision.conditions if c.type == "course")

    def pay(self, reference: str) -> None:
        case = self.case(reference)
        for condition in case.current_decision.conditions:
            if condition.type == "compensation" and condition.status == "pending":
                breaches.record_payment(case, amount=condition.amount or Decimal(0), paid_on=self.today - timedelta(days=1),
                                        reference=f"PAY{self.rnd.randint(10000, 99999)}", reported_by="Finance unit",
                                        user=self.user("clerk"), condition=condition)
        db.session.commit()

    def complete_other(self, reference: str) -> None:
        case = self.case(reference)
        for condition in case.current_decision.conditions:
            if condition.status == "pending" and condition.type not in ("course", "compensation"):
                breaches.complete_condition(case, condition, self.today - timedelta(days=1),
                                            "Seen by the caseworker", self.user("caseworker"))
        db.session.commit()
        self.finish_if_done(reference)

    def finish_if_done(self, reference: str) -> None:
        """Every condition done: the caseworker marks the case completed on the case page."""
        case = self.case(reference)
        if case.status == "conditions_active" and all(c.status == "completed" for c in case.current_decision.conditions):
            self.update(reference, "caseworker", "All conditions completed", status="completed")

    def breach(self, reference: str, approve: bool) -> None:
        case, course = self.course_of(reference)
        breaches.record_breach(case, course, what_happened=f"Did not attend the {course.description.lower()}",
                               reasonable_excuse="None offered", offender_account="Said they forgot",
                               outcome="prosecute", notes="Second chance refused: no contact since",
                               user=self.user("caseworker"), today=self.today)
        db.session.commit()
        if approve:
            case = self.case(reference)
            breaches.decide_breach(case, _open_breach(case), approve=True, comments="Agreed: prosecute", user=self.user("supervisor"),
                                   today=self.today)
            db.session.commit()

    def documents(self, reference: str, how_many: int = 2) -> None:
        """The caseworker makes the case's first documents on its Documents page (made at once here:
        JOBS_INLINE)."""
        from webapp.services.generated_documents import document_options
        options = [o for o in document_options(self.case(reference)) if o.available][:how_many]
        for option in options:
            self.staff.post("caseworker", f"/cases/{reference}/documents",
                            {"option": option.value, "submit": "Make the document"}, f"Document {option.kind}")

    # ----------------------------------------------------------------------- the road

    def run_to(self, stop: str, offence_key: str) -> str:
        reference = self.refer(offence_key)
        if stop in ("referred", "to_screen"):
            return reference
        if stop == "closed":
            self.screen(reference, admitted=False)
            self.update(reference, "caseworker", "No admission: no out-of-court resolution is possible. Returned "
                                                 "to the officer for a charging decision.", status="closed")
            return reference
        self.screen(reference)
        if stop == "screened":
            return reference
        self.full_code_test(reference)
        if stop == "awaiting_clinic":
            self.book_clinic(reference, self.free_time(self.today + timedelta(days=self.rnd.randint(2, 12)), 9))
            return reference
        self.clinic_and_needs(reference)
        # "apology_letter": a Community Resolution whose letter of apology can be made through Restorative Justice.
        caution = stop != "apology_letter" and (stop != "completed" or self.rnd.random() < 0.5)
        self.decide(reference, caution=caution)
        if stop in ("awaiting_authorisation", "to_authorise"):
            return reference
        if self.case(reference).current_decision.status == "awaiting_authorisation":
            self.authorise(reference)
        self.victims_told(reference)
        if stop in ("decided", "to_deliver"):
            return reference
        self.deliver(reference)
        if stop in ("conditions_active", "course_attended", "completed", "apology_letter"):
            self.documents(reference)
        if stop in ("conditions_active", "apology_letter"):
            return reference
        if caution:
            case, course = self.course_of(reference)
            missed = stop in ("missed_course", "breach_awaiting_approval", "prosecuted", "breach_for_bundle")
            self.attendance_file([(case, course, self.today - timedelta(days=2), not missed)])
            if missed:
                if stop != "missed_course":
                    self.breach(reference, approve=stop in ("prosecuted", "breach_for_bundle"))
                return reference
            if stop == "course_attended":  # the compensation is still to be paid
                return reference
            self.pay(reference)
        if stop == "completed":
            self.complete_other(reference)
        return reference


# --------------------------------------------------------------------------- partner agencies

# The demo's provider directory. Every organisation, address, telephone number (Ofcom's drama range
# 01632 960xxx) and e-mail address (example.org) is invented. Areas: N North, E East, W West.
DIRECTORY = (
    {"name": "Northgate Recovery Partnership", "services": ["drug_alcohol"], "areas": ["N"],
     "address": "Unit 4, Canal Wharf\nNorthgate\nXN1 4QP", "phone": "01632 960101",
     "email": "referrals@northgate-recovery.example.org",
     "contact_route": "Referrals team, Monday to Friday 9am to 5pm", "referral_method": "email",
     "capacity": 12, "waiting_weeks": 2},
    {"name": "Eastfield Women's Centre", "services": ["womens_centre", "debt_advice", "da_support"],
     "areas": ["E", "N"], "address": "The Old Library, 12 Market Row\nEastfield\nXE2 7LB", "phone": "01632 960214",
     "email": "hello@eastfield-womens-centre.example.org",
     "contact_route": "Ask for the criminal justice worker; drop-in on Wednesdays", "referral_method": "portal",
     "capacity": 6, "waiting_weeks": 1},
    {"name": "Restore Together CIC", "services": ["victim_awareness", "restorative_justice"], "areas": [],
     "address": "2nd Floor, 40 Chapel Street\nNorthgate\nXN1 2RT", "phone": "01632 960330",
     "email": "courses@restore-together.example.org",
     "contact_route": "Course bookings and Restorative Justice facilitators", "referral_method": "email",
     "capacity": 20, "waiting_weeks": 3},
    {"name": "Safer Relationships Programme", "services": ["da_perpetrator"], "areas": ["N", "E", "W"],
     "address": "PO Box 4471\nWestbury\nXW3 9ZZ", "phone": "01632 960452",
     "email": "intake@safer-relationships.example.org",
     "contact_route": "Intake line; a programme worker calls back within two working days",
     "referral_method": "phone", "capacity": 8, "waiting_weeks": 6},
    {"name": "Westbury Money Advice", "services": ["debt_advice"], "areas": ["W", "N"],
     "address": "Harbour House, 3 Quay Road\nWestbury\nXW1 5HD", "phone": "01632 960577",
     "email": "advice@westbury-money.example.org", "contact_route": "Appointments by telephone",
     "referral_method": "letter", "capacity": None, "waiting_weeks": 1},
    {"name": "Mental Health Liaison and Diversion (North and West)", "services": ["liaison_diversion"],
     "areas": ["N", "W"], "address": "Riverside Custody Suite, Mill Lane\nNorthgate\nXN3 8JS",
     "phone": "01632 960689", "email": "liaison.diversion@nhs-demo.example.org",
     "contact_route": "Practitioners on duty in custody 8am to 8pm", "referral_method": "portal",
     "capacity": None, "waiting_weeks": 0},
    {"name": "Riverside Victim Care", "services": ["victim_support", "isva", "young_victims"], "areas": [],
     "address": "14 Bridge Street\nNorthgate\nXN2 6AW", "phone": "01632 960791",
     "email": "support@riverside-victim-care.example.org",
     "contact_route": "Free support line, Monday to Saturday", "referral_method": "portal",
     "capacity": None, "waiting_weeks": 0},
)


def seed_directory(admin: User) -> int:
    """The admin keeps the provider directory: each organisation added as the admin page adds it
    (webapp.services.partners.save_provider). Organisations already there are left alone."""
    from webapp.services import partners
    known = {p.name for p in partners.providers(active_only=False)}
    added = 0
    for entry in DIRECTORY:
        if entry["name"] in known:
            continue
        partners.save_provider(None, {**entry, "active": True}, admin)
        added += 1
    db.session.commit()
    return added


class _PartnerWork:
    """Referrals, enquiries and a Restorative Justice record on the recent cases, each made through
    the service the page calls (webapp.services.partners, .enquiries, .restorative)."""

    def __init__(self, journeys: _Journeys):
        self.j = journeys
        self.today = journeys.today

    def provider(self, name: str):
        from webapp.services import partners
        return next(p for p in partners.providers(active_only=False) if p.name == name)

    def refer(self, reference: str, service_key: str, provider: str, reason: str, moves: tuple[str, ...] = (),
              sent_days_ago: int | None = None, victim: bool = False) -> None:
        from webapp.domain.partners import OFFENDER, VICTIM
        from webapp.services import partners
        case = self.j.case(reference)
        worker = self.j.user("victim.liaison" if victim else "caseworker")
        sent_on = self.today - timedelta(days=sent_days_ago) if sent_days_ago is not None else None
        referral = partners.refer(case, partners.NewReferral(
            subject=VICTIM if victim else OFFENDER, service=service_key, provider=self.provider(provider),
            reason=reason, consent=True, victim=case.victims[0] if victim else None, send_on=sent_on), worker)
        for step, status in enumerate(moves, 1):
            on = min(self.today, (sent_on or self.today) + timedelta(days=7 * step))
            partners.change_status(referral, status, worker, on=on, notes=REFERRAL_NOTES.get(status, ""))
        db.session.commit()

    def enquiries(self, about: list[str]) -> None:
        from webapp.services import enquiries
        liaison, caseworker, clerk = self.j.user("victim.liaison"), self.j.user("caseworker"), self.j.user("clerk")
        first = self.j.case(about[0])
        victim = first.victims[0]
        call = enquiries.log(enquiries.NewEnquiry(
            direction="in", channel="phone", from_type="victim", contact_name=victim.full_name,
            contact_details="Mobile 07700 900123", summary="Asked how the case is going and whether the offender "
            "will have to put things right", received_on=self.today, target_days=2, team="victim_liaison",
            case=first), clerk)
        enquiries.route(call, "victim_liaison", liaison, clerk)
        enquiries.answer(call, "Rang back: explained where the case has got to and when the victim will be "
                         "told the outcome (Victims' Code)", self.today, liaison)
        db.session.commit()  # self.j.case() expires the session: what is not committed would be lost
        enquiries.log(enquiries.NewEnquiry(
            direction="in", channel="email", from_type="officer", contact_name="PC Dale 4471",
            contact_details="dale.4471@police-demo.example.org", summary="Officer in the case asks whether the "
            "clinic appointment has been booked", received_on=self.today, target_days=5, team="casework",
            assigned_to=caseworker, case=self.j.case(about[1 % len(about)])), clerk)
        # Received three weeks ago with a five-working-day target and still open: overdue on the supervisor's view.
        received = self.today - timedelta(days=21)
        enquiries.log(enquiries.NewEnquiry(
            direction="in", channel="letter", from_type="solicitor", contact_name="Hallam & Pryce Solicitors",
            contact_details="1 Court Walk, Northgate XN1 1CW", summary="Asks for a copy of the conditions their "
            "client agreed to", received_on=received, target_days=5, team="casework", assigned_to=caseworker,
            case=self.j.case(about[2 % len(about)])), clerk)
        partner = enquiries.log(enquiries.NewEnquiry(
            direction="in", channel="email", from_type="partner", contact_name="Restore Together CIC",
            contact_details="courses@restore-together.example.org", summary="Asks for the dates of next month's "
            "victim awareness courses to be shared with the officers", received_on=self.today, target_days=5,
            team="casework"), clerk)
        enquiries.pass_on(partner, "Neighbourhood policing team inspector", "Course dates are for the "
                          "neighbourhood teams to share", self.today, caseworker)
        db.session.commit()

    def restorative_justice(self, reference: str) -> None:
        from webapp.domain.restorative import Side
        from webapp.services import restorative
        case, caseworker = self.j.case(reference), self.j.user("caseworker")
        rj, _ = restorative.assess(case, restorative.Assessment(
            victim=case.victims[0], victim_side=Side(consents=True, ready=True, risk="low"),
            offender_side=Side(consents=True, ready=True, risk="low", accepts_responsibility=True),
            victim_notes="Wants to hear why it happened; prefers not to meet",
            offender_notes="Accepts the harm caused and wants to apologise",
            safety_plan="No direct contact: letters go through the facilitator", on=self.today), caseworker)
        restorative.arrange(case, rj, "letter_of_apology", "Restore Together CIC", None, caseworker)
        db.session.commit()

    def run(self, references: list[str]) -> None:
        """Spread over the recent cases that got past screening, so each has a reason to be referred."""
        cases = [self.j.case(r) for r in references]
        usable = [c.reference for c in cases if c.status not in ("referred", "closed")]
        with_person_victim = [c.reference for c in cases if c.status not in ("referred", "closed")
                              and c.victims and c.victims[0].first_name]
        plans = [
            ("drug_alcohol", "Northgate Recovery Partnership", "Cannabis use most days, linked to the offending",
             ("accepted", "attending"), 20),
            ("victim_awareness", "Restore Together CIC", "Little recognition of the harm to the victim",
             ("accepted", "attending", "completed"), 30),
            ("debt_advice", "Westbury Money Advice", "Rent arrears and a payday loan", (), 3),
            ("liaison_diversion", "Mental Health Liaison and Diversion (North and West)",
             "Low mood since losing work; not seen by a GP", ("accepted", "did_not_attend"), 25),
            ("womens_centre", "Eastfield Women's Centre", "Asked for support from women who have been through "
             "the courts", ("declined",), 14),
            ("drug_alcohol", "Northgate Recovery Partnership", "Drinking most evenings", (), None),
        ]
        for reference, plan in zip(usable, plans):
            service_key, provider, reason, moves, sent = plan
            self.refer(reference, service_key, provider, reason, moves, sent)
        if with_person_victim:
            self.refer(with_person_victim[0], "victim_support", "Riverside Victim Care",
                       "Asked for someone to talk to since the offence", ("accepted",), 5, victim=True)
            self.restorative_justice(with_person_victim[-1])
        if usable:
            self.enquiries(with_person_victim or usable)


REFERRAL_NOTES = {"accepted": "Assessment appointment offered", "attending": "Attended the first session",
                  "completed": "Finished the course", "did_not_attend": "Did not come to the assessment",
                  "declined": "The person chose not to go ahead"}


def signed_form(name: str) -> bytes:
    """A one-page PDF standing in for the scan of the offender's signed caution document."""
    return one_page_pdf([f"Conditional caution: conditions agreed and signed by {name} [demo specimen]"])


def one_page_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (so redaction can read it), one line of Helvetica per entry."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    stream = "".join(f"BT /F1 11 Tf 50 {780 - 20 * i} Td ({line}) Tj ET\n" for i, line in enumerate(escaped))
    stream = stream.encode("latin-1", "replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _open_breach(case: Case):
    from webapp.models import Breach
    return db.session.scalar(select(Breach).where(Breach.case_id == case.id).order_by(Breach.id.desc()))


def make_recent_cases(count: int, seed: int, password: str, trainer_cases: dict[str, str] | None = None) -> int:
    """`count` recent cases through the pages and services; the trainer's six first (their references
    go into `trainer_cases`, by journey, when given)."""
    app = current_app._get_current_object()
    saved = {key: app.config.get(key) for key in ("WTF_CSRF_ENABLED", "JOBS_INLINE", "SWEEP_SCHEDULER",
                                                  "ASK_ACCESS_REASON")}
    # This process serves no one: the clicks are the demo's own. Nor does it run the daily sweep, which
    # would claim today's sweep before the cases it should see exist.
    # Nor does it stop to say why it opens a case (the reason page is for people; webapp/views.py).
    app.config.update(WTF_CSRF_ENABLED=False, JOBS_INLINE=True, SWEEP_SCHEDULER=False, ASK_ACCESS_REASON=False)
    try:
        journeys = _Journeys(seed, password)
        stops = list(TRAINER_CASES[:count]) + [STOPS[i % len(STOPS)] for i in range(max(0, count - len(TRAINER_CASES)))]
        references = [journeys.run_to(stop, TRAINER_OFFENCES.get(stop, OFFENCES[i % len(OFFENCES)]))
                      for i, stop in enumerate(stops)]
        if trainer_cases is not None:
            trainer_cases.update(zip(TRAINER_CASES, references))
        # The apology-letter case is left for the trainer to show Restorative Justice from the start.
        _PartnerWork(journeys).run([r for r, stop in zip(references, stops) if stop != "apology_letter"])
        return len(stops)
    finally:
        app.config.update(saved)
