"""WSGI entry point: `gunicorn wsgi:app`, and FLASK_APP for `flask` / RQ workers."""
from webapp import create_app

app = create_app()
