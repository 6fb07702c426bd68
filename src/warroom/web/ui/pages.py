"""Pages people read: dashboard, incident list, declare form and the incident room."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from warroom.core.bounds import MAX_LIMIT
from warroom.core.pagination import PageRequest
from warroom.core.timefmt import duration
from warroom.incidents import queries
from warroom.incidents.models import Incident
from warroom.incidents.rules import ACTIVE, FORWARD, DetectionSource, State
from warroom.incidents.schemas import detail, summary
from warroom.incidents.views import facts
from warroom.oncall.views import on_call_board
from warroom.severity.rules import LEVELS, BusinessImpact, UserImpact
from warroom.timeline.queries import list_events
from warroom.timeline.rules import MANUAL_KINDS, EventKind
from warroom.web.api.live import change_marker
from warroom.web.params import PageNumber
from warroom.web.present import event_view, gettext
from warroom.web.state import Reader
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import PageUser, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
PER_LANE = 12
OVERDUE_SHOWN = 20
ON_CALL_SHOWN = 12


@router.get("/")
def dashboard(request: Request, reader: Reader, state: AppStateDep, who: PageUser) -> Response:
    """Active incidents by severity (newest few per lane), overdue updates, recent ones.

    Every query is bounded, so the page stays fast with thousands of active incidents.
    """
    now = state.clock.now()
    active = [s.value for s in ACTIVE]
    lanes = []
    for level in LEVELS:
        page = queries.list_incidents(
            reader, states=active, severities=[level], page=PageRequest(limit=PER_LANE)
        )
        lanes.append((level, [_card(i, state, now) for i in page.items], page.total))
    overdue = queries.list_overdue_updates(reader, state.policy, now, limit=OVERDUE_SHOWN)
    recent = queries.list_recently_finished(reader, limit=5)
    return render(
        request,
        "dashboard.html",
        {
            "by_severity": lanes,
            "overdue": [(summary(i, state.policy), due) for i, due in overdue.items],
            "overdue_total": overdue.total,
            "active_count": sum(total for _level, _cards, total in lanes),
            "recent": [summary(i, state.policy) for i in recent],
            "on_call": on_call_board(reader, now, limit=ON_CALL_SHOWN),
            "live_marker": change_marker(reader),
            "mine": [summary(i, state.policy) for i in _mine(reader, who.username)],
        },
    )


def _mine(reader: Reader, username: str) -> list[Incident]:
    """Active incidents in which this person holds a role now (newest first, at most 20)."""
    from sqlalchemy import select

    from warroom.incidents.models import RoleAssignment

    held = select(RoleAssignment.incident_id).where(
        RoleAssignment.handle == username, RoleAssignment.relieved_at.is_(None)
    )
    query = (
        select(Incident)
        .where(Incident.id.in_(held), Incident.state.in_([s.value for s in ACTIVE]))
        .order_by(Incident.declared_at.desc())
        .limit(20)
    )
    return list(reader.scalars(query))


def _card(incident: Incident, state: Any, now: Any) -> dict[str, Any]:
    """A dashboard card: the summary and timers, who commands, since when, last change."""
    commander = next(
        (
            r.handle
            for r in reversed(incident.roles)
            if r.role == "incident_commander" and r.relieved_at is None
        ),
        None,
    )
    return {
        "s": summary(incident, state.policy),
        "f": facts(incident, state.policy, now),
        "commander": commander,
        "detected_at": incident.detected_at,
        "updated_at": incident.updated_at,
    }


Filter = Annotated[str, Query(max_length=200)]
CSV_ROWS = 5000


def _filtered(reader: Reader, state: Any, filters: dict[str, str], page: PageRequest) -> Any:
    """The list's filters, all in the URL so a filtered list can be shared."""
    from warroom.core.when import read_time

    now, tz = state.clock.now(), state.policy.tz
    status = filters["state"]
    since = read_time(filters["since"] or None, tz=tz, now=now, name="since")
    until = read_time(filters["until"] or None, tz=tz, now=now, name="until")
    if until is not None and len(filters["until"].strip()) == 10:  # a date: all of that day
        until += timedelta(days=1)
    return queries.list_incidents(
        reader,
        states=[s.value for s in ACTIVE] if status == "active" else [status] if status else [],
        severities=[filters["severity"]] if filters["severity"] in LEVELS else [],
        service=filters["service"] or None,
        title=filters["q"] or None,
        declared_from=since,
        declared_before=until,
        page=page,
    )


@router.get("/incidents")
def incident_list(
    request: Request,
    reader: Reader,
    state: AppStateDep,
    _who: PageUser,
    status: Annotated[str, Query(alias="state", max_length=40)] = "",
    severity: Filter = "",
    service: Filter = "",
    q: Filter = "",
    since: Filter = "",
    until: Filter = "",
    page: PageNumber = 1,
) -> Response:
    filters = {"state": status, "severity": severity, "service": service, "q": q}
    filters |= {"since": since, "until": until}
    result = _filtered(
        reader, state, filters, PageRequest(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    )
    return render(
        request,
        "incidents.html",
        {
            "items": [summary(i, state.policy) for i in result.items],
            "total": result.total,
            "page": page,
            "pages": max(1, -(-result.total // PAGE_SIZE)),
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "states": [s.value for s in State],
            "levels": LEVELS,
            "live_marker": change_marker(reader),
        },
    )


@router.get("/incidents.csv")
def incident_csv(
    reader: Reader,
    state: AppStateDep,
    _who: PageUser,
    status: Annotated[str, Query(alias="state", max_length=40)] = "",
    severity: Filter = "",
    service: Filter = "",
    q: Filter = "",
    since: Filter = "",
    until: Filter = "",
) -> Response:
    """The filtered list as CSV (UTF-8 with a BOM, so spreadsheets read Korean titles)."""
    import csv
    import io

    from warroom.core.timefmt import local

    filters = {"state": status, "severity": severity, "service": service, "q": q}
    filters |= {"since": since, "until": until}
    rows: list[Incident] = []
    for offset in range(0, CSV_ROWS, MAX_LIMIT):
        batch = _filtered(reader, state, filters, PageRequest(limit=MAX_LIMIT, offset=offset))
        rows += batch.items
        if len(batch.items) < MAX_LIMIT:
            break
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "id",
            "severity",
            "state",
            "title",
            "services",
            "declared_at",
            "detected_at",
            "resolved_at",
            "drill",
        ]
    )
    tz = state.policy.tz
    for i in rows:
        title = i.title if not i.title.startswith(("=", "+", "-", "@")) else "'" + i.title
        writer.writerow(
            [
                i.id,
                i.severity,
                i.state,
                title,
                " ".join(i.services),
                local(i.declared_at, tz),
                local(i.detected_at, tz),
                local(i.resolved_at, tz) if i.resolved_at else "",
                "yes" if i.is_drill else "",
            ]
        )
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="incidents.csv"'},
    )


@router.get("/incidents/new")
def declare_form(request: Request, reader: Reader, _who: PageUser) -> Response:
    from sqlalchemy import select

    from warroom.incidents.models import IncidentService

    known = reader.scalars(
        select(IncidentService.name).distinct().order_by(IncidentService.name).limit(500)
    )
    return render(
        request,
        "declare.html",
        {
            "users": [u.value for u in UserImpact],
            "business": [b.value for b in BusinessImpact],
            "levels": LEVELS,
            "sources": [s.value for s in DetectionSource],
            "known_services": list(known),
        },
    )


@router.get("/incidents/{incident_id}")
def incident_room(
    incident_id: str, request: Request, reader: Reader, state: AppStateDep, _who: PageUser
) -> Response:
    from warroom.notifications.contacts import list_externals
    from warroom.web.present import language
    from warroom.web.ui.insights import related_view
    from warroom.web.ui.runbooks import room_context

    room = _room(incident_id, request, reader, state)
    room["externals"] = list_externals(reader, room["i"].services)
    room["runbooks"] = room_context(reader, incident_id, language(request))
    room["related"] = related_view(reader, room["i"].id, gettext(request))
    return render(request, "incident.html", room)


@router.get("/incidents/{incident_id}/panel")
def incident_panel(
    incident_id: str, request: Request, reader: Reader, state: AppStateDep, _who: PageUser
) -> Response:
    """The facts, SLA, roles and buttons, re-fetched by the room when the state changes."""
    return render(request, "_panel.html", _room(incident_id, request, reader, state))


def _room(incident_id: str, request: Request, reader: Reader, state: Any) -> dict[str, Any]:
    incident = queries.get_incident(reader, incident_id)
    events = list_events(reader, incident.id)
    info = detail(incident, events, state.policy, state.clock.now())
    _ = gettext(request)
    current = State(info.state)
    return {
        "i": info,
        "events": [event_view(e, state.policy.tz, _) for e in info.timeline],
        "last_event": max((e.id for e in info.timeline), default=0),
        "next_states": _next_states(current),
        "reopenable": current in (State.RESOLVED, State.CLOSED),
        "active": current in ACTIVE,
        "roles": state.policy.roles,
        "current_roles": [r for r in info.roles if r.relieved_at is None],
        "handles": _handles(reader),
        "kinds": sorted(k.value for k in MANUAL_KINDS if k is not EventKind.ALERT),
        "all_kinds": [k.value for k in EventKind],
        "levels": LEVELS,
        "updates": queries.list_status_updates(reader, incident.id),
        "durations": _durations(info.durations.tta, info.durations.ttm, info.durations.ttr),
        "on_call_at_detection": _on_call_at(reader, incident),
        "paging": _paging(reader, incident, state.clock.now()),
    }


def _paging(reader: Reader, incident: Incident, now: datetime) -> Any:
    """Who was paged, the next escalation step, who acknowledged (None if never paged)."""
    from warroom.notifications.status import paging_status

    return paging_status(reader, incident, now)


def _on_call_at(reader: Reader, incident: Incident) -> list[tuple[str, list[Any]]]:
    """Who was on call, in the schedules covering the incident's services, when it was detected."""
    from warroom.oncall.queries import schedules_for_services, who_is_on_call

    return [
        (name, who_is_on_call(reader, name, incident.detected_at))
        for name in schedules_for_services(reader, incident.services)
    ]


def _durations(*seconds: float | None) -> str:
    return " / ".join(duration(None if s is None else timedelta(seconds=s)) for s in seconds)


def _handles(reader: Reader) -> list[str]:
    """People and account names, offered when assigning a role (any handle is accepted)."""
    from warroom.accounts.queries import list_users
    from warroom.people.queries import list_people

    return sorted(
        {p.handle for p in list_people(reader)} | {u.username for u in list_users(reader)}
    )


def _next_states(current: State) -> list[str]:
    if current is State.RESOLVED:
        return [State.CLOSED.value]
    if current is State.CLOSED:
        return []
    later = FORWARD[FORWARD.index(current) + 1 :]
    return [s.value for s in later if s is not State.CLOSED]
