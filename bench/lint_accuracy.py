"""Print precision, recall and F1 of `warroom lint`'s language rules per language and rule.

Usage: .venv/bin/python bench/lint_accuracy.py [--misses]

Reads the corpus of tests/data/lint/ (validation first: the held-out split that no
rule was tuned on; then the development split) and the older labelled sets in
tests/unit/postmortems/lint/data/. `--misses` lists the misses of the development and
older sets only: the validation split's sentences are never printed, so that looking
at its errors cannot turn it into tuning data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warroom.postmortems.lint.accuracy import Report, Score, evaluate, load

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "lint"
OLDER = ROOT / "tests" / "unit" / "postmortems" / "lint" / "data"
LANGUAGE_RULES = ("PM030", "PM031", "PM032", "PM033", "PM034", "PM035")


def _row(name: str, score: Score) -> str:
    return (
        f"| {name:<8} | {score.tp:>3} | {score.fp:>3} | {score.fn:>3} "
        f"| {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} |"
    )


def _print(title: str, report: Report, *, misses: bool) -> None:
    print(f"\n### {title}\n")
    print(f"grade agreement on caught blame: {report.grade_agreement:.3f}\n")
    print("| rule     |  tp |  fp |  fn | precision | recall | F1 |")
    print("|----------|-----|-----|-----|-----------|--------|----|")
    print(_row("any", report.overall))
    for rule_id in LANGUAGE_RULES:
        if rule_id in report.per_rule:
            print(_row(rule_id, report.per_rule[rule_id]))
    if misses:
        for row, found in report.misses:
            print(f"  miss: {row.label} expected={sorted(row.rules)} found={sorted(found)}")
            print(f"        {row.sentence}")


def main() -> int:
    show_misses = "--misses" in sys.argv[1:]
    sets = [
        (CORPUS / "en_validation.tsv", False),
        (CORPUS / "ko_validation.tsv", False),
        (CORPUS / "en_dev.tsv", show_misses),
        (CORPUS / "ko_dev.tsv", show_misses),
    ]
    sets += [
        (OLDER / f"{stem}_{lang}.tsv", show_misses)
        for stem in ("sentences", "heldout")
        for lang in ("en", "ko")
    ]
    for path, misses in sets:
        rows = load(path)
        _print(f"{path.name} ({len(rows)} sentences)", evaluate(rows), misses=misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
