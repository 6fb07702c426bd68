from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_people_and_services_are_upserted(run: Run) -> None:
    assert (
        run(
            "people", "add", "@Jane", "--name", "Jane Doe", "--team", "sre", "--tz", "Asia/Seoul"
        ).code
        == 0
    )
    assert run("people", "add", "jane", "--email", "jane@example.com").code == 0
    [jane] = json.loads(run("people", "list", "--json").out)
    assert jane == {
        "handle": "jane",
        "name": "Jane Doe",
        "email": "jane@example.com",
        "team": "sre",
        "timezone": "Asia/Seoul",
    }
    assert run("services", "add", "Checkout", "--team", "payments").code == 0
    assert json.loads(run("services", "list", "--json").out)[0]["name"] == "checkout"


def test_bad_handles_and_zones_are_refused(run: Run) -> None:
    bad = run("people", "add", "Jane Doe")
    assert bad.code == 2 and "hint:" in bad.err
    assert run("people", "add", "jane", "--tz", "Mars/Base").code == 2
    assert json.loads(run("people", "list", "--json").out) == []
