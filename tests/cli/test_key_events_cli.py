"""`warroom timeline key`: star and unstar an entry from the command line."""

from __future__ import annotations

import json

from tests.cli.conftest import Run

ID = "INC-20261122-001"


def test_star_then_unstar_an_entry(run: Run) -> None:
    run("incident", "declare", "Checkout API 5xx", "-S", "P1", "-s", "checkout")
    run("timeline", "add", ID, "note", "Rolled back payments to v2.3.3")
    starred = run("timeline", "key", ID, "2")
    assert starred.code == 0, starred.err
    assert f"{ID}: #2 is a key event" in starred.out
    events = json.loads(run("timeline", "list", ID, "--json").out)
    events = events["items"] if isinstance(events, dict) else events
    assert [e["key"] for e in events if e["id"] == 2] == [True]
    assert any(e["data"].get("key_mark") == 2 for e in events)
    unstarred = run("timeline", "key", ID, "2", "--off")
    assert f"{ID}: #2 is not a key event" in unstarred.out


def test_an_unknown_entry_is_refused_with_a_hint(run: Run) -> None:
    run("incident", "declare", "Checkout API 5xx", "-S", "P1", "-s", "checkout")
    refused = run("timeline", "key", ID, "99")
    assert refused.code != 0
    assert "not found" in refused.err
    assert "hint:" in refused.err
