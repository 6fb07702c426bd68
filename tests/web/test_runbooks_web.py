"""Runbooks in the incident room and the API; drill pages."""

from __future__ import annotations

from tests.support.web import Web
from warroom.core.actor import Actor
from warroom.db.uow import unit_of_work
from warroom.drills import actions as drills
from warroom.incidents.policy import IncidentPolicy


def test_api_attach_check_skip_and_bad_input(web: Web) -> None:
    incident = web.declare("Disk full on api-3")
    base = f"/api/v1/incidents/{incident}/runbooks"
    listed = web.client.get(base, headers=web.auth("viewer")).json()
    assert listed["attached"] == [] and listed["suggested"][0]["runbook"] == "disk-full"
    made = web.client.post(base, json={"runbook": "disk-full"}, headers=web.auth("responder"))
    assert made.status_code == 201 and made.json()["version"] == 1
    done = web.client.post(
        f"{base}/disk-full/steps/2", json={"note": "/var/log 41G"}, headers=web.auth("responder")
    )
    assert done.status_code == 201 and done.json()["by"] == "rita"
    bad = web.client.post(
        f"{base}/disk-full/steps/3", json={"outcome": "skipped"}, headers=web.auth("responder")
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "needs a reason" in bad.json()["detail"]
    missing = web.client.post(base, json={"runbook": "nope"}, headers=web.auth("responder"))
    assert missing.status_code == 404
    viewer = web.client.post(f"{base}/disk-full/steps/4", json={}, headers=web.auth("viewer"))
    assert viewer.status_code == 403
    [view] = web.client.get(base, headers=web.auth("viewer")).json()["attached"]
    assert [s["outcome"] for s in view["steps"][:3]] == [None, "done", None]
    assert view["steps"][1]["note"] == "/var/log 41G"


def test_room_shows_the_checklist_and_a_checkbox_goes_on_the_timeline(web: Web) -> None:
    incident = web.declare("Disk full on api-3")
    csrf = web.login()
    room = f"/incidents/{incident}"
    page = web.client.get(room).text
    assert 'id="runbooks"' in page and "Suggested runbooks" in page
    web.client.post(f"{room}/runbooks", data={"csrf_token": csrf, "runbook": "disk-full"})
    checked = web.client.post(
        f"{room}/runbooks/disk-full/steps/1",
        data={"csrf_token": csrf, "outcome": "done", "note": "/ 100% used"},
        follow_redirects=False,
    )
    assert checked.status_code == 303
    page = web.client.get(room).text
    assert 'class="runbook-step step-done" id="step-disk-full-1"' in page
    assert "done by alice" in page and "/ 100% used" in page
    assert "Runbook disk-full step 1 done" in page  # the timeline event
    panel = web.client.get(f"{room}/runbooks/panel").text  # what the room re-fetches live
    assert panel.startswith('<div id="runbook-panel"') or 'id="runbook-panel"' in panel
    assert "done by alice" in panel and "<html" not in panel
    assert web.client.get("/runbooks").status_code == 200
    assert "du -sh" in web.client.get("/runbooks/disk-full").text
    web.client.get("/lang/ko?next=/runbooks/disk-full")
    assert "디스크 풀" in web.client.get("/runbooks/disk-full").text


def test_a_drill_room_has_the_banner_and_the_report_page(web: Web) -> None:
    with unit_of_work(web.engine) as session:
        drills.plan(
            session,
            name="tabletop-q1",
            kind="tabletop",
            actor=Actor("alice"),
            now=web.clock.now(),
            scenario="TLS certificate expires",
            participants=["alice"],
            alert_labels={"alertname": "SSLCertExpired"},
        )
        drill = drills.start(
            session,
            name="tabletop-q1",
            actor=Actor("alice"),
            now=web.clock.now(),
            policy=IncidentPolicy(),
        )
        incident = drill.incident_id
    web.login()
    room = web.client.get(f"/incidents/{incident}").text
    assert 'id="drill-banner"' in room and "only its participants are paged" in room
    assert "TLS certificate expired" in room  # attached by the synthetic alert's label
    assert "tabletop-q1" in web.client.get("/drills").text
    report = web.client.get("/drills/tabletop-q1").text
    assert "Drill result: tabletop-q1" in report and "Recovery time (RTO)" in report
    api = web.client.get("/api/v1/drills/tabletop-q1/report", headers=web.auth("viewer")).json()
    assert api["drill"] == "tabletop-q1"
    with unit_of_work(web.engine) as session:
        drills.improve(
            session,
            name="tabletop-q1",
            title="Renew certificates 30 days ahead",
            actor=Actor("alice"),
            now=web.clock.now(),
            owner="alice",
        )
    board = web.client.get("/board").text
    assert 'id="card-TI-001"' in board and "Renew certificates 30 days ahead" in board
