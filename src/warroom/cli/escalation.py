"""`warroom escalation`: the matrix by severity × elapsed time (003 §7.1), and its policies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import emit_json, new_app, runtime


def _(text: str) -> str:
    return gettext()(text)


if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = new_app("Escalation policies: who is paged when (003 §7.1).")
COLUMNS = ("0–15 min", "15–30 min", "30–60 min", "1–2 h", "2 h+")


@app.command()
def show(
    service: Annotated[str | None, typer.Option(help="The matrix for this service.")] = None,
    as_json: JSON = False,
) -> None:
    """Print each severity's policy as the 003 §7.1 matrix (P4: nobody is paged)."""
    from warroom.notifications.policies import matrix
    from warroom.notifications.schemas import policy_out

    with runtime().read() as session:
        rows = matrix(session, service)
    if as_json:
        emit_json([policy_out(p, row).model_dump(mode="json") for p, row in rows])
        return
    from rich.table import Table

    from warroom.cli.runtime import console

    table = Table(title=_("Escalation matrix") + (f" · {service}" if service else ""))
    table.add_column(_("Severity"))
    for column in COLUMNS:
        table.add_column(column)
    table.add_column(_("Policy"))
    for policy, row in rows:
        cells = ["\n".join(c) or "-" for c in row]
        name = policy.name + (" " + _("(built in)") if policy.builtin else "")
        table.add_row(policy.severity, *cells, name)
    console().print(table)


@app.command()
def apply(path: Path) -> None:
    """Create or replace the policies (and teams) of a YAML or JSON file."""
    import yaml

    from warroom.errors import InvalidInput
    from warroom.notifications.policies import save_policy, set_team
    from warroom.notifications.schemas import PolicyFile

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        spec = PolicyFile.model_validate(data)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise InvalidInput(
            f"cannot read {path}: {exc}".splitlines()[0],
            hint="See docs/notifications.md for the file format.",
        ) from None
    rt = runtime()
    now = rt.now()

    def write(session: Session) -> int:
        for name, members in spec.teams.items():
            set_team(session=session, actor=rt.actor, name=name, members=members)
        for policy in spec.policies:
            if not policy.name:
                raise InvalidInput("every policy in the file needs a name", hint="name: …")
            save_policy(
                session=session,
                actor=rt.actor,
                now=now,
                name=policy.name,
                steps=[s.model_dump() for s in policy.steps],
                service=policy.service,
                severity=policy.severity,
                description=policy.description,
                repeat=policy.repeat,
                repeat_after_minutes=policy.repeat_after_minutes,
            )
        return len(spec.policies)

    count = rt.write(write)
    typer.echo(_("saved {n} policy(ies) and {t} team(s)").format(n=count, t=len(spec.teams)))


@app.command()
def export() -> None:
    """Print the stored policies and teams as YAML (the format `apply` reads)."""
    import yaml

    from warroom.notifications.policies import effective, list_policies, list_teams
    from warroom.notifications.schemas import policy_out

    with runtime().read() as session:
        policies = [
            policy_out(effective(p)).model_dump(exclude={"builtin", "matrix"})
            for p in list_policies(session)
        ]
        teams = {t.name: list(t.members) for t in list_teams(session)}
    typer.echo(
        yaml.safe_dump({"policies": policies, "teams": teams}, allow_unicode=True, sort_keys=False),
        nl=False,
    )


@app.command()
def delete(name: str) -> None:
    """Delete a stored policy (its severity falls back to the built-in one)."""
    from warroom.notifications.policies import delete_policy

    rt = runtime()
    rt.write(lambda s: delete_policy(session=s, actor=rt.actor, name=name))
    typer.echo(_("deleted {name}").format(name=name))


@app.command()
def team(
    name: str,
    members: Annotated[list[str] | None, typer.Argument(help="Handles; none removes it.")] = None,
) -> None:
    """Set who a `team:NAME` target pages (e.g. team-leads, leadership, executives)."""
    from warroom.notifications.policies import set_team

    rt = runtime()
    saved = rt.write(
        lambda s: set_team(session=s, actor=rt.actor, name=name, members=members or [])
    )
    typer.echo(f"{saved.name}: {', '.join(saved.members) or '-'}")
