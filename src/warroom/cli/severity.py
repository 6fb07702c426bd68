"""`warroom severity ...`: the scale, its targets and the impact matrix (003 §2)."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import console, emit_json, new_app, runtime

app = new_app("Severity levels, targets and the impact matrix.")


def _target(value: object) -> str:
    _ = gettext()
    if isinstance(value, int):
        if value >= 60 and value % 60 == 0:
            return _("{n} h").format(n=value // 60)
        return _("{n} min").format(n=value)
    return _(str(value))


@app.command()
def matrix(as_json: JSON = False) -> None:
    """Print the levels with their targets and the user × business impact matrix."""
    from warroom.severity.queries import levels, matrix_document, matrix_rows

    policy = runtime().policy.severity
    rows = matrix_rows()
    if as_json:
        emit_json(matrix_document(policy))
        return
    from rich.table import Table

    _ = gettext()
    out = console()
    scale = Table(title=_("Severity levels"), title_justify="left")
    for header in (_("Level"), _("Name"), _("Response"), _("Recovery (RTO)")):
        scale.add_column(header)
    for lv in levels(policy):
        scale.add_row(lv.label, _(lv.name), _target(lv.response), _target(lv.rto))
    out.print(scale)
    grid = Table(title=_("Impact matrix (business × users)"), title_justify="left")
    grid.add_column("")
    for users in rows[0][1]:
        grid.add_column(_(users.value))
    for business, cells in rows:
        grid.add_row(_(business.value), *(policy.label(sev) for sev in cells.values()))
    out.print(grid)


@app.command()
def suggest(
    users: Annotated[str, typer.Option(help="very_few, some, many, all")],
    business: Annotated[str, typer.Option(help="revenue, work, inconvenience")],
    as_json: JSON = False,
) -> None:
    """Suggest a severity from user impact and business impact."""
    from warroom.severity.rules import parse_business_impact, parse_user_impact
    from warroom.severity.rules import suggest as suggest_level

    policy = runtime().policy.severity
    u, b = parse_user_impact(users), parse_business_impact(business)
    level = suggest_level(u, b)
    if as_json:
        emit_json(
            {
                "users": u.value,
                "business": b.value,
                "severity": level,
                "label": policy.label(level),
                "response": str(policy.response_target(level)),
                "rto": str(policy.rto_target(level)),
            }
        )
        return
    _ = gettext()
    typer.echo(
        _("{label}: respond within {resp}, recover within {rto}").format(
            label=policy.label(level),
            resp=_target(policy.response_target(level)),
            rto=_target(policy.rto_target(level)),
        )
    )
