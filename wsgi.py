"""WSGI entry point: `gunicorn wsgi:app`, and FLASK_APP for `flask` / RQ workers."""
from webapp import create_app

app = create_app()

import os  # noqa: E402

from jobs import schedule  # noqa: E402  (the daily sweep's thread, when Redis is not configured)

# A server (gunicorn) starts the nightly jobs' thread at once. A `flask` command that loads this file
# (FLASK_APP=wsgi flask seed-demo, db upgrade) must not: its first check would sweep, and claim the day
# for, a database that is still being made.
if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
    schedule.start(app)
