"""`warroom completion bash|zsh|fish`: a static completion script for the shell.

The script lists every command group and its sub-commands, read from the Typer apps
once, when the script is generated; completing a word later runs no Python at all, so
it never pays for the heavy imports (docs/cli-remote.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import Annotated

import typer

from warroom.cli.runtime import new_app

app = new_app("Print a shell completion script (bash, zsh or fish).")


def commands() -> dict[str, list[str]]:
    """Each group's sub-commands (empty for a single-command group)."""
    from typer.main import get_command

    from warroom.cli.main import GROUPS

    found: dict[str, list[str]] = {}
    for name, (target, _help) in GROUPS.items():
        module_name, attribute = target.split(":")
        command = get_command(getattr(import_module(module_name), attribute))
        subcommands = getattr(command, "commands", {})
        found[name] = sorted(subcommands)
    return found


def bash(table: dict[str, list[str]]) -> str:
    cases = "\n".join(
        f'        {name}) COMPREPLY=($(compgen -W "{" ".join(subs)}" -- "$cur"));;'
        for name, subs in table.items()
        if subs
    )
    groups = " ".join([*table, "--help", "--version"])
    return f"""_warroom() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "{groups}" -- "$cur"))
    elif [ "$COMP_CWORD" -eq 2 ]; then
        case ${{COMP_WORDS[1]}} in
{cases}
        esac
    fi
}}
complete -o default -F _warroom warroom
"""


def fish(table: dict[str, list[str]]) -> str:
    lines = [f'complete -c warroom -f -n "__fish_use_subcommand" -a "{" ".join(table)}"']
    lines += [
        f'complete -c warroom -f -n "__fish_seen_subcommand_from {name}" -a "{" ".join(subs)}"'
        for name, subs in table.items()
        if subs
    ]
    return "\n".join(lines) + "\n"


@app.command()
def completion(
    shell: Annotated[str, typer.Argument(help="bash, zsh or fish.")],
) -> None:
    """Print the script, e.g. into ~/.local/share/bash-completion/completions/warroom."""
    from warroom.errors import InvalidInput

    kind = shell.strip().lower()
    if kind not in ("bash", "zsh", "fish"):
        raise InvalidInput(f"unknown shell '{shell}'", hint="Use bash, zsh or fish.")
    table = commands()
    if kind == "fish":
        typer.echo(fish(table), nl=False)
    elif kind == "zsh":  # zsh runs bash completion functions through bashcompinit
        typer.echo("autoload -U +X bashcompinit && bashcompinit\n" + bash(table), nl=False)
    else:
        typer.echo(bash(table), nl=False)
