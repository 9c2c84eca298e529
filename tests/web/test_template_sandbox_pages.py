"""An administrator's template upload is the one place users supply code-like text: the upload
refuses escape routes with a reason, and a version that somehow skipped the check cannot run."""
from __future__ import annotations

import io
import re
from html import unescape

from documents.letters.layout import TemplateBuilder
from factories import gen_user, login
from webapp.services import template_versions as versions
from webapp.extensions import db

KIND = "victim_outcome_letter"


def _template(text: str) -> bytes:
    builder = TemplateBuilder(KIND)
    builder.para(text)
    return builder.to_bytes()


def test_upload_of_a_template_that_reaches_for_python_is_refused(app, client, tmp_path):
    marker = tmp_path / "ran"
    with app.app_context():
        admin = gen_user("admin")
    login(client, admin)
    payload = _template(f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}")
    response = client.post("/admin/templates", data={
        "kind": KIND, "notes": "new wording", "file": (io.BytesIO(payload), "letter.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    text = unescape(response.text)
    assert "Unknown variable 'cycler'" in text
    assert "reads '__init__', which document templates may not read" in text
    assert not marker.exists()


def test_a_version_that_skipped_the_check_cannot_be_previewed_or_run(app, client, tmp_path):
    marker = tmp_path / "ran"
    with app.app_context():
        admin = gen_user("admin")
        versions.active_template(KIND)
        forged = versions._add(KIND, _template(f"{{{{ lipsum.__globals__['os'].system('touch {marker}') }}}}"),
                               notes="forged", user=None, make_active=True)
        version = forged.version
        db.session.commit()
    login(client, admin)
    response = client.get(f"/admin/templates/preview?kind={KIND}&version={version}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert re.search(rf"Version {version} cannot be previewed", unescape(page))
    assert not marker.exists()
