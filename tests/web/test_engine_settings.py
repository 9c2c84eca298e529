"""Engine settings as typed form fields: a date picker, yes/no, a choice, numbers and tables, checked
with every other setting, kept with a reason, audit-logged, and described in plain words."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from factories import gen_user, login, login_as
from oocr_testing import make_csrf_app
from webapp.services.settings import engine_config
from webapp.domain.config import EngineConfig
from webapp.domain.setting_editors import EDITORS, TEXT, describe_value, editor_for
from webapp.extensions import db
from webapp.models import AuditRecord, EngineSetting
from webapp.models.setting_change import SettingChange

URL = "/admin/rules/setting?key="


@pytest.fixture
def admin(app, client):
    return login_as(app, client, "admin")


def _date(day: int, month: int, year: int) -> list[str]:
    return [str(day), str(month), str(year)]


def test_every_setting_has_a_typed_editor_and_plain_words():
    for setting in EngineConfig().settings():
        editor = editor_for(setting.name)
        assert editor.kind != TEXT and editor.plain, setting.name
    assert describe_value("pcsc_commencement", None) == "Not in force"
    assert describe_value("pcsc_commencement", "2027-04-01") == "From 1 April 2027"
    assert describe_value("simple_caution_permitted", False) == "No"
    assert describe_value("victim_update_working_days", 5) == "5 working days"
    assert describe_value("conditional_caution_financial_penalty_caps",
                          {"summary": 50, "either_way": 100, "indictable_only": 150}).startswith(
        "Summary-only offences: £50; Either-way offences: £100")
    assert "score 4: none" in describe_value("gravity_disposals", EngineConfig().to_mapping()["gravity_disposals"])


def test_pcsc_commencement_with_a_date_picker_and_a_reason(app, client, admin):
    page = client.get(URL + "pcsc_commencement").text
    assert 'name="commencement-day"' in page or 'name="commencement"' in page
    assert "Who can change it" in page and "An administrator" in page and "Not in force" in page
    response = client.post(URL + "pcsc_commencement", data={
        "in_force": "yes", "commencement": _date(1, 4, 2027), "reason": "Commencement regulations made", "save": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#setting-pcsc_commencement")
    with app.app_context():
        assert engine_config().pcsc_commencement.isoformat() == "2027-04-01"
        change = db.session.scalar(select(SettingChange))
        assert (change.key, change.old_value, change.new_value, change.reason) == (
            "pcsc_commencement", {"value": None}, {"value": "2027-04-01"}, "Commencement regulations made")
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "engine_setting"))
        assert "from Not in force to From 1 April 2027" in line.description
        assert "Reason: Commencement regulations made" in line.description and line.username == admin.username
    rules = client.get("/admin/rules").text
    assert "From 1 April 2027" in rules
    assert "Commencement regulations made" in client.get(URL + "pcsc_commencement").text
    # and off again, going back to the default
    response = client.post(URL + "pcsc_commencement", data={"in_force": "no", "reason": "Withdrawn", "reset": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert engine_config().pcsc_commencement is None and db.session.get(EngineSetting, "pcsc_commencement") is None


def test_mistakes_are_shown_beside_the_fields_and_nothing_typed_is_lost(app, client, admin):
    no_date = client.post(URL + "pcsc_commencement", data={"in_force": "yes", "reason": "Because", "save": "y"})
    assert no_date.status_code == 422 and "Enter the date it comes into force" in no_date.text
    assert "govuk-error-summary" in no_date.text and ">Because</textarea>" in no_date.text
    too_early = client.post(URL + "pcsc_commencement", data={
        "in_force": "yes", "commencement": _date(1, 1, 2020), "reason": "Typo test", "save": "y"})
    assert too_early.status_code == 422 and "Royal Assent" in too_early.text and 'value="2020"' in too_early.text
    no_reason = client.post(URL + "victim_update_working_days", data={"amount": "3", "reason": "", "save": "y"})
    assert no_reason.status_code == 422 and "Enter why you are making this change" in no_reason.text
    assert 'value="3"' in no_reason.text
    out_of_range = client.post(URL + "escalate_either_way_above_score", data={"amount": "9", "reason": "x", "save": "y"})
    assert out_of_range.status_code == 422 and "Enter a number from 0 to 4" in out_of_range.text
    words = client.post(URL + "condition_period_max_weeks", data={"amount": "ten", "reason": "x", "save": "y"})
    assert words.status_code == 422 and "Enter a whole number, like 5" in words.text
    # a normal period longer than the maximum is refused by the engine's own check
    longer = client.post(URL + "condition_period_normal_weeks", data={"amount": "30", "reason": "x", "save": "y"})
    assert longer.status_code == 422 and "must not exceed" in longer.text
    with app.app_context():
        assert db.session.scalar(select(SettingChange)) is None and engine_config() == EngineConfig()


def test_yes_no_choices_numbers_and_tables(app, client, admin):
    def save(key, **data):
        response = client.post(URL + key, data={"reason": "Force policy review", "save": "y", **data})
        assert response.status_code == 302, re.findall(r'govuk-error-message">(.*?)</', response.text, re.S)

    save("simple_caution_permitted", answer="yes")
    save("domestic_abuse_caution_policy", answer="police_decision")
    save("conditional_caution_attendance_cap_hours", amount="12.5")
    save("conditional_caution_financial_penalty_caps", cap_summary="40", cap_either_way="90", cap_indictable_only="140")
    save("community_caution_financial_penalty_caps", is_set="yes", cap_summary="25", cap_either_way="50",
         cap_indictable_only="75")
    save("offence_gravity_overrides", score_theft_shop="1")
    table = EngineConfig().to_mapping()["gravity_disposals"]
    fields = {f"{regime}_{score}": disposals for regime, by in table.items() for score, disposals in by.items()}
    fields["two_tier_3"] = ["conditional_caution"]  # no Simple Caution at score 3
    save("gravity_disposals", **fields)
    with app.app_context():
        config = engine_config()
    assert config.simple_caution_permitted is True and config.domestic_abuse_caution_policy == "police_decision"
    assert config.conditional_caution_attendance_cap_hours == 12.5
    assert config.conditional_caution_financial_penalty_caps == {"summary": 40, "either_way": 90, "indictable_only": 140}
    assert config.community_caution_financial_penalty_caps == {"summary": 25, "either_way": 50, "indictable_only": 75}
    assert config.offence_gravity_overrides == {"theft_shop": 1}
    assert config.gravity_disposals["two_tier"][3] == ("conditional_caution",)
    # "not set yet" clears the optional caps; missing amounts are asked for
    missing = client.post(URL + "conditional_caution_financial_penalty_caps",
                          data={"cap_summary": "40", "reason": "x", "save": "y"})
    assert missing.status_code == 422 and "Enter the amount for either-way offences" in missing.text
    save("community_caution_financial_penalty_caps", is_set="no")
    # a table where a more serious score allows a lighter outcome is refused with the engine's reason
    fields["two_tier_4"] = ["community_resolution"]
    wrong = client.post(URL + "gravity_disposals", data={"reason": "x", "save": "y", **fields})
    assert wrong.status_code == 422 and "govuk-error-summary" in wrong.text
    with app.app_context():
        assert engine_config().community_caution_financial_penalty_caps is None
        assert engine_config().gravity_disposals["two_tier"][4] == ()


def test_only_administrators_change_settings_and_every_screen_says_so(app, client):
    with app.app_context():
        supervisor = gen_user("supervisor")
    login(client, supervisor)
    assert client.get(URL + "pcsc_commencement").status_code == 403
    assert client.post(URL + "pcsc_commencement", data={"in_force": "no", "reason": "x"}).status_code == 403
    rules = client.get("/admin/rules").text
    assert "Only an administrator can change a setting" in rules and "/admin/rules/setting" not in rules
    notice = (app.root_path + "/templates/victims/_deadline_notice.html")
    text = open(notice).read()
    assert "An administrator" in text and "A supervisor can change" not in text


def test_the_setting_form_needs_a_csrf_token(app, tmp_path):
    with app.app_context():
        gen_user("admin", username="csrf.admin")
    csrf_app = make_csrf_app(app, tmp_path)
    client = csrf_app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "csrf.admin", "password": "correct-horse-battery", "csrf_token": token})
    page = client.get(URL + "simple_caution_permitted").text
    assert 'name="csrf_token"' in page
    assert client.post(URL + "simple_caution_permitted", data={"answer": "yes", "reason": "x", "save": "y"}).status_code == 400
    with csrf_app.app_context():
        db.session.remove()
        db.engine.dispose()
    assert set(EDITORS) >= {s.name for s in EngineConfig().settings()}
