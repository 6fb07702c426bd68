"""The labelled corpus of tests/data/lint: its shape, its frozen validation split, and
regression floors on the development split (figures: docs/lint.md)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from warroom.postmortems.lint.accuracy import evaluate, load

CORPUS = Path(__file__).parents[3] / "data" / "lint"
# Written first and committed before any rule change; never edited since. A change
# here means the held-out figure in docs/lint.md is no longer held out.
FROZEN = {
    "en_validation.tsv": "1611979341e5ff8ba016d7b384ac9ab9c00b1d396aff8005518e281bcc9834ef",
    "ko_validation.tsv": "be86d0ab02430b123628ffd40ad22a7c1d684bfae878a2bf206674b2bfb12c67",
}
COLUMNS = ["id", "label", "grade", "rules", "sentence", "reason", "source", "licence"]


def rows(name: str) -> list[dict[str, str]]:
    with (CORPUS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_validation_split_is_frozen(name: str) -> None:
    assert hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() == FROZEN[name]


@pytest.mark.parametrize(
    "name", ["en_validation.tsv", "en_dev.tsv", "ko_validation.tsv", "ko_dev.tsv"]
)
def test_every_sentence_has_a_label_reason_source_and_licence(name: str) -> None:
    found = rows(name)
    assert list(found[0]) == COLUMNS
    for row in found:
        assert row["label"] in {"blame", "ok"}, row
        assert (row["grade"] == "-") == (row["label"] == "ok"), row
        assert (row["rules"] == "-") == (row["label"] == "ok"), row
        assert row["reason"].strip() and row["source"].strip() and row["licence"].strip(), row


def test_corpus_sizes_meet_the_issue() -> None:
    english = rows("en_validation.tsv") + rows("en_dev.tsv")
    public = [r for r in english if r["source"].startswith("https://")]
    korean = rows("ko_validation.tsv") + rows("ko_dev.tsv")
    assert len(public) >= 150
    assert len(korean) >= 100


def test_splits_share_no_sentence_and_no_english_source() -> None:
    for lang in ("en", "ko"):
        dev = {r["sentence"] for r in rows(f"{lang}_dev.tsv")}
        assert not dev & {r["sentence"] for r in rows(f"{lang}_validation.tsv")}
    dev_sources = {r["source"] for r in rows("en_dev.tsv") if r["source"].startswith("https://")}
    held = {r["source"] for r in rows("en_validation.tsv")}
    assert not dev_sources & held


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_development_split_stays_above_floors(lang: str) -> None:
    report = evaluate(load(CORPUS / f"{lang}_dev.tsv"))
    misses = "\n".join(f"{row.label} {sorted(got)} {row.sentence}" for row, got in report.misses)
    assert report.overall.precision >= 0.95, misses
    assert report.overall.recall >= 0.95, misses
    assert report.grade_agreement >= 0.9
