"""Header detection: the message a user sees must not carry the line's header."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from warroom.evidence.analysis.headers import greedy_split, learn_layout, shape, split_line
from warroom.evidence.analysis.splitter import HeaderSplitter

MESSAGES = [
    "Starting server on port 8080",
    "Connection from 10.0.0.7 closed after 35 ms",
    "User alice logged in",
    "Cache miss for key user:42",
    "Request GET /api/v2/chat took 12 ms",
    "Worker 3 finished job 77 in 1.5 s",
    "Retrying upstream call, attempt 2 of 5",
    "Disk usage at 91 percent on /var",
    "Session 0x3fa2 expired",
    "[client 10.1.2.3] Directory index forbidden",
]
LEVELS = ["INFO", "WARN", "ERROR", "DEBUG"]


def _lines(render: Callable[[int, str], str], count: int = 40) -> list[tuple[str, str]]:
    return [
        (render(i, MESSAGES[i % len(MESSAGES)]), MESSAGES[i % len(MESSAGES)]) for i in range(count)
    ]


FORMATS: dict[str, Callable[[int, str], str]] = {
    "thunderbird": lambda i, m: (
        f"- {1131566461 + i} 2005.11.09 dn{228 + i % 5} Nov 9 12:01:{i % 60:02d} "
        f"dn{228 + i % 5}/dn{228 + i % 5} crond(pam_unix)[{2915 + i}]: {m}"
    ),
    "macos": lambda i, m: (
        f"Jul  {1 + i % 3} 09:00:{i % 60:02d} calvisitor-10-105-160-95 "
        f"{['kernel[0]', f'com.apple.cts[{100 + i}]'][i % 2]}: {m}"
    ),
    "proxifier": lambda i, m: (
        f"[10.30 16:49:{i % 60:02d}] {['chrome.exe', 'firefox.exe', 'svchost.exe'][i % 3]} - {m}"
    ),
    "openstack": lambda i, m: (
        f"nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:{i % 60:02d}.008 {25746 + i} "
        f"{['INFO', 'WARNING'][i % 2]} nova.osapi_compute.wsgi.server "
        f"[req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401f - - -] {m}"
    ),
    "hadoop": lambda i, m: (
        f"2015-10-18 18:01:{i % 60:02d},978 {['INFO', 'WARN'][i % 2]} "
        f"[{['main', 'IPC Server handler 3 on 62270'][i % 2]}] org.apache.hadoop.App: {m}"
    ),
    "syslog": lambda i, m: f"Jun {1 + i % 9} 15:16:{i % 60:02d} web01 sshd[{1000 + i}]: {m}",
    "iso": lambda i, m: f"2025-10-22T14:{i % 60:02d}:01.123Z {LEVELS[i % 4]} api.server: {m}",
    "apache": lambda i, m: (
        f"[Sun Dec 04 04:{i % 60:02d}:44 2005] [{['notice', 'error'][i % 2]}] {m}"
    ),
    "log4j": lambda i, m: (
        f"2015-07-29 17:41:{i % 60:02d},747 - {LEVELS[i % 4]}  [main:QuorumPeer@{i}] - {m}"
    ),
    "logcat": lambda i, m: (
        f"03-17 16:13:{i % 60:02d}.811  1702  {2000 + i} {'DIWE'[i % 4]} WindowManager: {m}"
    ),
    "hdfs": lambda i, m: (
        f"081109 2036{i % 60:02d} {100 + i} {LEVELS[i % 4]} dfs.DataNode$PacketResponder: {m}"
    ),
    "bgl": lambda i, m: (
        f"- {1117838570 + i} 2005.06.03 R02-M1-N0-C:J12-U{i % 20:02d} "
        f"2005-06-03-15.42.{i % 60:02d}.675872 R02-M1-N0-C:J12-U11 RAS KERNEL {LEVELS[i % 2]} {m}"
    ),
    "windows_cbs": lambda i, m: f"2016-09-28 04:30:{i % 60:02d}, Info                  CBS    {m}",
    "spark": lambda i, m: f"17/06/09 20:10:{i % 60:02d} {LEVELS[i % 4]} spark.SecurityManager: {m}",
    "pipes": lambda i, m: (
        f"20171223-22:15:{i % 60:02d}:606|Step_{'LSC' if i % 3 else 'SPUtils'}|30002312|{m}"
    ),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_header_is_split_off_every_format(name: str) -> None:
    pairs = _lines(FORMATS[name])
    layout = learn_layout([line for line, _ in pairs])
    assert layout.width > 0
    assert [split_line(line, layout).message for line, _ in pairs] == [m for _, m in pairs]


@pytest.mark.parametrize(
    ("name", "level", "logger"),
    [
        ("iso", "INFO", "api.server"),
        ("logcat", "D", "WindowManager"),
        ("hdfs", "INFO", "dfs.DataNode$PacketResponder"),
        ("syslog", None, "sshd[1000]"),
        ("apache", "NOTICE", None),
    ],
)
def test_level_and_logger_are_read_from_the_header(
    name: str, level: str | None, logger: str | None
) -> None:
    pairs = _lines(FORMATS[name])
    layout = learn_layout([line for line, _ in pairs])
    first = split_line(pairs[0][0], layout)
    assert first.level == level
    assert first.logger == logger


def test_continuation_lines_are_kept_whole() -> None:
    pairs = _lines(FORMATS["iso"])
    layout = learn_layout([line for line, _ in pairs])
    trace = "\tat com.example.Foo.bar(Foo.java:42)"
    assert split_line(trace, layout).message == "at com.example.Foo.bar(Foo.java:42)"
    assert split_line(trace, layout).header == ""


def test_lines_without_header_stay_intact() -> None:
    lines = [f"{MESSAGES[i % len(MESSAGES)]}" for i in range(30)]
    layout = learn_layout(lines)
    assert [split_line(line, layout).message for line in lines] == lines


def test_interleaved_formats_each_get_their_layout() -> None:
    iso = _lines(FORMATS["iso"], 60)
    syslog = _lines(FORMATS["syslog"], 60)
    mixed = [pair for both in zip(iso, syslog, strict=True) for pair in both]
    splitter = HeaderSplitter()
    splitter.prime([line for line, _ in mixed[:200]])
    messages = [split.message for _, split in splitter.split_all(line for line, _ in mixed)]
    assert messages == [m for _, m in mixed]


def test_unknown_layout_lines_are_split_the_same_once_learned() -> None:
    head = _lines(FORMATS["iso"], 50)
    tail = _lines(FORMATS["logcat"], 300)
    splitter = HeaderSplitter()
    splitter.prime([line for line, _ in head])
    messages = [split.message for _, split in splitter.split_all(line for line, _ in head + tail)]
    assert messages == [m for _, m in head + tail]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2024-01-01 12:00:00 INFO app: started", "started"),
        ("[2024-01-01 12:00:00] [error] boom", "boom"),
        ("12:00:01 WARN disk low", "disk low"),
        ("plain message only", "plain message only"),
    ],
)
def test_greedy_split_handles_single_lines(line: str, message: str) -> None:
    assert greedy_split(line).message == message


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("2024-01-01", "T"),
        ("15:16:01", "T"),
        ("Jun", "T"),
        ("1234", "N"),
        ("INFO", "L"),
        ("[notice]", "L"),
        ("[main]", "B"),
        ("-", "D"),
        ("node-246", "I"),
        ("kernel", "W"),
    ],
)
def test_token_shapes(token: str, kind: str) -> None:
    assert shape(token) == kind


def test_pipe_separated_headers_are_split_on_the_fast_path() -> None:
    pairs = _lines(FORMATS["pipes"], 60)
    splitter = HeaderSplitter()
    splitter.prime([line for line, _ in pairs])
    splits = [split for _, split in splitter.split_all(line for line, _ in pairs)]
    assert [split.message for split in splits] == [m for _, m in pairs]
    assert splits[0].header.startswith("20171223-22:15:00:606|Step_SPUtils|30002312")
