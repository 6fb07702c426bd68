"""Import a whole past incident from a file, and export one in the same format.

The import declares the incident and replays its events in order through the same
actions as the CLI and the API, each back-dated (`at`), in the caller's transaction:
a file that breaks any rule changes nothing, and the error names its line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.core.when import read_time
from warroom.errors import InvalidInput, WarroomError
from warroom.incidents import actions, file_format, response
from warroom.incidents.file_format import EVENT_KINDS, Path
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import parse_state
from warroom.timeline.models import TimelineEvent
from warroom.timeline.rules import MANUAL_KINDS

T = TypeVar("T")
FACTS = (
    "title",
    "severity",
    "user_impact",
    "business_impact",
    "summary",
    "services",
    "detection_source",
    "deploy_version",
    "is_drill",
)


def import_incident(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
    text: str | None = None,
    data: object = None,
) -> Incident:
    """Create the incident a file (`text`) or its parsed form (`data`, from the API)
    describes, with its state changes, roles and timeline."""
    if text is not None:
        data, lines = file_format.read(text)
    else:
        lines = {}
        data = file_format.validate(data, lines)

    def at(value: str, path: Path) -> datetime:
        return _located(lambda: _time(value, policy, now), path, lines)

    facts = {k: data[k] for k in FACTS if k in data}
    started = at(data["started_at"], ("started_at",)) if "started_at" in data else None
    detected = at(data["detected_at"], ("detected_at",))
    incident = _located(
        lambda: actions.declare_incident(
            session=session,
            actor=actor,
            now=now,
            policy=policy,
            started_at=started,
            detected_at=detected,
            **facts,
        ),
        (),
        lines,
    )
    events = [
        (at(e["at"], ("events", i, "at")), i, e) for i, e in enumerate(data.get("events", []))
    ]
    replay = _Replay(session, actor, now, policy, incident.id)
    for when, index, event in sorted(events, key=lambda t: (t[0], t[1])):
        _located(partial(replay.apply, when, event), ("events", index), lines)
    return incident


def _time(value: str, policy: IncidentPolicy, now: datetime) -> datetime:
    parsed = read_time(value, tz=policy.tz, now=now, name="time")
    assert parsed is not None  # the schema refuses blank times
    return parsed


def _located(call: Callable[[], T], path: Path, lines: dict[Path, int]) -> T:
    try:
        result = call()
    except WarroomError as error:
        error.message = f"{file_format.where(path, lines)}: {error.message}"
        error.args = (error.message,)
        raise
    return result


@dataclass(frozen=True, slots=True)
class _Replay:
    session: Session
    importer: Actor
    now: datetime
    policy: IncidentPolicy
    incident_id: str

    def apply(self, when: datetime, event: dict[str, Any]) -> object:
        kind = next((k for k in EVENT_KINDS if k in event), None)
        if kind is None:
            raise InvalidInput(
                "an event needs one of: " + ", ".join(EVENT_KINDS),
                hint="See docs/past-incidents.md.",
            )
        missing = [k for k in EVENT_KINDS[kind] if k not in event]
        if missing:
            raise InvalidInput(
                f"a '{kind}' event needs {', '.join(missing)}", hint="See docs/past-incidents.md."
            )
        who = Actor(handle=event["by"]) if event.get("by") else self.importer
        base: dict[str, Any] = {
            "session": self.session,
            "actor": who,
            "now": self.now,
            "incident_id": self.incident_id,
        }
        if kind == "kind":
            if when > self.now:
                raise InvalidInput("an event cannot happen in the future", hint="Check its time.")
            return response.add_timeline_entry(
                **base, kind=event["kind"], body=event["text"], occurred_at=when
            )
        return _CHANGES[kind](base | {"at": when, "policy": self.policy}, event)


_CHANGES: dict[str, Callable[[dict[str, Any], dict[str, Any]], object]] = {
    "state": lambda kw, e: actions.transition_incident(
        **kw,
        to=parse_state(e["state"]),
        note=e.get("note", ""),
        force_reason=e.get("force_reason"),
    ),
    "reopen": lambda kw, e: actions.reopen_incident(**kw, reason=e["reopen"]),
    "severity": lambda kw, e: actions.change_severity(**kw, to=e["severity"], reason=e["reason"]),
    "role": lambda kw, e: response.assign_role(**kw, role=e["role"], handle=e["person"]),
    "update": lambda kw, e: response.post_status_update(**kw, body=e["update"]),
}


def export_incident(incident: Incident, events: Sequence[TimelineEvent]) -> dict[str, Any]:
    """The incident as a file `import_incident` reads back (times in UTC)."""
    out: dict[str, Any] = {"warroom_incident": file_format.VERSION, "id": incident.id}
    for key in FACTS:
        value = getattr(incident, key)
        out[key] = list(value) if key == "services" else value
    out["started_at"] = _iso(incident.started_at)
    out["detected_at"] = _iso(incident.detected_at)
    superseded = {e.supersedes_id for e in events if e.supersedes_id is not None}
    rows = [_event_row(e) for e in events if e.id not in superseded]
    out["events"] = [r for r in rows if r is not None]
    return out


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _event_row(event: TimelineEvent) -> dict[str, Any] | None:
    row: dict[str, Any] = {"at": _iso(event.occurred_at), "by": event.actor}
    data, body = event.data, event.body
    if event.kind == "status_change":
        return _state_row(row, data, body)
    extra: dict[str, Any] | None = None
    if event.kind == "severity_change":
        extra = {"severity": data["to"], "reason": body}
    elif event.kind == "role_change":
        extra = {"role": data["role"], "person": data["to"]}
    elif event.kind == "communication" and data.get("status_update"):
        extra = {"update": body}
    elif event.kind in {k.value for k in MANUAL_KINDS} and "facts" not in data:
        extra = {"kind": event.kind, "text": body}
    return None if extra is None else row | extra


def _state_row(row: dict[str, Any], data: dict[str, Any], body: str) -> dict[str, Any] | None:
    if "from" not in data:
        return None  # the declaration: the file's facts
    if data.get("reopen"):
        return row | {"reopen": body}
    row["state"] = data["to"]
    if "→" not in body:
        row["note"] = body
    if data.get("override"):
        row["force_reason"] = data["override"]
    return row
