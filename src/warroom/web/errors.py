"""The one error mapper of the web transport: WarroomError → problem+json (RFC 9457).

Under /api every error is problem+json with a stable `code`; pages get HTML instead
(the `html` hook, installed by the UI): a redirect to /login, or a readable error page.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from warroom.errors import WarroomError

PROBLEM = "application/problem+json"
HtmlHook = Callable[[Request, WarroomError], Response]


def problem(status: int, code: str, title: str, detail: str, hint: str = "") -> JSONResponse:
    body = {
        "type": f"https://warroom.dev/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if hint:
        body["hint"] = hint
    headers = {"WWW-Authenticate": 'Bearer realm="warroom"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


def install_error_handlers(app: FastAPI, html: HtmlHook | None = None) -> None:
    @app.exception_handler(WarroomError)
    async def _domain(request: Request, error: WarroomError) -> Response:
        if html is not None and not _is_api(request):
            return html(request, error)
        return problem(
            error.http_status, error.code, error.code.replace("_", " "), error.message, error.hint
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        if html is not None and not _is_api(request):
            from warroom.errors import InvalidInput

            return html(request, InvalidInput(f"{where}: {first.get('msg')}"))
        return problem(
            422,
            "invalid_input",
            "invalid input",
            f"{where}: {first.get('msg')}",
            "Check the request body against /api/openapi.json.",
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        code = _HTTP_CODES.get(error.status_code, f"http_{error.status_code}")
        if html is not None and not _is_api(request):
            from warroom.errors import NotFound

            return html(request, NotFound(str(error.detail), code=code))
        return problem(error.status_code, code, code.replace("_", " "), str(error.detail))
