"""Print precision, recall and F1 of `warroom lint`'s language rules per language and rule.

Usage: .venv/bin/python bench/lint_accuracy.py [--misses]
Reads tests/unit/postmortems/lint/data/sentences_{en,ko}.tsv (and heldout_*.tsv when
present); the figures are copied into docs/lint.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warroom.postmortems.lint.accuracy import Report, Score, evaluate, load

DATA = Path(__file__).resolve().parents[1] / "tests" / "unit" / "postmortems" / "lint" / "data"


def _row(name: str, score: Score) -> str:
    return (
        f"| {name:<8} | {score.tp:>3} | {score.fp:>3} | {score.fn:>3} "
        f"| {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} |"
    )


def _print(title: str, report: Report, *, misses: bool) -> None:
    print(f"\n### {title}\n")
    print("| rule     |  tp |  fp |  fn | precision | recall | F1 |")
    print("|----------|-----|-----|-----|-----------|--------|----|")
    print(_row("any", report.overall))
    for rule_id, score in sorted(report.per_rule.items()):
        print(_row(rule_id, score))
    if misses:
        for row, found in report.misses:
            print(f"  miss: {row.label} expected={sorted(row.rules)} found={sorted(found)}")
            print(f"        {row.sentence}")


def main() -> int:
    show_misses = "--misses" in sys.argv[1:]
    for stem in ("sentences", "heldout"):
        for language in ("en", "ko"):
            path = DATA / f"{stem}_{language}.tsv"
            if path.exists():
                rows = load(path)
                _print(f"{path.name} ({len(rows)} sentences)", evaluate(rows), misses=show_misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
