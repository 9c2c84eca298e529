"""Word templates are data an administrator uploads: nothing in one may run code.

Each escape route is tried twice: the upload check must refuse it with a reason, and, should a
template ever reach the renderer without that check (an old upload, a bug), the sandboxed render
must refuse it without running anything.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from documents.catalogue import KINDS
from documents.context import build_context, example_parts
from documents.render import RenderError, lint_kind, render
from documents.letters.layout import TemplateBuilder

KIND = "offender_reminder_letter"

ESCAPES = {
    "cycler globals": "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "joiner globals": "{{ joiner.__init__.__globals__.os.system('touch MARKER') }}",
    "namespace class": "{{ namespace.__init__.__globals__ }}",
    "lipsum globals": "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "range": "{% for i in range(3) %}{{ i }}{% endfor %}",
    "string mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "context value class": "{{ offender.__class__.__mro__ }}",
    "subscript dunder": "{{ offender['__class__'] }}",
    "method call": "{{ offender.items() }}",
    "str format": "{{ '{0.__class__}'.format(offender) }}",
    "attr filter": "{{ offender|attr('__class__') }}",
    "map filter": "{{ conditions|map(attribute='__class__')|list }}",
    "format filter": "{{ '%s'|format(offender) }}",
    "set": "{% set x = offender %}{{ x }}",
    "include": "{% include 'base.html' %}",
    "import": "{% import 'os' as os %}",
    "macro": "{% macro m() %}x{% endmacro %}",
    "config": "{{ config.SECRET_KEY }}",
    "self": "{{ self.__init__.__globals__ }}",
    "loop cycle": "{% for c in conditions %}{{ loop.cycle('a', 'b') }}{% endfor %}",
}


def _template_with(text: str) -> bytes:
    builder = TemplateBuilder(KIND)
    builder.para(text)
    return builder.to_bytes()


def _context():
    return build_context(KIND, **example_parts(KIND))


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_upload_check_refuses_each_escape_route(name, tmp_path):
    marker = tmp_path / "ran"
    problems = lint_kind(KIND, _template_with(ESCAPES[name].replace("MARKER", str(marker))))
    assert problems, f"{name} was accepted"
    assert not marker.exists()


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_sandboxed_render_refuses_each_escape_route_without_running_it(name, tmp_path):
    marker = tmp_path / "ran"
    data = _template_with(ESCAPES[name].replace("MARKER", str(marker)))
    with pytest.raises(RenderError):
        render(KIND, _context(), template_bytes=data)
    assert not marker.exists()


def test_refusal_says_what_is_not_allowed():
    problems = lint_kind(KIND, _template_with("{{ offender.items() }}"))
    assert "The document body uses a function or method call, which document templates may not use: " \
           "only values, {% if %} and {% for %}." in problems
    problems = lint_kind(KIND, _template_with("{{ cycler.__init__ }}"))
    assert "Unknown variable 'cycler': this document kind does not provide it." in problems
    assert "The document body reads '__init__', which document templates may not read." in problems


def test_escape_in_a_footnote_is_refused(tmp_path):
    """docxtpl renders footnotes too, so the check and the sandbox cover them."""
    marker = tmp_path / "ran"
    payload = f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
    data = _with_footnote(_template_with("Hello"), payload)
    assert any("footnotes" in problem for problem in lint_kind(KIND, data))
    with pytest.raises(RenderError):
        render(KIND, _context(), template_bytes=data)
    assert not marker.exists()


def test_escape_in_a_document_property_is_refused():
    builder = TemplateBuilder(KIND)
    builder.doc.core_properties.title = "{{ cycler.__init__.__globals__ }}"
    data = builder.to_bytes()
    assert any("title property" in problem or "'cycler'" in problem for problem in lint_kind(KIND, data))
    with pytest.raises(RenderError):
        render(KIND, _context(), template_bytes=data)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_shipped_templates_render_in_the_sandbox(kind):
    context = build_context(kind, **example_parts(kind))
    assert render(kind, context)[:2] == b"PK"


def test_allowed_filters_and_loop_values_still_work():
    kind = "conditional_caution_notice"
    builder = TemplateBuilder(kind)
    builder.para(
        "{{ offender.full_name|upper }} {% for c in conditions %}{{ loop.index }}{% endfor %}"
        " {{ conditions|length }} {{ offender.full_name|default('') }}"
    )
    data = builder.to_bytes()
    assert lint_kind(kind, data) == []
    out = render(kind, build_context(kind, **example_parts(kind)), template_bytes=data)
    with zipfile.ZipFile(io.BytesIO(out)) as package:
        body = package.read("word/document.xml").decode()
    assert example_parts(kind)["offender"].full_name.upper() in body


def _with_footnote(docx: bytes, text: str) -> bytes:
    """Add a footnotes part holding ``text`` to a .docx, as Word would."""
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFoot1" Type='
                                    b'"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            new.writestr(item, data)
        new.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()
