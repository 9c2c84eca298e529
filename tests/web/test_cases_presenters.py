"""The case pages' presenters from plain data: no database, no client."""
from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from webapp.cases import presenters


def _born_years_ago(years: int) -> date:
    return date(date.today().year - years, 1, 1)  # aged years or years - 1: either side of 18 stays clear


def test_only_a_suspect_under_18_today_goes_to_the_youth_panel():
    assert presenters.goes_to_youth_panel(SimpleNamespace(suspect=SimpleNamespace(date_of_birth=_born_years_ago(16))))
    assert not presenters.goes_to_youth_panel(SimpleNamespace(suspect=SimpleNamespace(date_of_birth=_born_years_ago(30))))
    assert not presenters.goes_to_youth_panel(SimpleNamespace(suspect=SimpleNamespace(date_of_birth=None)))
    assert not presenters.goes_to_youth_panel(SimpleNamespace(suspect=None))


def test_status_choices_keep_the_current_status_first_then_only_what_may_follow():
    assert presenters.status_choices(SimpleNamespace(status="conditions_active")) == [
        ("conditions_active", "Conditions active (no change)"), ("completed", "Completed"), ("breached", "Breached")]
    assert presenters.status_choices(SimpleNamespace(status="closed")) == [("closed", "Closed (no change)")]


def test_flags_and_timeline_items_read_in_words_with_the_system_for_no_actor():
    assert presenters.flag_labels(SimpleNamespace(escalation_reasons=["hate_crime", "youth"])) == ["Hate crime", "Youth"]
    at = datetime(2026, 3, 5, 9, 30)
    events = [SimpleNamespace(summary="Referred", actor=None, at=at, detail=""),
              SimpleNamespace(summary="Note", actor=SimpleNamespace(full_name="Priya Shah"), at=at, detail="Rang")]
    assert presenters.timeline_items(SimpleNamespace(events=events)) == [
        {"label": "Referred", "byline": "System", "at": at, "text": ""},
        {"label": "Note", "byline": "Priya Shah", "at": at, "text": "Rang"}]


def test_the_filter_panel_ticks_what_is_chosen_and_each_tag_links_to_the_list_without_it():
    def url_with(**params):
        return "?" + "&".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in params.items())

    f = SimpleNamespace(statuses=["referred", "breached"], area_ids=[2], flags=["hate_crime"], caseworker_id=7)
    areas = [SimpleNamespace(id=1, name="North"), SimpleNamespace(id=2, name="South")]
    workers = [SimpleNamespace(id=7, full_name="Priya Shah"), SimpleNamespace(id=8, full_name="Tom Reid")]
    panel = presenters.filter_panel(f, areas, workers, url_with)
    assert panel["selected"] == [
        {"heading": "Status", "items": [{"text": "Referred", "href": "?status=breached&page=None"},
                                        {"text": "Breached", "href": "?status=referred&page=None"}]},
        {"heading": "Area", "items": [{"text": "South", "href": "?area=None&page=None"}]},
        {"heading": "Flags", "items": [{"text": "Hate crime", "href": "?flag=None&page=None"}]}]
    assert [i["value"] for i in panel["status_items"] if i["checked"]] == ["referred", "breached"]
    assert [(i["text"], i["checked"]) for i in panel["area_items"]] == [("North", False), ("South", True)]
    assert panel["worker_items"] == [{"value": "", "text": "Anyone"},
                                     {"value": "7", "text": "Priya Shah", "selected": True},
                                     {"value": "8", "text": "Tom Reid", "selected": False}]
    assert [i["value"] for i in panel["flag_items"] if i["checked"]] == ["hate_crime"]
    assert presenters.filter_panel(SimpleNamespace(statuses=[], area_ids=[], flags=[], caseworker_id=None),
                                   areas, workers, url_with)["selected"] == []
