"""/api/v1/action-items and /api/v1/board: the actions and queries the CLI uses."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from warroom.action_items import actions, queries, rules
from warroom.action_items.board import build_board
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.report import build_report
from warroom.action_items.schemas import (
    ActionItemDraft,
    ActionItemView,
    Board,
    ChangeView,
    DraftFields,
    Report,
)
from warroom.action_items.views import change_view, item_view
from warroom.core.ids import normalize_incident_id
from warroom.core.pagination import PageRequest
from warroom.web.api import times
from warroom.web.api.times import TypedTime
from warroom.web.auth import Caller, Viewer
from warroom.web.openapi import problems
from warroom.web.params import Limit, Offset, WindowDays
from warroom.web.state import Reader, State, Writer

router = APIRouter(tags=["action items"])


class ItemPage(BaseModel):
    items: list[ActionItemView]
    total: int
    limit: int
    offset: int


class ItemDetail(ActionItemView):
    history: list[ChangeView]


class NewActionItem(DraftFields):
    """`ActionItemDraft` over HTTP: the due date is read like every API time."""

    due_at: TypedTime | None = None


class Move(BaseModel):
    to: rules.Status
    reason: str | None = None


class Assign(BaseModel):
    owner: str | None = None
    team: str | None = None
    unassign: bool = False


def _policy(state: State) -> ActionPolicy:
    return ActionPolicy.from_settings(state.settings)


@router.get("/action-items")
def list_items(
    reader: Reader,
    state: State,
    _who: Viewer,
    status: Annotated[list[str] | None, Query()] = None,
    team: Annotated[list[str] | None, Query()] = None,
    owner: Annotated[list[str] | None, Query()] = None,
    priority: Annotated[list[str] | None, Query()] = None,
    incident: str | None = None,
    open_: Annotated[
        bool, Query(alias="open", description="Only items not done or dropped.")
    ] = False,
    overdue: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ItemPage:
    now = state.clock.now()
    criteria = queries.ItemFilter(
        statuses=[rules.parse_status(s).value for s in status or []],
        teams=team or [],
        owners=owner or [],
        priorities=[rules.parse_priority(p).value for p in priority or []],
        incident_id=normalize_incident_id(incident) if incident else None,
        open_only=open_,
        overdue_at=now if overdue else None,
    )
    page = queries.list_action_items(reader, criteria, PageRequest(limit=limit, offset=offset))
    policy = _policy(state)
    return ItemPage(
        items=[item_view(i, policy, now) for i in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/action-items", status_code=201, responses=problems(404))
def add(body: NewActionItem, writer: Writer, state: State, caller: Caller) -> ActionItemView:
    now, policy = state.clock.now(), _policy(state)
    due = times.read(body.due_at, state, "due_at")
    draft = ActionItemDraft(**body.model_dump(exclude={"due_at"}), due_at=due)
    item = actions.add_action_item(
        session=writer, actor=caller, now=now, policy=policy, draft=draft
    )
    return item_view(item, policy, now)


@router.get("/action-items/{item_id}")
def show(item_id: str, reader: Reader, state: State, _who: Viewer) -> ItemDetail:
    item = queries.get_action_item(reader, item_id)
    view = item_view(item, _policy(state), state.clock.now())
    history = [change_view(c) for c in queries.list_changes(reader, item.id)]
    return ItemDetail(**view.model_dump(), history=history)


@router.post("/action-items/{item_id}/moves")
def move(item_id: str, body: Move, writer: Writer, state: State, caller: Caller) -> ActionItemView:
    now, policy = state.clock.now(), _policy(state)
    item = actions.move_action_item(
        session=writer,
        actor=caller,
        now=now,
        policy=policy,
        item_id=item_id,
        to=body.to,
        reason=body.reason,
    )
    return item_view(item, policy, now)


@router.post("/action-items/{item_id}/assignment")
def assign(
    item_id: str, body: Assign, writer: Writer, state: State, caller: Caller
) -> ActionItemView:
    now = state.clock.now()
    item = actions.assign_action_item(
        session=writer, actor=caller, now=now, item_id=item_id, **body.model_dump()
    )
    return item_view(item, _policy(state), now)


@router.get("/action-items-report")
def report(reader: Reader, state: State, _who: Viewer, since_days: WindowDays = 30) -> Report:
    now = state.clock.now()
    since = now - timedelta(days=since_days)
    return build_report(reader, policy=_policy(state), now=now, since=since)


@router.get("/board")
def board(
    reader: Reader, state: State, _who: Viewer, lane: Annotated[list[str] | None, Query()] = None
) -> Board:
    lanes = [rules.parse_lane(x) for x in lane] if lane else list(rules.LANES)
    return build_board(reader, policy=_policy(state), now=state.clock.now(), lanes=lanes)
