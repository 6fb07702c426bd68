"""Render pages: templates shipped in the package, every string through gettext."""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from warroom.accounts.rules import Principal, Role, ensure_allowed
from warroom.core.timefmt import local
from warroom.errors import WarroomError
from warroom.web.auth import csrf_protect, csrf_token, resolve_principal, set_csrf_cookie
from warroom.web.present import gettext, language
from warroom.web.state import Reader, app_state
from warroom.web.vocabulary import label_of

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FLASH_COOKIE = "warroom_flash"


class LoginRequired(Exception):
    """Raised for an anonymous page view; answered with a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@cache
def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(TEMPLATES))


def page_user(request: Request, reader: Reader) -> Principal:
    principal = resolve_principal(request, reader)
    if principal is None:
        raise LoginRequired(_return_path(request))
    request.state.principal = principal
    return principal


def form_user(
    request: Request,
    principal: Annotated[Principal, Depends(page_user)],
    _csrf: Annotated[None, Depends(csrf_protect)],
) -> Principal:
    ensure_allowed(principal.role, Role.RESPONDER, "changing an incident")
    return principal


def admin_page_user(principal: Annotated[Principal, Depends(page_user)]) -> Principal:
    ensure_allowed(principal.role, Role.ADMIN, "managing accounts")
    return principal


def admin_form_user(principal: Annotated[Principal, Depends(form_user)]) -> Principal:
    ensure_allowed(principal.role, Role.ADMIN, "managing accounts")
    return principal


PageUser = Annotated[Principal, Depends(page_user)]
FormUser = Annotated[Principal, Depends(form_user)]
AdminPage = Annotated[Principal, Depends(admin_page_user)]
AdminForm = Annotated[Principal, Depends(admin_form_user)]


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    state = app_state(request)
    tz = state.policy.tz
    flash = _read_flash(request)
    _ = gettext(request)
    base = {
        "_": _,
        "label": lambda table, key: _(label_of(table, key)),
        "lang": language(request),
        "tz": tz,
        "tz_name": state.settings.timezone,
        "tz_abbr": state.clock.now().astimezone(tz).tzname(),
        "local": lambda value: local(value, tz),
        "csrf": csrf_token(request),
        "user": getattr(request.state, "principal", None),
        "flash": flash,
        "path": request.url.path,
        "can_write": _can_write(request),
    }
    response = templates().TemplateResponse(request, name, {**base, **context}, status_code=status)
    set_csrf_cookie(request, response)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def _can_write(request: Request) -> bool:
    principal = getattr(request.state, "principal", None)
    return principal is not None and principal.role in (Role.RESPONDER, Role.ADMIN)


def _read_flash(request: Request) -> dict[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except ValueError:
        return None
    return {"kind": str(data.get("kind", "info")), "text": str(data.get("text", ""))}


def redirect(url: str, *, flash: str | None = None, kind: str = "info") -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if flash:
        set_flash(response, flash, kind)
    return response


def set_flash(response: Response, text: str, kind: str = "info") -> None:
    response.set_cookie(
        FLASH_COOKIE,
        base64.urlsafe_b64encode(json.dumps({"kind": kind, "text": text}).encode()).decode(),
        max_age=60,
        httponly=True,
        samesite="strict",
        path="/",
    )


def same_site_path(url: str | None, default: str = "/", *, host: str | None = None) -> str:
    """Only follow redirects to a path on this site (no open redirect).

    `host` admits absolute URLs on this very host (a Referer); a `next` parameter gets
    none, so it must be a plain path.
    """
    if not url:
        return default
    parts = urlsplit(url)
    foreign = bool(parts.netloc) and parts.netloc != host
    if foreign or (parts.scheme and not parts.netloc):
        return default
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith(("//", "/\\")):
        return default
    return path + (f"?{parts.query}" if parts.query else "")


def _referer(request: Request) -> str:
    return same_site_path(request.headers.get("referer"), host=request.url.netloc)


def html_error(request: Request, error: WarroomError) -> Response:
    """Pages answer errors in HTML: a failed form goes back with a message."""
    _ = gettext(request)
    message = _(error.message) + (f" — {_(error.hint)}" if error.hint else "")
    if request.method == "POST" and error.http_status not in (401, 403):
        back = _referer(request)
        return redirect(back, flash=message, kind="error")
    if error.http_status == 401:
        return login_redirect(_return_path(request))
    return render(
        request, "error.html", {"status": error.http_status, "message": message}, error.http_status
    )


def _return_path(request: Request) -> str:
    """Where to come back after signing in: this page, or the page a form was on."""
    if request.method != "GET":
        return _referer(request)
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def login_redirect(next_url: str) -> RedirectResponse:
    return RedirectResponse(f"/login?next={quote(next_url)}", status_code=303)
