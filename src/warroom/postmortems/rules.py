"""Postmortem rules: workflow, deadlines (003: draft in 24 h, review in 3 business days),
file names, and the conflict check of an import. Pure functions, no session.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from warroom.errors import Conflict, IllegalTransition, InvalidInput, PermissionDenied
from warroom.i18n import N_


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


DRAFTABLE_STATES = frozenset({"resolved", "closed"})


def ensure_draftable(incident_state: str, incident_id: str) -> None:
    if incident_state not in DRAFTABLE_STATES:
        raise IllegalTransition(
            f"{incident_id} is {incident_state}; a postmortem starts after it is resolved",
            hint=f"Resolve it first: `warroom incident resolve {incident_id}`.",
        )


def ensure_editable(status: Status) -> None:
    if status is not Status.DRAFT:
        raise IllegalTransition(
            f"the postmortem is {status.value}; only a draft can be edited",
            hint="A reviewer can send it back with `warroom postmortem request-changes`.",
        )


def ensure_same_incident(expected: str, named: str) -> None:
    """A document is saved on the incident it names, never on another one."""
    if named != expected:
        raise Conflict(
            f"this document is the postmortem of {named}, not of {expected}; nothing was saved",
            hint=f"Save it on {named}'s postmortem, or edit {expected}'s own postmortem "
            "(its `incident:` line in the front matter names the incident).",
            code="wrong_incident",
        )


SHOWN_LINES = 3


def stray_text_error(lines: Sequence[tuple[int, str]]) -> InvalidInput:
    """Name the lines an import would lose: outside every section, so never stored."""
    shown = "; ".join(f"line {n}: '{_clip(text)}'" for n, text in lines[:SHOWN_LINES])
    more = f" and {len(lines) - SHOWN_LINES} more" if len(lines) > SHOWN_LINES else ""
    return InvalidInput(
        f"text outside the section markers would be lost: {shown}{more}",
        hint=N_(
            "Write it inside a section, between <!-- wr:NAME --> and <!-- /wr:NAME -->; "
            "the metadata table comes from the front matter, edit the values there. "
            "Nothing was saved."
        ),
        code="text_outside_sections",
    )


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ensure_status(status: Status, expected: Status, doing: str) -> None:
    if status is not expected:
        raise IllegalTransition(
            f"cannot {doing}: the postmortem is {status.value}, not {expected.value}",
            hint="`warroom postmortem show INCIDENT` shows where it stands.",
        )


def clean_handles(values: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        handle = value.strip().lstrip("@").lower()
        if handle and handle not in seen:
            seen.append(handle)
    return seen


def check_submission(reviewers: Sequence[str], approver: str | None) -> None:
    if not reviewers:
        raise InvalidInput(
            "a review needs at least one reviewer", hint="Add --reviewer HANDLE (repeatable)."
        )
    if not approver:
        raise InvalidInput("a review needs an approver", hint="Add --approver HANDLE.")


def ensure_participant(who: str, reviewers: Sequence[str], approver: str | None) -> str:
    """Return the role `who` plays in the review, or refuse an outsider."""
    if who == approver:
        return "approver"
    if who in reviewers:
        return "reviewer"
    raise PermissionDenied(
        f"{who} is neither a reviewer nor the approver of this postmortem",
        hint="Ask the author to add you with `warroom postmortem submit --reviewer`.",
    )


def pending_reviewers(reviewers: Sequence[str], signoffs: Sequence[dict[str, Any]]) -> list[str]:
    approved = {s["who"] for s in signoffs if s.get("decision") == "approved"}
    return [r for r in reviewers if r not in approved]


def ensure_publishable(who: str, approver: str | None, pending: Sequence[str]) -> None:
    if who != approver:
        raise PermissionDenied(
            f"only the approver ({approver}) can publish", hint="Ask them to run publish."
        )
    if pending:
        raise IllegalTransition(
            f"waiting for approval from {', '.join(pending)}",
            hint="Each reviewer runs `warroom postmortem approve INCIDENT`.",
        )


def ensure_lint_passes(incident_id: str, errors: Sequence[str], override_reason: str) -> None:
    """The publish gate: linter errors refuse publishing unless the approver gives a reason.

    `errors` are the error-level findings as `RULE line: message` lines.
    """
    if not errors or override_reason.strip():
        return
    shown = "; ".join(errors[:3]) + (f"; and {len(errors) - 3} more" if len(errors) > 3 else "")
    raise Conflict(
        f"the postmortem of {incident_id} has {len(errors)} linter error(s): {shown}",
        hint="Fix them (`warroom lint` on its file, then `warroom postmortem import`), or "
        'publish anyway with --override-lint "why" (recorded on the timeline).',
        code="lint_failed",
    )


def draft_due(resolved_at: datetime, hours: timedelta) -> datetime:
    return resolved_at + hours


def add_business_days(day: date, days: int) -> date:
    """The `days`-th working day (Mon-Fri) after `day`."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def review_due(
    resolved_at: datetime, days: int, tz: ZoneInfo, business_hours: tuple[int, int]
) -> datetime:
    """End of the business day `days` working days after the resolve, in the team's zone."""
    local_day = resolved_at.astimezone(tz).date()
    due_day = add_business_days(local_day, days)
    end = datetime.combine(due_day, time(hour=business_hours[1]), tzinfo=tz)
    return end.astimezone(resolved_at.tzinfo)


def slug(title: str, fallback: str, limit: int = 60) -> str:
    """Lower-case words joined by hyphens (Hangul kept), cut at a word boundary."""
    words = re.sub(r"[\W_]+", "-", title.lower()).strip("-")
    if len(words) > limit:
        cut = words[: limit + 1]
        words = cut[: cut.rfind("-")] if "-" in cut else words[:limit]
    return words or fallback.lower()


def file_name(day: date, title: str, incident_id: str) -> str:
    return f"{day:%Y-%m-%d}-{slug(title, incident_id)}.md"


class ImportPlan(StrEnum):
    UNCHANGED = "unchanged"
    APPLY = "apply"


def plan_import(
    *,
    incident_id: str,
    db_revision: int,
    db_hash: str,
    file_incident: str,
    file_revision: int,
    file_hash: str,
    new_hash: str,
    force: bool,
) -> ImportPlan:
    """Decide an import: nothing to do, apply, or refuse because the database moved on."""
    if file_incident != incident_id:
        raise InvalidInput(
            f"the file is for {file_incident}, not {incident_id}",
            hint="Import the file of that incident.",
        )
    if new_hash == db_hash:
        return ImportPlan.UNCHANGED
    if force or (file_revision == db_revision and file_hash == db_hash):
        return ImportPlan.APPLY
    raise Conflict(
        f"the postmortem of {incident_id} changed in the database since this file was "
        f"written (file: revision {file_revision}, database: revision {db_revision}); "
        "nothing was overwritten",
        hint=f"Run `warroom postmortem export {incident_id} --output OTHER.md`, merge your "
        "edits into it and import that file; or pass --force to overwrite the database copy.",
    )
