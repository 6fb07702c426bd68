"""The `logs analyze` and `metrics analyze` commands, through Typer's runner."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warroom.cli.logs as logs_cli
from warroom.cli.logs import app as logs_app
from warroom.cli.metrics import app as metrics_app

runner = CliRunner()
LOG = "".join(
    [f"2025-10-22 13:5{i}:00 INFO api: GET /api/v2/chat took {10 + i} ms\n" for i in range(5)]
    + [
        f"2025-10-22 14:0{i}:30 ERROR api: POST /api/v2/session failed: timeout after {i} s\n"
        for i in range(4)
    ]
)
METRICS = """timestamp,latency_ms,status,memory_pct
2025-10-22T13:50:00Z,120,200,50
2025-10-22T14:05:00Z,900,500,85
2025-10-22T14:35:00Z,140,200,60
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_text_report_lists_top_patterns(tmp_path: Path) -> None:
    result = runner.invoke(logs_app, ["analyze", str(write(tmp_path, "app.log", LOG))])
    assert result.exit_code == 0, result.output
    assert "9 lines" in result.output
    assert "1. p" in result.output
    assert "GET <*> took <*>" in result.output
    assert "endpoints: /api/v2/session (4)" in result.output


def test_json_output_schema_and_pivots(tmp_path: Path) -> None:
    path = write(tmp_path, "app.log", LOG)
    args = ["analyze", str(path), "--json", "--deploy-at", "2025-10-22T14:00:00Z"]
    result = runner.invoke(logs_app, [*args, "--diff-at", "2025-10-22T14:00:00Z", "--top", "1"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["schema"] == "warroom.log-analysis/1"
    assert document["pattern_count"] == 2
    assert len(document["patterns"]) == 1
    top = document["patterns"][0]
    assert top["template"] == "GET <*> took <*>"
    assert top["windows"]["deploy"] == {
        "before": {"count": 5, "share": 1.0},
        "after": {"count": 0, "share": 0.0},
    }
    assert [p["template"] for p in document["diff"]["new"]] == [
        "POST <*> failed: timeout after <*>"
    ]


def test_per_line_file_has_one_id_per_input_line(tmp_path: Path) -> None:
    out = tmp_path / "ids.txt"
    path = write(tmp_path, "app.log", LOG)
    result = runner.invoke(logs_app, ["analyze", str(path), "--per-line", str(out), "--json"])
    assert result.exit_code == 0, result.output
    ids = out.read_text().splitlines()
    assert len(ids) == 9
    assert len(set(ids[:5])) == 1
    assert len(set(ids[5:])) == 1
    assert ids[0] != ids[5]
    assert ids[0] in {p["id"] for p in json.loads(result.output)["patterns"]}


def test_stdin_and_gzip_are_accepted(tmp_path: Path) -> None:
    from_stdin = runner.invoke(logs_app, ["analyze", "-", "--json"], input=LOG)
    assert from_stdin.exit_code == 0, from_stdin.output
    gz = tmp_path / "app.log.gz"
    gz.write_bytes(gzip.compress(LOG.encode()))
    from_gzip = runner.invoke(logs_app, ["analyze", str(gz), "--json"])
    assert json.loads(from_stdin.output)["patterns"] == json.loads(from_gzip.output)["patterns"]


def test_missing_file_prints_error_and_hint(tmp_path: Path) -> None:
    result = runner.invoke(logs_app, ["analyze", str(tmp_path / "nope.log")])
    assert result.exit_code == 3
    assert "error: log file" in result.stderr
    assert "hint:" in result.stderr


def test_bad_time_option_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "app.log", LOG)
    result = runner.invoke(logs_app, ["analyze", str(path), "--deploy-at", "after lunch"])
    assert result.exit_code == 2
    assert "--deploy-at" in result.stderr


def test_bad_bucket_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "app.log", LOG)
    result = runner.invoke(logs_app, ["analyze", str(path), "--bucket", "soon"])
    assert result.exit_code == 2
    assert "hint: Use e.g. 30s" in result.stderr


def test_metrics_table_answers_the_rollback_question(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", METRICS)
    result = runner.invoke(
        metrics_app,
        [
            "analyze",
            str(path),
            "--incident-start",
            "2025-10-22T14:00:00Z",
            "--mitigated-at",
            "2025-10-22T14:30:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "did the rollback work? yes" in result.output
    assert "900 ms fail" in result.output
    assert "0.00% pass" in result.output


def test_metrics_json_with_explicit_windows_and_threshold(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", METRICS)
    result = runner.invoke(
        metrics_app,
        [
            "analyze",
            str(path),
            "--before",
            "2025-10-22T13:00:00Z/2025-10-22T14:00:00Z",
            "--after",
            "2025-10-22T14:30:00Z/",
            "--threshold",
            "p95=130",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["schema"] == "warroom.metrics-analysis/1"
    assert set(document["windows"]) == {"before", "after"}
    assert document["windows"]["after"]["verdicts"]["p95"] == "fail"
    assert document["thresholds"]["p95"] == {"below": 130.0, "unit": "ms"}
    assert document["recovered"] is False


def test_metrics_without_windows_tells_what_to_give(tmp_path: Path) -> None:
    result = runner.invoke(metrics_app, ["analyze", str(write(tmp_path, "m.csv", METRICS))])
    assert result.exit_code == 2
    assert "hint: Give --incident-start" in result.stderr


def test_metrics_bad_threshold_syntax(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", METRICS)
    args = ["analyze", str(path), "--incident-start", "2025-10-22T14:00:00Z", "--threshold", "p95"]
    result = runner.invoke(metrics_app, args)
    assert result.exit_code == 2
    assert "NAME=VALUE" in result.stderr


@pytest.mark.parametrize("compressed", [False, True])
def test_progress_on_a_terminal_does_not_change_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compressed: bool
) -> None:
    path = tmp_path / "app.log"
    if compressed:
        path.write_bytes(gzip.compress(LOG.encode()))
    else:
        path.write_text(LOG, encoding="utf-8")
    quiet = runner.invoke(logs_app, ["analyze", str(path), "--json"])
    monkeypatch.setattr(logs_cli, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(logs_cli, "PROGRESS_EVERY", 2)
    shown = runner.invoke(logs_app, ["analyze", str(path), "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == json.loads(quiet.output)


def test_level_option_filters_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "app.log", LOG)
    result = runner.invoke(logs_app, ["analyze", str(path), "--json", "--level", "error,warn"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["lines"] == 4
    assert [p["levels"] for p in document["patterns"]] == [{"ERROR": 4}]


def test_json_array_input_gives_one_id_per_entry(tmp_path: Path) -> None:
    entries = [
        {
            "timestamp": f"2025-10-22T14:0{i}:00Z",
            "severity": "ERROR",
            "jsonPayload": {"message": f"timeout after {i} s"},
        }
        for i in range(3)
    ]
    path = write(tmp_path, "gcloud.json", json.dumps(entries, indent=2))
    out = tmp_path / "ids.txt"
    result = runner.invoke(logs_app, ["analyze", str(path), "--json", "--per-line", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["patterns"][0]["template"] == "timeout after <*>"
    assert len(out.read_text().splitlines()) == 3


def test_per_line_ids_match_lines_when_a_line_holds_a_bare_carriage_return(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cr.log"
    path.write_bytes(LOG.encode().replace(b"took 10 ms", b"took 10\rms"))
    out = tmp_path / "ids.txt"
    result = runner.invoke(logs_app, ["analyze", str(path), "--per-line", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text().split("\n")) - 1 == LOG.count("\n")


def test_unwritable_per_line_path_is_refused_before_the_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("analysed before checking --per-line")

    monkeypatch.setattr(logs_cli, "_analyze", must_not_run)
    path = write(tmp_path, "app.log", LOG)
    target = tmp_path / "missing-dir" / "ids.txt"
    result = runner.invoke(logs_app, ["analyze", str(path), "--per-line", str(target)])
    assert result.exit_code == 2
    assert "--per-line" in result.output


def test_long_lines_are_cut_and_counted(tmp_path: Path) -> None:
    long = "2025-10-22 14:00:00 INFO api: payload " + "x=1 " * 500 + "\n"
    path = write(tmp_path, "app.log", LOG + long)
    result = runner.invoke(logs_app, ["analyze", str(path), "--json", "--max-line-length", "200"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["truncated_lines"], document["line_limit"], document["lines"]) == (1, 200, 10)
    text = runner.invoke(logs_app, ["analyze", str(path), "--max-line-length", "200"])
    assert "1 lines longer than 200 characters were cut" in text.output
    assert "payload x=<*> …" in text.output


def test_a_directory_and_a_binary_file_are_named_for_what_they_are(tmp_path: Path) -> None:
    result = runner.invoke(logs_app, ["analyze", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.output
    binary = tmp_path / "a.out"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(2000))
    result = runner.invoke(logs_app, ["analyze", str(binary)])
    assert result.exit_code == 2
    assert "binary" in result.output


def test_utf16_input_is_decoded_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_bytes(LOG.encode("utf-16"))
    result = runner.invoke(logs_app, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "note: the input is UTF-16" in result.stderr
    assert json.loads(result.stdout)["pattern_count"] == 2
