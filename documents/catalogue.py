"""The registry of document kinds the system can produce.

Each kind names its audience and DECLARES every context variable its template
may use, as dotted paths (``offender.full_name``; ``conditions[].due_date`` for a
field of each item in a list). That declaration is the single source of truth
for two safeguards:

* :func:`documents.context.build_context` projects the caller's data onto the
  declared paths, so a value that is not declared never reaches the template
  (a victim letter cannot show the suspect's address because the address is not
  in its context at all);
* :func:`documents.render.lint_template` rejects an uploaded template that uses
  anything outside the declared set, so a new template version cannot ask for
  data its audience must not see.

The plain-English descriptions of each disposal, and what happens if its
conditions are not met, live here too: letters that work for any disposal
(reminders, breach warnings, victim updates) take the wording from the
disposal's code rather than from free text typed by the caller.

This module imports nothing from Flask or the ORM (only the domain's vocabulary) so that
jobs and scripts can use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping

# The disposals' names are the app's vocabulary, written once in the domain.
from webapp.domain.disposals import LABELS

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"

Audience = Literal["offender", "victim", "provider", "internal"]


@dataclass(frozen=True)
class DisposalType:
    """Fixed wording for one out-of-court resolution.

    ``summary`` explains the disposal to a member of the public (used in victim
    letters); ``breach_consequence`` is what the person is told will happen if
    they do not do what they agreed (used in offender letters). Both are legal
    statements, so they are kept as reviewed data rather than typed per case.
    """

    label: str
    summary: str
    breach_consequence: str


DISPOSALS: Mapping[str, DisposalType] = MappingProxyType(
    {
        "community_resolution": DisposalType(
            label=LABELS["community_resolution"],
            summary=(
                "A community resolution is an informal way of dealing with a less serious "
                "offence, where the person responsible accepts responsibility. It is "
                "voluntary and it is not a criminal conviction, but the police keep a record "
                "of it and may take it into account if the person offends again."
            ),
            breach_consequence=(
                "A community resolution is voluntary. If you do not complete what you "
                "agreed to do, this will be recorded and may be taken into account if you "
                "come to the attention of the police again."
            ),
        ),
        "conditional_caution": DisposalType(
            label=LABELS["conditional_caution"],
            summary=(
                "A conditional caution is a formal caution given under the Criminal Justice "
                "Act 2003. The person must admit the offence and agree to keep to conditions "
                "by set dates. If they fail to do so without a reasonable excuse, they can be "
                "prosecuted for the original offence."
            ),
            breach_consequence=(
                "If you fail, without a reasonable excuse, to comply with any of your "
                "conditions, you may be prosecuted for the original offence (section 24 of "
                "the Criminal Justice Act 2003). The document you signed may be used as "
                "evidence in those proceedings, and the caution will then stop having effect."
            ),
        ),
        "diversionary_caution": DisposalType(
            label=LABELS["diversionary_caution"],
            summary=(
                "A diversionary caution is a formal caution given under the Police, Crime, "
                "Sentencing and Courts Act 2022. The person must admit the offence and agree "
                "to keep to conditions. If they do not keep to them, they can be prosecuted "
                "for the original offence."
            ),
            breach_consequence=(
                "If you do not comply with any of your conditions, you may be arrested and "
                "prosecuted for the original offence (Police, Crime, Sentencing and Courts "
                "Act 2022)."
            ),
        ),
        "simple_caution": DisposalType(
            label=LABELS["simple_caution"],
            summary=(
                "A simple caution is a formal warning given by the police to a person aged 18 "
                "or over who admits the offence. It has no conditions. It is not a criminal "
                "conviction, but it forms part of the person's criminal record."
            ),
            breach_consequence=(
                "A simple caution has no conditions. It may be taken into account if you "
                "offend again."
            ),
        ),
        "community_caution": DisposalType(
            label=LABELS["community_caution"],
            summary=(
                "A community caution is a formal caution given under the Police, Crime, "
                "Sentencing and Courts Act 2022. The person must admit the offence and agree "
                "to keep to conditions. If they do not keep to them, they can be given a "
                "financial penalty, but they cannot be prosecuted for the offence."
            ),
            breach_consequence=(
                "If you do not comply with any of your conditions, you may be given a "
                "financial penalty. If that penalty is not paid, it can be registered as a "
                "fine in the magistrates' court and enforced in the same way as a fine. You "
                "will not be prosecuted for the original offence."
            ),
        ),
    }
)


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: who reads it, its template and what it may use.

    ``variables`` are the declared dotted paths. The first segment of each path
    is a *part* that :func:`documents.context.build_context` accepts (``doc``
    comes from the ``meta`` part; ``marking`` is always supplied). Parts in
    ``optional`` may be omitted by the caller; all others are required.
    """

    name: str
    title: str
    audience: Audience
    variables: frozenset[str]
    optional: frozenset[str] = field(default_factory=frozenset)
    # The disposal codes a kind is tied to; empty means "any disposal".
    disposal_codes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        leaked = _FORBIDDEN_BY_AUDIENCE.get(self.audience, frozenset()) & self.variables
        if leaked:
            raise ValueError(
                f"{self.name}: a {self.audience} document must not declare {sorted(leaked)}"
            )
        unknown_optional = self.optional - self.parts
        if unknown_optional:
            raise ValueError(f"{self.name}: optional parts {sorted(unknown_optional)} are not used")

    @property
    def template(self) -> str:
        """The shipped template's file name in ``documents/templates/``."""
        return f"{self.name}.docx"

    @property
    def template_path(self) -> Path:
        return TEMPLATES_DIR / self.template

    @property
    def top_level(self) -> frozenset[str]:
        """Top-level template names, as Jinja's undeclared-variable check reports them."""
        return frozenset(variable_root(path) for path in self.variables)

    @property
    def parts(self) -> frozenset[str]:
        """Keyword parts that build_context accepts for this kind."""
        return frozenset(("meta" if root == "doc" else root) for root in self.top_level) - {
            "marking"
        }

    @property
    def required(self) -> frozenset[str]:
        return self.parts - self.optional


def variable_root(path: str) -> str:
    """'conditions[].due_date' -> 'conditions': the name a template looks up first."""
    return path.split(".", 1)[0].removesuffix("[]")


# What each audience must never be given, whatever a template asks for.
_FORBIDDEN_BY_AUDIENCE: Mapping[str, frozenset[str]] = {
    "victim": frozenset(
        {
            "offender.date_of_birth",
            "offender.address_lines",
            "offender.pnc_id",
            "offender.contact_lines",
            "offence.legislation",
            "conditions[].provider",
            "conditions[].kind_label",
            "conditions[].hours",
            "needs",
        }
    ),
    "provider": frozenset(
        {
            "offender.date_of_birth",
            "offender.address_lines",
            "offender.pnc_id",
            "offence.wording",
            "offence.legislation",
            "offence.offence_date",
            "victim.full_name",
            "victim.address_lines",
        }
    ),
}


def _paths(prefix: str, *names: str) -> frozenset[str]:
    return frozenset(f"{prefix}.{name}" for name in names)


DOC = frozenset({"marking"}) | _paths(
    "doc",
    "kind",
    "title",
    "template_version",
    "generated_on",
    "generated_by",
    "case_reference",
    "date",
)
SENDER = _paths("sender", "organisation", "team", "address_lines", "phone", "email", "name", "role")

OFFENDER_FULL = _paths("offender", "full_name", "date_of_birth", "address_lines", "pnc_id")
OFFENDER_POSTAL = _paths("offender", "full_name", "address_lines")
OFFENDER_NAME = _paths("offender", "full_name")
OFFENDER_FOR_PROVIDER = _paths("offender", "full_name", "contact_lines")

OFFENCE_FULL = _paths("offence", "wording", "legislation", "mode_of_trial_label", "offence_date")
OFFENCE_FOR_VICTIM = _paths("offence", "wording", "offence_date")

DISPOSAL_FULL = _paths("disposal", "code", "label", "decision_date", "authorised_by")
DISPOSAL_FOR_OFFENDER_LETTER = _paths("disposal", "code", "label", "breach_warning")
DISPOSAL_FOR_VICTIM = _paths("disposal", "code", "label", "summary", "decision_date")

_CONDITION_FIELDS = (
    "kind_label",
    "type_label",
    "description",
    "provider",
    "hours",
    "amount",
    "due_date",
)
CONDITIONS_FULL = _paths("conditions[]", *_CONDITION_FIELDS)
CONDITIONS_FOR_VICTIM = _paths("conditions[]", "type_label", "description", "amount", "due_date")
CONDITION_FOR_OFFENDER = _paths("condition", *_CONDITION_FIELDS)
CONDITION_FOR_PROVIDER = _paths("condition", "type_label", "description", "hours", "due_date")

VICTIM = _paths("victim", "full_name", "address_lines", "salutation")
PROVIDER = _paths("provider", "name", "address_lines", "contact")
CLINIC = _paths("clinic", "date", "location", "caseworker_name") | _paths(
    "clinic.appointments[]", "time", "case_reference", "person_name", "purpose"
)
BREACH_FOR_OFFENDER = _paths("breach", "identified_on", "respond_by", "next_steps") | _paths(
    "breach.condition", *_CONDITION_FIELDS
)
# A victim hears which condition was missed only when that condition concerns them.
BREACH_FOR_VICTIM = _paths("breach", "identified_on", "next_steps") | _paths(
    "breach.condition", "type_label", "description", "due_date"
)

_NOTICE = DOC | OFFENDER_FULL | OFFENCE_FULL | DISPOSAL_FULL | CONDITIONS_FULL | SENDER
# What every letter to a victim carries: who it is to, whose case, which offence, from whom.
_VICTIM_LETTER = DOC | VICTIM | OFFENDER_NAME | OFFENCE_FOR_VICTIM | SENDER
# What every letter to the person about their conditions carries, with the disposal's warning.
_OFFENDER_LETTER = DOC | OFFENDER_POSTAL | DISPOSAL_FOR_OFFENDER_LETTER | SENDER


def _kind(
    name: str,
    title: str,
    audience: Audience,
    variables: frozenset[str],
    *,
    optional: frozenset[str] = frozenset(),
    disposal: str | None = None,
) -> DocumentKind:
    """One row of the table below; a kind tied to a disposal is tied to exactly one."""
    codes = frozenset({disposal}) if disposal else frozenset()
    return DocumentKind(name, title, audience, variables, optional, codes)


_ALL_KINDS = (
    _kind(
        "community_resolution_record",
        "Community resolution: record and agreement",
        "offender",
        # Not a caution and not on the PNC: no PNC ID or mode of trial on the record.
        DOC
        | _paths("offender", "full_name", "date_of_birth", "address_lines")
        | _paths("offence", "wording", "legislation", "offence_date")
        | DISPOSAL_FULL
        | CONDITIONS_FULL
        | SENDER,
        disposal="community_resolution",
    ),
    _kind("conditional_caution_notice", "Conditional caution", "offender", _NOTICE, disposal="conditional_caution"),
    # No conditions: a simple caution has none (where the force's policy permits it at all).
    _kind(
        "simple_caution_notice",
        "Simple caution",
        "offender",
        DOC | OFFENDER_FULL | OFFENCE_FULL | DISPOSAL_FULL | SENDER,
        disposal="simple_caution",
    ),
    _kind("diversionary_caution_notice", "Diversionary caution", "offender", _NOTICE, disposal="diversionary_caution"),
    _kind("community_caution_notice", "Community caution", "offender", _NOTICE, disposal="community_caution"),
    _kind(
        "victim_views_letter",
        "Your views on how we deal with the offence",
        "victim",
        _VICTIM_LETTER | _paths("disposal", "code", "label", "summary") | CONDITIONS_FOR_VICTIM | {"reply_by"},
        optional=frozenset({"conditions"}),
    ),
    _kind(
        "victim_outcome_letter",
        "The outcome of your case",
        "victim",
        _VICTIM_LETTER | DISPOSAL_FOR_VICTIM | CONDITIONS_FOR_VICTIM,
        optional=frozenset({"conditions"}),
    ),
    _kind(
        "victim_breach_letter",
        "An update on your case",
        "victim",
        _VICTIM_LETTER | _paths("disposal", "code", "label") | BREACH_FOR_VICTIM,
    ),
    _kind(
        "provider_referral_letter",
        "Referral",
        "provider",
        DOC | PROVIDER | OFFENDER_FOR_PROVIDER | CONDITION_FOR_PROVIDER | SENDER | {"needs"},
        optional=frozenset({"needs"}),
    ),
    _kind(
        "offender_reminder_letter",
        "Reminder: a condition is due",
        "offender",
        _OFFENDER_LETTER | CONDITION_FOR_OFFENDER,
    ),
    _kind(
        "offender_breach_warning_letter",
        "You have not completed a condition",
        "offender",
        _OFFENDER_LETTER | BREACH_FOR_OFFENDER,
    ),
    # One appointment: the clinic part carries the day, place and caseworker, and the one slot.
    _kind(
        "clinic_appointment_letter",
        "Your Caution Clinic appointment",
        "offender",
        DOC
        | OFFENDER_POSTAL
        | _paths("clinic", "date", "location", "caseworker_name")
        | _paths("clinic.appointments[]", "time", "purpose")
        | SENDER,
    ),
    _kind("clinic_day_list", "Caution Clinic day list", "internal", DOC | CLINIC),
)

KINDS: Mapping[str, DocumentKind] = MappingProxyType({kind.name: kind for kind in _ALL_KINDS})


def get_kind(name: str) -> DocumentKind:
    """Look a kind up by machine name, with an error that lists the valid names."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(
            f"Unknown document kind {name!r}; expected one of: {', '.join(sorted(KINDS))}"
        ) from None
