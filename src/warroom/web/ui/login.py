"""Sign in with a password, sign out, and switch the language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from warroom.accounts.actions import sign_in
from warroom.errors import Unauthenticated
from warroom.i18n import LANGUAGES
from warroom.web.auth import csrf_protect, end_session, start_session
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
    writer: Writer,
    state: State,
    _csrf: Csrf,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    _ = gettext(request)
    now = state.clock.now()
    key = (username.strip().lower(), request.client.host if request.client else "")
    if state.throttle.blocked(key, now):
        message = _("Too many failed sign-ins; wait 15 minutes and try again.")
        return render(request, "login.html", {"next": same_site_path(next), "error": message}, 429)
    try:
        user = sign_in(session=writer, now=now, username=username, password=password)
    except Unauthenticated:
        state.throttle.failed(key, now)
        context = {"next": same_site_path(next), "error": _("Wrong username or password.")}
        return render(request, "login.html", context, status=401)
    state.throttle.succeeded(key)
    response = RedirectResponse(same_site_path(next), status_code=303)
    start_session(request, response, user.username, user.auth_version)
    return response


@router.post("/logout")
def logout(_csrf: Csrf) -> Response:
    response = redirect("/login")
    end_session(response)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    response = RedirectResponse(same_site_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response
