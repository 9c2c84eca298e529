"""Rendering every kind, with awkward data, and what each audience may see."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import zipfile
from datetime import date, time

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from documents.catalogue import KINDS
from documents.context import (
    Appointment,
    Breach,
    Clinic,
    Condition,
    Disposal,
    DocumentMeta,
    Offence,
    Person,
    Provider,
    Sender,
    VictimRecipient,
    build_context,
    clean_text,
    example_parts,
)
from documents.render import RenderError, checksum, render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ALL_KINDS = sorted(KINDS)
VICTIM_KINDS = sorted(name for name, kind in KINDS.items() if kind.audience == "victim")

AWKWARD = {
    "apostrophe": "Siobhán O'Brien",
    "ampersand": "Smith & Sons Ltd",
    "markup": "<script>alert('x')</script>",
    "non_latin": "Zoë Łukasiewicz 王芳 Мария",
    "quotes": 'He said "enough" & left',
    "jinja_like": "{{ marking }} {% if %} {_{ }_}",
}
LONG_NAME = "Bartholomew-Maximilian " * 120


# ------------------------------------------------------------------ helpers


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def text_of(xml: bytes) -> str:
    """Visible text of a Word part: paragraphs on lines, breaks as \\n, tabs as \\t."""
    root = etree.fromstring(xml)
    lines = []
    for paragraph in root.iter(f"{W}p"):
        pieces = []
        for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}tab"):
            if node.tag == f"{W}t":
                pieces.append(node.text or "")
            else:
                pieces.append("\n" if node.tag == f"{W}br" else "\t")
        lines.append("".join(pieces))
    return "\n".join(lines)


def document_text(data: bytes) -> str:
    return text_of(parts_of(data)["word/document.xml"])


def headers_and_footers(data: bytes) -> tuple[str, str]:
    parts = parts_of(data)

    def joined(kind: str) -> str:
        pattern = rf"word/{kind}\d*\.xml"
        return "\n".join(text_of(xml) for name, xml in parts.items() if re.fullmatch(pattern, name))

    return joined("header"), joined("footer")


def all_text(data: bytes) -> str:
    header, footer = headers_and_footers(data)
    return "\n".join((header, document_text(data), footer))


def context_with(kind: str, **overrides) -> dict:
    """The example context for ``kind`` with some parts replaced."""
    return build_context(kind, **{**example_parts(kind), **overrides})


def render_example(kind: str, **overrides) -> bytes:
    return render(kind, context_with(kind, **overrides))


def flatten(value, prefix=""):
    """Declared-path style keys of a context: {'offender.full_name', 'conditions[].due_date'}."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for item in value:
            yield from flatten(item, f"{prefix}[]")
    else:
        yield prefix


# ------------------------------------------------------------------ every kind


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_renders_a_valid_docx(kind):
    data = render_example(kind)
    parts = parts_of(data)
    for name, xml in parts.items():
        if name.endswith(".xml"):
            etree.fromstring(xml)  # every part is well-formed
            assert b"{{" not in xml and b"{%" not in xml, f"unrendered tag left in {name}"
    Document(io.BytesIO(data))  # and python-docx can open the package


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_marking_reference_version_and_author_in_header_and_footer(kind):
    header, footer = headers_and_footers(render_example(kind))
    assert "OFFICIAL-SENSITIVE" in header
    assert "OFFICIAL-SENSITIVE" in footer
    context = build_context(kind, **example_parts(kind))
    assert context["doc"]["case_reference"] in footer
    assert "Version 1" in footer
    assert "Generated on 17 October 2026 at 14:05 by A. Caseworker" in footer


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_context_holds_exactly_the_declared_variables(kind):
    context = build_context(kind, **example_parts(kind))
    assert set(flatten(context)) == set(KINDS[kind].variables)
    json.dumps(context)  # plain data: can be queued for a job or stored with the document


def test_custom_marking_is_used_and_blank_marking_falls_back():
    data = render_example("clinic_day_list", marking="OFFICIAL")
    header, footer = headers_and_footers(data)
    assert "OFFICIAL" in header and "OFFICIAL-SENSITIVE" not in header
    context = build_context("clinic_day_list", marking="  ", **example_parts("clinic_day_list"))
    assert context["marking"] == "OFFICIAL-SENSITIVE"


def test_template_falls_back_to_the_default_marking_if_the_context_has_none():
    context = build_context("clinic_day_list", **example_parts("clinic_day_list"))
    del context["marking"]
    header, footer = headers_and_footers(render("clinic_day_list", context))
    assert "OFFICIAL-SENSITIVE" in header and "OFFICIAL-SENSITIVE" in footer


def test_generated_time_defaults_to_uk_time():
    meta = DocumentMeta.for_kind(
        "clinic_day_list", template_version=1, generated_by="x", case_reference="y"
    )
    assert meta.generated_on.tzinfo is not None
    assert meta.generated_on.tzname() in {"GMT", "BST"}


def test_checksum_is_sha256_of_the_bytes():
    data = render_example("clinic_day_list")
    assert checksum(data) == hashlib.sha256(data).hexdigest()
    assert len(checksum(data)) == 64


# ------------------------------------------------------------------ legal wording


@pytest.mark.parametrize(
    "kind, says, never_says",
    [
        (
            "conditional_caution_notice",
            (
                "Criminal Justice Act 2003",
                "I admit that I committed the offence",
                "I consent to being given a conditional caution",
                "without a reasonable excuse",
                "prosecuted for the original offence",
                "section 24",
                "may be used as evidence",
                "Victim awareness course",
                "20 November 2026",
                "£120.00",
                "Person receiving the caution",
            ),
            (),
        ),
        (
            "diversionary_caution_notice",
            (
                "section 99 of the Police, Crime, Sentencing and Courts Act 2022",
                "prosecuted for the original offence",
                "I admit that I committed the offence",
            ),
            (),
        ),
        (
            "community_caution_notice",
            ("financial penalty", "registered as a fine", "You will not be prosecuted for the original offence"),
            ("may be prosecuted",),
        ),
        (
            "community_resolution_record",
            ("voluntary", "not a criminal conviction", "enhanced Disclosure and Barring Service (DBS) check"),
            (),
        ),
    ],
)
def test_notices_carry_the_legal_wording_of_their_disposal(kind, says, never_says):
    text = document_text(render_example(kind))
    for phrase in says:
        assert phrase in text, phrase
    for phrase in never_says:
        assert phrase not in text, phrase


def test_victim_letters_offer_restorative_justice_and_the_right_to_complain():
    views = document_text(render_example("victim_views_letter"))
    assert "Restorative justice" in views and "Please reply by 31 October 2026" in views
    outcome = document_text(render_example("victim_outcome_letter"))
    assert "Restorative justice" in outcome
    assert "Victims' Code" in outcome and "right to complain" in outcome


@pytest.mark.parametrize(
    "code, phrase",
    [
        ("conditional_caution", "prosecuted for the original offence"),
        ("diversionary_caution", "arrested and prosecuted"),
        ("community_caution", "registered as a fine"),
        ("community_resolution", "voluntary"),
    ],
)
def test_offender_letters_warn_according_to_the_disposal(code, phrase):
    for kind in ("offender_reminder_letter", "offender_breach_warning_letter"):
        text = document_text(render_example(kind, disposal=Disposal(code=code)))
        assert phrase in text, (kind, code)


# ------------------------------------------------------------------ who sees what


SECRET_PERSON = Person(
    full_name="Sam Example",
    date_of_birth=date(1987, 7, 14),
    address_lines=("99 Hidden Close", "Secretville", "ZZ9 9ZZ"),
    pnc_id="PNC-SECRET-1",
    phone="07700 900999",
    email="sam@example.org",
)
# A rehabilitative condition that does not concern the victim, like the example course.
PRIVATE_CONDITION = dataclasses.replace(
    example_parts("conditional_caution_notice")["conditions"][0],
    type_label="Drug service referral",
    description="Attend two sessions with the drug and alcohol service.",
    provider="Example Drug Service",
)


@pytest.mark.parametrize("kind", VICTIM_KINDS)
def test_victim_letters_never_receive_offender_address_or_date_of_birth(kind):
    parts = example_parts(kind)
    parts["offender"] = SECRET_PERSON
    context = build_context(kind, **parts)
    assert context["offender"] == {"full_name": "Sam Example"}
    serialised = json.dumps(context)
    for secret in ("Hidden Close", "ZZ9 9ZZ", "1987", "14 July", "PNC-SECRET", "900999", "sam@"):
        assert secret not in serialised
    text = all_text(render(kind, context))
    for secret in ("Hidden Close", "ZZ9 9ZZ", "14 July 1987", "PNC-SECRET", "900999"):
        assert secret not in text


@pytest.mark.parametrize("kind", ["victim_views_letter", "victim_outcome_letter"])
def test_victim_letters_show_only_conditions_that_concern_the_victim(kind):
    parts = example_parts(kind)
    parts["conditions"] = [PRIVATE_CONDITION, *parts["conditions"]]
    text = document_text(render(kind, build_context(kind, **parts)))
    assert "Compensation" in text
    assert "drug" not in text.lower()


def test_victim_breach_letter_hides_a_private_condition():
    breach = Breach(
        condition=PRIVATE_CONDITION,
        identified_on=date(2026, 11, 2),
        next_steps="A supervisor will review the case.",
    )
    context = context_with("victim_breach_letter", breach=breach)
    assert context["breach"]["condition"] is None
    text = document_text(render("victim_breach_letter", context))
    assert "did not complete one of their conditions" in text
    assert "drug" not in text.lower()


def test_provider_letter_has_contact_route_but_no_offence_victim_or_identity_details():
    parts = example_parts("provider_referral_letter")
    parts.update(
        offender=SECRET_PERSON,
        offence=Offence(wording="Assaulted Alex Victim", offence_date=date(2026, 9, 1)),
        victim=VictimRecipient(full_name="Alex Victim", address_lines=("2 Sample Road",)),
    )
    context = build_context("provider_referral_letter", **parts)
    assert set(context) == {
        "doc", "marking", "provider", "offender", "condition", "sender", "needs"
    }
    text = all_text(render("provider_referral_letter", context))
    assert "Telephone: 07700 900999" in text and "Email: sam@example.org" in text
    for secret in ("Alex Victim", "Assaulted", "Hidden Close", "14 July 1987", "PNC-SECRET"):
        assert secret not in text


def test_provider_falls_back_to_post_when_there_is_no_phone_or_email():
    person = Person(full_name="Sam Example", address_lines=("1 Example Street", "Anytown"))
    context = context_with("provider_referral_letter", offender=person)
    assert context["offender"]["contact_lines"] == ["Post: 1 Example Street, Anytown"]


# ------------------------------------------------------------------ awkward data


def awkward_parts(kind: str, value: str) -> dict:
    """Example parts with ``value`` put into every free-text field a template shows."""
    parts = example_parts(kind)
    condition = Condition(
        kind_label=value,
        type_label=value,
        description=value,
        provider=value,
        due_date=date(2026, 11, 20),
        concerns_victim=True,
    )
    changed = {
        "offender": dataclasses.replace(
            SECRET_PERSON, full_name=value, address_lines=(value, "Anytown")
        ),
        "offence": Offence(wording=value, legislation=value, offence_date=date(2026, 9, 1)),
        "victim": VictimRecipient(full_name=value, address_lines=(value,)),
        "provider": Provider(name=value, address_lines=(value,), contact=value),
        "sender": Sender(
            organisation=value, team=value, address_lines=(value,), name=value, role=value
        ),
        "clinic": Clinic(
            date(2026, 10, 20), value, value, (Appointment(time(9), value, value, value),)
        ),
        "needs": [value],
        "conditions": [condition],
        "condition": condition,
        "breach": Breach(condition=condition, identified_on=date(2026, 12, 1), next_steps=value),
    }
    parts.update({name: part for name, part in changed.items() if name in parts})
    return parts


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("label", sorted(AWKWARD))
def test_awkward_text_is_escaped_and_round_trips(kind, label):
    value = AWKWARD[label]
    data = render(kind, build_context(kind, **awkward_parts(kind, value)))
    xml = parts_of(data)["word/document.xml"]
    etree.fromstring(xml)
    assert value in document_text(data)
    if "<script>" in value:
        assert b"<script>" not in xml and b"&lt;script&gt;" in xml


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_very_long_names_render(kind):
    data = render(kind, build_context(kind, **awkward_parts(kind, LONG_NAME)))
    assert LONG_NAME.strip() in document_text(data)


def test_multi_line_text_becomes_line_breaks_and_control_characters_are_dropped():
    value = "First line\r\nSecond\tline\x00\x0b\x1f"
    parts = awkward_parts("victim_breach_letter", value)
    data = render("victim_breach_letter", build_context("victim_breach_letter", **parts))
    xml = parts_of(data)["word/document.xml"]
    assert b"<w:br/>" in xml
    assert "First line\nSecond\tline" in document_text(data)


def test_empty_optional_fields_render_without_none_or_blank_labels():
    bare_person = Person(full_name="Sam Example")
    bare_condition = Condition(
        kind_label="Reparative",
        type_label="Apology",
        description="Write a letter of apology.",
        due_date=date(2026, 11, 1),
    )
    bare_sender = Sender(organisation="Example Constabulary", team="OOCR Team")
    overrides = {
        "offender": bare_person,
        "offence": Offence(wording="Criminal damage"),
        "conditions": [bare_condition],
        "condition": bare_condition,
        "victim": VictimRecipient(full_name="Alex Victim"),
        "provider": Provider(name="Example Service"),
        "sender": bare_sender,
        "clinic": Clinic(date(2026, 10, 20), "Anytown", "A. Caseworker"),
        "breach": Breach(
            condition=bare_condition, identified_on=date(2026, 11, 2), next_steps="Review."
        ),
        "needs": [],
    }
    for kind in ALL_KINDS:
        parts = example_parts(kind)
        parts.update({name: value for name, value in overrides.items() if name in parts})
        text = document_text(render(kind, build_context(kind, **parts)))
        assert "None" not in text, kind
        for label in ("Date of birth:", "PNC ID:", "Provider:", "Telephone:", "Hours:"):
            assert label not in text, (kind, label)


def test_empty_lists_render_their_fallback_text():
    record = document_text(render_example("community_resolution_record", conditions=[]))
    assert "No further action was agreed." in record
    empty_day = Clinic(date(2026, 10, 20), "Anytown", "A. Caseworker")
    clinic = document_text(render_example("clinic_day_list", clinic=empty_day))
    assert "No appointments are booked" in clinic
    parts = example_parts("victim_outcome_letter")
    del parts["conditions"]
    outcome = document_text(
        render("victim_outcome_letter", build_context("victim_outcome_letter", **parts))
    )
    assert "What the person has agreed to do" not in outcome


def test_clean_text_drops_what_xml_cannot_carry():
    assert clean_text("  a\ud800b\ufffe\x07c\r\nd  ") == "abc\nd"
    assert clean_text(None) == ""
    assert clean_text(42) == "42"


def test_clinic_appointments_are_listed_in_time_order():
    text = document_text(render_example("clinic_day_list"))
    assert text.index("09:30") < text.index("10:30")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(min_size=1, max_size=80),
    wording=st.text(max_size=300),
    description=st.text(max_size=200),
)
def test_random_text_round_trips_through_a_victim_letter(name, wording, description):
    parts = example_parts("victim_outcome_letter")
    parts["victim"] = VictimRecipient(full_name=name, address_lines=("2 Sample Road",))
    parts["offence"] = Offence(wording=wording)
    parts["conditions"] = [
        Condition(
            kind_label="Reparative",
            type_label="Apology",
            description=description,
            due_date=date(2026, 11, 1),
            concerns_victim=True,
        )
    ]
    data = render("victim_outcome_letter", build_context("victim_outcome_letter", **parts))
    text = document_text(data)  # parsing it proves the XML is well-formed
    for value in (name, wording, description):
        assert clean_text(value) in text


# ------------------------------------------------------------------ formatting and validation


def test_build_context_rejects_programming_errors():
    parts = example_parts("conditional_caution_notice")
    with pytest.raises(TypeError, match="unknown parts: condtions"):
        build_context("conditional_caution_notice", condtions=[], **parts)
    with pytest.raises(TypeError, match="needs: offence"):
        build_context("conditional_caution_notice", **{**parts, "offence": None})
    with pytest.raises(TypeError, match="'offender' must be Person"):
        build_context("conditional_caution_notice", **{**parts, "offender": "Sam"})
    with pytest.raises(ValueError, match="Unknown document kind"):
        build_context("parking_ticket", **parts)
    other_meta = DocumentMeta.for_kind(
        "clinic_day_list", template_version=1, generated_by="x", case_reference="y"
    )
    with pytest.raises(ValueError, match="meta is for 'clinic_day_list'"):
        build_context("conditional_caution_notice", **{**parts, "meta": other_meta})


def test_cautions_need_dated_conditions_and_the_matching_disposal():
    parts = example_parts("diversionary_caution_notice")
    with pytest.raises(ValueError, match="at least one condition"):
        build_context("diversionary_caution_notice", **{**parts, "conditions": []})
    undated = dataclasses.replace(parts["conditions"][0], due_date=None)
    with pytest.raises(ValueError, match="every condition needs a due date"):
        build_context("diversionary_caution_notice", **{**parts, "conditions": [undated]})
    with pytest.raises(ValueError, match="cannot be issued for a 'community_caution'"):
        context_with("diversionary_caution_notice", disposal=Disposal(code="community_caution"))


def test_unknown_disposal_code_needs_its_own_wording():
    with pytest.raises(ValueError, match="Unknown disposal code"):
        context_with("offender_reminder_letter", disposal=Disposal(code="local_outcome"))
    custom = Disposal(
        code="local_outcome", label="Local outcome", breach_warning="We will review your case."
    )
    text = document_text(render_example("offender_reminder_letter", disposal=custom))
    assert "Local outcome" in text and "We will review your case." in text


def test_render_refuses_a_context_built_for_another_kind():
    context = build_context("clinic_day_list", **example_parts("clinic_day_list"))
    with pytest.raises(RenderError, match="built for 'clinic_day_list'"):
        render("victim_outcome_letter", context)


def test_render_reports_a_value_the_template_needs_but_the_context_lacks():
    context = build_context("clinic_day_list", **example_parts("clinic_day_list"))
    del context["clinic"]
    with pytest.raises(RenderError, match="lacks"):
        render("clinic_day_list", context)


def test_render_uses_another_template_version(tmp_path):
    from documents.letters.layout import TemplateBuilder

    builder = TemplateBuilder("clinic_day_list")
    builder.para("Version two of the clinic list for {{ clinic.location }}.")
    data = builder.to_bytes()
    path = tmp_path / "v2.docx"
    path.write_bytes(data)
    context = build_context("clinic_day_list", **example_parts("clinic_day_list"))
    for rendered in (
        render("clinic_day_list", context, path),
        render("clinic_day_list", context, template_bytes=data),
    ):
        assert "Version two of the clinic list for Anytown" in document_text(rendered)
