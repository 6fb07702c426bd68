"""The CLI's backend on a team's server: each method is one REST call (docs/cli-remote.md)."""

from __future__ import annotations

from warroom.cli.http import Client, quote

# `typing` stays unimported at run time: the lean CLI path counts its start-up
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime

    from warroom.cli.backend import Json
    from warroom.cli.contexts import Remote


def _id(value: str) -> str:
    return quote(value.strip())


class RemoteBackend:
    remote = True

    def __init__(self, server: Remote, client: Client | None = None) -> None:
        self.server = server
        self.client = client or Client(server.url, server.token)

    def incidents(self, filters: Json) -> Json:
        params = {
            "state": filters.get("states") or None,
            "severity": filters.get("severities") or None,
            "service": filters.get("service"),
            "active": filters.get("active", False),
            "limit": filters.get("limit", 50),
            "offset": filters.get("offset", 0),
        }
        page: Json = self.client.get("/incidents", params)
        return page

    def incident(self, incident_id: str) -> Json:
        detail: Json = self.client.get(f"/incidents/{_id(incident_id)}")
        return detail

    def declare(self, fields: Json) -> Json:
        created: Json = self.client.post("/incidents", fields)
        return created

    def transition(
        self, incident_id: str, to: str, note: str, force: str | None, at: str | None = None
    ) -> Json:
        body = {"to": to, "note": note, "force_reason": force}
        if at is not None:
            body["at"] = at  # read in the server's configured zone unless it carries one
        moved: Json = self.client.post(f"/incidents/{_id(incident_id)}/transitions", body)
        return moved

    def add_entry(self, incident_id: str, entry: Json) -> Json:
        event: Json = self.client.post(f"/incidents/{_id(incident_id)}/timeline", entry)
        return event

    def correct_entry(self, incident_id: str, event_id: int, entry: Json) -> Json:
        path = f"/incidents/{_id(incident_id)}/timeline/{event_id}/corrections"
        event: Json = self.client.post(path, entry)
        return event

    def mark_key(self, incident_id: str, event_id: int, key: bool) -> Json:
        path = f"/incidents/{_id(incident_id)}/timeline/{event_id}/key"
        event: Json = self.client.request("PUT", path, {"key": key})
        return event

    def schedule_zone(self, schedule: str) -> str:
        return str(self.client.get(f"/oncall/schedules/{_id(schedule)}")["timezone"])

    def who(self, schedule: str, at: datetime | None) -> list[Json]:
        params = {"at": at.isoformat() if at else None}
        found: list[Json] = self.client.get(f"/oncall/schedules/{_id(schedule)}/who", params)
        return found

    def postmortem_draft(self, incident_id: str, template: str | None, lang: str | None) -> Json:
        body = {"template": template, "lang": lang}
        pm: Json = self.client.post(f"/incidents/{_id(incident_id)}/postmortem", body)
        return pm

    def postmortem_text(self, incident_id: str) -> Json:
        pm: Json = self.client.get(f"/incidents/{_id(incident_id)}/postmortem")
        return pm

    def postmortem_import(self, incident_id: str, text: str, force: bool) -> Json:
        path = f"/incidents/{_id(incident_id)}/postmortem/markdown"
        done: Json = self.client.request("PUT", path, {"markdown": text, "force": force})
        return done

    def action_items(self, filters: Json) -> Json:
        params = {
            "status": filters["statuses"] or None,
            "team": filters["teams"] or None,
            "owner": filters["owners"] or None,
            "priority": filters["priorities"] or None,
            "incident": filters["incident_id"],
            "open": filters["open_only"],
            "overdue": filters["overdue"],
            "limit": filters["limit"],
            "offset": filters["offset"],
        }
        page: Json = self.client.get("/action-items", params)
        return page

    def add_action_item(self, fields: Json) -> Json:
        item: Json = self.client.post("/action-items", fields)
        return item
