"""The administrators' Rules page lists the Home Office outcome codes with their sources, and says
why no resolution decided here is Outcome 22."""
from __future__ import annotations

from factories import gen_user, login


def test_rules_page_lists_outcome_codes_and_the_outcome_22_note(app, client):
    with app.app_context():
        admin = gen_user("admin")
    login(client, admin)
    page = client.get("/admin/rules").text
    assert 'id="outcome-codes"' in page and "Outcome 8: Community Resolution" in page
    assert "Outcome 3: Caution - adults" in page and "Home Office Counting Rules" in page
    assert "Outcome 22 is not given by any resolution this system decides" in page
    assert "<code>deferred_prosecution</code>" in page
