"""The patterns report: counts, times, histogram, shares around pivots, endpoints, diff."""

from __future__ import annotations

from datetime import UTC, datetime

from warroom.evidence.analysis.reader import read_records
from warroom.evidence.analysis.render import log_report_dict, log_report_text, sparkline
from warroom.evidence.analysis.report import LogAnalyzer, LogReport

LINES = [
    "2025-10-22 13:58:00 INFO api: GET /api/v2/chat took 12 ms",
    "2025-10-22 13:59:10 INFO api: GET /api/v2/chat took 15 ms",
    "2025-10-22 13:59:40 INFO api: GET /api/v2/recommendations took 31 ms",
    "2025-10-22 14:01:00 ERROR api: POST /api/v2/session failed: redis timeout after 30 s",
    "2025-10-22 14:01:30 ERROR api: POST /api/v2/session failed: redis timeout after 31 s",
    "2025-10-22 14:02:05 ERROR api: POST /api/v2/session failed: redis timeout after 29 s",
]
DEPLOY = datetime(2025, 10, 22, 14, 0, tzinfo=UTC)


def analyse(lines: list[str] = LINES, **options: object) -> LogReport:
    analyzer = LogAnalyzer(**options)  # type: ignore[arg-type]
    analyzer.add_all(read_records(lines))
    return analyzer.finish()


def test_patterns_are_counted_with_first_and_last_seen() -> None:
    report = analyse()
    assert [(p.template, p.count) for p in report.patterns] == [
        ("GET <*> took <*>", 3),
        ("POST <*> failed: redis timeout after <*>", 3),
    ]
    errors = report.patterns[1]
    assert errors.first_seen == datetime(2025, 10, 22, 14, 1, tzinfo=UTC)
    assert errors.last_seen == datetime(2025, 10, 22, 14, 2, 5, tzinfo=UTC)
    assert errors.levels == {"ERROR": 3}


def test_histogram_counts_per_bucket() -> None:
    report = analyse(bucket_seconds=60)
    get = report.patterns[0]
    assert get.histogram == [
        (datetime(2025, 10, 22, 13, 58, tzinfo=UTC), 1),
        (datetime(2025, 10, 22, 13, 59, tzinfo=UTC), 2),
    ]
    assert sum(count for _, count in report.patterns[1].histogram) == 3
    assert sparkline(get, report).startswith("▄█")


def test_shares_before_and_after_the_deploy() -> None:
    report = analyse(pivots={"deploy": DEPLOY})
    get, errors = report.patterns
    assert report.share(get, "deploy", "before") == 1.0
    assert report.share(get, "deploy", "after") == 0.0
    assert report.share(errors, "deploy", "after") == 1.0


def test_endpoints_are_the_http_paths_of_the_pattern_lines() -> None:
    report = analyse()
    assert report.patterns[0].endpoints == [("/api/v2/chat", 2), ("/api/v2/recommendations", 1)]
    assert report.patterns[1].endpoints == [("/api/v2/session", 3)]


def test_diff_lists_new_and_vanished_patterns() -> None:
    report = analyse(pivots={"diff": DEPLOY})
    assert [p.template for p in report.new_patterns] == ["POST <*> failed: redis timeout after <*>"]
    assert [p.template for p in report.vanished_patterns] == ["GET <*> took <*>"]


def test_since_and_until_limit_the_lines() -> None:
    report = analyse(since=DEPLOY, until=datetime(2025, 10, 22, 14, 2, tzinfo=UTC))
    assert report.lines == 2
    assert [p.count for p in report.patterns] == [2]


def test_per_line_ids_follow_input_order() -> None:
    report = analyse(keep_line_ids=True, since=DEPLOY)
    ids = report.line_patterns
    assert ids is not None
    assert ids[:3] == ["-", "-", "-"]
    assert len(set(ids[3:])) == 1
    assert ids[3] == report.patterns[0].id


def test_json_document_follows_the_schema() -> None:
    report = analyse(pivots={"deploy": DEPLOY, "diff": DEPLOY})
    document = log_report_dict(report)
    assert document["schema"] == "warroom.log-analysis/1"
    assert document["pattern_count"] == 2
    first = document["patterns"][0]
    assert set(first) == {
        "id",
        "template",
        "count",
        "share",
        "first_seen",
        "last_seen",
        "first_seen_offsets",
        "levels",
        "histogram",
        "windows",
        "endpoints",
    }
    assert first["windows"]["deploy"]["before"] == {"count": 3, "share": 1.0}
    assert first["first_seen"] == "2025-10-22T13:58:00Z"
    assert document["diff"]["new"][0]["count"] == 3


def test_first_seen_is_placed_relative_to_each_pivot() -> None:
    report = analyse(pivots={"deploy": DEPLOY})
    errors = log_report_dict(report)["patterns"][1]
    assert errors["first_seen_offsets"] == {"deploy": 60.0}
    assert "first line +1m" in "\n".join(log_report_text(report))


def test_level_filter_keeps_only_those_levels() -> None:
    report = analyse(levels=["error"])
    assert [p.template for p in report.patterns] == ["POST <*> failed: redis timeout after <*>"]
    assert report.lines == 3


def test_diff_lists_patterns_whose_share_surged() -> None:
    lines = [f"2025-10-22 13:{i:02d}:00 INFO api: GET /x took {i} ms" for i in range(40)]
    lines += ["2025-10-22 13:50:00 WARN api: retrying upstream call"]
    lines += [f"2025-10-22 14:{i:02d}:00 INFO api: GET /x took {i} ms" for i in range(10)]
    lines += [f"2025-10-22 14:{i:02d}:30 WARN api: retrying upstream call" for i in range(10)]
    report = analyse(lines, pivots={"diff": DEPLOY})
    assert [p.template for p in report.surged_patterns] == ["retrying upstream call"]
    assert report.new_patterns == []
    assert "retrying upstream call" in "\n".join(log_report_text(report))
