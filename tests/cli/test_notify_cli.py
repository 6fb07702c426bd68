"""`warroom escalation` and `warroom notify` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from tests.cli.conftest import Run
from warroom.cli.runtime import Runtime
from warroom.notifications.models import Delivery


def test_escalation_show_prints_the_003_matrix(run: Run) -> None:
    result = run("escalation", "show")
    assert result.code == 0, result.err
    assert "oncall:primary" in result.out and "role:tech_lead" in result.out
    assert "default-p4" in result.out
    rows = json.loads(run("escalation", "show", "--json").out)
    assert [r["severity"] for r in rows] == ["P1", "P2", "P3", "P4"]
    assert rows[1]["matrix"][2] == [
        "oncall:secondary",
        "role:incident_commander",
        "team:team-leads",
    ]


def test_apply_a_policy_file_then_export_it(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text(
        "teams:\n  team-leads: [jane, bob]\n"
        "policies:\n"
        "  - name: checkout-p1\n    service: checkout\n    severity: P1\n    repeat: 1\n"
        "    steps:\n      - at: 0\n        targets: [oncall:primary, channel:incidents]\n"
        "      - at: 10\n        targets: [team:team-leads]\n",
        encoding="utf-8",
    )
    assert run("escalation", "apply", str(path)).code == 0
    shown = run("escalation", "show", "--service", "checkout")
    assert "checkout-p1" in shown.out and "team:team-leads" in shown.out
    exported = run("escalation", "export").out
    assert "checkout-p1" in exported and "team-leads" in exported
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "policies:\n  - name: x\n    steps:\n      - at: 0\n        targets: [boss]\n",
        encoding="utf-8",
    )
    refused = run("escalation", "apply", str(bad))
    assert refused.code == 2 and "not an escalation target" in refused.err
    assert "hint:" in refused.err


def test_contact_methods_are_verified_with_the_code_sent(run: Run, cli_runtime: Runtime) -> None:
    assert run("people", "add", "jane").code == 0
    added = run("notify", "add-contact", "jane", "email", "jane@example.com")
    assert added.code == 0 and "notify verify jane" in added.out
    with cli_runtime.read() as session:
        code = session.scalars(select(Delivery.context)).one()["code"]
    assert run("notify", "verify", "jane", "1", "000000" if code != "000000" else "1").code == 2
    assert run("notify", "verify", "jane", "1", code).code == 0
    listed = json.loads(run("notify", "contacts", "jane", "--json").out)
    assert listed[0]["verified"] is True
    assert run("notify", "rules", "jane", "1:0").code == 0
    assert run("notify", "rules", "jane", "x").code == 2
    bad = run("notify", "add-contact", "jane", "sms", "010-1234")
    assert bad.code == 2 and "E.164" in bad.err


def test_channels_externals_and_the_delivery_log(run: Run) -> None:
    saved = run(
        "notify",
        "add-channel",
        "incidents",
        "slack_webhook",
        "--url",
        "https://hooks.slack.test/services/T/B/X",
        "--announce",
        "P1",
    )
    assert saved.code == 0
    listed = run("notify", "channels")
    assert "incidents" in listed.out and "hooks.slack" not in listed.out  # URL kept secret
    assert (
        run(
            "notify",
            "add-external",
            "checkout",
            "aws",
            "--vendor",
            "AWS Support",
            "--email",
            "support@aws.test",
            "--note",
            "Business plan",
        ).code
        == 0
    )
    assert "AWS Support" in run("notify", "externals", "checkout").out
    declared = run("incident", "declare", "Checkout down", "-S", "P1", "-s", "checkout", "--json")
    incident = json.loads(declared.out)["id"]
    assert "nothing has been sent" in run("notify", "log", incident).out
    updated = run("incident", "update", incident, "Rolling back", "--post")
    assert updated.code == 0


def test_the_demo_has_policies_and_contact_methods(run: Run) -> None:
    assert run("demo").code == 0
    api = json.loads(run("escalation", "show", "--service", "api", "--json").out)
    assert api[0]["name"] == "api-p1" and api[0]["repeat"] == 1
    methods = json.loads(run("notify", "contacts", "jane", "--json").out)
    assert {(m["kind"], m["verified"]) for m in methods} == {("email", True), ("ntfy", True)}
    assert "managed-postgres" in run("notify", "externals", "postgres").out
    assert run("demo").code == 0  # idempotent
    assert len(json.loads(run("notify", "contacts", "jane", "--json").out)) == 2
