"""Push action items to a tracker and pull their statuses back, never losing local state.

The HTTP call always happens outside a transaction: a tracker that fails, refuses or
rate-limits us changes nothing here. Only after the tracker answered is the result
written, each item in its own short transaction, so a sync stopped half-way keeps what
it already learned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from warroom.action_items import actions
from warroom.action_items.models import ActionItem
from warroom.action_items.queries import ItemFilter, all_action_items, get_action_item
from warroom.action_items.rules import Status
from warroom.clock import Clock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.errors import ConfigError, Conflict
from warroom.integrations.trackers.base import (
    ExternalIssue,
    IssueDraft,
    RemoteState,
    Tracker,
    TrackerError,
    TrackerRateLimited,
)
from warroom.integrations.trackers.github import GitHubTracker
from warroom.integrations.trackers.jira import JiraTracker
from warroom.integrations.trackers.mapping import reconcile
from warroom.integrations.trackers.retry import RetryPolicy

T = TypeVar("T")
log = logging.getLogger("warroom.integrations.trackers")
TRACKERS = ("github", "jira")
# Local status -> Jira status category to move a freshly created issue to.
_JIRA_CATEGORY = {Status.IN_PROGRESS: "indeterminate", Status.BLOCKED: "indeterminate"}


class Store(Protocol):
    """How sync reaches the database: the CLI runtime and `EngineStore` both fit."""

    def read(self) -> AbstractContextManager[Session]: ...

    def write(self, action: Callable[[Session], T]) -> T: ...


@dataclass(frozen=True, slots=True)
class EngineStore:
    engine: Engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        from warroom.db.uow import read_session

        with read_session(self.engine) as session:
            yield session

    def write(self, action: Callable[[Session], T]) -> T:
        from warroom.db.uow import unit_of_work

        with unit_of_work(self.engine) as session:
            return action(session)


def http_client() -> httpx.Client:
    """The client trackers use; tests replace this function to inject a MockTransport."""
    return httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0))


def make_tracker(
    name: str, settings: Settings, client: httpx.Client, policy: RetryPolicy | None = None
) -> Tracker:
    """Build the named tracker from settings, or say which settings are missing."""
    if name == "github":
        if settings.github is None:
            raise ConfigError(
                "GitHub is not configured",
                hint="Set WARROOM_GITHUB__REPO and WARROOM_GITHUB__TOKEN (or [github] in "
                "warroom.toml).",
            )
        gh = settings.github
        return GitHubTracker(
            client, repo=gh.repo, token=gh.token, api_url=gh.api_url, policy=policy
        )
    if name == "jira":
        if settings.jira is None:
            raise ConfigError(
                "Jira is not configured",
                hint="Set WARROOM_JIRA__BASE_URL, __EMAIL, __API_TOKEN and __PROJECT_KEY "
                "(or [jira] in warroom.toml).",
            )
        j = settings.jira
        return JiraTracker(
            client,
            base_url=j.base_url,
            email=j.email,
            api_token=j.api_token,
            project_key=j.project_key,
            issue_type=j.issue_type,
            priority_names=j.priority_names or None,
            status_overrides={k: RemoteState(v) for k, v in j.status_map.items()},
            policy=policy,
        )
    raise ConfigError(f"unknown tracker '{name}'", hint="Use --to github or --to jira.")


def draft_for(item: ActionItem) -> IssueDraft:
    return IssueDraft(
        ref=item.id,
        title=item.title,
        description=item.description,
        incident_id=item.incident_id,
        priority=item.priority,
        item_type=item.item_type,
        team=item.team,
        owner=item.owner,
        due=item.due_at.date() if item.due_at else None,
    )


def push_item(
    store: Store, tracker: Tracker, *, actor: Actor, clock: Clock, item_id: str
) -> ExternalIssue:
    """Create the external issue, then record the link; a refusal records nothing."""
    with store.read() as session:
        item = get_action_item(session, item_id)
        if item.external_key:
            raise Conflict(
                f"{item.id} is already linked to {item.external_tracker} {item.external_key}",
                hint="`warroom action sync` reads its status; unlink is not supported yet.",
            )
        draft, status = draft_for(item), Status(item.status)
    issue = tracker.create_issue(draft)
    store.write(
        lambda s: actions.link_external_issue(
            session=s,
            actor=actor,
            now=clock.now(),
            item_id=draft.ref,
            tracker=issue.tracker,
            key=issue.key,
            url=issue.url,
        )
    )
    category = _JIRA_CATEGORY.get(status, "done" if status is Status.DONE else None)
    if isinstance(tracker, JiraTracker) and category:
        try:
            tracker.transition_to(issue.key, category)
        except TrackerError as exc:  # the link is saved; the status catches up on sync
            log.warning("%s created but not moved to %s: %s", issue.key, category, exc.message)
    return issue


@dataclass
class SyncResult:
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # id, from, to
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # id, message
    stopped: str | None = None  # why the run ended early (rate limit)


def sync_items(
    store: Store, trackers: Mapping[str, Tracker], *, actor: Actor, clock: Clock
) -> SyncResult:
    """Read each linked item's status and move the local item when the tracker knows more."""
    with store.read() as session:
        linked = [
            (i.id, i.external_tracker or "", i.external_key or "", Status(i.status))
            for i in all_action_items(session, ItemFilter(external_only=True))
        ]
    result = SyncResult()
    for item_id, name, key, current in linked:
        tracker = trackers.get(name)
        if tracker is None:
            result.errors.append((item_id, f"{name} is not configured"))
            continue
        try:
            remote = tracker.fetch_status(key)
        except TrackerRateLimited as exc:
            result.stopped = exc.message
            break
        except TrackerError as exc:
            result.errors.append((item_id, exc.message))
            continue
        decision = reconcile(current, remote.state, tracker=tracker.name, raw=remote.raw)
        target, reason = (decision.status, decision.reason) if decision else (None, "")
        store.write(_recorder(item_id, remote.raw, target, reason, actor=actor, clock=clock))
        if decision is None:
            result.unchanged.append(item_id)
        else:
            result.changed.append((item_id, current.value, decision.status.value))
    return result


def _recorder(
    item_id: str, raw: str, target: Status | None, reason: str, *, actor: Actor, clock: Clock
) -> Callable[[Session], ActionItem]:
    def record(session: Session) -> ActionItem:
        return actions.apply_remote_status(
            session=session,
            actor=actor,
            now=clock.now(),
            item_id=item_id,
            raw=raw,
            to=target,
            reason=reason,
        )

    return record
