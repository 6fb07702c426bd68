from __future__ import annotations

import pytest

from warroom.alerts.severity import SeverityMapping, group_severity, severity_for
from warroom.alerts.sources.base import NormalizedAlert
from warroom.errors import InvalidInput


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({"severity": "critical"}, "P1"),
        ({"severity": "CRITICAL "}, "P1"),
        ({"severity": "error"}, "P2"),
        ({"severity": "major"}, "P2"),
        ({"severity": "warning"}, "P3"),
        ({"severity": "info"}, "P4"),
        ({"severity": "p2"}, "P2"),
        ({"severity": "SEV1"}, "P1"),
        ({"priority": "high"}, "P2"),
        ({"severity": "weird", "priority": "low"}, "P4"),
        ({"severity": "weird"}, "P3"),
        ({}, "P3"),
    ],
)
def test_default_mapping(labels: dict[str, str], expected: str) -> None:
    assert severity_for(labels) == expected


def test_configured_mapping() -> None:
    mapping = SeverityMapping.from_config(
        {"labels": ["level"], "table": {"sev-a": "p1"}, "default": "P4"}
    )
    assert severity_for({"level": "sev-a"}, mapping) == "P1"
    assert severity_for({"level": "critical"}, mapping) == "P1"  # defaults kept (extend)
    assert severity_for({"severity": "critical"}, mapping) == "P4"  # label not read


def test_unknown_levels_are_refused() -> None:
    with pytest.raises(InvalidInput, match="P9"):
        SeverityMapping.from_config({"table": {"x": "P9"}})


def _alert(severity: str, status: str = "firing") -> NormalizedAlert:
    return NormalizedAlert(fingerprint=severity, status=status, labels={"severity": severity})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("alerts", "expected"),
    [
        ([_alert("warning"), _alert("critical")], "P1"),
        ([_alert("warning"), _alert("critical", "resolved")], "P3"),
        ([_alert("info", "resolved"), _alert("error", "resolved")], "P2"),
        ([], "P3"),
    ],
)
def test_group_takes_the_most_severe_firing_alert(
    alerts: list[NormalizedAlert], expected: str
) -> None:
    assert group_severity(alerts) == expected
