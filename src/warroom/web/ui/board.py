"""The kanban board (003 appendix C): incidents, postmortems to write, action items.

Action-item cards move between columns by drag and drop (JavaScript posts to
/api/v1/action-items/{id}/moves) or by the "move to" form on each card, which works
without JavaScript and on phones. A full column refuses a card (WIP limit, code
`wip_limit`); the page says so and the card stays where it was.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
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
def board(request: Request, reader: Reader, state: AppStateDep, _who: PageUser) -> Response:
    policy = ActionPolicy.from_settings(state.settings)
    built = build_board(reader, policy=policy, now=state.clock.now())
    statuses = [s.value for s in rules.ACTION_COLUMNS]
    return render(
        request,
        "board.html",
        {
            "board": built,
            "action_lane": rules.LANE_ACTIONS,
            "statuses": statuses,
            "live_marker": change_marker(reader),
        },
    )


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
