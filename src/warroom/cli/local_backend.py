"""The CLI's backend on the embedded database: the domain's actions and queries in-process.

Each method returns what the matching REST route returns (same schema, same JSON
encoding through pydantic), so local and remote output cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from warroom.cli.backend import Json
from warroom.cli.runtime import runtime

if TYPE_CHECKING:
    from warroom.postmortems.models import Postmortem
    from warroom.postmortems.policy import PostmortemPolicy


def _json(value: Any) -> Any:
    from pydantic_core import to_jsonable_python

    return to_jsonable_python(value)


def _pm_policy() -> PostmortemPolicy:
    from warroom.postmortems.policy import PostmortemPolicy

    return PostmortemPolicy.from_settings(runtime().settings)


def postmortem_out(pm: Postmortem) -> Json:
    """The API's PostmortemOut of a stored postmortem."""
    out: Json = _json(
        {
            "incident": pm.incident_id,
            "title": pm.title,
            "status": pm.status,
            "template": pm.template,
            "lang": pm.lang,
            "revision": pm.revision,
            "path": pm.path,
            "reviewers": list(pm.reviewers),
            "approver": pm.approver,
            "signoffs": list(pm.signoffs),
            "draft_due_at": pm.draft_due_at,
            "review_due_at": pm.review_due_at,
            "published_at": pm.published_at,
        }
    )
    return out


class LocalBackend:
    remote = False

    def incidents(self, filters: Json) -> Json:
        from warroom.core.pagination import PageRequest
        from warroom.incidents.queries import list_incidents
        from warroom.incidents.rules import ACTIVE
        from warroom.incidents.schemas import summary
        from warroom.severity.rules import parse_level

        rt = runtime()
        states = filters.get("states") or []
        if filters.get("active"):
            states = [s.value for s in ACTIVE]
        with rt.read() as session:
            page = list_incidents(
                session,
                states=[s.strip().lower() for s in states],
                severities=[parse_level(s) for s in filters.get("severities") or []],
                service=filters.get("service"),
                page=PageRequest(limit=filters.get("limit", 50), offset=filters.get("offset", 0)),
            )
            items = [summary(i, rt.policy).model_dump(mode="json") for i in page.items]
        return {
            "items": items,
            "total": page.total,
            "limit": page.limit,
            "offset": page.offset,
            "next_offset": page.offset + len(page.items) if page.has_more else None,
        }

    def incident(self, incident_id: str) -> Json:
        from warroom.cli.options import incident_detail

        detail: Json = incident_detail(incident_id).model_dump(mode="json")
        return detail

    def declare(self, fields: Json) -> Json:
        from warroom.core.when import read_time
        from warroom.incidents.actions import declare_incident
        from warroom.incidents.schemas import summary

        rt = runtime()
        tz, now = rt.tz(), rt.now()
        args = dict(fields)
        for name in ("started_at", "detected_at"):
            args[name] = read_time(fields.get(name), tz=tz, now=now, name=name)
        return rt.write(
            lambda s: summary(
                declare_incident(session=s, actor=rt.actor, now=now, policy=rt.policy, **args),
                rt.policy,
            ).model_dump(mode="json")
        )

    def transition(
        self, incident_id: str, to: str, note: str, force: str | None, at: str | None = None
    ) -> Json:
        from warroom.core.when import read_time
        from warroom.incidents.actions import transition_incident
        from warroom.incidents.rules import State
        from warroom.incidents.schemas import summary

        rt = runtime()
        now = rt.now()
        when = read_time(at, tz=rt.tz(), now=now, name="--at")
        return rt.write(
            lambda s: summary(
                transition_incident(
                    session=s,
                    actor=rt.actor,
                    now=now,
                    policy=rt.policy,
                    incident_id=incident_id,
                    to=State(to),
                    note=note,
                    force_reason=force,
                    at=when,
                ),
                rt.policy,
            ).model_dump(mode="json")
        )

    def add_entry(self, incident_id: str, entry: Json) -> Json:
        from warroom.core.when import read_time
        from warroom.incidents.response import add_timeline_entry
        from warroom.incidents.schemas import event_out

        rt = runtime()
        now = rt.now()
        when = read_time(entry.get("occurred_at"), tz=rt.tz(), now=now, name="--at")
        return rt.write(
            lambda s: event_out(
                add_timeline_entry(
                    session=s,
                    actor=rt.actor,
                    now=now,
                    incident_id=incident_id,
                    kind=entry["kind"],
                    body=entry["body"],
                    occurred_at=when,
                    key=entry.get("key"),
                ),
                set(),
            ).model_dump(mode="json")
        )

    def correct_entry(self, incident_id: str, event_id: int, entry: Json) -> Json:
        from warroom.core.when import read_time
        from warroom.incidents.response import correct_timeline_entry
        from warroom.incidents.schemas import event_out

        rt = runtime()
        now = rt.now()
        when = read_time(entry.get("occurred_at"), tz=rt.tz(), now=now, name="--at")
        return rt.write(
            lambda s: event_out(
                correct_timeline_entry(
                    session=s,
                    actor=rt.actor,
                    now=now,
                    incident_id=incident_id,
                    event_id=event_id,
                    body=entry["body"],
                    occurred_at=when,
                ),
                set(),
            ).model_dump(mode="json")
        )

    def mark_key(self, incident_id: str, event_id: int, key: bool) -> Json:
        from warroom.incidents.response import mark_key_event
        from warroom.incidents.schemas import event_out

        rt = runtime()
        now = rt.now()
        return rt.write(
            lambda s: event_out(
                mark_key_event(
                    session=s,
                    actor=rt.actor,
                    now=now,
                    incident_id=incident_id,
                    event_id=event_id,
                    key=key,
                ),
                set(),
            ).model_dump(mode="json")
        )

    def schedule_zone(self, schedule: str) -> str:
        from warroom.oncall.queries import get_schedule

        with runtime().read() as session:
            return get_schedule(session, schedule).timezone

    def who(self, schedule: str, at: datetime | None) -> list[Json]:
        from warroom.oncall.queries import who_is_on_call
        from warroom.oncall.schemas import on_call_out

        rt = runtime()
        with rt.read() as session:
            found = who_is_on_call(session, schedule, at or rt.now())
            return [on_call_out(o).model_dump(mode="json") for o in found]

    def postmortem_draft(self, incident_id: str, template: str | None, lang: str | None) -> Json:
        from warroom.analytics.related import related_lines
        from warroom.cli.postmortem import action_item_rows
        from warroom.core.ids import normalize_incident_id
        from warroom.postmortems.actions import draft_postmortem

        rt, policy = runtime(), _pm_policy()
        return rt.write(
            lambda s: postmortem_out(
                draft_postmortem(
                    session=s,
                    actor=rt.actor,
                    now=rt.now(),
                    incident_policy=rt.policy,
                    policy=policy,
                    incident_id=incident_id,
                    template=template,
                    lang=lang,
                    action_items=action_item_rows(s, incident_id),
                    related=related_lines(
                        s, normalize_incident_id(incident_id), lang or policy.language
                    ),
                )
            )
        )

    def postmortem_text(self, incident_id: str) -> Json:
        from warroom.postmortems.files import render_postmortem
        from warroom.postmortems.queries import get_postmortem

        with runtime().read() as session:
            pm = get_postmortem(session, incident_id)
            return postmortem_out(pm) | {"markdown": render_postmortem(pm, _pm_policy())}

    def postmortem_import(self, incident_id: str, text: str, force: bool) -> Json:
        from warroom.postmortems.actions import import_postmortem

        rt, policy = runtime(), _pm_policy()

        def store(session: Any) -> Json:
            done = import_postmortem(
                session=session,
                actor=rt.actor,
                now=rt.now(),
                text=text,
                force=force,
                policy=policy,
                incident_id=incident_id,
            )
            return {
                "postmortem": postmortem_out(done.postmortem),
                "plan": done.plan.value,
                "kept": list(done.kept),
            }

        return rt.write(store)

    def action_items(self, filters: Json) -> Json:
        from warroom.action_items.queries import ItemFilter, list_action_items
        from warroom.action_items.views import item_view
        from warroom.cli.action_followup import action_policy
        from warroom.core.pagination import PageRequest

        rt = runtime()
        policy, now = action_policy(), rt.now()
        criteria = ItemFilter(
            statuses=filters["statuses"],
            teams=filters["teams"],
            owners=filters["owners"],
            priorities=filters["priorities"],
            incident_id=filters["incident_id"],
            open_only=filters["open_only"],
            overdue_at=now if filters["overdue"] else None,
        )
        request = PageRequest(limit=filters["limit"], offset=filters["offset"])
        with rt.read() as session:
            page = list_action_items(session, criteria, request)
            items = [item_view(i, policy, now).model_dump(mode="json") for i in page.items]
        return {"items": items, "total": page.total, "limit": page.limit, "offset": page.offset}

    def add_action_item(self, fields: Json) -> Json:
        from warroom.action_items.actions import add_action_item
        from warroom.action_items.schemas import ActionItemDraft
        from warroom.action_items.views import item_view
        from warroom.cli.action_followup import action_policy

        rt = runtime()
        now, policy = rt.now(), action_policy()
        due = fields.get("due_at")
        draft = ActionItemDraft.model_validate(
            fields | {"due_at": datetime.fromisoformat(due) if due else None}
        )
        return rt.write(
            lambda s: item_view(
                add_action_item(session=s, actor=rt.actor, now=now, policy=policy, draft=draft),
                policy,
                now,
            ).model_dump(mode="json")
        )
