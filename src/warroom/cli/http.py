"""A minimal JSON client for warroom's REST API, on a plain socket.

Why our own instead of httpx or `http.client`: importing httpx costs more than the
whole 4× start-up budget of the commands people run during an incident, and
`http.client` pulls in the `email` package, about a bare interpreter start by itself
(docs/benchmarks.md, "CLI start, remote mode"). The client needs one request per
connection (`Connection: close`), a JSON body and a JSON answer: a few lines of
HTTP/1.1 (Content-Length or chunked bodies; TLS through `ssl` for https).
Only GETs are retried (once, on a connection failure or 502/503/504): a POST that
timed out may have been applied, so it is reported instead.
Server errors arrive as problem+json and become the same `WarroomError`s a local
command raises, with the server's message and hint (exit codes: docs/cli-remote.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping

from warroom.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    WarroomError,
)

# `typing` stays unimported at run time: the lean CLI path counts its start-up
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
    return "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs) if pairs else ""


SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def quote(text: str) -> str:
    """Percent-encode for a URL path segment or query value (UTF-8, RFC 3986)."""
    return "".join(chr(b) if b in SAFE else f"%{b:02X}" for b in text.encode())


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
        scheme, host, port, prefix = split_url(self.base)
        lines = [
            f"{method} {prefix}/api/v1{path} HTTP/1.1",
            f"Host: {host if port in (80, 443) else f'{host}:{port}'}",
            "Accept: application/json",
            "User-Agent: warroom-cli",
            "Connection: close",
        ]
        if self.token:
            lines.append(f"Authorization: Bearer {self.token}")
        payload = b""
        if body is not None:
            payload = json.dumps(body).encode()
            lines.append("Content-Type: application/json")
        if body is not None or method != "GET":
            lines.append(f"Content-Length: {len(payload)}")
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload
        return parse_response(exchange(scheme, host.strip("[]"), port, request, self.timeout))

    def _unreachable(self, exc: OSError) -> WarroomError:
        ssl = sys.modules.get("ssl")  # loaded only if this was an https:// server
        if ssl is not None and isinstance(exc, ssl.SSLError | ssl.CertificateError):
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
        if not problem and status < 500:
            hint = f"{self.base} did not answer like a warroom server: check the address "
            hint += "(`warroom context list`)."
        if status == 401:
            hint = f"Log in again: `warroom login {self.base} --token TOKEN`. {hint}".strip()
        kind = BY_STATUS.get(status)
        if kind is None:
            kind = ServerError if status >= 500 else WarroomError
            message = f"{self.base} answered {status} {reason}: {message}"
            hint = hint or "Try again; if it persists, the server's log says why."
        raise kind(message, hint=hint, code=str(code) if code else None)


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path prefix) of a server address (already checked http/https)."""
    scheme, _sep, rest = url.partition("://")
    authority, slash, prefix = rest.partition("/")
    host, port = authority, 443 if scheme == "https" else 80
    if authority.rpartition(":")[2].isdigit() and not authority.endswith("]"):
        host, _colon, number = authority.rpartition(":")
        port = int(number)
    return scheme, host, port, (slash + prefix).rstrip("/")


def exchange(scheme: str, host: str, port: int, request: bytes, timeout: float) -> bytes:
    """Send one request on a fresh connection and read the answer until the server closes."""
    import socket

    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        if scheme == "https":
            import ssl

            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        sock.close()


def parse_response(raw: bytes) -> tuple[int, str, bytes]:
    """Status, reason and body of an HTTP/1.1 answer read to the end of the connection."""
    head, _sep, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ConnectionError(f"not an HTTP answer: {status_line[:80]!r}")
    headers = {
        k.strip().lower(): v.strip() for k, _c, v in (h.partition(":") for h in header_lines)
    }
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = dechunk(body)
    elif "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return int(parts[1]), parts[2] if len(parts) > 2 else "", body


def dechunk(body: bytes) -> bytes:
    out = []
    while body:
        size_line, _sep, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out.append(body[:size])
        body = body[size + 2 :]
    return b"".join(out)


def _problem(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
