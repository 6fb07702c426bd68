"""Findings and the catalogue of rules: ids are stable and documented in docs/lint.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    name: str
    severity: Severity
    summary: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    hint: str

    @property
    def name(self) -> str:
        return RULES[self.rule_id].name

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = asdict(self)
        data["name"] = self.name
        return data


_CATALOGUE = (
    Rule("PM001", "missing-section", "error", "a required section is absent"),
    Rule("PM002", "empty-section", "error", "a required section has no content"),
    Rule("PM003", "impact-without-numbers", "error", "the impact section has no figures"),
    Rule("PM004", "root-cause-is-person", "error", "the root cause names a person"),
    Rule("PM010", "whys-too-shallow", "error", "5 Whys missing or fewer than 3 levels"),
    Rule("PM011", "whys-under-five", "warning", "5 Whys has 3 or 4 levels"),
    Rule("PM020", "action-item-missing-owner", "error", "an action item has no owner"),
    Rule("PM021", "action-item-missing-due", "error", "an action item has no due date"),
    Rule("PM022", "action-item-missing-priority", "error", "an action item has no priority"),
    Rule("PM023", "action-items-empty", "error", "the action items section lists none"),
    Rule("PM030", "blame-person-as-cause", "error", "a person is the cause or failing subject"),
    Rule("PM031", "human-error", "error", "'human error' and its synonyms"),
    Rule("PM032", "counterfactual", "error", "hindsight counterfactuals about people"),
    Rule("PM033", "judgement-word", "error", "judgement of a person's character or care"),
    Rule("PM034", "fix-aimed-at-people", "error", "a fix that asks people to try harder"),
    Rule("PM035", "vague-action", "warning", "an action item with a vague verb and no detail"),
)

RULES: dict[str, Rule] = {rule.rule_id: rule for rule in _CATALOGUE}


def make_finding(
    rule_id: str,
    *,
    file: str,
    line: int,
    column: int,
    message: str,
    hint: str,
    severity: Severity | None = None,
) -> Finding:
    """Build a finding; without a grade from the rule, the catalogue severity applies."""
    return Finding(
        rule_id=rule_id,
        severity=severity or RULES[rule_id].severity,
        file=file,
        line=line,
        column=column,
        message=message,
        hint=hint,
    )


Setting = Literal["error", "warning", "off"]


def configure(findings: list[Finding], settings: dict[str, Setting]) -> list[Finding]:
    """Apply a team's per-rule settings: "off" drops a rule, else its severity is set."""
    kept = []
    for finding in findings:
        setting = settings.get(finding.rule_id)
        if setting == "off":
            continue
        kept.append(replace(finding, severity=setting) if setting else finding)
    return kept
