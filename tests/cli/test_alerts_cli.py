from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.cli.conftest import Run
from tests.support.alert_payloads import am_alert, am_payload
from warroom.alerts.actions import receive_delivery
from warroom.alerts.intake import check_delivery, store_deliveries
from warroom.alerts.integrations import authenticate
from warroom.cli.runtime import Runtime
from warroom.clock import FixedClock


@pytest.fixture(autouse=True)
def alert_tables(cli_runtime: Runtime) -> None:
    """Migrate the CLI's database before the fixture-built commands run."""
    from warroom.cli.setup import ensure_database

    ensure_database(cli_runtime)


def _create(run: Run, *extra: str) -> str:
    result = run("integration", "create", "alertmanager", "--name", "prod", *extra)
    assert result.code == 0, result.err
    match = re.search(r"token \(shown once\): (wr_\S+)", result.out)
    assert match
    return match.group(1)


def _send(rt: Runtime, token: str, body: dict[str, object]) -> None:
    rt.write(
        lambda s: receive_delivery(
            session=s,
            now=rt.now(),
            policy=rt.policy,
            integration=authenticate(s, token),
            source="alertmanager",
            body=json.dumps(body).encode(),
            new_dedup_key=lambda: "k",
        )
    )


def test_create_prints_the_receiver_url_and_the_alertmanager_snippet(run: Run) -> None:
    result = run(
        "integration",
        "create",
        "alertmanager",
        "--name",
        "prod",
        "--url",
        "http://warroom.internal:8080",
    )
    assert result.code == 0, result.err
    token = re.search(r"token \(shown once\): (wr_\S+)", result.out)
    assert token
    assert (
        f"receiver URL: http://warroom.internal:8080/api/v1/alerts/alertmanager"
        f"?token={token.group(1)}"
    ) in result.out
    assert "webhook_configs:" in result.out
    assert f"credentials: {token.group(1)}" in result.out
    listed = run("integration", "list", "--json")
    [row] = json.loads(listed.out)
    assert (row["name"], row["kind"]) == ("prod", "alertmanager")
    assert token.group(1) not in listed.out


def test_duplicate_names_and_bad_kinds_are_explained(run: Run) -> None:
    _create(run)
    again = run("integration", "create", "alertmanager", "--name", "prod")
    assert again.code == 4
    assert "already exists" in again.err
    bad = run("integration", "create", "nagios", "--name", "x")
    assert bad.code == 2
    assert "hint: Use one of: alertmanager, pagerduty, webhook." in bad.err


def test_revoke(run: Run) -> None:
    _create(run)
    assert run("integration", "revoke", "prod").code == 0
    assert json.loads(run("integration", "list", "--json").out) == []
    assert len(json.loads(run("integration", "list", "--all", "--json").out)) == 1


def test_alerts_list_and_show(run: Run, cli_runtime: Runtime) -> None:
    token = _create(run, "--auto-recovery", "0")
    _send(cli_runtime, token, am_payload(am_alert(instance="web-1"), am_alert(instance="web-2")))
    listed = run("alerts", "list")
    assert listed.code == 0, listed.err
    assert "INC-20261122-001" in listed.out and "HighLatency" in listed.out
    [row] = json.loads(run("alerts", "list", "--json").out)
    shown = run("alerts", "show", str(row["id"]))
    assert shown.code == 0, shown.err
    assert "instance=web-2" in shown.out
    assert "#1 incident" in shown.out
    missing = run("alerts", "show", "nope")
    assert missing.code == 3


def test_worker_once_runs_due_jobs(run: Run, cli_runtime: Runtime, clock: FixedClock) -> None:
    token = _create(run)
    _send(cli_runtime, token, am_payload(am_alert()))
    assert json.loads(run("worker", "--status").out) == {
        "queued": 1,
        "deliveries_pending": 0,
        "deliveries_failed": 0,
    }
    assert "ran 0 job(s)" in run("worker", "--once").out
    clock.advance(timedelta(minutes=5))
    # the alert's escalation opens the incident, which starts paging (its first step is due)
    assert "ran 3 job(s)" in run("worker", "--once").out
    [row] = json.loads(run("alerts", "list", "--json").out)
    assert row["incident"] == "INC-20261122-001"


def _store(rt: Runtime, token: str, body: dict[str, object]) -> None:
    """Store a delivery the way the receivers do, without applying it."""

    def store(session: Session) -> None:
        checked = check_delivery(
            integration=authenticate(session, token),
            source="alertmanager",
            body=json.dumps(body).encode(),
            new_dedup_key=lambda: "k",
        )
        store_deliveries(session, [checked], now=rt.now())

    rt.write(store)


def test_the_backlog_is_visible_and_the_worker_applies_it(run: Run, cli_runtime: Runtime) -> None:
    token = _create(run, "--auto-recovery", "0")
    _store(cli_runtime, token, am_payload(am_alert()))
    assert json.loads(run("worker", "--status").out) == {
        "deliveries_pending": 1,
        "deliveries_failed": 0,
    }
    pending = run("alerts", "deliveries", "--pending")
    assert pending.code == 0, pending.err
    assert "1 delivery(ies) waiting for the applier" in pending.out
    assert "pending" in pending.out
    assert "applied 1 alert delivery(ies)" in run("worker", "--once").out
    status = json.loads(run("worker", "--status").out)  # the incident's paging jobs too
    assert status["deliveries_pending"] == 0
    assert status["deliveries_failed"] == 0
    [row] = json.loads(run("alerts", "list", "--json").out)
    assert row["incident"] == "INC-20261122-001"


def test_a_dead_letter_is_listed_with_its_errors_and_retried_by_an_operator(
    run: Run, cli_runtime: Runtime, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from warroom.alerts import applier
    from warroom.alerts.rules import DEFAULT_RETRY

    real = applier.apply_delivery

    def broken(**kwargs: Any) -> Any:
        real(**kwargs)
        return kwargs["session"].execute(text("SELECT missing FROM no_such_table"))

    monkeypatch.setattr(applier, "apply_delivery", broken)
    token = _create(run, "--auto-recovery", "0")
    _store(cli_runtime, token, am_payload(am_alert()))
    run("worker", "--once")
    waiting = run("alerts", "deliveries", "--pending")
    assert "1 delivery(ies) waiting for the applier" in waiting.out
    assert "1 attempt(s) next try 2026-11-22T14:00:10+09:00" in waiting.out
    for attempt in range(1, DEFAULT_RETRY.max_attempts):
        clock.advance(DEFAULT_RETRY.delay(attempt))
        run("worker", "--once")
    status = json.loads(run("worker", "--status").out)
    assert status == {"deliveries_pending": 0, "deliveries_failed": 1}

    dead = run("alerts", "deliveries", "--failed")
    assert dead.code == 0, dead.err
    assert "1 dead letter(s): failed every attempt" in dead.out
    assert "failed" in dead.out and "5 attempt(s)" in dead.out
    assert "- attempt 5: " in dead.out and "no_such_table" in dead.out
    [row] = json.loads(run("alerts", "deliveries", "--failed", "--json").out)
    assert (row["status"], row["attempts"], len(row["errors"])) == ("failed", 5, 5)

    monkeypatch.setattr(applier, "apply_delivery", real)  # the cause is fixed
    retried = run("alerts", "retry", str(row["id"]))
    assert retried.code == 0, retried.err
    assert f"delivery {row['id']} sent back to the applier" in retried.out
    assert "applied 1 alert delivery(ies)" in run("worker", "--once").out
    [listed] = json.loads(run("alerts", "list", "--json").out)
    assert listed["incident"] == "INC-20261122-001"
    again = run("alerts", "retry", str(row["id"]))
    assert again.code == 4
    assert "only dead letters are retried" in again.err
    assert run("alerts", "retry", "999").code == 3


def test_rejected_deliveries_are_listed(run: Run, cli_runtime: Runtime) -> None:
    token = _create(run)
    _send(cli_runtime, token, {"version": "4"})
    result = run("alerts", "deliveries", "--rejected")
    assert "rejected" in result.out
    assert "- groupKey is missing or blank" in result.out


def test_create_a_webhook_integration_with_a_mapping(run: Run) -> None:
    mapping = '{"mapping": {"group": "check.id", "status": "state"}, "flap_threshold": 5}'
    result = run("integration", "create", "webhook", "--name", "synthetic", "--config", mapping)
    assert result.code == 0, result.err
    assert "/api/v1/alerts/webhook" in result.out


def test_a_bad_config_is_refused_with_the_reason(run: Run) -> None:
    bad_field = run(
        "integration", "create", "webhook", "--name", "w", "--config", '{"mapping": {"grop": "x"}}'
    )
    assert bad_field.code == 2
    assert "unknown mapping field 'grop'" in bad_field.err
    unknown = run("integration", "create", "webhook", "--name", "w", "--config", '{"x": 1}')
    assert "unknown integration setting(s): x" in unknown.err
    not_json = run("integration", "create", "webhook", "--name", "w", "--config", "{")
    assert "--config is not JSON" in not_json.err
