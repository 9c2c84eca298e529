"""The law and guidance the engine applies, held as data in data/rules.toml.

A change in the law is a new version of a rule with a later `applies_from`, not a code change: the
engine always cites the version in force on the decision date, so an old decision can be
re-explained with the rules that governed it.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).parent / "data" / "rules.toml"
CONFIDENCE_LABELS = ("V", "S", "K", "UNCERTAIN")
_RULE_KEYS = {"id", "applies_from", "statement", "source", "confidence", "legal_source",
              "prosecutor_may_authorise", "defers_to_force_policy"}


class RuleDataError(ValueError):
    """rules.toml is malformed: the engine must not run on rules it cannot read."""


@dataclass(frozen=True)
class Reason:
    """One rule applied to one case: what a caseworker reads, with where it comes from."""

    rule_id: str
    text: str
    source: str
    confidence: str
    applies_from: date
    prosecutor_may_authorise: bool = False
    legal_source: str = ""  # the law or guidance as staff cite it, without research notes (the source if empty)

    def __str__(self) -> str:
        return f"{self.text} ({self.source})"

    def as_dict(self) -> dict[str, object]:
        return {"rule_id": self.rule_id, "text": self.text, "source": self.source,
                "legal_source": self.legal_source or self.source,
                "confidence": self.confidence, "applies_from": self.applies_from.isoformat(),
                "prosecutor_may_authorise": self.prosecutor_may_authorise}


@dataclass(frozen=True)
class Problem:
    """Something wrong with a proposed disposal, tied to the input field a caseworker must change.

    An advisory problem is lawful but needs a recorded justification (for example a condition
    period beyond the normal 16 weeks); it is reported as a warning, not as a problem.
    """

    field: str
    reason: Reason
    advisory: bool = False

    @property
    def text(self) -> str:
        return self.reason.text

    @property
    def source(self) -> str:
        return self.reason.source

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {"field": self.field, "text": self.text, "source": self.source,
                "legal_source": self.reason.legal_source or self.source,
                "rule_id": self.reason.rule_id, "confidence": self.reason.confidence,
                "advisory": self.advisory}


@dataclass(frozen=True)
class Rule:
    id: str
    applies_from: date
    statement: str
    source: str
    confidence: str
    prosecutor_may_authorise: bool = False
    defers_to_force_policy: bool = False
    legal_source: str = ""

    def reason(self, detail: str | None = None, **values: object) -> Reason:
        """The statement with the case's values filled in, after any case-specific detail."""
        text = self.statement.format(**values)
        if detail:
            text = f"{detail}. {text}"
        return Reason(self.id, text, self.source, self.confidence, self.applies_from,
                      self.prosecutor_may_authorise, self.legal_source or self.source)


class RuleBook:
    """Every version of every rule, looked up by rule id and decision date."""

    def __init__(self, rules: Iterable[Rule], covers_decisions_from: date) -> None:
        self.covers_decisions_from = covers_decisions_from
        versions: dict[str, list[Rule]] = {}
        for rule in rules:
            versions.setdefault(rule.id, []).append(rule)
        for rule_id, found in versions.items():
            found.sort(key=lambda r: r.applies_from)
            dates = [r.applies_from for r in found]
            if len(set(dates)) != len(dates):
                raise RuleDataError(f"{rule_id}: two versions apply from the same date")
        self._versions = {rule_id: tuple(found) for rule_id, found in versions.items()}

    def ids(self) -> tuple[str, ...]:
        return tuple(self._versions)

    def versions(self, rule_id: str) -> tuple[Rule, ...]:
        return self._versions[rule_id]

    def in_force(self, rule_id: str, on: date) -> Rule | None:
        """The latest version applying on `on`; None where the rule had not yet been made."""
        current = None
        for rule in self._versions[rule_id]:
            if rule.applies_from <= on:
                current = rule
        return current

    def on(self, decision_date: date) -> RulesInForce:
        return RulesInForce(self, decision_date)


@dataclass(frozen=True)
class RulesInForce:
    """The rule book as it stood on one decision date."""

    book: RuleBook
    on_date: date

    def rule(self, rule_id: str) -> Rule | None:
        return self.book.in_force(rule_id, self.on_date)

    def cite(self, rule_id: str, detail: str | None = None, **values: object) -> Reason | None:
        """The rule applied to this case, or None when it was not yet in force."""
        rule = self.rule(rule_id)
        return rule.reason(detail, **values) if rule else None


def with_prefix(reason: Reason, prefix: str) -> Reason:
    """The same reason introduced by what it means for this case (e.g. a proposal it rules out)."""
    return replace(reason, text=f"{prefix}: {reason.text}")


def parse_rulebook(text: str) -> RuleBook:
    data = tomllib.loads(text)
    try:
        covers = data["rulebook"]["covers_decisions_from"]
        entries = data["rule"]
    except KeyError as missing:
        raise RuleDataError(f"rules file lacks {missing}") from None
    if not _is_date(covers):
        raise RuleDataError("rulebook.covers_decisions_from must be a date")
    return RuleBook((_rule(entry) for entry in entries), covers)


def _rule(entry: dict) -> Rule:
    name = entry.get("id", "<rule without id>")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise RuleDataError(f"{name}: unknown keys {sorted(unknown)}")
    for key in ("id", "statement", "source", "confidence"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise RuleDataError(f"{name}: {key} must be non-empty text")
    if not _is_date(entry.get("applies_from")):
        raise RuleDataError(f"{name}: applies_from must be a date")
    for flag in ("prosecutor_may_authorise", "defers_to_force_policy"):
        if not isinstance(entry.get(flag, False), bool):
            raise RuleDataError(f"{name}: {flag} must be true or false")
    if entry["confidence"] not in CONFIDENCE_LABELS:
        raise RuleDataError(f"{name}: confidence must be one of {', '.join(CONFIDENCE_LABELS)}")
    return Rule(**entry)


def _is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


@lru_cache(maxsize=1)
def load_rulebook() -> RuleBook:
    """The rule book shipped with the app, read once per process."""
    return parse_rulebook(RULES_FILE.read_text(encoding="utf-8"))


def procedures() -> list[dict]:
    """The [[procedure]] entries of the rule book: what the app records outside the engine, each with its
    statement, sources and confidence."""
    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8")).get("procedure", [])
