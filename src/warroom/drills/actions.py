"""Plan, start, finish and review drills; a started drill is a real incident flagged DRILL.

`start` declares the incident through `incidents.actions` (so paging, SLA timers and the
room work as for any incident), attaches the runbooks that match the drill's synthetic
alert, and runs the start hook of an external fault-injection tool if one is set.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.alerts.episodes import DRILL_LABEL
from warroom.core.actor import Actor
from warroom.db.counters import next_value
from warroom.drills import rules, synthetic
from warroom.drills.models import Drill, Improvement
from warroom.drills.queries import for_incident, get_drill
from warroom.drills.rules import Status
from warroom.errors import Conflict, InvalidInput, NotFound
from warroom.incidents.actions import declare_incident
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.runbooks import actions as runbooks
from warroom.runbooks import matching
from warroom.runbooks.queries import alert_labels, library
from warroom.timeline import actions as timeline
from warroom.timeline.rules import EventKind

HOOK_TIMEOUT_S = 30


def plan(
    session: Session,
    *,
    name: str,
    kind: str,
    actor: Actor,
    now: datetime,
    scenario: str = "",
    severity: str = "P2",
    services: Sequence[str] = (),
    alert_labels: dict[str, str] | None = None,
    participants: Sequence[str] = (),
    targets: Sequence[str] = (),
    chaos: dict[str, Any] | None = None,
    hook_start: str = "",
    hook_stop: str = "",
    planned_for: datetime | None = None,
) -> Drill:
    """Put a drill on the calendar (status planned)."""
    clean = rules.parse_name(name)
    if session.scalar(select(Drill.id).where(Drill.name == clean)) is not None:
        raise Conflict(f"drill {clean} exists", hint="Pick another name or `warroom drill show`.")
    unknown = sorted(set(chaos or {}) - set(rules.CHAOS_FIELDS))
    if unknown:
        raise InvalidInput(
            f"unknown chaos template field(s): {', '.join(unknown)}",
            hint="Fields: " + ", ".join(rules.CHAOS_FIELDS),
        )
    for hook in (hook_start, hook_stop):
        _split_hook(hook)
    drill = Drill(
        name=clean,
        kind=rules.parse_kind(kind).value,
        status=Status.PLANNED.value,
        scenario=scenario.strip(),
        severity=severity,
        services=[s.strip().lower() for s in services if s.strip()],
        alert_labels=dict(alert_labels or {}),
        participants=sorted({p.strip() for p in participants if p.strip()}),
        targets=rules.parse_targets(list(targets)),
        chaos=dict(chaos or {}),
        hook_start=hook_start,
        hook_stop=hook_stop,
        planned_for=planned_for,
        created_by=str(actor),
        created_at=now,
    )
    session.add(drill)
    session.flush()
    return drill


def start(
    session: Session,
    *,
    name: str,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
    unreachable: Sequence[str] = (),
    lang: str = "en",
    via: str | None = None,
) -> Drill:
    """Open the drill's incident (flagged DRILL), attach matching runbooks, run the hook.

    `unreachable`: participants with no verified contact method (the caller, which sees
    contact methods, checks): a drill that could not page its own people is refused.
    `via`: an Alertmanager integration; the drill fires its synthetic alert through it
    and the alert pipeline opens the incident, as it would for a real failure.
    """
    drill = get_drill(session, name)
    if drill.status != Status.PLANNED.value:
        raise Conflict(f"drill {name} is {drill.status}, not planned", hint="Plan a new drill.")
    if not drill.participants:
        raise InvalidInput(
            f"drill {name} has no participants",
            hint="Add them with `warroom drill plan ... --participant HANDLE`.",
        )
    if unreachable:
        raise InvalidInput(
            "these participants have no verified contact method: " + ", ".join(unreachable),
            hint="`warroom notify method add HANDLE email ADDRESS` and verify it first.",
        )
    drill.status = Status.RUNNING.value
    drill.started_at = now
    if drill.hook_start:
        drill.assessment = {**drill.assessment, "hook_start": _run_hook(drill.hook_start)}
    if via is not None:
        # the alert pipeline opens the incident; the paging job links it (`link`)
        synthetic.fire(session, drill, integration=via, now=now)
        session.flush()
        return drill
    incident = declare_incident(
        session=session,
        actor=actor,
        now=now,
        policy=policy,
        title=f"[DRILL] {drill.scenario or drill.name}"[:300],
        severity=drill.severity,
        services=drill.services,
        detection_source="monitoring",
        summary=f"Drill {drill.name} ({drill.kind}).",
        is_drill=True,
    )
    _opened(session, drill, incident.id, actor=actor, now=now, lang=lang)
    return drill


def link(
    session: Session, incident_id: str, *, actor: Actor, now: datetime, lang: str = "en"
) -> Drill | None:
    """Tie a drill incident opened by the drill's synthetic alert to its running drill."""
    incident = session.get(Incident, incident_id)
    if incident is None or not incident.is_drill:
        return None
    known = for_incident(session, incident_id)
    if known is not None:
        return known
    names = {labels.get(DRILL_LABEL) for labels in alert_labels(session, incident_id)}
    drill = session.scalar(
        select(Drill).where(
            Drill.name.in_([n for n in names if n]),
            Drill.status == Status.RUNNING.value,
            Drill.incident_id.is_(None),
        )
    )
    if drill is not None:
        _opened(session, drill, incident_id, actor=actor, now=now, lang=lang)
    return drill


def _opened(
    session: Session, drill: Drill, incident_id: str, *, actor: Actor, now: datetime, lang: str
) -> None:
    """The drill has its incident: attach the runbooks its alert matches, note the setup."""
    drill.incident_id = incident_id
    labels = [drill.alert_labels] if drill.alert_labels else []
    found = matching.suggest(library(session, lang), labels=labels, services=drill.services)
    for hit in found:
        if hit.score >= matching.ATTACH_AT:
            runbooks.attach(
                session,
                incident_id=incident_id,
                runbook_id=hit.runbook.id,
                lang=lang,
                actor=actor,
                now=now,
                reason="; ".join(hit.reasons),
            )
    _note(
        session,
        drill,
        actor,
        now,
        f"Drill {drill.name} ({drill.kind}): participants {', '.join(drill.participants)}",
    )
    if drill.chaos:
        _note(session, drill, actor, now, "Chaos experiment: " + _chaos_line(drill.chaos))
    if drill.hook_start:
        outcome = drill.assessment.get("hook_start", "")
        _note(
            session,
            drill,
            actor,
            now,
            f"Fault injection start hook `{drill.hook_start}`: {outcome}",
        )
    session.flush()


def finish(
    session: Session,
    *,
    name: str,
    actor: Actor,
    now: datetime,
    notes: str = "",
    communication: str | None = None,
    runbook_accuracy: str | None = None,
) -> Drill:
    """Stop the fault (stop hook), record the participants' notes and judgements."""
    drill = get_drill(session, name)
    if drill.status != Status.RUNNING.value:
        raise Conflict(f"drill {name} is {drill.status}, not running", hint="`warroom drill start`")
    for key, value in (("communication", communication), ("runbook_accuracy", runbook_accuracy)):
        if value is not None and value not in ("ok", "poor"):
            raise InvalidInput(f"{key} must be ok or poor", hint=f"--{key.replace('_', '-')} ok")
    if drill.hook_stop:
        outcome = _run_hook(drill.hook_stop)
        _note(
            session, drill, actor, now, f"Fault injection stop hook `{drill.hook_stop}`: {outcome}"
        )
    drill.status = Status.DONE.value
    drill.finished_at = now
    drill.notes = notes.strip()
    drill.assessment = {
        k: v
        for k, v in (("communication", communication), ("runbook_accuracy", runbook_accuracy))
        if v is not None
    }
    if drill.incident_id:
        _note(session, drill, actor, now, f"Drill {drill.name} finished")
    session.flush()
    return drill


def review(session: Session, *, name: str, actor: Actor, now: datetime) -> Drill:
    drill = get_drill(session, name)
    if drill.status != Status.DONE.value:
        raise Conflict(f"drill {name} is {drill.status}, not done", hint="`warroom drill finish`")
    drill.status = Status.REVIEWED.value
    session.flush()
    return drill


def improve(
    session: Session,
    *,
    name: str,
    title: str,
    actor: Actor,
    now: datetime,
    owner: str | None = None,
    due: date | None = None,
) -> Improvement:
    """Raise a TI-NNN improvement item from a drill (003 §8.3)."""
    drill = get_drill(session, name)
    if not title.strip():
        raise InvalidInput("the improvement item has no title", hint='"Runbook step 4 is wrong"')
    number = next_value(session, "improvement")
    item = Improvement(
        id=f"TI-{number:03d}",
        drill_id=drill.id,
        title=title.strip()[:300],
        owner=owner,
        due=due,
        status="todo",
        created_by=str(actor),
        created_at=now,
    )
    session.add(item)
    session.flush()
    return item


IMPROVEMENT_STATUSES = ("todo", "in_progress", "done")


def set_improvement_status(
    session: Session, *, item_id: str, status: str, actor: Actor, now: datetime
) -> Improvement:
    """Move a TI item: todo → in_progress → done (or back)."""
    item = session.get(Improvement, item_id.strip().upper())
    if item is None:
        raise NotFound(
            f"improvement item {item_id} not found", hint="`warroom drill improvements` lists them."
        )
    if status not in IMPROVEMENT_STATUSES:
        raise InvalidInput(
            f"status {status!r} is not one of {', '.join(IMPROVEMENT_STATUSES)}",
            hint="--status done",
        )
    item.status = status
    session.flush()
    return item


def _chaos_line(chaos: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {chaos[k]}" for k in rules.CHAOS_FIELDS if chaos.get(k))


def _split_hook(hook: str) -> list[str]:
    try:
        return shlex.split(hook)
    except ValueError as exc:
        raise InvalidInput(
            f"hook {hook!r} is not a command line ({exc})", hint="Quote it."
        ) from exc


def _run_hook(hook: str) -> str:
    """Run the external fault tool's start or stop command; return its outcome."""
    try:
        done = subprocess.run(  # noqa: S603 - the drill's owner configured this command
            _split_hook(hook),
            capture_output=True,
            text=True,
            timeout=HOOK_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"could not run: {exc}"
    if done.returncode:
        return f"exit {done.returncode}: {done.stderr.strip()[:300]}"
    return "exit 0"


def _note(session: Session, drill: Drill, actor: Actor, now: datetime, body: str) -> None:
    if drill.incident_id is None:
        return
    timeline.record(
        session,
        incident_id=drill.incident_id,
        actor=actor,
        kind=EventKind.NOTE,
        now=now,
        body=body,
        data={"drill": drill.name},
    )
