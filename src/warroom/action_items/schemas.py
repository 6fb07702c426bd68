"""Pydantic shapes for action items: what comes in, what the CLI, API and board show."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, computed_field

from warroom.action_items.rules import (
    ClassOfService,
    Horizon,
    ItemType,
    Priority,
    Status,
    Tally,
)
from warroom.core.bounds import NOTE_MAX, TITLE_MAX


class DraftFields(BaseModel):
    """What a new follow-up says besides its due date (the API reads that one itself)."""

    model_config = ConfigDict(extra="forbid")

    incident_id: str
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    item_type: ItemType
    priority: Priority
    description: str = Field(default="", max_length=NOTE_MAX)
    owner: str | None = None
    team: str | None = None
    horizon: Horizon | None = None
    fixed_date: bool = False
    # Where it was written down (a postmortem file and line), so re-imports skip it.
    postmortem_ref: str | None = Field(default=None, max_length=200)
    # Items imported from a postmortem may already be under way or done.
    status: Status = Status.BACKLOG


class ActionItemDraft(DraftFields):
    """A new follow-up as the author gives it; blanks are filled from the rules."""

    due_at: AwareDatetime | None = None


class ActionItemView(BaseModel):
    """One item as every transport shows it (JSON and tables come from this)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    incident_id: str
    title: str
    description: str
    item_type: ItemType
    priority: Priority
    horizon: Horizon
    status: Status
    owner: str | None
    team: str
    due_at: datetime | None
    fixed_date: bool
    class_of_service: ClassOfService
    overdue: bool
    status_reason: str | None = None
    external_url: str | None = None
    created_at: datetime
    closed_at: datetime | None = None


class ChangeView(BaseModel):
    """One recorded change: who, when, which field, from and to."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor: str
    field: str
    old: str | None
    new: str | None
    note: str | None = None


class Card(BaseModel):
    """A card on the board: an incident, a postmortem to write, or an action item."""

    ref: str
    title: str
    class_of_service: ClassOfService
    detail: str = ""
    due_at: datetime | None = None
    overdue: bool = False
    owner: str | None = None  # action items: whose it is, which team, from which incident
    team: str | None = None
    incident_id: str | None = None


class Column(BaseModel):
    key: str
    title: str
    wip_limit: int | None
    cards: list[Card] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def count(self) -> int:
        return len(self.cards)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def over_limit(self) -> bool:
        return self.wip_limit is not None and self.count > self.wip_limit


class Lane(BaseModel):
    key: str
    title: str
    columns: list[Column]


class Board(BaseModel):
    generated_at: datetime
    lanes: list[Lane]


class ReportRow(BaseModel):
    """Follow-up figures for one team, priority or incident."""

    key: str
    open: int
    done: int
    wont_do: int
    overdue: int
    completion_rate: float | None
    median_time_to_close: float | None  # seconds, like every duration in warroom's JSON

    @classmethod
    def from_tally(cls, key: str, tally: Tally) -> ReportRow:
        return cls(
            key=key,
            open=tally.open,
            done=tally.done,
            wont_do=tally.wont_do,
            overdue=tally.overdue,
            completion_rate=tally.completion_rate,
            median_time_to_close=_seconds(tally.median_time_to_close),
        )


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


class Report(BaseModel):
    since: datetime
    until: datetime
    total: ReportRow
    by_team: list[ReportRow]
    by_priority: list[ReportRow]
    by_incident: list[ReportRow]
    open_after_publication: list[ActionItemView] = Field(default_factory=list)
