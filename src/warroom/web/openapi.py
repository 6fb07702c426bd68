"""The OpenAPI document states the errors each operation really answers.

FastAPI documents only the success and a validation error in its own shape; warroom
answers every error as application/problem+json. After FastAPI builds the document,
each operation gets the problems its route can give, read from the route itself:
401 when it authenticates, 403 when it needs more than a viewer or checks CSRF, 404
when its path names a record, 409 when it writes, 422 when it takes input, 400 when
it reads a body, and 413 everywhere (the body limit). Routes add others with
`responses=problems(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field

from warroom.accounts.rules import Role
from warroom.web.api.stream import brief_viewer
from warroom.web.auth import authenticated, csrf_protect, needs
from warroom.web.errors import PROBLEM
from warroom.web.state import write_session

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
SCHEMA_REF = {"$ref": "#/components/schemas/Problem"}
DESCRIPTIONS = {
    400: "The body cannot be parsed at all: not JSON, or not UTF-8 (`bad_request`).",
    401: "No credentials, or unknown, revoked or disabled ones (`unauthenticated`).",
    403: "The role is too low (`forbidden`) or a cookie write lacks its CSRF token "
    "(`csrf_failed`).",
    404: "No such record (`not_found`).",
    409: "The record's state does not allow it (`conflict`, `illegal_transition`, "
    "`wip_limit`, ...).",
    413: "The request body is larger than the limit (`payload_too_large`).",
    422: "A parameter or the body is invalid (`invalid_input`).",
}


class Problem(BaseModel):
    """An error, as RFC 9457 application/problem+json with warroom's stable `code`."""

    type: str = Field(description="A URL naming the problem type.")
    title: str
    status: int
    detail: str = Field(description="What went wrong, for a person.")
    code: str = Field(description="Stable machine-readable code (docs/web.md).")
    hint: str | None = Field(default=None, description="What to do next.")


def problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": DESCRIPTIONS.get(status, "An error."),
        "content": {PROBLEM: {"schema": SCHEMA_REF}},
    }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    return response


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Extra error responses for one route's decorator (`responses=problems(404)`)."""
    return {status: problem_response(status) for status in statuses}


def install_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        document_errors(app, schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def document_errors(app: FastAPI, schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
    components.setdefault("responses", {})["MethodNotAllowed"] = {
        "description": "Any path answers a method it does not serve with 405 "
        "(`method_not_allowed`) and the methods it does serve in `Allow`.",
        "headers": {"Allow": {"schema": {"type": "string"}, "description": "e.g. GET, POST"}},
        "content": {PROBLEM: {"schema": SCHEMA_REF}},
    }
    for ctx in iter_route_contexts(app.routes):
        if not getattr(ctx, "include_in_schema", False) or not ctx.methods:
            continue
        for method in ctx.methods:
            operation = schema["paths"].get(ctx.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(_statuses(ctx.dependant, method)):
                responses[str(status)] = problem_response(status)
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)


def _statuses(dependant: Dependant, method: str) -> set[int]:
    calls = set(_calls(dependant))
    statuses = {413}
    if authenticated in calls or brief_viewer in calls:
        statuses.add(401)
    above_viewer = needs(Role.RESPONDER) in calls or needs(Role.ADMIN) in calls
    if above_viewer or (csrf_protect in calls and method not in SAFE):
        statuses.add(403)
    if dependant.path_params:
        statuses.add(404)
    if write_session in calls and method not in SAFE:
        statuses.add(409)
    if any(_params(dependant)):
        statuses.add(422)
    if any(_bodies(dependant)):
        statuses.add(400)
    return statuses


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for child in dependant.dependencies:
        if child.call is not None:
            yield child.call
        yield from _calls(child)


def _bodies(dependant: Dependant) -> Iterator[object]:
    yield from dependant.body_params
    for child in dependant.dependencies:
        yield from _bodies(child)


def _params(dependant: Dependant) -> Iterator[object]:
    yield from dependant.path_params
    yield from dependant.query_params
    yield from dependant.header_params
    yield from dependant.body_params
    for child in dependant.dependencies:
        yield from _params(child)
