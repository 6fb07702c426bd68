"""Turn the action-item rows of a postmortem document into drafts (pure, no I/O).

Postmortems list follow-ups as tables or checklists in several dialects (000's three
horizon tables, 002's P0/P1/P2 table, 003's AI-NNN table, in Korean or English). The
document parser finds the rows; this module reads each row's words: priority, type,
horizon, status, owner and due date, so `warroom action import` can put them on the
board (003 appendix A: "Action Items 칸반 등록").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from warroom.action_items.rules import DEFAULT_HORIZON, Horizon, ItemType, Priority, Status
from warroom.action_items.schemas import ActionItemDraft
from warroom.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Row:
    """One follow-up as written: the parser's fields plus the raw line and heading."""

    line: int
    text: str
    owner: str
    due: str
    priority: str
    raw: str
    heading: str


_PRIORITY_WORDS = (
    (Priority.P0, r"\bp0\b|critical|urgent|긴급|최우선"),
    (Priority.P1, r"\bp1\b|\bhigh\b|높음|^상$"),
    (Priority.P2, r"\bp2\b|medium|\blow\b|중간|낮음|^중$|^하$"),
)
_TYPE_WORDS = (
    (ItemType.MONITORING, r"alert|alarm|monitor|dashboard|metric|알람|알림|모니터링|대시보드"),
    (ItemType.TESTS, r"\btests?\b|testing|테스트"),
    (ItemType.DOCS, r"\bdoc|runbook|playbook|문서|런북"),
    (
        ItemType.PROCESS,
        r"process|checklist|review|training|drill|프로세스|체크리스트|리뷰|교육|훈련",
    ),
    (
        ItemType.INFRASTRUCTURE,
        r"infra|capacity|memory limit|scal|canary|rollback|roll back|cluster|node|인프라|용량"
        r"|롤백|배포|증설",
    ),
)
_HORIZON_WORDS = (
    (Horizon.IMMEDIATE, r"immediate|quick win|즉시|긴급"),
    (Horizon.THIS_SPRINT, r"sprint|short[- ]term|단기|이번 스프린트"),
    (Horizon.ROADMAP, r"roadmap|long[- ]term|장기|로드맵|중기|분기"),
)
_STATUS_WORDS = (
    (Status.DONE, r"✅|\bdone\b|completed?|완료"),
    (Status.IN_PROGRESS, r"🔄|in progress|진행\s?중"),
    (Status.BLOCKED, r"blocked|막힘|보류"),
)
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_SPAN = re.compile(r"(\d+)\s*(주|weeks?|w|개월|months?|일|days?|d)\b", re.IGNORECASE)
_SPAN_DAYS = {"주": 7, "week": 7, "weeks": 7, "w": 7, "개월": 30, "month": 30, "months": 30}


def _first(table: tuple[tuple[object, str], ...], text: str) -> object | None:
    for value, pattern in table:
        if re.search(pattern, text.strip(), flags=re.IGNORECASE):
            return value
    return None


def priority_from(row: Row) -> Priority | None:
    found = _first(_PRIORITY_WORDS, row.priority) or _first(_PRIORITY_WORDS, row.heading)
    return found if isinstance(found, Priority) else None


def horizon_from(row: Row) -> Horizon | None:
    found = _first(_HORIZON_WORDS, row.heading)
    return found if isinstance(found, Horizon) else None


def type_from(row: Row, default: ItemType = ItemType.CODE_FIX) -> ItemType:
    """Guess the type from the words of the item; code fixes are the common case."""
    found = _first(_TYPE_WORDS, row.text)
    return found if isinstance(found, ItemType) else default


def status_from(row: Row) -> Status:
    rest = row.raw.replace(row.text, " ")  # "Deploy hotfix" must not read as "done"
    found = _first(_STATUS_WORDS, rest)
    return found if isinstance(found, Status) else Status.BACKLOG


def owner_from(row: Row) -> str | None:
    owner = row.owner.strip().removeprefix("@").strip()
    return owner or None


def due_from(row: Row, *, now: datetime, tz: ZoneInfo, end_hour: int) -> datetime | None:
    """Read a date (due by the end of that business day) or a span such as "2주" / "1 week"."""
    try:
        match = _DATE.search(row.due)
        if match:
            year, month, day = (int(g) for g in match.groups())
            local = datetime(year, month, day, tzinfo=tz)
            end = datetime.combine(local.date(), time(end_hour), tzinfo=tz)
            return end.astimezone(now.tzinfo)
        span = _SPAN.search(row.due)
        if span:
            unit = span.group(2).lower()
            return now + timedelta(days=int(span.group(1)) * _SPAN_DAYS.get(unit, 1))
    except (ValueError, OverflowError):
        raise InvalidInput(
            f"line {row.line}: cannot read the due date '{row.due.strip()[:40]}'",
            hint="Write a date such as 2026-12-01 or a span such as 2 weeks / 2주.",
        ) from None
    return None


def draft_from(
    row: Row,
    *,
    incident_id: str,
    source: str,
    now: datetime,
    tz: ZoneInfo,
    end_hour: int,
    default_priority: Priority = Priority.P1,
) -> ActionItemDraft:
    """Build one draft; a missing priority follows the heading's horizon, then the default."""
    horizon = horizon_from(row)
    priority = priority_from(row)
    if priority is None and horizon is not None:
        priority = {h: p for p, h in DEFAULT_HORIZON.items()}[horizon]
    return ActionItemDraft(
        incident_id=incident_id,
        title=" ".join(row.text.split())[:300],
        item_type=type_from(row),
        priority=priority or default_priority,
        owner=owner_from(row),
        horizon=horizon,
        due_at=due_from(row, now=now, tz=tz, end_hour=end_hour),
        status=status_from(row),
        postmortem_ref=f"{source}#L{row.line}",
    )
