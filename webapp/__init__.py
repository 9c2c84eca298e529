"""OOCR Casework: the Flask application factory.

Flask and its extensions are imported inside create_app(), so that `webapp.domain` (and with it
`oocr assess`) can be imported without paying for the web stack.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    from flask import Flask
    from govuk_frontend_wtf.main import WTFormsHelpers
    from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

    from webapp import config as config_module
    from webapp.extensions import csrf, db, htmx, login_manager, migrate, rq

    app = Flask(__name__, instance_relative_config=True, static_url_path="/assets")
    from webapp.views import RowIdConverter
    app.url_map.converters["int"] = RowIdConverter  # ids past any row are "not found", not OverflowError
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    for problem in config_module.owner_only_storage(app.config, Path(app.instance_path)):
        app.logger.warning("could not make personal data storage owner-only: %s", problem)

    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    # RQ only when REDIS_URL is set (jobs/queue.py decides); queues always asynchronous, even in tests,
    # so a test with a real worker exercises the production path.
    app.config.setdefault("RQ_CONNECTION", app.config["REDIS_URL"] or {})
    app.config.setdefault("RQ_ASYNC", True)
    db.init_app(app)
    rq.init_app(app)
    from webapp.services import storage
    storage.init_app(app)  # loads the object-storage client once, before job workers fork
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _sqlite_write_ahead_log(db.engine)
    elif app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        from webapp.database import drop_nul_characters
        with app.app_context():
            drop_nul_characters(db.engine)  # a NUL in any text would be a database error there
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    WTFormsHelpers(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue"
    login_manager.login_message_category = "info"

    from webapp import models  # noqa: F401  (registers the tables)

    from webapp import security
    login_manager.user_loader(security.load_user)
    security.init_app(app)

    from webapp import jinja_helpers
    jinja_helpers.register(app)

    from webapp.admin.routes import bp as admin_bp
    from webapp.auth.routes import bp as auth_bp
    from webapp.cases.routes import bp as cases_bp
    from webapp.decisions.routes import bp as decisions_bp
    from webapp.documents.routes import bp as documents_bp
    from webapp.main import bp as main_bp
    from webapp.assessments.routes import bp as assessments_bp
    from webapp.victims.routes import bp as victims_bp
    from webapp.compliance.routes import bp as compliance_bp
    from webapp.outcomes.routes import bp as outcomes_bp
    app.register_blueprint(outcomes_bp)
    from webapp.people.routes import bp as people_bp
    app.register_blueprint(people_bp)
    from webapp.statistics.routes import bp as statistics_bp
    app.register_blueprint(statistics_bp)
    from webapp.access.routes import bp as access_bp
    app.register_blueprint(access_bp)

    for bp in (main_bp, auth_bp, cases_bp, admin_bp, decisions_bp, documents_bp, assessments_bp, victims_bp, compliance_bp):
        app.register_blueprint(bp)

    from webapp.partners.routes import bp as partners_bp
    app.register_blueprint(partners_bp)
    from webapp.enquiries.routes import bp as enquiries_bp
    app.register_blueprint(enquiries_bp)
    from webapp.restorative.routes import bp as restorative_bp
    app.register_blueprint(restorative_bp)
    from webapp.clinics.routes import bp as clinics_bp
    app.register_blueprint(clinics_bp)

    _register_error_pages(app)

    from jobs import schedule  # the daily sweep: rq cron registration, and the embedded scheduler thread
    schedule.init_app(app)
    from webapp.admin.engine_settings import bp as engine_settings_bp
    app.register_blueprint(engine_settings_bp)

    from webapp.cli import register_app_commands
    register_app_commands(app)
    return app


def _sqlite_write_ahead_log(engine) -> None:
    """The embedded SQLite default in WAL mode: readers do not block the job runner's writes, and a
    commit costs one fsync of the log, not of the database (measured in tests/bench/bench_pipeline.py)."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _register_error_pages(app: Flask) -> None:
    from flask import render_template
    from flask_wtf.csrf import CSRFError

    def page(status: int, title: str, message: str):
        return render_template("errors/error.html", title=title, message=message), status

    app.register_error_handler(403, lambda e: page(403, "You do not have access to this page",
                                                   "Your role does not allow this. Ask a supervisor if you need access."))
    app.register_error_handler(404, lambda e: page(404, "Page not found",
                                                   "Check the address, or search for the case from the case list."))
    app.register_error_handler(CSRFError, lambda e: page(400, "Your form expired",
                                                         "Go back, refresh the page and try again. Nothing was saved."))
    app.register_error_handler(413, lambda e: page(413, "The file is too big", (
        f"What you sent was larger than {app.config['MAX_CONTENT_LENGTH'] / 2**20:g} MB, so nothing was saved. "
        "Go back and choose a smaller file, or split it into parts.")))
