"""`incident list --service` matches the exact name: Korean names, `%` and `_` included."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def _ids(run: Run, service: str) -> list[str]:
    result = run("incident", "list", "--service", service, "--json")
    assert result.code == 0, result.err
    return [i["id"] for i in json.loads(result.out)["items"]]


def test_list_finds_a_korean_service_and_reads_percent_literally(run: Run) -> None:
    run("incident", "declare", "결제 승인 실패", "-S", "P2", "-s", "결제", "-s", "pay_%")
    run("incident", "declare", "Search slow", "-S", "P3", "-s", "search", "-s", "payx1")
    assert _ids(run, "결제") == ["INC-20261122-001"]
    assert _ids(run, "pay_%") == ["INC-20261122-001"]
    assert _ids(run, "pay__") == []
    assert _ids(run, "search") == ["INC-20261122-002"]
    shown = json.loads(run("incident", "show", "INC-20261122-001", "--json").out)
    assert shown["services"] == ["pay_%", "결제"]
    table = run("incident", "list", "--service", "결제")
    assert "결제 승인 실패" in table.out


def test_amending_services_replaces_them(run: Run) -> None:
    run("incident", "declare", "Checkout down", "-S", "P2", "-s", "checkout", "-s", "결제")
    amended = run("incident", "amend", "INC-20261122-001", "-s", "결제", "-s", "cart")
    assert amended.code == 0, amended.err
    assert _ids(run, "checkout") == []
    assert _ids(run, "cart") == ["INC-20261122-001"]
