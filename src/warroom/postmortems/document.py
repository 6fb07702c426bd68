"""The structured postmortem document: every section of R10, as plain validated values.

The database keeps it as JSON, the Markdown file shows it; both directions go through
this model, so its normalisation rules (stripped text, single-line cells and list
items, placeholders read as "not written yet") are what makes the round trip exact.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

# A value still to be written: "[TODO: guidance]" (en) or "[작성 필요: 안내]" (ko).
PLACEHOLDER = re.compile(r"^\[(?:TODO|작성 필요)(?::[^\]\n]*)?\]$")
MARKER = re.compile(r"<!--\s*/?wr:")
HORIZONS = ("short", "mid", "long", "")


def is_placeholder(value: str) -> bool:
    return bool(PLACEHOLDER.match(value.strip()))


def _no_markers(value: str) -> str:
    if MARKER.search(value):
        msg = "text may not contain warroom section markers (<!-- wr:... -->)"
        raise ValueError(msg)
    return value


def clean_text(value: str) -> str:
    """Multi-line Markdown: newlines unified, outer blank space and placeholders dropped."""
    text = _no_markers(value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return "" if is_placeholder(text) else text


def clean_line(value: str) -> str:
    """One line: whitespace runs collapse to one space; a placeholder reads as empty."""
    text = " ".join(_no_markers(value).split())
    return "" if is_placeholder(text) else text


Text = Annotated[str, AfterValidator(clean_text)]
Line = Annotated[str, AfterValidator(clean_line)]


def _items(values: list[str]) -> list[str]:
    return [item for item in (clean_line(v) for v in values) if item]


Items = Annotated[list[str], AfterValidator(_items)]


class Row(BaseModel):
    """A table row; every cell is one line. A row of empty cells is no row."""

    model_config = ConfigDict(extra="forbid")

    def is_empty(self) -> bool:
        return not any(str(v) for v in self.model_dump().values())


class TimelineRow(Row):
    time: Line = ""
    event: Line = ""
    note: Line = ""


class DurationRow(Row):
    measure: Line = ""
    value: Line = ""
    target: Line = ""
    result: Line = ""


class Why(Row):
    question: Line = ""
    answer: Line = ""


class ActionRow(Row):
    """An action item as the document lists it (the tracked item lives in action_items)."""

    id: Line = ""
    title: Line = ""
    owner: Line = ""
    due: Line = ""
    priority: Line = ""
    horizon: Line = ""
    status: Line = ""

    @field_validator("horizon")
    @classmethod
    def _known_horizon(cls, value: str) -> str:
        value = value.lower()
        return value if value in HORIZONS else ""


class MetricRow(Row):
    metric: Line = ""
    before: Line = ""
    during: Line = ""
    after: Line = ""


def _rows(values: list[Any]) -> list[Any]:
    return [row for row in values if not row.is_empty()]


def _horizon_order(rows: list[ActionRow]) -> list[ActionRow]:
    # Stable: within one horizon the written order is kept (templates may split by horizon).
    return sorted(_rows(rows), key=lambda row: HORIZONS.index(row.horizon))


class Meta(BaseModel):
    """Metadata shown in the header table; kept in the file's front matter."""

    model_config = ConfigDict(extra="forbid")

    incident_id: Line = ""
    title: Line = ""
    severity: Line = ""
    occurred_at: Line = ""
    detected_at: Line = ""
    recovered_at: Line = ""
    duration: Line = ""
    scope: Line = ""
    incident_commander: Line = ""
    responders: Items = Field(default_factory=list)
    deploy: Line = ""
    authors: Items = Field(default_factory=list)
    written_on: Line = ""


class Document(BaseModel):
    """Every section of R10 (the union of seeds 000-004)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    meta: Meta = Field(default_factory=Meta)
    tldr: Text = ""
    impact_users: Line = ""
    impact_duration: Line = ""
    impact_degradation: Line = ""
    impact_failed_requests: Line = ""
    impact_revenue: Line = ""
    impact_systems: Line = ""
    impact_data_loss: Line = ""
    impact_slo: Line = ""
    impact_error_budget: Line = ""
    timeline: Annotated[list[TimelineRow], AfterValidator(_rows)] = Field(default_factory=list)
    durations: Annotated[list[DurationRow], AfterValidator(_rows)] = Field(default_factory=list)
    root_cause_direct: Text = ""
    root_cause_technical: Text = ""
    five_whys: Annotated[list[Why], AfterValidator(_rows)] = Field(default_factory=list)
    root_cause_summary: Line = ""
    detection_delay: Text = ""
    resolution_mitigation: Text = ""
    resolution_root_fix: Text = ""
    contributing_factors: Items = Field(default_factory=list)
    went_well: Items = Field(default_factory=list)
    went_wrong: Items = Field(default_factory=list)
    lucky: Items = Field(default_factory=list)
    action_items: Annotated[list[ActionRow], AfterValidator(_horizon_order)] = Field(
        default_factory=list
    )
    lessons_technical: Items = Field(default_factory=list)
    lessons_process: Items = Field(default_factory=list)
    lessons_prevention: Items = Field(default_factory=list)
    related_incidents: Items = Field(default_factory=list)
    links: Items = Field(default_factory=list)
    metrics: Annotated[list[MetricRow], AfterValidator(_rows)] = Field(default_factory=list)
    sign_off_author: Line = ""
    sign_off_reviewers: Items = Field(default_factory=list)
    sign_off_approver: Line = ""
    sign_off_published: Line = ""
    appendix_technical: Text = ""
    appendix_communication: Text = ""
    appendix_code_fix: Text = ""

    def content_hash(self) -> str:
        """Hash of the content: the conflict check compares it with the database copy."""
        raw = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


# Which renderer shows each body field; the Markdown layer and the linter seam use this.
TEXT_FIELDS = (
    "tldr",
    "root_cause_direct",
    "root_cause_technical",
    "detection_delay",
    "resolution_mitigation",
    "resolution_root_fix",
    "appendix_technical",
    "appendix_communication",
    "appendix_code_fix",
)
LINE_FIELDS = (
    "impact_users",
    "impact_duration",
    "impact_degradation",
    "impact_failed_requests",
    "impact_revenue",
    "impact_systems",
    "impact_data_loss",
    "impact_slo",
    "impact_error_budget",
    "root_cause_summary",
    "sign_off_author",
    "sign_off_approver",
    "sign_off_published",
)
LIST_FIELDS = (
    "contributing_factors",
    "went_well",
    "went_wrong",
    "lucky",
    "lessons_technical",
    "lessons_process",
    "lessons_prevention",
    "related_incidents",
    "links",
    "sign_off_reviewers",
)
TABLE_ROWS: dict[str, type[Row]] = {
    "timeline": TimelineRow,
    "durations": DurationRow,
    "five_whys": Why,
    "action_items": ActionRow,
    "metrics": MetricRow,
}
BODY_FIELDS = TEXT_FIELDS + LINE_FIELDS + LIST_FIELDS + tuple(TABLE_ROWS)
