"""The interface commands call: local (domain actions in-process) or remote (REST API).

Commands parse arguments, call one method and print what it returns, which is always
the API's JSON representation (docs/json.md), so `--json` is identical in both modes
and the human output is rendered from the same data. Only this module knows the two
implementations (an architecture test keeps command modules from importing them).

A new command that must work against a server adds one method here, one in
`local_backend.py` (the action or query) and one in `remote_backend.py` (the route).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

Json = dict[str, Any]


class Backend(Protocol):
    """What the CLI can ask of warroom, wherever it runs."""

    remote: bool

    def incidents(self, filters: Json) -> Json: ...
    def incident(self, incident_id: str) -> Json: ...
    def declare(self, fields: Json) -> Json: ...
    def transition(
        self, incident_id: str, to: str, note: str, force: str | None, at: str | None = None
    ) -> Json: ...
    def add_entry(self, incident_id: str, entry: Json) -> Json: ...
    def correct_entry(self, incident_id: str, event_id: int, entry: Json) -> Json: ...
    def mark_key(self, incident_id: str, event_id: int, key: bool) -> Json: ...
    def schedule_zone(self, schedule: str) -> str: ...
    def who(self, schedule: str, at: datetime | None) -> list[Json]: ...
    def postmortem_draft(
        self, incident_id: str, template: str | None, lang: str | None
    ) -> Json: ...
    def postmortem_text(self, incident_id: str) -> Json: ...
    def postmortem_import(self, incident_id: str, text: str, force: bool) -> Json: ...
    def action_items(self, filters: Json) -> Json: ...
    def add_action_item(self, fields: Json) -> Json: ...


def backend() -> Backend:
    """The server of the current context, else the local database."""
    from warroom.cli import contexts

    remote = contexts.active()
    if remote is None:
        from warroom.cli.local_backend import LocalBackend

        return LocalBackend()
    from warroom.cli.remote_backend import RemoteBackend

    return RemoteBackend(remote)
