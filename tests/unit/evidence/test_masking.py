"""Masking: variable parts become <*> so that events group, constants stay readable."""

from __future__ import annotations

import pytest

from warroom.evidence.analysis.masking import collapse, mask


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        ("took 12 ms", "took <*>"),
        ("retry 3 of 5", "retry <*> of <*>"),
        ("from 10.251.73.220:50010 ok", "from <*> ok"),
        ("peer fe80:0:0:0:200:f8ff:fe21:67cf up", "peer <*> up"),
        ("id 3fa85f64-5717-4562-b3fc-2c963f66afa6 done", "id <*> done"),
        ("flags=0x1f set", "flags=<*> set"),
        ("token deadbeef42 seen", "token <*> seen"),
        ("open /etc/httpd/conf/workers2.properties", "open <*>"),
        ("load C:\\Windows\\winsxs\\cbscore.dll failed", "load <*> failed"),
        ("GET https://api.example.com/v2/chat?x=1 200", "GET <*> <*>"),
        ("block blk_-6952295868487656571 done", "block blk_<*> done"),
        ("size 16.0 B, free 409.5 KB", "size <*>, free <*>"),
        ("at Sun Jul 10 03:55:15 2005 ok", "at <*> ok"),
        ("uid=0 euid=0", "uid=<*> euid=<*>"),
    ],
)
def test_variables_are_masked(message: str, masked: str) -> None:
    assert mask(message) == masked


@pytest.mark.parametrize(
    "message",
    ["jk2_init() Found child", "eth0 link up", "ssh2 session", "wcp.dll loaded"],
)
def test_identifiers_with_digits_are_kept(message: str) -> None:
    assert mask(message) == message


def test_runs_of_wildcards_collapse() -> None:
    assert collapse("values <*> <*>, <*> end") == "values <*> end"
