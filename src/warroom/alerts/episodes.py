"""A group's episodes: when an incident opens, auto-recovery, flapping, and the timeline.

The flowchart's "auto-recovery?" branch (seed 003 §3.1): a new firing episode waits
`auto_recovery` (default 5 min). Resolved inside it and never acknowledged, it is
recorded as auto-recovered: no incident, no page. Still firing when the window ends
(the `alerts.escalate` job, or the next delivery if the worker is late), acknowledged
at the source, or flapping: an incident is declared through `incidents.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.alerts import rules
from warroom.alerts.models import Alert, AlertGroup, Episode, Integration
from warroom.alerts.severity import LEVELS
from warroom.core.actor import Actor
from warroom.incidents import actions as incidents
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident
from warroom.incidents.rules import ACTIVE, State
from warroom.jobs import queue
from warroom.timeline import actions as timeline
from warroom.timeline.rules import EventKind

ESCALATE_JOB = "alerts.escalate"


@dataclass(frozen=True, slots=True)
class Context:
    session: Session
    actor: Actor
    now: datetime
    policy: IncidentPolicy
    ingest: rules.IngestPolicy


def advance(
    ctx: Context,
    group: AlertGroup,
    *,
    was_firing: bool,
    changed: list[tuple[rules.Change, Alert]],
    acknowledged: bool,
) -> str | None:
    """Move the group's current episode on after a delivery; return its incident, if any."""
    episode = current_episode(ctx.session, group)
    if group.status == "firing" and (episode is None or episode.resolved_at is not None):
        episode = _start(ctx, group, episode)
        changed = [] if episode.incident_id is None else changed
    if episode is None:
        return None
    if acknowledged and episode.acknowledged_at is None and episode.resolved_at is None:
        episode.acknowledged_at = ctx.now
    if episode.outcome == "pending" and _must_open(ctx, group, episode, acknowledged):
        _open_incident(ctx, group, episode)
        changed = [c for c in changed if c[0] == "resolved"]  # firing ones are written
    if episode.outcome == "incident" and episode.incident_id and changed:
        _record_changes(ctx, group, episode.incident_id, changed)
    if acknowledged and episode.incident_id:
        _acknowledge(ctx, episode.incident_id)
    if group.status == "resolved" and was_firing:
        _resolve(ctx, group, episode)
    return episode.incident_id


def current_episode(session: Session, group: AlertGroup) -> Episode | None:
    if not group.episode_number:
        return None
    return session.scalars(
        select(Episode).where(Episode.group_id == group.id, Episode.number == group.episode_number)
    ).one()


def escalate(
    *, session: Session, now: datetime, policy: IncidentPolicy, group_id: int, number: int
) -> None:
    """Job handler: open the incident if episode `number` is still pending and firing."""
    group = session.scalars(
        select(AlertGroup).where(AlertGroup.id == group_id).with_for_update()
    ).one_or_none()
    if group is None or group.episode_number != number or group.status != "firing":
        return
    episode = current_episode(session, group)
    if episode is None or episode.outcome != "pending" or episode.resolved_at is not None:
        return
    integration = session.get(Integration, group.integration_id)
    config: dict[str, Any] = integration.config if integration else {}
    # The same actor as the receiver's (`alertmanager:prod`), so one source has one name.
    actor = (
        Actor(handle=integration.name, kind=integration.kind)
        if integration
        else Actor(handle="alerts", kind="system")
    )
    _open_incident(
        Context(session, actor, now, policy, rules.IngestPolicy.from_config(config)), group, episode
    )


def _start(ctx: Context, group: AlertGroup, previous: Episode | None) -> Episode:
    flap = previous is not None and rules.is_flap(previous.resolved_at, ctx.now, ctx.ingest)
    group.flap_count = group.flap_count + 1 if flap else 0
    if group.flap_count >= ctx.ingest.flap_threshold:
        group.flapping_since = group.flapping_since or ctx.now
    elif not flap:
        group.flapping_since = None
    number = previous.number + 1 if previous else 1
    carried = previous.incident_id if flap and previous else None
    if carried and _active(ctx.session, carried):
        episode = _new_episode(ctx, group, number, outcome="incident", incident_id=carried)
        timeline.record(
            ctx.session,
            incident_id=carried,
            actor=ctx.actor,
            kind=EventKind.ALERT,
            now=ctx.now,
            body=f"Alert group firing again ({group.flap_count} re-fires within "
            f"{int(ctx.ingest.flap_window.total_seconds() // 60)} min"
            + (", flapping)" if group.flapping_since else ")"),
            data={"group": group.key, "flap_count": group.flap_count, "flapping": True},
        )
        return episode
    episode = _new_episode(ctx, group, number, outcome="pending", incident_id=None)
    if ctx.ingest.auto_recovery.total_seconds() > 0 and group.flapping_since is None:
        # One job per episode, so no dedupe key (it would cost a lookup per delivery).
        queue.enqueue(
            ctx.session,
            ESCALATE_JOB,
            {"group_id": group.id, "episode": number},
            now=ctx.now,
            run_at=episode.escalate_at,
        )
    return episode


def _new_episode(
    ctx: Context, group: AlertGroup, number: int, *, outcome: str, incident_id: str | None
) -> Episode:
    episode = Episode(
        group_id=group.id,
        number=number,
        outcome=outcome,
        incident_id=incident_id,
        started_at=ctx.now,
        escalate_at=ctx.now + ctx.ingest.auto_recovery,
    )
    ctx.session.add(episode)
    group.episode_number = number
    return episode


def _must_open(ctx: Context, group: AlertGroup, episode: Episode, acknowledged: bool) -> bool:
    """Someone acted, the window is over, or the group flaps (repeated recovery is none)."""
    if episode.resolved_at is not None:
        return False
    return acknowledged or ctx.now >= episode.escalate_at or group.flapping_since is not None


def _open_incident(ctx: Context, group: AlertGroup, episode: Episode) -> None:
    firing = list(
        ctx.session.scalars(
            select(Alert).where(Alert.group_id == group.id, Alert.status == "firing")
        )
    )
    starts = [a.starts_at for a in firing if a.starts_at and a.starts_at <= episode.started_at]
    incident = incidents.declare_incident(
        session=ctx.session,
        actor=ctx.actor,
        now=ctx.now,
        policy=ctx.policy,
        title=group.title,
        severity=group.severity,
        detection_source="monitoring",
        services=_services(group, firing),
        started_at=min([*starts, episode.started_at]),
        detected_at=episode.started_at,
        summary=f"Opened by alert group {group.external_key or group.key} ({group.source}).",
        # a drill's synthetic alert carries `warroom_drill` (see warroom.drills.synthetic)
        is_drill=DRILL_LABEL in group.labels or any(DRILL_LABEL in a.labels for a in firing),
    )
    episode.outcome = "incident"
    episode.incident_id = incident.id
    _record_changes(ctx, group, incident.id, [("firing", a) for a in firing], lock=False)


DRILL_LABEL = "warroom_drill"


def _services(group: AlertGroup, firing: list[Alert]) -> list[str]:
    """The `service` label of the group or its firing alerts: whose on-call is paged."""
    found = {group.labels.get("service", "")} | {a.labels.get("service", "") for a in firing}
    return sorted(s for s in found if s)


def _record_changes(
    ctx: Context,
    group: AlertGroup,
    incident_id: str,
    changed: list[tuple[rules.Change, Alert]],
    *,
    lock: bool = True,
) -> None:
    incident = get_incident(ctx.session, incident_id, lock=lock)
    entries = []
    for change, alert in changed:
        when = alert.ends_at if change == "resolved" else alert.starts_at
        entries.append(
            (
                min(when or ctx.now, ctx.now),
                rules.alert_line(change, alert.labels, alert.annotations),
                {"group": group.key, "fingerprint": alert.fingerprint, "status": alert.status},
            )
        )
    if entries:
        timeline.record_alerts(
            ctx.session, incident_id=incident_id, actor=ctx.actor, now=ctx.now, entries=entries
        )
    if (
        LEVELS.index(group.severity) < LEVELS.index(incident.severity)
        and group.status == "firing"
        and incident.state in ACTIVE
    ):
        incidents.change_severity(
            session=ctx.session,
            actor=ctx.actor,
            now=ctx.now,
            policy=ctx.policy,
            incident_id=incident_id,
            to=group.severity,
            reason=f"alert group now at {group.severity} (severity from alert labels)",
        )


def _acknowledge(ctx: Context, incident_id: str) -> None:
    incident = get_incident(ctx.session, incident_id, lock=True)
    if incident.state == State.DETECTED:
        incidents.transition_incident(
            session=ctx.session,
            actor=ctx.actor,
            now=ctx.now,
            policy=ctx.policy,
            incident_id=incident_id,
            to=State.ACKNOWLEDGED,
            note="Acknowledged at the alert source",
        )


def _resolve(ctx: Context, group: AlertGroup, episode: Episode) -> None:
    episode.resolved_at = ctx.now
    if episode.outcome == "pending":
        episode.outcome = "auto_recovered"
        return
    if episode.incident_id:
        timeline.record(
            ctx.session,
            incident_id=episode.incident_id,
            actor=ctx.actor,
            kind=EventKind.ALERT,
            now=ctx.now,
            body="All alerts resolved (the incident stays open until someone resolves it)",
            data={"group": group.key, "all_alerts_resolved": True},
            key=True,
        )


def _active(session: Session, incident_id: str) -> bool:
    return get_incident(session, incident_id).state in ACTIVE
