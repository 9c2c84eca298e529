"""WSGI entry point: `gunicorn wsgi:app`, and FLASK_APP for `flask` / RQ workers."""
from webapp import create_app

app = create_app()

from jobs import schedule  # noqa: E402  (the daily sweep's thread, when Redis is not configured)

schedule.start(app)
