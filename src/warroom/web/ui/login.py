"""Sign in with a password, sign out, and switch the language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from warroom.accounts.actions import (
    check_password,
    count_sign_in,
    end_web_session,
    finish_sign_in,
    start_web_session,
)
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import Unauthenticated
from warroom.i18n import LANGUAGES
from warroom.web.auth import csrf_protect, end_session, session_key, start_session
from warroom.web.present import LANG_COOKIE, gettext
from warroom.web.state import State, Writer
from warroom.web.ui.render import redirect, render, same_site_path

router = APIRouter(include_in_schema=False)
Csrf = Annotated[None, Depends(csrf_protect)]


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": same_site_path(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    state: State,
    _csrf: Csrf,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password; attempts are counted per user name and client address.

    Three short transactions, so argon2's work never holds the database's write lock:
    count the attempt (committed before the check), check the password reading only,
    then start the session. The client is the address after the trusted-proxy rule
    (web.forwarded).
    """
    _ = gettext(request)
    now = state.clock.now()
    client = request.client.host if request.client else ""
    with unit_of_work(state.engine) as session:
        allowed = count_sign_in(session=session, now=now, username=username, client=client)
    if not allowed:
        message = _("Too many failed sign-ins; wait 15 minutes and try again.")
        return render(request, "login.html", {"next": same_site_path(next), "error": message}, 429)
    try:
        with read_session(state.engine) as session:
            checked = check_password(session=session, username=username, password=password)
        with unit_of_work(state.engine) as session:
            user = finish_sign_in(
                session=session, checked=checked, username=username, password=password,
                client=client,
            )  # fmt: skip
            key = start_web_session(
                session=session, now=now, user=user, hours=state.settings.session_hours
            )
    except Unauthenticated:
        context = {"next": same_site_path(next), "error": _("Wrong username or password.")}
        return render(request, "login.html", context, status=401)
    response = RedirectResponse(same_site_path(next), status_code=303)
    start_session(request, response, key)
    return response


@router.post("/logout")
def logout(request: Request, writer: Writer, _csrf: Csrf) -> Response:
    """Sign out on the server (the session row goes), then drop the cookie."""
    key = session_key(request)
    if key is not None:
        end_web_session(session=writer, key=key)
    response = redirect("/login")
    end_session(response)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    response = RedirectResponse(same_site_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response
