"""`warroom lint`: the blameless and completeness checker for Markdown postmortems.

The command only parses arguments and prints; the rules live in
`warroom.postmortems.lint`. Exit codes: 0 clean (warnings allowed), 1 an error-level
finding, 2 a usage error (unknown format, missing path).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warroom.errors import WarroomError

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


def lint_command(paths: list[Path], format: str) -> int:
    """Lint `paths` (default docs/postmortems), print the findings, return the exit code."""
    from warroom.postmortems.lint import runner

    if format not in FORMATS:
        return _fail(f"unknown format: {format}", "use --format text or --format json")
    targets = paths or [DEFAULT_PATH]
    try:
        files, findings = runner.lint_paths(targets)
    except WarroomError as error:
        return _fail(error.message, error.hint)
    render = runner.format_json if format == "json" else runner.format_text
    typer.echo(render(findings, len(files)))
    return 1 if runner.has_errors(findings) else 0


@app.callback(invoke_without_command=True)
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Markdown files or directories (default: docs/postmortems)."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text or json.")
    ] = "text",
) -> None:
    """Check postmortems; exit 1 when an error-level finding exists."""
    raise typer.Exit(lint_command(list(paths or []), format))
