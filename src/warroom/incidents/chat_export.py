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


def read_mattermost_export(path: Path, channel: str) -> ChatExport:
    """One channel of a Mattermost bulk export (JSONL): posts, their replies and reactions.

    The bulk format has no post ids; a post is identified, as Mattermost's own importer
    does, by its time and author (`create_at` in ms, `user`).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            f"cannot read {path}: {error}", hint="Give the bulk export's .jsonl file."
        ) from None
    rows = [_jsonl(line, number) for number, line in enumerate(lines, 1) if line.strip()]
    users = {
        str(r["user"].get("username")): Author(
            user_id=str(r["user"].get("username")),
            name=str(r["user"].get("username")),
            email=r["user"].get("email"),
        )
        for r in rows
        if r.get("type") == "user" and isinstance(r.get("user"), dict)
    }
    bots = {str(r["bot"].get("username")) for r in rows if isinstance(r.get("bot"), dict)}
    export = ChatExport()
    for row in rows:
        post = row.get("post")
        if (
            row.get("type") != "post"
            or not isinstance(post, dict)
            or post.get("channel") != channel
        ):
            continue
        parent = _mm_post(post, users, bots, None)
        _keep(export, parent)
        parent_id = parent.message_id if parent else _mm_id(post)
        for reply in post.get("replies") or []:
            _keep(export, _mm_post(reply, users, bots, parent_id))
    if not export.messages and not export.skipped:
        raise InvalidInput(
            f"no posts in channel '{channel}' in {path.name}",
            hint="--channel takes the channel's name (not its display name).",
        )
    export.messages.sort(key=lambda m: (m.at, m.message_id))
    return export


def _jsonl(line: str, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"line {number}: not JSON ({error.msg})", hint="") from None
    return row if isinstance(row, dict) else {}


def _keep(export: ChatExport, message: ChatMessage | None) -> None:
    if message is None:
        export.skipped += 1
    else:
        export.messages.append(message)


def _mm_id(post: dict[str, Any]) -> str:
    return f"{post.get('create_at')}:{post.get('user')}"


def _mm_post(
    post: dict[str, Any], users: dict[str, Author], bots: set[str], thread: str | None
) -> ChatMessage | None:
    user, text = str(post.get("user") or ""), str(post.get("message") or "")
    created = post.get("create_at")
    system = str(post.get("type") or "").startswith("system_")
    if system or user in bots or not isinstance(created, int) or not text.strip():
        return None
    return ChatMessage(
        message_id=_mm_id(post),
        at=datetime.fromtimestamp(created / 1000, UTC),
        author=users.get(user) or Author(user_id=user, name=user, email=None),
        text=text,
        thread_id=thread,
        reactions=frozenset(str(r.get("emoji_name")) for r in post.get("reactions") or []),
        files=tuple((str(a.get("path")), "") for a in post.get("attachments") or []),
    )
