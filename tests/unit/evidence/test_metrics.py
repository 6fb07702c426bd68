"""Metrics: percentiles checked by hand, windows, thresholds and the rollback answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from warroom.errors import InvalidInput
from warroom.evidence.analysis.metrics import (
    Span,
    analyze_metrics,
    incident_windows,
    parse_span,
    percentile,
    read_csv,
    read_metrics,
    read_prometheus,
    verdict,
)

START = datetime(2025, 10, 22, 14, 0, tzinfo=UTC)
MITIGATED = datetime(2025, 10, 22, 14, 30, tzinfo=UTC)
CSV = """timestamp,latency_ms,status,memory_pct
2025-10-22T13:50:00Z,120,200,50
2025-10-22T13:55:00Z,130,200,52
2025-10-22T14:05:00Z,900,500,85
2025-10-22T14:06:00Z,850,200,88
2025-10-22T14:35:00Z,140,200,60
2025-10-22T14:36:00Z,150,200,61
"""


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([15, 20, 35, 40, 50], 5, 15),
        ([15, 20, 35, 40, 50], 30, 20),  # rank ceil(1.5) = 2
        ([15, 20, 35, 40, 50], 40, 20),  # rank ceil(2.0) = 2
        ([15, 20, 35, 40, 50], 50, 35),
        ([15, 20, 35, 40, 50], 100, 50),
        (list(range(1, 101)), 95, 95),
        (list(range(1, 101)), 99, 99),
        ([3, 1, 2], 95, 3),  # order of input does not matter
        ([7], 99, 7),
    ],
)
def test_nearest_rank_percentile(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == expected


def test_percentile_of_nothing_is_none() -> None:
    assert percentile([], 95) is None


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [(0.4, 0.5, "pass"), (0.5, 0.5, "fail"), (9.0, 0.5, "fail"), (None, 0.5, "no data")],
)
def test_verdicts(value: float | None, limit: float, expected: str) -> None:
    assert verdict(value, limit) == expected


def test_csv_with_request_rows_answers_did_the_rollback_work() -> None:
    report = analyze_metrics(read_csv(CSV.splitlines()), incident_windows(START, MITIGATED))
    during, after = report.stats["during"], report.stats["after"]
    assert during.error_rate == 50.0
    assert (during.avg, during.p95, during.p99) == (875.0, 900.0, 900.0)
    assert during.verdicts == {"error_rate": "fail", "p95": "fail", "memory": "fail"}
    assert after.verdicts == {"error_rate": "pass", "p95": "pass", "memory": "pass"}
    assert report.recovered is True


def test_custom_thresholds_change_the_answer() -> None:
    report = analyze_metrics(
        read_csv(CSV.splitlines()), incident_windows(START, MITIGATED), thresholds={"p95": 145}
    )
    assert report.stats["after"].verdicts["p95"] == "fail"
    assert report.recovered is False


def test_unknown_threshold_is_refused_with_a_hint() -> None:
    with pytest.raises(InvalidInput) as error:
        analyze_metrics(read_csv(CSV.splitlines()), {}, thresholds={"p42": 1})
    assert "p42" in error.value.message
    assert error.value.hint


def test_windows_from_incident_times() -> None:
    windows = incident_windows(START, MITIGATED, baseline=timedelta(minutes=30))
    assert windows["before"] == Span(START - timedelta(minutes=30), START)
    assert windows["during"] == Span(START, MITIGATED)
    assert windows["after"] == Span(MITIGATED, None)
    assert "after" not in incident_windows(START)


def test_explicit_window_parsing() -> None:
    assert parse_span("2025-10-22T14:00:00Z/2025-10-22T14:30:00Z") == Span(START, MITIGATED)
    assert parse_span("2025-10-22T14:30:00Z/") == Span(MITIGATED, None)
    with pytest.raises(InvalidInput):
        parse_span("yesterday")


def test_prometheus_query_range_is_read() -> None:
    document = {
        "status": "success",
        "data": {
            "resultType": "matrix",
            "result": [
                {
                    "metric": {"__name__": "http_latency_seconds", "job": "api"},
                    "values": [[1761141300, "0.12"], [1761141900, "0.9"], [1761143700, "0.15"]],
                },
                {
                    "metric": {"__name__": "error_ratio"},
                    "values": [[1761141300, "0.001"], [1761141900, "0.09"], [1761143700, "NaN"]],
                },
            ],
        },
    }
    series = read_prometheus(json.dumps(document))
    assert [s.name for s in series] == ['http_latency_seconds{job="api"}', "error_ratio"]
    assert len(series[1].points) == 2  # NaN is skipped
    report = analyze_metrics(series, incident_windows(START, MITIGATED))
    assert report.stats["during"].p95 == pytest.approx(900.0)  # seconds shown as ms
    assert report.stats["during"].error_rate == pytest.approx(9.0)  # ratio shown as %
    assert report.stats["before"].verdicts["error_rate"] == "pass"


def test_read_metrics_tells_json_from_csv() -> None:
    assert [s.name for s in read_metrics(CSV)] == ["latency_ms", "memory_pct", "error_rate"]


def test_bad_timestamp_is_a_user_error() -> None:
    with pytest.raises(InvalidInput) as error:
        read_csv(["timestamp,latency_ms", "soon,12"])
    assert "soon" in error.value.message


def test_explicit_roles_override_name_hints() -> None:
    rows = ["time,a,b", "2025-10-22T14:05:00Z,300,10", "2025-10-22T14:35:00Z,100,0.1"]
    report = analyze_metrics(
        read_csv(rows),
        incident_windows(START, MITIGATED),
        roles={"latency": "a", "error_rate": "b"},
    )
    assert report.stats["during"].p95 == 300
    assert report.recovered is True


def test_error_rate_from_error_and_request_counts() -> None:
    rows = [
        "time,request_count,error_count,memory_pct",
        "2025-10-22T14:05:00Z,500,45,80",
        "2025-10-22T14:10:00Z,500,5,82",
        "2025-10-22T14:35:00Z,1000,2,60",
    ]
    report = analyze_metrics(read_csv(rows), incident_windows(START, MITIGATED))
    assert report.roles["errors"] == "error_count"
    assert report.stats["during"].error_rate == pytest.approx(5.0)  # 50 of 1000
    assert report.stats["after"].error_rate == pytest.approx(0.2)
    assert report.stats["after"].verdicts["error_rate"] == "pass"


def test_pre_aggregated_latency_columns_are_used_as_such() -> None:
    rows = [
        "time,avg_response_time_ms,p95_response_time_ms,p99_response_time_ms,errors_pct",
        "2025-10-22T14:05:00Z,450,850,2100,9.0",
        "2025-10-22T14:06:00Z,430,800,1900,8.0",
        "2025-10-22T14:35:00Z,150,190,260,0.2",
    ]
    report = analyze_metrics(read_csv(rows), incident_windows(START, MITIGATED))
    during = report.stats["during"]
    assert (during.avg, during.p95, during.p99) == (440.0, 825.0, 2000.0)  # window means
    assert during.error_rate == pytest.approx(8.5)
    assert report.recovered is True
