"""The one error mapper of the web transport: WarroomError → problem+json (RFC 9457).

Under /api every error is problem+json with a stable `code`. Pages answer a browser
in HTML instead (the `html` hook, installed by the UI: a redirect to /login, or the
form again with the message); a script calling a page (a bearer token, or an
`Accept` that asks for JSON) gets the same problem+json as the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException

from warroom.errors import InvalidInput, WarroomError

PROBLEM = "application/problem+json"
HtmlHook = Callable[[Request, WarroomError], Response]


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    hint: str = "",
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {
        "type": f"https://warroom.dev/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if hint:
        body["hint"] = hint
    extra = dict(headers or {})
    if status == 401:
        extra["WWW-Authenticate"] = 'Bearer realm="warroom"'
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=extra or None)


def error_response(error: WarroomError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    title = error.code.replace("_", " ")
    return problem(error.http_status, error.code, title, error.message, error.hint, headers)


# Paths read by programs (the API, calendar clients fetching an iCal feed): never HTML.
MACHINE_PATHS = ("/api/", "/oncall/ical/")


def wants_html(request: Request) -> bool:
    """A browser on a page, not a script: no bearer token, no JSON asked for."""
    if request.url.path.startswith(MACHINE_PATHS) or request.url.path == "/api":
        return False
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return False
    return "json" not in request.headers.get("accept", "")


_HTTP_CODES = {
    400: "bad_request",  # a body that cannot be parsed at all (not JSON, not UTF-8)
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
}
_HTTP_HINTS = {400: "Send a JSON body in UTF-8 that matches /api/openapi.json."}


def allowed_methods(request: Request) -> str:
    """The methods the routes for this path serve (the `Allow` header of a 405).

    FastAPI's own 405 names only the first route whose path matched, so
    `PUT /api/v1/incidents` would say `Allow: GET` though POST is served too. A literal
    path (`/incidents/updates-due`) answers for itself, not for a template that would
    also match it (`/incidents/{incident_id}`), as the OpenAPI document says.
    """
    table: list[tuple[str, re.Pattern[str], frozenset[str]]] | None = getattr(
        request.app.state, "allow_table", None
    )
    if table is None:
        table = [
            (ctx.path_format or "", ctx.path_regex, frozenset(ctx.methods))
            for ctx in iter_route_contexts(request.app.routes)
            if ctx.methods and getattr(ctx, "path_regex", None) is not None
        ]
        request.app.state.allow_table = table
    path = request.url.path
    literal = [served for template, _regex, served in table if template == path]
    matching = literal or [served for _t, regex, served in table if regex.match(path)]
    return ", ".join(sorted(set().union(*matching)))


def install_error_handlers(app: FastAPI, html: HtmlHook | None = None) -> None:
    @app.exception_handler(WarroomError)
    async def _domain(request: Request, error: WarroomError) -> Response:
        if html is not None and wants_html(request):
            return html(request, error)
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        invalid = InvalidInput(
            f"{where}: {first.get('msg')}",
            hint="Check the request against /api/openapi.json.",
        )
        if html is not None and wants_html(request):
            return html(request, invalid)
        return error_response(invalid)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        code = _HTTP_CODES.get(error.status_code, f"http_{error.status_code}")
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        if html is not None and wants_html(request):
            page_error = WarroomError(str(error.detail), code=code)
            page_error.http_status = error.status_code
            response = html(request, page_error)
            response.headers.update(headers)
            return response
        title, hint = code.replace("_", " "), _HTTP_HINTS.get(error.status_code, "")
        return problem(error.status_code, code, title, str(error.detail), hint, headers)
