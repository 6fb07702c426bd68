"""Regression gate: precision and recall of the language rules on the labelled sets.

The floors sit a little under the figures measured when the sets were written
(see docs/lint.md); a change that loses accuracy on this fixed data set fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warroom.postmortems.lint.accuracy import evaluate, load

DATA = Path(__file__).parent / "data"
FLOORS = {"en": (0.95, 0.95), "ko": (0.95, 0.95)}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_labelled_set_is_large_and_balanced(language: str) -> None:
    rows = load(DATA / f"sentences_{language}.tsv")
    blame = sum(row.label == "blame" for row in rows)
    assert len(rows) >= 110
    assert 0.4 <= blame / len(rows) <= 0.6
    assert {row.label for row in rows} == {"blame", "ok"}
    assert all(row.rules for row in rows if row.label == "blame")
    assert not any(row.rules for row in rows if row.label == "ok")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_precision_and_recall_stay_above_floors(language: str) -> None:
    report = evaluate(load(DATA / f"sentences_{language}.tsv"))
    precision_floor, recall_floor = FLOORS[language]
    misses = "\n".join(f"{row.label} {sorted(got)} {row.sentence}" for row, got in report.misses)
    assert report.overall.precision >= precision_floor, misses
    assert report.overall.recall >= recall_floor, misses


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_language_rule_is_exercised(language: str) -> None:
    report = evaluate(load(DATA / f"sentences_{language}.tsv"))
    for rule_id in ("PM030", "PM031", "PM032", "PM033", "PM034", "PM035"):
        assert report.per_rule[rule_id].tp >= 5, rule_id
        assert report.per_rule[rule_id].recall >= 0.8, rule_id
