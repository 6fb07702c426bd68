"""Runbooks: the shipped library, files with bad front matter, matching, steps on the timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput
from warroom.incidents.actions import declare_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.runbooks import actions, document, matching, queries
from warroom.timeline.queries import list_events

SEVEN = {
    "server-down",
    "db-pool-exhausted",
    "disk-full",
    "memory-leak",
    "tls-cert-expiry",
    "external-api-timeout",
    "ddos",
}


def test_the_seven_scenarios_ship_in_both_languages_and_pass_the_lint() -> None:
    books = document.shipped()
    for lang in ("en", "ko"):
        mine = {b.id: b for b in books if b.lang == lang}
        assert set(mine) == SEVEN
        assert all(len(b.steps) >= 7 and b.symptoms and b.severity for b in mine.values())
    assert [p for b in books for p in document.lint(b)] == []
    ko = next(b for b in books if b.id == "disk-full" and b.lang == "ko")
    assert ko.title.startswith("디스크 풀") and ko.steps[0].command == "`df -h`"


def test_a_runbook_round_trips_through_its_markdown() -> None:
    book = next(b for b in document.shipped() if b.id == "ddos" and b.lang == "en")
    again = document.parse(document.to_markdown(book), book.source)
    assert again == book


BAD = [
    ("id: Disk Full\ntitle: x\nsteps: [{action: a, role: dba}]", ":2: id 'Disk Full'"),
    ("id: d\ntitle: x\nsteps: [{action: a, role: janitor}]", ":4: step 1: unknown role 'janitor'"),
    (
        "id: d\ntitle: x\nmatchers: ['alertname=~\"([\"']\nsteps: [{action: a, role: dba}]",
        ":4: matcher",
    ),
    ("id: d\ntitle: [unclosed\nsteps: []", "not valid YAML"),
]


@pytest.mark.parametrize(("head", "message"), BAD)
def test_bad_front_matter_is_refused_with_file_and_line(head: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        document.parse(f"---\n{head}\n---\nnotes\n", "runbooks/d.md")
    assert "runbooks/d.md" in caught.value.message and message in caught.value.message


def test_duplicate_ids_are_problems_and_lint_finds_placeholders(tmp_path: Path) -> None:
    text = (
        "---\nid: d\ntitle: x\nkeywords: [disk]\n"
        "steps:\n- {action: '[TODO]', role: dba, command: rm -rf /}\n---\n"
    )
    (tmp_path / "a.md").write_text(text)
    (tmp_path / "b.md").write_text(text)
    loaded = document.load_files(document.files_in(tmp_path))
    assert len(loaded.runbooks) == 1
    assert "duplicate id d" in str(loaded.problems[0])
    lint = [p.message for p in document.lint(loaded.runbooks[0])]
    assert any("code span" in m for m in lint) and any("placeholder" in m for m in lint)


def test_alert_labels_rank_before_words_and_say_why() -> None:
    found = matching.suggest(
        document.shipped(),
        labels=[{"alertname": "DiskFull", "instance": "api-3"}],
        text="api-3 is slow, maybe a timeout",
    )
    first = found[0]
    assert (first.runbook.id, first.score) == ("disk-full", 100)
    assert "alert DiskFull matches alertname=~" in first.reasons[0]
    assert any(s.runbook.id == "external-api-timeout" for s in found[1:])


def _incident(session: Session, clock: FixedClock, actor: Actor) -> str:
    return declare_incident(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=IncidentPolicy(),
        title="Disk full on api-3",
        severity="P2",
        services=["api"],
    ).id


def test_steps_checked_off_go_on_the_timeline_with_their_output(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    incident = _incident(session, clock, actor)
    actions.attach(
        session, incident_id=incident, runbook_id="disk-full", actor=actor, now=clock.now()
    )
    actions.run_step(
        session,
        incident_id=incident,
        runbook_id="disk-full",
        step=2,
        actor=Actor("minsu"),
        now=clock.now(),
        note="/var/log 41G",
    )
    actions.run_step(
        session,
        incident_id=incident,
        runbook_id="disk-full",
        step=5,
        actor=actor,
        now=clock.now(),
        outcome="skipped",
        note="no Docker on this host",
    )
    [view] = queries.attached(session, incident)
    assert view.attachment.version == 1 and view.done == 2
    assert view.steps[1].run is not None and view.steps[1].run.actor == "minsu"
    events = [e for e in list_events(session, incident) if e.kind == "runbook_step"]
    assert [e.data["step"] for e in events] == [2, 5]
    assert "step 2 done" in events[0].body and "Output: /var/log 41G" in events[0].body
    assert events[0].actor == "minsu"
    assert "Reason: no Docker" in events[1].body


def test_bad_step_input_is_refused_and_nothing_is_recorded(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    incident = _incident(session, clock, actor)
    actions.attach(
        session, incident_id=incident, runbook_id="disk-full", actor=actor, now=clock.now()
    )
    common = {
        "incident_id": incident,
        "runbook_id": "disk-full",
        "actor": actor,
        "now": clock.now(),
    }
    with pytest.raises(InvalidInput, match="steps 1 to 9"):
        actions.run_step(session, step=12, **common)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="needs a reason"):
        actions.run_step(session, step=1, outcome="skipped", **common)  # type: ignore[arg-type]
    actions.run_step(session, step=1, **common)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="already done"):
        actions.run_step(session, step=1, **common)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="already attached"):
        actions.attach(session, **common)  # type: ignore[arg-type]
    assert queries.attached(session, incident)[0].done == 1


def test_sync_stores_versions_and_a_changed_text_gets_a_new_one(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    books = document.shipped()
    first = actions.sync(session, books, actor=actor, now=clock.now())
    assert (first.added, first.updated) == (14, 0)
    book = next(b for b in books if b.id == "ddos" and b.lang == "en")
    changed = document.parse(document.to_markdown(book).replace("title: DDoS", "title: DoS"))
    again = actions.sync(session, [changed], actor=actor, now=clock.now())
    assert again.updated == 1
    assert queries.get_runbook(session, "ddos", "en").version == 2
