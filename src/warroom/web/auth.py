"""Who is calling: API tokens, trusted proxy headers or a session cookie.

Every route depends on one of `Viewer`, `Responder` or `Admin`: anonymous requests get
401, a role too low gets 403. Cookie- and proxy-authenticated writes must also carry the
CSRF token (double-submit: the `warroom_csrf` cookie echoed in a form field or header);
bearer tokens are not sent by browsers on their own, so they need none.

The session cookie is a signed random key naming a row in `web_sessions`; signing out
deletes the row, so a copy of the cookie stops working too.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import OperationalError

from warroom.accounts.actions import touch_token
from warroom.accounts.queries import (
    principal_for_proxy,
    principal_for_session,
    principal_for_token,
)
from warroom.accounts.rules import Principal, Role, ensure_allowed, normalize_username
from warroom.core.actor import Actor
from warroom.db.uow import unit_of_work
from warroom.errors import InvalidInput, PermissionDenied, Unauthenticated
from warroom.web.forwarded import peer
from warroom.web.state import AppState, Reader, app_state

log = logging.getLogger(__name__)

SESSION_COOKIE = "warroom_session"
CSRF_COOKIE = "warroom_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _serializer(state: AppState) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(state.secret_key, salt="warroom.session")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def resolve_principal(request: Request, reader: Reader) -> Principal | None:
    state = app_state(request)
    token = _bearer(request)
    if token is not None:
        principal = principal_for_token(reader, token, state.clock.now())
        if principal is None:
            raise Unauthenticated(
                "the API token is unknown, revoked, expired or its user disabled",
                hint="Create a new one with `warroom token create --user NAME`.",
            )
        if principal.touch_token is not None:
            _touch(state, principal.touch_token)
        return principal
    proxied = _proxy_user(request, state)
    if proxied is not None:
        return principal_for_proxy(reader, proxied, Role(state.settings.proxy_default_role))
    key = session_key(request)
    if key is None:
        return None
    return principal_for_session(reader, key, state.clock.now())


def _touch(state: AppState, token_id: int) -> None:
    """Write the token's "last used" in a short transaction of its own. It is
    bookkeeping: when the database is busy the request goes on and a later one writes it."""
    try:
        with unit_of_work(state.engine) as session:
            touch_token(session, token_id, state.clock.now())
    except OperationalError:
        log.warning("could not record the use of API token %s", token_id, exc_info=True)


def session_key(request: Request) -> str | None:
    """The web session key in the request's cookie, if its signature and age check out."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    state = app_state(request)
    try:
        data: Any = _serializer(state).loads(cookie, max_age=state.settings.session_hours * 3600)
    except BadSignature:
        return None
    key = data.get("s") if isinstance(data, dict) else None
    return key if isinstance(key, str) and key else None


def _proxy_user(request: Request, state: AppState) -> str | None:
    header = state.settings.proxy_auth_header
    if not header or peer(request) not in state.proxies:
        return None
    value = request.headers.get(header, "").strip()
    if not value:
        return None
    try:
        return normalize_username(value.split("@", 1)[0] if "@" in value[1:] else value)
    except InvalidInput:
        raise Unauthenticated(
            f"the proxy sent an unusable user name in {header}",
            hint="Send a plain user name or an e-mail address.",
        ) from None


def authenticated(request: Request, reader: Reader) -> Principal:
    principal = resolve_principal(request, reader)
    if principal is None:
        raise Unauthenticated(
            "sign in, or send an API token",
            hint="Use `Authorization: Bearer wrt_...` (create one with `warroom token create`).",
        )
    request.state.principal = principal
    return principal


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe cookie- or proxy-authenticated request without the CSRF token."""
    if request.method in SAFE_METHODS or _bearer(request) is not None:
        return
    given = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if given is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not check_csrf(request, given):
        raise PermissionDenied(
            "the form's security token is missing or stale",
            hint="Reload the page and try again.",
            code="csrf_failed",
        )


def check_csrf(request: Request, given: str | None) -> bool:
    expected = request.cookies.get(CSRF_COOKIE)
    return bool(expected and given and hmac.compare_digest(expected, given))


@cache  # one dependency per role, so the OpenAPI document can tell them apart
def needs(role: Role) -> Callable[..., Principal]:
    def dependency(
        principal: Annotated[Principal, Depends(authenticated)],
        _csrf: Annotated[None, Depends(csrf_protect)],
    ) -> Principal:
        ensure_allowed(principal.role, role, "this")
        return principal

    return dependency


def actor_of(principal: Principal) -> Actor:
    return Actor(handle=principal.username)


def responder_actor(principal: Annotated[Principal, Depends(needs(Role.RESPONDER))]) -> Actor:
    return actor_of(principal)


Viewer = Annotated[Principal, Depends(needs(Role.VIEWER))]
Responder = Annotated[Principal, Depends(needs(Role.RESPONDER))]
Admin = Annotated[Principal, Depends(needs(Role.ADMIN))]
Caller = Annotated[Actor, Depends(responder_actor)]


def is_https(request: Request, state: AppState) -> bool:
    return state.settings.cookie_secure or request.url.scheme == "https"


def start_session(request: Request, response: Response, key: str) -> None:
    """Send the cookie for a web session recorded by `accounts.actions.start_web_session`."""
    state = app_state(request)
    value = _serializer(state).dumps({"s": key})
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=state.settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=is_https(request, state),
        path="/",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def csrf_token(request: Request) -> str:
    """The browser's CSRF token: its cookie, or a new one `set_csrf_cookie` will send."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
    request.state.csrf = token
    return str(token)


def set_csrf_cookie(request: Request, response: Response) -> None:
    if request.cookies.get(CSRF_COOKIE):
        return
    response.set_cookie(
        CSRF_COOKIE,
        csrf_token(request),
        httponly=True,
        samesite="strict",
        secure=is_https(request, app_state(request)),
        path="/",
    )
