"""`warroom lint`: the blameless and completeness checker for Markdown postmortems.

The command only parses arguments and prints; the rules live in
`warroom.postmortems.lint`. Exit codes: 0 clean (warnings allowed), 1 an error-level
finding, 2 a usage error (unknown format, missing path).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from warroom.errors import WarroomError

if TYPE_CHECKING:
    from warroom.postmortems.lint.findings import Setting

FORMATS = ("text", "json")
DEFAULT_PATH = Path("docs/postmortems")
USAGE_ERROR = 2

# A callback rather than a command: the app then behaves the same when run on its own
# and when the dispatcher mounts it with add_typer(name="lint") (no "lint lint").
# Interspersed arguments let options follow the paths: `warroom lint a.md --format json`.
app = typer.Typer(
    add_completion=False,
    subcommand_metavar="",
    context_settings={"allow_interspersed_args": True},
    help="Check Markdown postmortems for completeness and blameful language.",
)


def _fail(message: str, hint: str) -> int:
    typer.echo(f"error: {message}", err=True)
    typer.echo(f"hint: {hint}", err=True)
    return USAGE_ERROR


def lint_command(paths: list[Path], format: str, rules: list[str] | None = None) -> int:
    """Lint `paths` (default docs/postmortems), print the findings, return the exit code."""
    from warroom.postmortems.lint import runner

    if format not in FORMATS:
        return _fail(f"unknown format: {format}", "use --format text or --format json")
    targets = paths or [DEFAULT_PATH]
    try:
        settings = _rule_settings(rules or [])
        files, findings = runner.lint_paths(targets, settings)
    except WarroomError as error:
        return _fail(error.message, error.hint)
    render = runner.format_json if format == "json" else runner.format_text
    typer.echo(render(findings, len(files)))
    return 1 if runner.has_errors(findings) else 0


def _configured() -> bool:
    """Whether settings exist to read; loading them costs a second at start-up (pre-commit)."""
    import os

    config = os.environ.get("WARROOM_CONFIG") or "warroom.toml"
    return Path(config).is_file() or "WARROOM_LINT_RULES" in os.environ


def _rule_settings(given: list[str]) -> dict[str, Setting]:
    """The team's `lint_rules` (warroom.toml / WARROOM_LINT_RULES), then --rule overrides."""
    from warroom.errors import InvalidInput
    from warroom.postmortems.lint.findings import RULES

    settings: dict[str, Setting] = {}
    if _configured():
        from warroom.config import load_settings

        settings = dict(load_settings().lint_rules)
    for item in given:
        rule_id, _, value = item.partition("=")
        rule_id, value = rule_id.strip().upper(), value.strip().lower()
        if rule_id not in RULES or value not in ("error", "warning", "off"):
            raise InvalidInput(
                f"bad --rule {item!r}",
                hint="use --rule PM032=warning (error, warning or off); rule ids: docs/lint.md",
            )
        settings[rule_id] = cast("Setting", value)
    return settings


@app.callback(invoke_without_command=True)
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Markdown files or directories (default: docs/postmortems)."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text or json.")
    ] = "text",
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help="RULE=error|warning|off, repeatable (over lint_rules)."),
    ] = None,
) -> None:
    """Check postmortems; exit 1 when an error-level finding exists."""
    raise typer.Exit(lint_command(list(paths or []), format, list(rule or [])))
