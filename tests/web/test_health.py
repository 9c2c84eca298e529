from __future__ import annotations

import pytest

from factories import gen_user, login
from oocr_testing import IN_CI, TEST_REDIS_URL, make_app


def _as_admin(app, client):
    with app.app_context():
        admin = gen_user("admin", username="health.admin")
    login(client, admin)


def test_healthz_tells_anonymous_callers_only_the_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}  # no back-end names or job mode


def test_healthz_details_are_for_administrators(app, client):
    with app.app_context():
        clerk = gen_user("clerk", username="health.clerk")
    login(client, clerk)
    assert client.get("/healthz").json == {"status": "ok"}
    client.post("/logout")
    _as_admin(app, client)
    response = client.get("/healthz")
    assert response.json["database"] == "ok" and response.json["redis"].startswith("not configured")


def test_healthz_reports_an_unreachable_redis(app, tmp_path):
    broken = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    client = broken.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json == {"status": "error"}
    _as_admin(broken, client)
    assert client.get("/healthz").json["redis"].startswith("error")


@pytest.mark.skipif(not TEST_REDIS_URL and not IN_CI, reason="TEST_REDIS_URL not set (CI always sets it)")
def test_healthz_with_real_redis(app, tmp_path):
    live = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, REDIS_URL=TEST_REDIS_URL)
    client = live.test_client()
    assert client.get("/healthz").status_code == 200
    _as_admin(live, client)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["redis"] == "ok"
