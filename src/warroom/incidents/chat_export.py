"""Read a Slack channel export into chat messages (pure: files in, plain values out).

The standard export is a folder with `users.json` and one folder per channel holding a
JSON file per day (`2026-12-01.json`, a list of messages). Joins, leaves, topic
changes and bot messages are noise and are dropped here; attachments are referenced
by name and link, never downloaded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warroom.errors import InvalidInput

NOISE_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "bot_message",
        "pinned_item",
        "reminder_add",
    }
)
# A reaction that marks a message as a key event in the postmortem's timeline.
KEY_REACTIONS = frozenset(
    {"pushpin", "white_check_mark", "heavy_check_mark", "star", "round_pushpin", "bookmark"}
)
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_BARE = re.compile(r"<(https?://[^|>]+)>")


@dataclass(frozen=True, slots=True)
class Author:
    user_id: str
    name: str
    email: str | None
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class ChatMessage:
    message_id: str  # Slack's ts, unique within the channel
    at: datetime
    author: Author
    text: str
    thread_id: str | None  # the parent's ts when this is a reply
    reactions: frozenset[str] = frozenset()
    files: tuple[tuple[str, str], ...] = ()  # (name, link)


@dataclass
class ChatExport:
    messages: list[ChatMessage] = field(default_factory=list)
    skipped: int = 0


def read_slack_export(root: Path, channel: str) -> ChatExport:
    """Messages of one channel in time order; noise is counted in `skipped`."""
    folder = root / channel if (root / channel).is_dir() else root
    days = sorted(folder.glob("*.json"))
    days = [d for d in days if d.name not in {"users.json", "channels.json"}]
    if not days:
        raise InvalidInput(
            f"no daily JSON files for channel '{channel}' in {root}",
            hint="Point at the unzipped export folder (with users.json) and name the channel "
            "folder with --channel.",
        )
    users = _users(root / "users.json" if (root / "users.json").exists() else folder.parent)
    export = ChatExport()
    for day in days:
        for raw in _load(day):
            message = _message(raw, users)
            if message is None:
                export.skipped += 1
            else:
                export.messages.append(message)
    export.messages.sort(key=lambda m: (m.at, m.message_id))
    return export


def _load(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(
            f"cannot read {path.name}: {error}", hint="Is this a Slack export folder?"
        ) from None
    if not isinstance(data, list):
        raise InvalidInput(f"{path.name} is not a list of messages", hint="")
    return [m for m in data if isinstance(m, dict)]


def _users(path: Path) -> dict[str, Author]:
    if path.is_dir():
        path = path / "users.json"
    if not path.exists():
        return {}
    rows = _load(path)
    found: dict[str, Author] = {}
    for row in rows:
        profile = row.get("profile") or {}
        name = profile.get("display_name") or row.get("name") or row.get("id", "?")
        found[str(row.get("id"))] = Author(
            user_id=str(row.get("id")),
            name=str(name),
            email=profile.get("email"),
            is_bot=bool(row.get("is_bot")),
        )
    return found


def _message(raw: dict[str, Any], users: dict[str, Author]) -> ChatMessage | None:
    if raw.get("type") != "message" or raw.get("subtype") in NOISE_SUBTYPES or raw.get("bot_id"):
        return None
    user = str(raw.get("user") or "")
    author = users.get(user) or Author(user_id=user, name=user or "unknown", email=None)
    files = tuple(
        (str(f.get("name") or f.get("title") or "file"), str(f.get("permalink") or ""))
        for f in raw.get("files") or []
        if isinstance(f, dict)
    )
    text = _plain(str(raw.get("text") or ""), users)
    if author.is_bot or (not text.strip() and not files) or "ts" not in raw:
        return None
    ts, thread = str(raw["ts"]), raw.get("thread_ts")
    return ChatMessage(
        message_id=ts,
        at=datetime.fromtimestamp(float(ts), UTC),
        author=author,
        text=text,
        thread_id=str(thread) if thread and str(thread) != ts else None,
        reactions=frozenset(str(r.get("name")) for r in raw.get("reactions") or []),
        files=files,
    )


def _plain(text: str, users: dict[str, Author]) -> str:
    def mention(match: re.Match[str]) -> str:
        who = users.get(match.group(1))
        return "@" + (who.name if who else match.group(1))

    text = _MENTION.sub(mention, text)
    text = _LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", text)
    text = _BARE.sub(lambda m: m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
