"""Read-side views of the severity scale for CLI, API and docs."""

from __future__ import annotations

from dataclasses import dataclass

from warroom.severity.rules import (
    LEVELS,
    MATRIX,
    NAMES,
    BusinessImpact,
    SeverityPolicy,
    Target,
    UserImpact,
)


@dataclass(frozen=True, slots=True)
class LevelInfo:
    level: str
    label: str
    name: str
    response: int | Target
    rto: int | Target


def levels(policy: SeverityPolicy) -> list[LevelInfo]:
    return [
        LevelInfo(
            level=level,
            label=policy.label(level),
            name=NAMES[level],
            response=policy.response_target(level),
            rto=policy.rto_target(level),
        )
        for level in LEVELS
    ]


def matrix_rows() -> list[tuple[BusinessImpact, dict[UserImpact, str]]]:
    return [(business, dict(zip(UserImpact, row, strict=True))) for business, row in MATRIX.items()]
