from __future__ import annotations

import pytest

from oocr_testing import IN_CI, TEST_REDIS_URL, make_app


def test_healthz_without_redis_reports_in_process_jobs(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok" and response.json["redis"].startswith("not configured")


def test_healthz_reports_an_unreachable_redis(app, tmp_path):
    broken = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["redis"].startswith("error")


@pytest.mark.skipif(not TEST_REDIS_URL and not IN_CI, reason="TEST_REDIS_URL not set (CI always sets it)")
def test_healthz_with_real_redis(app, tmp_path):
    live = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, REDIS_URL=TEST_REDIS_URL)
    response = live.test_client().get("/healthz")
    assert response.status_code == 200 and response.json["redis"] == "ok"
