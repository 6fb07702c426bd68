"""`warroom checklist deploy` on the demo: the published deployment postmortem's lessons."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_checklist_deploy_from_the_demo(run: Run) -> None:
    empty = run("checklist", "deploy")
    assert empty.code == 0 and "No deployment lessons" in empty.out
    assert run("demo").code == 0
    listed = run("checklist", "deploy", "--since", "all", "--json")
    assert listed.code == 0, listed.err
    items = json.loads(listed.out)
    assert items, "the demo publishes a deployment postmortem"
    assert all(i["source"] == "lessons_prevention" for i in items)
    printed = run("checklist", "deploy", "--since", "all")
    assert printed.out.count("- [ ] ") == len(items)
    assert items[0]["incident_id"] in printed.out


def test_checklist_refuses_a_bad_span(run: Run) -> None:
    bad = run("checklist", "deploy", "--since", "forever")
    assert bad.code != 0 and "hint:" in bad.err
