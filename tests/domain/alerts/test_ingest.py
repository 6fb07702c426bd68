from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support.alert_payloads import am_alert, am_payload, pd_event
from tests.support.alerting import deliver, integration, timeline
from warroom.alerts import episodes, queries
from warroom.alerts.models import AlertGroup, Delivery, Episode
from warroom.alerts.sources.base import group_key_hash
from warroom.clock import FixedClock
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.jobs.models import Job
from warroom.timeline.models import TimelineEvent

START = "2026-11-22T04:59:00Z"
END = "2026-11-22T05:03:00Z"


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_firing_group_opens_one_incident_with_severity_from_labels(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    body = am_payload(am_alert(instance="web-1", starts_at=START), am_alert(instance="web-2"))
    outcome = deliver(session, clock, "alertmanager", body, integration=source)

    assert outcome.status == "applied"
    assert outcome.changes == 2
    incident = session.get(Incident, outcome.incident_id)
    assert incident is not None
    assert (incident.severity, incident.state, incident.title) == ("P1", "detected", "HighLatency")
    assert incident.started_at.isoformat() == "2026-11-22T04:59:00+00:00"
    lines = timeline(session, incident.id)
    assert lines[0].startswith("status_change: Declared P1")
    assert "alert: Firing: HighLatency instance=web-1 — HighLatency on web-1" in lines
    assert len(lines) == 3


def test_redelivery_changes_nothing_but_is_stored(session: Session, clock: FixedClock) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    body = am_payload(am_alert())
    first = deliver(session, clock, "alertmanager", body, integration=source)
    again = deliver(session, clock, "alertmanager", body, integration=source)
    assert (again.status, again.changes, again.incident_id) == ("unchanged", 0, first.incident_id)
    assert first.incident_id is not None
    assert len(timeline(session, first.incident_id)) == 2
    assert _count(session, Delivery) == 2
    assert _count(session, Incident) == 1


def test_out_of_order_delivery_is_ignored(session: Session, clock: FixedClock) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    firing = am_payload(am_alert(starts_at=START))
    resolved = am_payload(am_alert("HighLatency", "resolved", starts_at=START, ends_at=END))
    opened = deliver(session, clock, "alertmanager", firing, integration=source)
    deliver(session, clock, "alertmanager", resolved, integration=source)
    late = deliver(session, clock, "alertmanager", firing, integration=source)
    assert late.status == "unchanged"
    assert opened.incident_id is not None
    lines = timeline(session, opened.incident_id)
    assert lines[-1] == (
        "alert: All alerts resolved (the incident stays open until someone resolves it)"
    )
    assert sum("Resolved: HighLatency" in line for line in lines) == 1
    incident = session.get(Incident, opened.incident_id)
    assert incident is not None
    assert incident.state == "detected"  # not closed automatically
    group = queries.get_group(session, opened.group_key).group
    assert group.status == "resolved"


def test_a_group_that_recovers_inside_the_window_opens_no_incident(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock)  # default window: 5 minutes
    first = deliver(
        session, clock, "alertmanager", am_payload(am_alert(starts_at=START)), integration=source
    )
    assert first.incident_id is None
    [job] = session.scalars(select(Job)).all()
    assert (job.kind, job.run_at) == ("alerts.escalate", clock.now() + timedelta(minutes=5))

    clock.advance(timedelta(minutes=3))
    resolved = am_payload(am_alert("HighLatency", "resolved", starts_at=START, ends_at=END))
    deliver(session, clock, "alertmanager", resolved, integration=source)
    clock.advance(timedelta(minutes=2))
    episodes.escalate(
        session=session,
        now=clock.now(),
        policy=IncidentPolicy(),
        group_id=job.payload["group_id"],
        number=job.payload["episode"],
    )

    assert _count(session, Incident) == 0
    [(group, episode)] = queries.list_groups(session)
    assert episode is not None
    assert (group.status, episode.outcome) == ("resolved", "auto_recovered")


def test_a_group_still_firing_when_the_window_ends_opens_an_incident(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock)
    deliver(session, clock, "alertmanager", am_payload(am_alert()), integration=source)
    [job] = session.scalars(select(Job)).all()
    clock.advance(timedelta(minutes=5))
    episodes.escalate(
        session=session,
        now=clock.now(),
        policy=IncidentPolicy(),
        group_id=job.payload["group_id"],
        number=job.payload["episode"],
    )
    [incident] = session.scalars(select(Incident)).all()
    assert incident.detected_at == clock.now() - timedelta(minutes=5)
    assert queries.groups_for_incident(session, incident.id)[0].title == "HighLatency"


def test_an_acknowledged_group_is_not_auto_recovered(session: Session, clock: FixedClock) -> None:
    source, _ = integration(session, clock, kind="pagerduty")
    deliver(session, clock, "pagerduty", pd_event("trigger", "disk"), integration=source)
    acked = deliver(
        session, clock, "pagerduty", pd_event("acknowledge", "disk"), integration=source
    )
    assert acked.incident_id is not None
    incident = session.get(Incident, acked.incident_id)
    assert incident is not None
    assert (incident.state, incident.severity) == ("acknowledged", "P2")
    deliver(session, clock, "pagerduty", pd_event("resolve", "disk"), integration=source)
    assert _count(session, Incident) == 1


def test_pagerduty_and_webhook_from_one_alertmanager_share_the_group(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    body = am_payload(am_alert())
    by_webhook = deliver(session, clock, "alertmanager", body, integration=source)
    by_pd = deliver(
        session,
        clock,
        "pagerduty",
        pd_event("trigger", group_key_hash(body["groupKey"])),
        integration=source,
    )
    assert by_pd.incident_id == by_webhook.incident_id
    assert _count(session, AlertGroup) == 1


def test_a_trigger_after_resolve_opens_a_new_incident(session: Session, clock: FixedClock) -> None:
    source, _ = integration(session, clock, kind="pagerduty", auto_recovery_seconds=0)
    first = deliver(session, clock, "pagerduty", pd_event("trigger", "k"), integration=source)
    deliver(session, clock, "pagerduty", pd_event("resolve", "k"), integration=source)
    clock.advance(timedelta(hours=1))
    second = deliver(session, clock, "pagerduty", pd_event("trigger", "k"), integration=source)
    assert None not in (first.incident_id, second.incident_id)
    assert first.incident_id != second.incident_id
    assert [e.number for e in session.scalars(select(Episode))] == [1, 2]


def test_a_trigger_without_dedup_key_gets_one_back(session: Session, clock: FixedClock) -> None:
    source, _ = integration(session, clock, kind="pagerduty")
    outcome = deliver(session, clock, "pagerduty", pd_event(dedup_key=None), integration=source)
    assert outcome.external_key.startswith("generated-")


def test_a_flapping_group_is_detected_and_keeps_its_incident(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0, flap_threshold=2)
    opened = None
    for minute in range(3):
        start = f"2026-11-22T05:0{minute * 2}:00Z"
        firing = am_payload(am_alert(starts_at=start))
        outcome = deliver(session, clock, "alertmanager", firing, integration=source)
        opened = opened or outcome.incident_id
        assert outcome.incident_id == opened
        clock.advance(timedelta(minutes=1))
        resolved = am_payload(am_alert("HighLatency", "resolved", starts_at=start, ends_at=start))
        deliver(session, clock, "alertmanager", resolved, integration=source)
        clock.advance(timedelta(minutes=1))
    [(group, _episode)] = queries.list_groups(session, flapping=True)
    assert group.flap_count == 2
    assert _count(session, Incident) == 1
    assert opened is not None
    assert any("flapping" in line for line in timeline(session, opened))


def test_a_malformed_payload_is_kept_and_nothing_is_applied(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock)
    outcome = deliver(session, clock, "alertmanager", b"{not json", integration=source)
    assert outcome.status == "rejected"
    assert outcome.errors[0].startswith("the body is not JSON")
    bad = deliver(session, clock, "alertmanager", {"version": "4"}, integration=source)
    assert len(bad.errors) == 3
    [kept, _] = queries.list_deliveries(session, status="rejected")
    assert kept.body == '{"version": "4"}'
    assert _count(session, AlertGroup) == 0


def test_generic_webhook_uses_the_integration_mapping(session: Session, clock: FixedClock) -> None:
    mapping = {
        "group": "check.id",
        "title": "check.name",
        "status": "state",
        "severity": "level",
        "alerts": "",
    }
    source, _ = integration(
        session, clock, kind="webhook", auto_recovery_seconds=0, mapping=mapping
    )
    body = {
        "check": {"id": "c-9", "name": "Checkout synthetic"},
        "state": "problem",
        "level": "major",
    }
    outcome = deliver(session, clock, "webhook", body, integration=source)
    incident = session.get(Incident, outcome.incident_id)
    assert incident is not None
    assert (incident.title, incident.severity) == ("Checkout synthetic", "P2")
    done = deliver(session, clock, "webhook", body | {"state": "ok"}, integration=source)
    assert done.changes == 1


def test_a_more_severe_alert_raises_the_incident_severity(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    warn = am_alert(instance="a", severity="warning")
    opened = deliver(session, clock, "alertmanager", am_payload(warn), integration=source)
    crit = am_alert(instance="b", severity="critical")
    deliver(session, clock, "alertmanager", am_payload(warn, crit), integration=source)
    assert opened.incident_id is not None
    incident = session.get(Incident, opened.incident_id)
    assert incident is not None
    assert incident.severity == "P1"


def test_the_escalation_job_and_the_receiver_sign_with_one_name(
    session: Session, clock: FixedClock
) -> None:
    """Issue 21: the job signed `alerts:prod`, the receiver `alertmanager:prod`."""
    source, _ = integration(session, clock)
    deliver(session, clock, "alertmanager", am_payload(am_alert()), integration=source)
    [job] = session.scalars(select(Job)).all()
    clock.advance(timedelta(minutes=5))
    episodes.escalate(
        session=session,
        now=clock.now(),
        policy=IncidentPolicy(),
        group_id=job.payload["group_id"],
        number=job.payload["episode"],
    )
    actors = set(session.scalars(select(TimelineEvent.actor)))
    assert actors == {f"{source.kind}:{source.name}"}


def test_alert_entries_of_one_delivery_follow_each_other_on_the_timeline(
    session: Session, clock: FixedClock
) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    first = am_payload(am_alert(instance="web-1"), am_alert(instance="web-2"))
    opened = deliver(session, clock, "alertmanager", first, integration=source)
    assert opened.incident_id is not None
    clock.advance(timedelta(minutes=1))
    more = [am_alert(instance=f"web-{n}") for n in (1, 2, 3, 4, 5)]
    later = deliver(session, clock, "alertmanager", am_payload(*more), integration=source)

    assert (later.status, later.changes, later.incident_id) == ("applied", 3, opened.incident_id)
    events = list(
        session.scalars(
            select(TimelineEvent)
            .where(TimelineEvent.incident_id == opened.incident_id)
            .order_by(TimelineEvent.seq)
        )
    )
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e.body.split(" — ")[0] for e in events[1:]] == [
        f"Firing: HighLatency instance=web-{n}" for n in (1, 2, 3, 4, 5)
    ]
    assert all(e.data["group"] for e in events[1:])
