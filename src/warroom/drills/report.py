"""The training result (003 §8.3): measured times from the incident's real timestamps vs targets.

Detection is `detected_at - started_at`; the others count from detection: acknowledged,
escalated (someone took Incident Commander), mitigated, and the first status update.
Communication and runbook accuracy are judged by the participants at `drill finish`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.drills import rules
from warroom.drills.models import Drill, Improvement
from warroom.drills.queries import improvements
from warroom.i18n import N_, translator
from warroom.incidents.models import Incident, RoleAssignment, StatusUpdate
from warroom.runbooks.models import StepRun


@dataclass
class Row:
    key: str
    target: str
    actual: str
    passed: bool | None


@dataclass
class Report:
    drill: Drill
    incident: Incident | None
    rows: list[Row] = field(default_factory=list)
    items: list[Improvement] = field(default_factory=list)
    steps_run: int = 0

    @property
    def passed(self) -> bool:
        return all(r.passed is not False for r in self.rows)


def build(session: Session, drill: Drill) -> Report:
    incident = session.get(Incident, drill.incident_id) if drill.incident_id else None
    report = Report(drill, incident, items=improvements(session, drill.id))
    if incident is None:
        return report
    first_ic = session.scalar(
        select(func.min(RoleAssignment.assigned_at)).where(
            RoleAssignment.incident_id == incident.id,
            RoleAssignment.role == "incident_commander",
        )
    )
    first_update = session.scalar(
        select(func.min(StatusUpdate.posted_at)).where(StatusUpdate.incident_id == incident.id)
    )
    measured: dict[str, float | None] = {
        "detect": _minutes(incident.started_at, incident.detected_at),
        "acknowledge": _minutes(incident.detected_at, incident.acknowledged_at),
        "escalate": _minutes(incident.detected_at, first_ic),
        "mitigate": _minutes(incident.detected_at, incident.mitigated_at),
        "communicate": _minutes(incident.detected_at, first_update),
    }
    for key, target in drill.targets.items():
        actual = measured.get(key)
        report.rows.append(
            Row(
                key,
                f"≤ {target} min",
                "-" if actual is None else f"{actual:.0f} min",
                None if actual is None else actual <= target,
            )
        )
    for key in ("communication", "runbook_accuracy"):
        judged = drill.assessment.get(key)
        report.rows.append(
            Row(key, "ok", judged or "-", None if judged is None else judged == "ok")
        )
    report.steps_run = int(
        session.scalar(select(func.count(StepRun.id)).where(StepRun.incident_id == incident.id))
        or 0
    )
    return report


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((end - start).total_seconds(), 0.0) / 60


ROW_LABELS = {
    **rules.TARGET_LABELS,
    "communication": N_("Communication"),
    "runbook_accuracy": N_("Runbook accuracy"),
}
# Words of the report table, used through `_` in f-strings (marked here for extraction).
_WORDS = (
    N_("Item"),
    N_("Value"),
    N_("When"),
    N_("Kind"),
    N_("Scenario"),
    N_("Participants"),
    N_("Incident"),
    N_("Chaos experiment"),
    N_("Results"),
    N_("Measure"),
    N_("Target"),
    N_("Actual"),
    N_("Met"),
    N_("Improvement items"),
    N_("Owner"),
    N_("Due"),
    N_("Status"),
    N_("Notes"),
    N_("ok"),
    N_("poor"),
    N_("todo"),
    N_("done"),
)


def markdown(report: Report, lang: str, tz: ZoneInfo) -> str:
    """The 003 §8.3 table in the team's language."""
    _ = translator(lang).gettext
    d = report.drill
    yes, no = _("yes"), _("no")
    when = d.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if d.started_at else "-"
    lines = [
        "# " + _("Drill result: {name}").format(name=d.name),
        "",
        f"| {_('Item')} | {_('Value')} |",
        "|---|---|",
        f"| {_('When')} | {when} |",
        f"| {_('Kind')} | {_(rules.KIND_LABELS[rules.Kind(d.kind)])} |",
        f"| {_('Scenario')} | {d.scenario or '-'} |",
        f"| {_('Participants')} | {', '.join(d.participants) or '-'} |",
        f"| {_('Incident')} | {d.incident_id or '-'} |",
        "",
    ]
    if d.chaos:
        lines += [f"## {_('Chaos experiment')}", ""]
        lines += [
            f"- **{_(rules.CHAOS_LABELS[k])}**: {d.chaos[k]}"
            for k in rules.CHAOS_FIELDS
            if d.chaos.get(k)
        ]
        lines.append("")
    lines += [
        f"## {_('Results')}",
        "",
        f"| {_('Measure')} | {_('Target')} | {_('Actual')} | {_('Met')} |",
        "|---|---|---|---|",
    ]
    for row in report.rows:
        met = "-" if row.passed is None else (yes if row.passed else no)
        actual = _(row.actual) if row.actual in ("ok", "poor") else row.actual
        target = _(row.target) if row.target == "ok" else row.target
        lines.append(f"| {_(ROW_LABELS[row.key])} | {target} | {actual} | {met} |")
    lines += [
        "",
        _("Runbook steps run: {n}").format(n=report.steps_run),
        "",
        f"## {_('Improvement items')}",
        "",
    ]
    if report.items:
        lines += [f"| ID | {_('Item')} | {_('Owner')} | {_('Due')} | {_('Status')} |"]
        lines.append("|---|---|---|---|---|")
        for item in report.items:
            due = item.due.isoformat() if item.due else "-"
            lines.append(
                f"| {item.id} | {item.title} | {item.owner or '-'} | {due} | {_(item.status)} |"
            )
    else:
        lines.append(_("None yet."))
    if d.notes:
        lines += ["", f"## {_('Notes')}", "", d.notes]
    return "\n".join(lines) + "\n"
