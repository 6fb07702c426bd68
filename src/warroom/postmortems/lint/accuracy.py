"""Precision and recall of the language rules on a labelled sentence set.

The set is a TSV with a header and the columns label (blame|ok), rule (ids
separated by commas, or -) and sentence. A sentence written as a checklist item
("- [ ] Improve monitoring") is checked as an action item, as it would be in a
postmortem.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from warroom.postmortems.lint.language import scan_line

_ACTION = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s+(.*)$")


@dataclass(frozen=True, slots=True)
class Labelled:
    label: str
    rules: frozenset[str]
    sentence: str


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(slots=True)
class Report:
    overall: Score = field(default_factory=Score)
    per_rule: dict[str, Score] = field(default_factory=dict)
    misses: list[tuple[Labelled, frozenset[str]]] = field(default_factory=list)


def load(path: Path) -> list[Labelled]:
    """Read a labelled TSV (label, rule, sentence) with a header row."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Labelled(
                row["label"].strip(),
                frozenset(r.strip() for r in row["rule"].split(",") if r.strip() not in {"", "-"}),
                row["sentence"],
            )
            for row in reader
        ]


def predict(sentence: str) -> frozenset[str]:
    """Return the rule ids the language rules raise on one sentence."""
    action = _ACTION.match(sentence)
    hits = scan_line(sentence, action_item=action.group(1) if action else None)
    return frozenset(hit.rule_id for hit in hits)


def evaluate(rows: list[Labelled]) -> Report:
    """Score blame detection overall (any finding) and per rule id."""
    report = Report()
    for row in rows:
        found = predict(row.sentence)
        _count(report.overall, expected=row.label == "blame", found=bool(found))
        for rule_id in row.rules | found:
            score = report.per_rule.setdefault(rule_id, Score())
            _count(score, expected=rule_id in row.rules, found=rule_id in found)
        if (row.label == "blame") != bool(found) or (row.rules and not row.rules <= found):
            report.misses.append((row, found))
    return report


def _count(score: Score, *, expected: bool, found: bool) -> None:
    if expected and found:
        score.tp += 1
    elif found:
        score.fp += 1
    elif expected:
        score.fn += 1
