"""Errors the user can act on: a short stable code, a message and a hint.

Transports map these once (web: problem+json, CLI: message + hint + exit code);
domain code raises them and never formats output itself.
"""

from __future__ import annotations


class WarroomError(Exception):
    """Base error: `code` is stable and documented, `hint` says what to do next."""

    code = "error"
    http_status = 400
    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code


class InvalidInput(WarroomError):
    code = "invalid_input"
    http_status = 422
    exit_code = 2


class NotFound(WarroomError):
    code = "not_found"
    http_status = 404
    exit_code = 3


class Conflict(WarroomError):
    code = "conflict"
    http_status = 409
    exit_code = 4


class IllegalTransition(Conflict):
    code = "illegal_transition"


class Unauthenticated(WarroomError):
    code = "unauthenticated"
    http_status = 401
    exit_code = 5


class PermissionDenied(WarroomError):
    code = "forbidden"
    http_status = 403
    exit_code = 5


class TooManyAttempts(WarroomError):
    code = "too_many_attempts"
    http_status = 429
    exit_code = 5


class PayloadTooLarge(WarroomError):
    code = "payload_too_large"
    http_status = 413
    exit_code = 2


class ConfigError(WarroomError):
    code = "config_error"
    exit_code = 6
