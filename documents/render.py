"""Render Word documents from templates, and check templates before use.

:func:`render` fills a kind's template with a context from
:func:`documents.context.build_context`. It renders with autoescaping (so
``<``, ``&`` and quotes in names cannot break the XML) and with strict
undefined values (so a template asking for something the context lacks fails
loudly instead of printing a blank in a legal document).

Templates are data an administrator uploads, so nothing in them may run code.
Every render happens in a sandbox: Jinja's immutable sandbox with no globals,
no function or method calls, no attributes that start with an underscore, and
only the filters and tests in :data:`TEMPLATE_FILTERS` and :data:`TEMPLATE_TESTS`.

:func:`lint_template` is what an administrator's upload of a new template
version is checked with: it reports Jinja syntax errors, names and attributes
the kind does not declare, and a missing protective marking, in words an
administrator can act on.

Nothing here imports Flask, so background jobs can render without an app.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateAssertionError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from documents.catalogue import get_kind, variable_root

__all__ = [
    "RenderError", "TEMPLATE_FILTERS", "TEMPLATE_TESTS", "checksum", "lint_kind", "lint_template",
    "render",
]

TEMPLATE_FILTERS = frozenset({
    "capitalize", "default", "first", "int", "join", "last", "length", "lower", "round", "select",
    "string", "title", "trim", "upper",
})
"""Filters a template may use: each turns plain values into plain text or lists."""

TEMPLATE_TESTS = frozenset({
    "defined", "eq", "equalto", "even", "false", "ge", "gt", "in", "le", "lt", "ne", "none",
    "number", "odd", "sequence", "string", "true", "undefined",
})
"""Tests a template may use in ``{% if x is ... %}`` and the ``select`` filter."""

LOOP_ATTRIBUTES = frozenset({"first", "index", "index0", "last", "length", "revindex", "revindex0"})
"""What a template may read from ``loop`` inside ``{% for %}``."""


class RenderError(Exception):
    """A template could not be filled in with the given context."""


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ value }}`` before it is written into the XML.

    ``None`` prints as nothing rather than "None". Braces are written as
    character references because docxtpl rewrites ``{_{`` and similar
    sequences in the output, which would otherwise alter text a user typed.
    """
    if value is None:
        return ""
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))  # nosec B704 (accepted: escaped first)


class _TemplateSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment every render and every lint uses.

    Jinja's immutable sandbox already refuses ``__class__``-style attributes and
    changes to lists and dicts; on top of that there are no globals (``cycler``,
    ``joiner``, ``range``, ``lipsum`` and ``namespace`` are the usual ways out),
    no calls of any kind (a document only prints values), and only the filters
    and tests a document needs.

    docxtpl compiles the document, header and footer XML from source on every
    render; that is about half the cost of a render. A template version always
    yields the same source, so the compiled result is cached by source text.
    Jinja templates are safe to render from several threads at once.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
        self.globals.clear()
        self.filters = {name: f for name, f in self.filters.items() if name in TEMPLATE_FILTERS}
        self.tests = {name: t for name, t in self.tests.items() if name in TEMPLATE_TESTS}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not attr.startswith("_") and super().is_safe_attribute(obj, attr, value)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        raise SecurityError("document templates may not call functions or methods")

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)

    @lru_cache(maxsize=256)
    def _compiled(self, source: str):
        problems = _sandbox_problems(self.parse(source), "template")
        if problems:  # the upload check refuses these; an old or forged upload meets this
            raise SecurityError(problems[0])
        return super().from_string(source)


_ENVIRONMENT = _TemplateSandbox()


@lru_cache(maxsize=64)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    """Template files are read once per version on disk, not on every render."""
    return path.read_bytes()


def _load(path: Path) -> bytes:
    return _template_bytes(path, path.stat().st_mtime_ns)


def render(
    kind: str,
    context: dict[str, Any],
    template_path: Path | None = None,
    *,
    template_bytes: bytes | None = None,
) -> bytes:
    """Render ``kind`` with ``context`` and return the .docx bytes.

    By default the shipped template for the kind is used. ``template_path``
    or ``template_bytes`` select another version, for example one an
    administrator uploaded (which should have passed :func:`lint_template`).
    """
    spec = get_kind(kind)
    made_for = context.get("doc", {}).get("kind")
    if made_for != kind:
        raise RenderError(f"The context was built for {made_for!r}, not {kind!r}")
    if template_bytes is None:
        template_bytes = _load(Path(template_path) if template_path else spec.template_path)
    template = DocxTemplate(io.BytesIO(template_bytes))
    try:
        template.render(context, jinja_env=_ENVIRONMENT, autoescape=True)
    except UndefinedError as exc:
        raise RenderError(f"{kind}: the template uses a value the context lacks ({exc})") from exc
    except SecurityError as exc:
        raise RenderError(f"{kind}: the template tried something documents may not do ({exc})") from exc
    except TemplateError as exc:
        raise RenderError(f"{kind}: the template could not be rendered ({exc})") from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def checksum(data: bytes) -> str:
    """SHA-256 of a rendered file, stored with it to show it was not altered later."""
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- lint


def lint_kind(kind: str, template: Path | bytes | None = None) -> list[str]:
    """Lint a template (the shipped one by default) against ``kind``'s declared variables."""
    spec = get_kind(kind)
    return lint_template(spec.template_path if template is None else template, spec.variables)


def lint_template(path_or_bytes: Path | str | bytes, known_variables: Iterable[str]) -> list[str]:
    """Problems that should stop a template being used; an empty list means it is fine.

    ``known_variables`` are the declared dotted paths of the kind (see
    :mod:`documents.catalogue`). Reported problems are: a file that is not a
    .docx, Jinja syntax errors, names or attributes that are not declared, and a
    header or footer without the protective marking.
    """
    declared = frozenset(known_variables)
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    try:
        template = DocxTemplate(io.BytesIO(data))
        sources = list(_part_sources(template))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError):
        return ["The file is not a valid Word (.docx) document."]

    # Each part is rendered on its own, so each must be valid Jinja on its own;
    # checking them separately also lets the message say where the error is.
    # Compiling in the sandbox refuses filters and tests documents may not use.
    trees = []
    for where, source in sources:
        try:
            tree = _ENVIRONMENT.parse(source)
            _ENVIRONMENT.compile(tree)
        except TemplateSyntaxError as exc:
            exc.source = exc.source or source
            return [_syntax_message(exc, where)]
        trees.append((where, tree))

    problems: list[str] = []
    for where, tree in trees:
        problems.extend(_sandbox_problems(tree, where))
    top_level = {variable_root(path) for path in declared}
    allowed = _allowed_paths(declared)
    names: set[str] = set()
    used: set[str] = set()
    for _, tree in trees:
        names |= meta.find_undeclared_variables(tree)
        used |= _attribute_paths(tree, top_level)
    for name in sorted(names - top_level):
        problems.append(f"Unknown variable '{name}': this document kind does not provide it.")
    for path in sorted(used - allowed):
        problems.append(f"Unknown variable '{path}': this document kind does not provide it.")

    problems.extend(_property_problems(template, top_level, allowed))
    for where in ("page header", "page footer"):
        if not any(_MARKING_TAG.search(source) for part, source in sources if part == where):
            problems.append(f"The {where} must show the protective marking: add {{{{ marking }}}}.")
    return list(dict.fromkeys(problems))


_TEMPLATE_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.Getattr,
    nodes.Getitem, nodes.Filter, nodes.Test, nodes.If, nodes.For, nodes.CondExpr, nodes.And,
    nodes.Or, nodes.Not, nodes.Compare, nodes.Operand, nodes.List, nodes.Tuple, nodes.Concat,
    nodes.Keyword, nodes.Pos, nodes.Neg,
)
"""What a document template is made of: values, conditions and loops, nothing that runs code."""

_REFUSED_WORDS = (
    (nodes.Call, "a function or method call"),
    (nodes.Macro, "a macro"),
    (nodes.CallBlock, "a call block"),
    ((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends), "another template"),
    ((nodes.Assign, nodes.AssignBlock), "{% set %}"),
    (nodes.With, "{% with %}"),
    (nodes.FilterBlock, "a filter block"),
    (nodes.ExprStmt, "{% do %}"),
)


def _sandbox_problems(tree: nodes.Node, where: str) -> list[str]:
    """Anything in a template beyond printing values, ``if`` and ``for``.

    The render sandbox refuses these anyway; finding them at upload means an
    administrator hears why at once instead of a document failing later.
    """
    problems = []
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _TEMPLATE_NODES):
            what = next((words for kind, words in _REFUSED_WORDS if isinstance(node, kind)),
                        f"'{type(node).__name__}'")
            problems.append(f"The {where} uses {what}, which document templates may not use: "
                            "only values, {% if %} and {% for %}.")
            continue
        read = None
        if isinstance(node, nodes.Getattr):
            read = node.attr
            if (isinstance(node.node, nodes.Name) and node.node.name == "loop"
                    and read not in LOOP_ATTRIBUTES and not read.startswith("_")):
                problems.append(f"The {where} uses 'loop.{read}', which document templates may not use.")
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            read = node.arg.value if isinstance(node.arg.value, str) else None
        if read and read.startswith("_"):
            problems.append(f"The {where} reads '{read}', which document templates may not read.")
    return problems


def _part_sources(template: DocxTemplate):
    """(where, Jinja source) for every part docxtpl renders: body, headers, footers, footnotes.

    A line break is put before each paragraph, as docxtpl does when rendering,
    so that an error's line number points at the paragraph that holds it.
    """
    docx = template.get_docx()
    parts = [("document body", template.xml_to_string(docx._element.body))]
    for uri, where in ((template.HEADER_URI, "page header"), (template.FOOTER_URI, "page footer")):
        for _, part in template.get_headers_footers(uri):
            parts.append((where, template.get_part_xml(part)))
    for part in docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            parts.append(("footnotes", blob))
    for where, xml in parts:
        yield where, re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))


def _syntax_message(exc: TemplateSyntaxError, where: str) -> str:
    """Say where the error is and quote the paragraph's text (the XML is useless to an admin)."""
    near = ""
    if exc.source and exc.lineno:
        line = exc.source.splitlines()[exc.lineno - 1]
        text = re.sub(r"<[^>]+>", "", line).strip()
        near = f' near "{text[:120]}"' if text else ""
    message = f"Template syntax error in the {where}{near}: {exc.message.rstrip('.')}."
    if isinstance(exc, TemplateAssertionError):  # e.g. an unknown filter: the tags are fine
        return message
    return (
        f"{message} Check that every {{{{ is closed by }}}}, and every {{% if %}} or "
        "{% for %} by {% endif %} or {% endfor %}."
    )


def _allowed_paths(declared: frozenset[str]) -> set[str]:
    """Every declared path, each of its prefixes, and items of list-valued leaves."""
    allowed: set[str] = set()
    for path in declared:
        parts = path.split(".")
        for end in range(1, len(parts) + 1):
            prefix = ".".join(parts[:end])
            allowed.add(prefix)
            if prefix.endswith("[]"):
                allowed.add(prefix.removesuffix("[]"))
        allowed.add(path + "[]")
    return allowed


def _attribute_paths(tree: nodes.Node, roots: set[str]) -> set[str]:
    """Dotted paths read from context variables, following ``for`` loop aliases.

    ``{% for c in conditions %}{{ c.due_date }}`` yields ``conditions[].due_date``.
    Names that are neither declared roots nor loop aliases are left to the
    top-level check (they are unknown variables or template-local names).
    """
    found: set[str] = set()

    def path_of(node: nodes.Node, aliases: dict[str, str]) -> str | None:
        if isinstance(node, nodes.Name):
            if node.name in aliases:
                return aliases[node.name]
            return node.name if node.name in roots else None
        if isinstance(node, nodes.Getattr):
            base = path_of(node.node, aliases)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            base = path_of(node.node, aliases)
            if base is None:
                return None
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return f"{base}.{node.arg.value}"
            return f"{base}[]"
        return None

    def visit(node: nodes.Node, aliases: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, aliases)
            inner = dict(aliases)
            source = path_of(node.iter, aliases)
            if source and isinstance(node.target, nodes.Name):
                inner[node.target.name] = f"{source}[]"
            for child in [*node.body, *([node.test] if node.test else [])]:
                visit(child, inner)
            for child in node.else_:
                visit(child, aliases)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            path = path_of(node, aliases)
            if path:
                found.add(path)
            if isinstance(node, nodes.Getitem):
                visit(node.arg, aliases)
            if path:
                return
        for child in node.iter_child_nodes():
            visit(child, aliases)

    visit(tree, {})
    return found


def _property_problems(template: DocxTemplate, roots: set[str], allowed: set[str]) -> list[str]:
    """Document properties (title, subject...) are rendered too, so check them alike."""
    problems: list[str] = []
    props = template.get_docx().core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        source = getattr(props, name) or ""
        if "{" not in source:
            continue
        try:
            tree = _ENVIRONMENT.parse(source)
            _ENVIRONMENT.compile(tree)
        except TemplateSyntaxError as exc:
            problems.append(
                f"Template syntax error in the document {name} property: {exc.message.rstrip('.')}."
            )
            continue
        problems.extend(_sandbox_problems(tree, f"document {name} property"))
        unknown = sorted(meta.find_undeclared_variables(tree) - roots)
        unknown += sorted(_attribute_paths(tree, roots) - allowed)
        problems.extend(
            f"Unknown variable '{path}' in the document {name} property." for path in unknown
        )
    return problems


_MARKING_TAG = re.compile(r"\{\{[^}]*\bmarking\b[^}]*\}\}")
