"""Precision and recall of the language rules on a labelled sentence set.

A set is a TSV with a header: either the corpus of `tests/data/lint/` (id, label,
grade, rules, sentence, reason, source, licence) or the older sets (label, rule,
sentence). A sentence written as a checklist item ("- [ ] Improve monitoring") is
checked as an action item, as it would be in a postmortem.

Per rule: recall counts the sentences labelled with that rule that it flags;
precision counts the sentences it flags that are labelled blame at all (a rule that
fires on a blameful sentence labelled with another rule is not a false alarm).
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
    grade: str = "-"
    source: str = ""


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
    grades: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})

    @property
    def grade_agreement(self) -> float:
        """Share of caught blameful sentences whose strictest grade matches the label."""
        total = self.grades[True] + self.grades[False]
        return self.grades[True] / total if total else 1.0


def load(path: Path) -> list[Labelled]:
    """Read a labelled TSV (label, rule, sentence) with a header row."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Labelled(
                row["label"].strip(),
                frozenset(
                    r.strip()
                    for r in row.get("rules", row.get("rule", "-")).split(",")
                    if r.strip() not in {"", "-"}
                ),
                row["sentence"],
                row.get("grade", "-").strip(),
                row.get("source", ""),
            )
            for row in reader
        ]


def predict(sentence: str) -> frozenset[str]:
    """Return the rule ids the language rules raise on one sentence."""
    return frozenset(predict_graded(sentence))


def predict_graded(sentence: str) -> dict[str, str]:
    """Return rule id -> grade ("error"/"warning") for one sentence."""
    action = _ACTION.match(sentence)
    hits = scan_line(sentence, action_item=action.group(1) if action else None)
    return {hit.rule_id: hit.grade for hit in hits}


def evaluate(rows: list[Labelled]) -> Report:
    """Score blame detection overall (any finding), per rule id, and the grades."""
    report = Report()
    for row in rows:
        graded = predict_graded(row.sentence)
        found = frozenset(graded)
        blame = row.label == "blame"
        _count(report.overall, expected=blame, found=bool(found))
        for rule_id in row.rules | found:
            score = report.per_rule.setdefault(rule_id, Score())
            expected = rule_id in row.rules
            if rule_id in found and not expected and blame:
                continue  # another rule's blameful sentence: neither a hit nor a false alarm
            _count(score, expected=expected, found=rule_id in found)
        if blame and found and row.grade in {"error", "warning"}:
            strictest = "error" if "error" in graded.values() else "warning"
            report.grades[row.grade == strictest] += 1
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
