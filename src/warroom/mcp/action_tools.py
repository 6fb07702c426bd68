"""MCP tools over action items: raise one routed by 000's delegation table, list an incident's."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy.orm import Session

from warroom.action_items import actions
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.queries import ItemFilter, all_action_items
from warroom.action_items.rules import Horizon, ItemType, Priority
from warroom.action_items.schemas import ActionItemDraft, ActionItemView
from warroom.action_items.views import item_view
from warroom.core.actor import Actor
from warroom.core.ids import normalize_incident_id
from warroom.mcp.incident_tools import IncidentId
from warroom.mcp.workspace import Workspace, caller_of


class ActionItemList(BaseModel):
    items: list[ActionItemView]


def register(server: MCPServer, ws: Workspace) -> None:
    policy = ActionPolicy.from_settings(ws.settings)

    @server.tool(title="Raise an action item")
    def create_action_item(
        ctx: Context,
        *,
        incident_id: IncidentId,
        title: Annotated[str, Field(min_length=1, max_length=300)],
        item_type: Annotated[
            ItemType,
            Field(description="Routes the item to its owning team (seed 000's delegation)."),
        ],
        priority: Annotated[Priority, Field(description="P0 within 24 h, P1 a week, P2 a month.")],
        owner: str | None = None,
        due_at: AwareDatetime | None = None,
        horizon: Horizon | None = None,
        description: Annotated[str, Field(max_length=4000)] = "",
    ) -> ActionItemView:
        """Raise a follow-up for an incident. The owning team comes from the item type; the
        due date and horizon follow the priority unless given."""
        key = normalize_incident_id(incident_id)
        args = {"incident_id": key, "title": title, "item_type": item_type, "owner": owner}

        def action(session: Session, actor: Actor) -> ActionItemView:
            now = ws.clock.now()
            draft = ActionItemDraft(
                incident_id=key,
                title=title,
                item_type=item_type,
                priority=priority,
                owner=owner,
                due_at=due_at,
                horizon=horizon,
                description=description,
            )
            item = actions.add_action_item(
                session=session, actor=actor, now=now, policy=policy, draft=draft
            )
            return item_view(item, policy, now)

        return ws.write(caller_of(ws, ctx), "create_action_item", args, action)

    @server.tool(title="List action items")
    def list_action_items(ctx: Context, incident_id: IncidentId) -> ActionItemList:
        """List an incident's action items with owner, team, priority, due date and status."""
        key = normalize_incident_id(incident_id)

        def query(session: Session) -> ActionItemList:
            now: datetime = ws.clock.now()
            items = all_action_items(session, ItemFilter(incident_id=key))
            return ActionItemList(items=[item_view(i, policy, now) for i in items])

        return ws.read(caller_of(ws, ctx), "list_action_items", {"incident_id": key}, query)
