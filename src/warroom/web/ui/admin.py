"""Accounts for admins: users and their roles, API tokens (created, shown once, revoked).

The same actions as `warroom user` and `warroom token`; a new token's secret is shown
on the page that answers the form and never again (it is not put in a redirect or a
cookie).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from warroom.accounts import actions
from warroom.accounts.queries import list_tokens, list_users
from warroom.accounts.rules import Role, effective_token_role
from warroom.core.when import read_time
from warroom.web.auth import actor_of
from warroom.web.params import RowId
from warroom.web.present import gettext
from warroom.web.state import Reader, Writer
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import AdminForm, AdminPage, redirect, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def _context(session: Session, now: datetime) -> dict[str, Any]:
    tokens = list_tokens(session, include_revoked=True)
    users = list_users(session)
    admins = [u.username for u in users if u.role == Role.ADMIN.value and u.disabled_at is None]
    return {
        "users": users,
        # The last enabled admin can neither lose the role nor be disabled (409
        # `last_admin`): the page says so instead of offering the buttons.
        "last_admin": admins[0] if len(admins) == 1 else None,
        "now": now,
        "tokens": tokens,
        # a token acts with its own role, at most its owner's current one
        "acting": {
            t.id: effective_token_role(Role(t.user.role), Role(t.role)).value for t in tokens
        },
        "roles": [r.value for r in Role],
        "issued": None,
    }


@router.get("/admin")
def accounts(request: Request, reader: Reader, state: AppStateDep, _who: AdminPage) -> Response:
    return render(request, "admin.html", _context(reader, state.clock.now()))


@router.post("/admin/users")
def add_user(
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: AdminForm,
    username: Text,
    role: Text,
    password: Text = "",
) -> Response:
    user = actions.add_user(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        username=username,
        role=role,
        password=password or None,
    )
    _ = gettext(request)
    return redirect("/admin", flash=_("User {name} added.").format(name=user.username))


@router.post("/admin/users/{username}/role")
def change_role(username: str, writer: Writer, who: AdminForm, role: Text) -> Response:
    actions.change_role(session=writer, actor=actor_of(who), username=username, role=role)
    return redirect("/admin")


@router.post("/admin/users/{username}/access")
def set_access(
    username: str, writer: Writer, state: AppStateDep, who: AdminForm, enabled: Text
) -> Response:
    """Disable (sessions and tokens stop at once) or re-enable an account."""
    if enabled == "yes":
        actions.enable_user(session=writer, actor=actor_of(who), username=username)
    else:
        actions.disable_user(
            session=writer, actor=actor_of(who), now=state.clock.now(), username=username
        )
    return redirect("/admin")


@router.post("/admin/tokens")
def create_token(
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: AdminForm,
    username: Text,
    role: Text = "",
    name: Text = "",
    expires: Text = "",
) -> Response:
    now = state.clock.now()
    until = read_time(expires, tz=state.policy.tz, now=now, name="expires", ahead=True)
    issued = actions.create_token(
        session=writer,
        actor=actor_of(who),
        now=now,
        username=username,
        role=role or None,
        name=name,
        expires_at=until,
    )
    writer.flush()
    context = {**_context(writer, now), "issued": issued}
    response = render(request, "admin.html", context, status=201)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(
    token_id: RowId, request: Request, writer: Writer, state: AppStateDep, who: AdminForm
) -> Response:
    actions.revoke_token(
        session=writer, actor=actor_of(who), now=state.clock.now(), token_id=token_id
    )
    _ = gettext(request)
    return redirect("/admin", flash=_("Token {id} revoked.").format(id=token_id))
