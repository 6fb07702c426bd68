"""The one error mapper of the web transport: WarroomError → problem+json (RFC 9457)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from warroom.errors import WarroomError

PROBLEM = "application/problem+json"


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
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WarroomError)
    async def _domain(_request: Request, error: WarroomError) -> JSONResponse:
        return problem(
            error.http_status, error.code, error.code.replace("_", " "), error.message, error.hint
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return problem(
            422,
            "invalid_input",
            "invalid input",
            f"{where}: {first.get('msg')}",
            "Check the request body against /api/openapi.json.",
        )
