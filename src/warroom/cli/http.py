"""A minimal JSON client for warroom's REST API, on the standard library.

Why not httpx: it costs more start-up than the whole 4× budget of the commands people
run during an incident (docs/benchmarks.md, "CLI start, remote mode"); `http.client`
is already in the interpreter. Only GETs are retried (once, on a connection failure or
502/503/504): a POST that timed out may have been applied, so it is reported instead.
Server errors arrive as problem+json and become the same `WarroomError`s a local
command raises, with the server's message and hint (exit codes: docs/cli-remote.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from warroom.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    WarroomError,
)

TIMEOUT = 30.0
RETRYABLE = (502, 503, 504)
Params = Mapping[str, str | int | bool | list[str] | None]


class Unreachable(WarroomError):
    code = "unreachable"
    exit_code = 7


class ServerError(WarroomError):
    code = "server_error"
    exit_code = 8


BY_STATUS: dict[int, type[WarroomError]] = {
    400: InvalidInput,
    401: Unauthenticated,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    413: InvalidInput,
    422: InvalidInput,
}


def query(params: Params | None) -> str:
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        if value is None or value is False:
            continue
        values = value if isinstance(value, list) else [value]
        pairs += [(key, "true" if v is True else str(v)) for v in values]
    return "?" + urlencode(pairs) if pairs else ""


class Client:
    """One server: `base` is its address, `token` an API token (`wrt_...`)."""

    def __init__(self, base: str, token: str, *, timeout: float = TIMEOUT) -> None:
        self.base = base.rstrip("/")
        self.token = token
        self.timeout = timeout

    def get(self, path: str, params: Params | None = None) -> Any:
        return self.request("GET", path + query(params))

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("POST", path, body)

    def request(self, method: str, path: str, body: Any = None) -> Any:
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            try:
                status, reason, data = self._send(method, path, body)
            except OSError as exc:
                if attempt + 1 < attempts:
                    continue
                raise self._unreachable(exc) from exc
            if status in RETRYABLE and attempt + 1 < attempts:
                continue
            return self._answer(status, reason, data)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _send(self, method: str, path: str, body: Any) -> tuple[int, str, bytes]:
        import http.client

        parts = urlsplit(self.base)
        host = parts.hostname or ""
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(host, parts.port, timeout=self.timeout)
        else:
            conn = http.client.HTTPConnection(host, parts.port, timeout=self.timeout)
        headers = {"Accept": "application/json", "User-Agent": "warroom-cli"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, parts.path + "/api/v1" + path, payload, headers)
            response = conn.getresponse()
            return response.status, response.reason, response.read()
        finally:
            conn.close()

    def _unreachable(self, exc: OSError) -> WarroomError:
        import ssl

        if isinstance(exc, ssl.SSLError | ssl.CertificateError):
            return Unreachable(
                f"TLS error talking to {self.base}: {exc}",
                hint="Check the server's certificate; set SSL_CERT_FILE to your CA bundle "
                "if the team uses a private CA.",
                code="tls_error",
            )
        return Unreachable(
            f"cannot reach {self.base}: {exc}",
            hint="Check the address and your network, or switch with `warroom context use local`.",
        )

    def _answer(self, status: int, reason: str, data: bytes) -> Any:
        if 200 <= status < 300:
            return json.loads(data) if data else None
        problem = _problem(data)
        message = str(problem.get("detail") or problem.get("title") or reason)
        hint = str(problem.get("hint") or "")
        code = problem.get("code")
        if status == 401:
            hint = f"Log in again: `warroom login {self.base} --token TOKEN`. {hint}".strip()
        kind = BY_STATUS.get(status)
        if kind is None:
            kind = ServerError if status >= 500 else WarroomError
            message = f"{self.base} answered {status} {reason}: {message}"
            hint = hint or "Try again; if it persists, the server's log says why."
        raise kind(message, hint=hint, code=str(code) if code else None)


def _problem(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
