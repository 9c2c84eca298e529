"""`oocr assess CASE.json`: the engine on one case, so checks written outside the code can test it.

A thin wrapper: read JSON, `parse_case`, `assess`, print `to_dict()`. Bad input exits 2 with one
line on stderr naming the field, the shape shared/scenarios/FORMAT.md promises.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import click

from webapp.domain.assess import AssessInputError, assess as assess_case, parse_case
from webapp.domain.config import ConfigError, EngineConfig

BAD_INPUT = 2


@click.command("assess")
@click.argument("case_file", metavar="CASE.json")
@click.option("--settings", "settings_file", metavar="SETTINGS.json",
              help="Force settings overriding the engine's defaults, as a JSON object.")
def assess(case_file: str, settings_file: str | None) -> None:
    """Decision support for one case: open and blocked disposals, referral, deadlines, problems."""
    config = EngineConfig()
    if settings_file:
        try:
            config = EngineConfig.from_mapping(_json_object(settings_file, "settings"))
        except ConfigError as error:
            _fail(f"{settings_file}: {error}")
    try:
        result = assess_case(parse_case(_read_json(case_file)), config)
    except AssessInputError as error:
        _fail(str(error))
    click.echo(json.dumps(result.to_dict(), indent=2))


def _read_json(path: str) -> object:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        _fail(f"{path}: cannot read the file ({error.strerror or error})")
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        _fail(f"{path}: not valid JSON (line {error.lineno} column {error.colno}: {error.msg})")


def _json_object(path: str, what: str) -> dict:
    data = _read_json(path)
    if not isinstance(data, dict):
        _fail(f"{path}: {what} must be a JSON object")
    return data


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    click.get_current_context().exit(BAD_INPUT)


if __name__ == "__main__":
    assess(prog_name="oocr assess")
