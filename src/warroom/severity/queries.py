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


def matrix_document(policy: SeverityPolicy) -> dict[str, object]:
    """The scale and the impact matrix as data (`severity matrix --json`, MCP, API)."""
    return {
        "levels": [
            {
                "level": lv.level,
                "label": lv.label,
                "name": lv.name,
                "response": lv.response if isinstance(lv.response, int) else str(lv.response),
                "rto": lv.rto if isinstance(lv.rto, int) else str(lv.rto),
            }
            for lv in levels(policy)
        ],
        "matrix": {
            b.value: {u.value: sev for u, sev in cells.items()} for b, cells in matrix_rows()
        },
    }
