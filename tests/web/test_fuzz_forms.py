"""A property-based fuzzer: generated bodies and query strings posted to every form in the URL map,
as a signed-in user of a role the route allows. Whatever is sent, the answer is never a server error,
and a refused request (4xx) stores nothing (only the audit log may grow).

The number of examples is a setting: FUZZ_EXAMPLES is the total across all forms (default 400, a
quick run; CI sets more, see .ci/run), and half as many again go to the pages' query strings. With
FUZZ_EXAMPLES=10000 every form gets about 130 bodies.
"""
from __future__ import annotations

import io
import os
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

from compliance_testing import case_with_conditions
from factories import PASSWORD, gen_appointment, gen_user, gen_victim_contact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from wtforms.fields import (
    FieldList,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
)

from webapp.extensions import db
from webapp.models import (
    Breach,
    Case,
    ClinicAppointment,
    Condition,
    Victim,
    VictimContact,
)

TOTAL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 400)
ROLE_ORDER = ("supervisor", "caseworker", "clerk", "victim_liaison", "admin")
# Sign-out ends the session the fuzzer is using; the sign-in page is fuzzed signed out, separately.
SKIP = {"auth.logout"}
# Rows a refused request may still add: the audit log itself, and the built-in template versions that
# are put in the table the first time any template is looked up.
LAZILY_FILLED = {"audit_records", "document_templates"}
QUERY_NAMES = ("condition", "breach", "evidence", "bundle", "proposal", "victim", "contact", "appointment", "document",
               "job", "upload", "mismatch", "cover", "provider", "referral", "enquiry", "task", "kind", "version",
               "format", "from", "page", "person", "key", "action", "setting")
ODD = ["", " ", "   ", "0", "1", "2", "3", "-1", "1.5", "12.345", "1e30", "-1e30", "NaN", "inf", "²", "٣", "1²",
       str(2**31), str(2**63), str(10**30), "y", "on", "yes", "no", "true", "false", "all", "case", "queue",
       "docx", "pdf", "zip", "31", "12", "2026", "1900", "9999", "0000", "29", "2", "13", "32",
       "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "a\x00b", "\u202e", "😀", "x" * 300, "y" * 5000,
       "OC26-000001", "=cmd|' /C calc'!A0", "../../etc/passwd", "%s%s%n", "{{ 7*7 }}", "£1,200.50", "£"]


def _form_classes():
    from flask_wtf import FlaskForm
    seen, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen


def _vocabulary(app) -> tuple[list[str], list[str]]:
    """Every field name the app's forms use (with one entry of each list of sub-forms) and every fixed
    choice value, so generated bodies often get past the first check and reach the code behind it."""
    names, values = set(), set()
    with app.test_request_context():
        for cls in _form_classes():
            try:
                form = cls(meta={"csrf": False}, formdata=None)
            except TypeError:  # a form that needs arguments of its own is left out
                continue
            for field in form:
                names.add(field.name)
                if isinstance(field, FieldList):
                    entry = field.append_entry() if not field.entries else field.entries[0]
                    names.update(sub.name for sub in (entry if isinstance(entry, FormField) else [entry]))
                if isinstance(field, (RadioField, SelectField, SelectMultipleField)) and field.choices:
                    choices = field.choices.items() if isinstance(field.choices, dict) else field.choices
                    for choice in choices:
                        if isinstance(choice, (tuple, list)) and choice and not isinstance(choice[1], (list, tuple)):
                            values.add(str(choice[0]))
    return sorted(names), sorted(values)


def _prepare(app) -> dict:
    """Users of each role in one area, and a case with a delivered decision, conditions, a victim,
    contact tasks and a clinic appointment, so ids in the generated requests often exist."""
    with app.app_context():
        users = {role: gen_user(role, username=f"fuzz-{role}") for role in ROLE_ORDER}
        spare = gen_user("caseworker", username="fuzz-spare")
        case = case_with_conditions(conditions=[
            {"kind": "rehabilitative", "type": "course", "description": "Victim awareness course",
             "provider": "Northgate Awareness Service", "hours": Decimal(3),
             "due_date": date.today() + timedelta(days=9)},
            {"kind": "reparative", "type": "compensation", "description": "Pay compensation",
             "amount": Decimal(120), "due_date": date.today() + timedelta(days=9)}])
        reference = case.reference
        case.victims.append(Victim(first_name="Vera", last_name="Victim", postcode="NG2 2BB"))
        db.session.commit()
        gen_victim_contact(case, "views", date.today())
        row = db.session.scalar(select(Case).where(Case.reference == reference))
        gen_appointment(row, users["caseworker"])
        course = db.session.scalar(select(Condition).where(Condition.case_id == row.id, Condition.type == "course"))
        db.session.add(Breach(case_id=row.id, condition_id=course.id, what_happened="Missed the course twice",
                              proposed_outcome="prosecute", recorded_by_id=users["caseworker"].id))
        db.session.commit()
        ids = {str(i) for model in (Condition, Victim, VictimContact, ClinicAppointment)
               for i in db.session.scalars(select(model.id))}
        # Real ids under the names routes read them from, so a generated body reaches the code behind them.
        base_query = {name: str(db.session.scalar(select(model.id).order_by(model.id.desc())))
                      for name, model in (("condition", Condition), ("victim", Victim), ("contact", VictimContact),
                                          ("appointment", ClinicAppointment), ("breach", Breach))}
        tables = [t.name for t in db.metadata.sorted_tables if t.name not in LAZILY_FILLED]
    return {"users": users, "spare": spare, "reference": reference, "ids": sorted(ids), "tables": tables,
            "query": base_query}


def _counts(tables: list[str]) -> dict[str, int]:
    row = db.session.execute(text("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables))).one()
    db.session.rollback()
    return dict(zip(tables, row))


class _Fields(HTMLParser):
    """The fields a page's forms would send as they stand: hidden values, what is typed or checked, the
    selected (or first) option, repeated names (GOV.UK dates) as lists."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def _add(self, name, value):
        if name and name != "csrf_token":
            self.fields.setdefault(name, []).append(value or "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image", "reset"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a or a.get("name") not in self.fields:
                    self.fields.pop(a.get("name"), None) if "checked" in a else None
                    self._add(a.get("name"), a.get("value", "y"))
            else:
                self._add(a.get("name"), a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and (self._select not in self.fields or "selected" in a):
            self.fields[self._select] = [a.get("value", "")]
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self.fields.setdefault(a["name"], [a.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data


def _page_fields(client, path: str, query: dict) -> dict:
    """The form as the GET page of the same URL shows it (empty when there is no such page)."""
    response = client.get(path, query_string=query)
    if response.status_code != 200 or "html" not in response.mimetype:
        return {}
    parser = _Fields()
    parser.feed(response.get_data(as_text=True))
    return {k: v if len(v) > 1 else v[0] for k, v in parser.fields.items()}


def _body_strategy(names: list[str], values: list[str], ids: list[str]):
    scalar = st.one_of(st.sampled_from(ODD), st.sampled_from(values or ["x"]), st.sampled_from(ids or ["1"]),
                       st.text(max_size=30), st.integers(-10**6, 10**6).map(str))
    value = st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))
    upload = st.tuples(st.binary(max_size=300) | st.sampled_from([b"PK\x03\x04", b"%PDF-1.4\n", b"Case Ref\n\x00"]),
                       st.sampled_from(["a.csv", "a.xlsx", "a.docx", "a.pdf", "a.txt", "", "../x.exe"]))
    body = st.dictionaries(st.sampled_from(names), value, max_size=10)
    query = st.dictionaries(st.sampled_from(QUERY_NAMES), st.one_of(scalar, st.sampled_from(ids or ["1"])), max_size=3)
    return st.tuples(body, query, st.one_of(st.none(), upload), st.booleans())


def _signed_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.text[:300]
    return client


def _post_routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        if "POST" in rule.methods and rule.endpoint not in SKIP and getattr(view, "allowed_roles", None) != "public":
            yield rule


def _fuzz_route(app, client, path: str, who: str, page: dict, data: dict, strategy, examples: int, answers: Counter):
    """Post `examples` generated bodies to one route: no server error; a refused one stores nothing."""

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def posting(generated):
        body, query, upload, from_page = generated
        form = {**(page if from_page else {}), **body}
        query = {**data["query"], **query}
        if upload is not None:
            form["file"] = (io.BytesIO(upload[0]), upload[1])
        with app.app_context():
            before = _counts(data["tables"])
        response = client.post(path, data=form, query_string=query, content_type="multipart/form-data")
        answers[(who, response.status_code)] += 1
        assert response.status_code < 500, (who, body, query, response.status_code)
        if response.status_code >= 400:
            with app.app_context():
                after = _counts(data["tables"])
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            assert not changed, (who, body, query, response.status_code, changed)

    posting()


def test_no_generated_body_gives_a_server_error_or_a_half_saved_record(app):
    names, values = _vocabulary(app)
    data = _prepare(app)
    routes = list(_post_routes(app))
    assert len(routes) > 50
    per_route = max(2, TOTAL_EXAMPLES // len(routes))
    strategy = _body_strategy(names, values, data["ids"])
    answers = Counter()
    get_rules = {r.rule for r in app.url_map.iter_rules() if "GET" in r.methods}
    for rule in routes:
        allowed = app.view_functions[rule.endpoint].allowed_roles
        role = next(r for r in ROLE_ORDER if r in allowed)
        client = _signed_in(app, data["users"][role])
        path = rule.build({"reference": data["reference"], "user_id": data["spare"].id}
                          if rule.arguments else {}, append_unknown=False)[1]
        page = _page_fields(client, path, data["query"]) if rule.rule in get_rules else {}
        _fuzz_route(app, client, path, f"{rule.endpoint} as {role}", page, data, strategy, per_route, answers)
    if os.environ.get("FUZZ_REPORT"):  # which answers each form gave: shows how deep the bodies reach
        for (endpoint, status), count in sorted(answers.items()):
            print(f"{endpoint:<60} {status} x{count}")


def test_the_sign_in_page_survives_generated_bodies(app):
    anonymous = app.test_client()

    @settings(max_examples=max(10, TOTAL_EXAMPLES // 20), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(["username", "password", "next", "csrf_token", "remember"]),
                           st.one_of(st.sampled_from(ODD), st.text(max_size=40)), max_size=5),
           st.sampled_from(["", "?next=/cases", "?next=//evil.example", "?next=/\\evil.example", "?next=²"]))
    def signing_in(body, query):
        response = anonymous.post("/login" + query, data=body)
        assert response.status_code < 500, (body, query, response.status_code)
        assert not re.search(r"Location: https?://(?!localhost)", str(response.headers))

    signing_in()


def _get_routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        if "GET" in rule.methods and rule.endpoint != "static" and getattr(view, "allowed_roles", None) != "public":
            yield rule


def test_no_generated_query_string_gives_a_server_error(app):
    """Every page and fragment with generated query strings (filters, pages, ids, dates), full and HTMX."""
    names, values = _vocabulary(app)
    data = _prepare(app)
    routes = list(_get_routes(app))
    per_route = max(2, TOTAL_EXAMPLES // (2 * len(routes)))
    keys = sorted({*QUERY_NAMES, *names, "q", "status", "area", "flag", "sort", "dir", "mine", "caseworker", "date",
                   "due", "figure", "period", "username", "record_id", "date_from", "date_to", "resolution"})
    scalar = st.one_of(st.sampled_from(ODD), st.sampled_from(values or ["x"]), st.sampled_from(data["ids"] or ["1"]),
                       st.text(max_size=20))
    strategy = st.tuples(st.dictionaries(st.sampled_from(keys), st.one_of(scalar, st.lists(scalar, max_size=3)),
                                         max_size=5), st.booleans())
    clients = {}
    for rule in routes:
        role = next(r for r in ROLE_ORDER if r in app.view_functions[rule.endpoint].allowed_roles)
        client = clients.get(role) or clients.setdefault(role, _signed_in(app, data["users"][role]))
        path = rule.build({"reference": data["reference"], "user_id": data["spare"].id}
                          if rule.arguments else {}, append_unknown=False)[1]
        _fuzz_page(client, path, f"{rule.endpoint} as {role}", data["query"], strategy, per_route)


def _fuzz_page(client, path: str, who: str, base_query: dict, strategy, examples: int):
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def opening(generated):
        query, htmx = generated
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.get(path, query_string={**base_query, **query}, headers=headers)
        assert response.status_code < 500, (who, query, htmx, response.status_code)

    opening()
