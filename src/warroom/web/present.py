"""What pages and the live stream show: language, zone-local times, safe event bodies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request

from warroom.core.timefmt import local
from warroom.i18n import LANGUAGES, translator
from warroom.incidents.schemas import EventOut
from warroom.timeline.rules import MANUAL_KINDS
from warroom.web.entries import system_text
from warroom.web.markdown import render_markdown
from warroom.web.state import app_state
from warroom.web.vocabulary import label_of

LANG_COOKIE = "warroom_lang"
# Kinds a person wrote; the others record state changes and are never corrected.
CORRECTABLE = frozenset(k.value for k in MANUAL_KINDS)
Gettext = Callable[[str], str]


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else app_state(request).settings.language


def gettext(request: Request) -> Gettext:
    return translator(language(request)).gettext


def _recorded_later(event: EventOut, tz: ZoneInfo) -> str | None:
    """When a back-dated entry was written down; None when it was written as it happened."""
    late = event.recorded_at - event.occurred_at
    return local(event.recorded_at, tz) if late >= timedelta(minutes=1) else None


def event_view(event: EventOut, tz: ZoneInfo, _: Gettext) -> dict[str, Any]:
    shown = system_text(event.kind, event.body, event.data, _)
    return {
        "id": event.id,
        "seq": event.seq,
        "kind": event.kind,
        "kind_label": _(label_of("kind", event.kind)),
        "time": local(event.occurred_at, tz),
        "occurred_at": event.occurred_at.isoformat(),
        "recorded": _recorded_later(event, tz),
        "actor": event.actor,
        "body": event.body,
        "body_html": render_markdown(event.body if shown is None else shown),
        "correctable": event.kind in CORRECTABLE,
        "key": event.key,
        # A key-event mark names the entry it starred; it cannot be starred itself.
        "marks": event.data.get("key_mark"),
        "marks_key": bool(event.data.get("key")),
        "starrable": event.data.get("key_mark") is None,
        "superseded": event.superseded,
        "supersedes": event.supersedes,
    }
