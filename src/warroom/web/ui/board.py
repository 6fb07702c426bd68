"""The kanban board (003 appendix C): incidents, postmortems to write, action items.

Action-item cards move between columns by drag and drop (JavaScript posts to
/api/v1/action-items/{id}/moves) or by the "move to" form on each card, which works
without JavaScript and on phones. A full column refuses a card (WIP limit, code
`wip_limit`); the page says so and the card stays where it was.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from warroom.action_items import actions, rules
from warroom.action_items.board import build_board
from warroom.action_items.policy import ActionPolicy
from warroom.web.api.live import change_marker
from warroom.web.auth import actor_of
from warroom.web.present import gettext
from warroom.web.state import Reader, Writer
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import FormUser, PageUser, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/board")
def board(
    request: Request,
    reader: Reader,
    state: AppStateDep,
    _who: PageUser,
    owner: Annotated[str, Query(max_length=100)] = "",
    team: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The board; `?owner=` and `?team=` narrow the action-item cards (counts stay whole,
    so WIP limits still read true)."""
    policy = ActionPolicy.from_settings(state.settings)
    built = build_board(reader, policy=policy, now=state.clock.now())
    statuses = [s.value for s in rules.ACTION_COLUMNS]
    from warroom.drills.queries import improvements

    return render(
        request,
        "board.html",
        {
            "board": built,
            "action_lane": rules.LANE_ACTIONS,
            "statuses": statuses,
            "improvements": [i for i in improvements(reader) if i.status != "done"],
            "live_marker": change_marker(reader),
            "owner": owner.strip().lstrip("@"),
            "team": team.strip(),
            "owners": sorted({c.owner for c in _action_cards(built) if c.owner}),
            "teams": sorted({c.team for c in _action_cards(built) if c.team}),
        },
    )


def _action_cards(built: Any) -> list[Any]:
    return [
        card
        for lane in built.lanes
        if lane.key == rules.LANE_ACTIONS
        for column in lane.columns
        for card in column.cards
    ]


@router.post("/board/items/{item_id}/move")
def move(
    item_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    to: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    item = actions.move_action_item(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        policy=ActionPolicy.from_settings(state.settings),
        item_id=item_id,
        to=rules.parse_status(to),
        reason=reason or None,
    )
    _ = gettext(request)
    return redirect("/board", flash=_("{item} moved.").format(item=item.id))
