"""The incident list: title search, declared range, filters in the URL, CSV export."""

from __future__ import annotations

import csv
import io

from tests.support.web import Web


def test_title_search_and_date_range_filter_and_are_shareable(web: Web) -> None:
    web.declare("결제 API 오류 급증")
    web.declare("Search results stale")
    web.declare("100% CPU on db_3")
    web.login()
    page = web.client.get("/incidents", params={"q": "결제"}).text
    assert "결제 API 오류 급증" in page and "Search results stale" not in page
    literal = web.client.get("/incidents", params={"q": "100%"}).text
    assert "100% CPU on db_3" in literal and "결제" not in literal.split("<table")[1]
    # The clock of the suite is fixed on 2026-11-22 (KST): a range around it and after it.
    inside = web.client.get("/incidents", params={"since": "2026-11-22", "until": "2026-11-22"})
    assert "Search results stale" in inside.text
    after = web.client.get("/incidents", params={"since": "2026-11-23"}).text
    assert "Search results stale" not in after
    assert 'href="/incidents.csv?q=' in page  # the filters travel with the CSV link


def test_bad_date_is_a_message_not_a_crash(web: Web) -> None:
    web.login()
    bad = web.client.get("/incidents", params={"since": "yesterday-ish"})
    assert bad.status_code == 422
    assert "since" in bad.text


def test_csv_export_follows_the_filters(web: Web) -> None:
    first = web.declare("결제 API 오류 급증")
    web.declare("Search results stale")
    web.declare('=HYPERLINK("x")')
    web.login()
    response = web.client.get("/incidents.csv", params={"q": "결제"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["id", "severity", "state", "title"]
    assert [r[0] for r in rows[1:]] == [first]
    assert rows[1][3] == "결제 API 오류 급증"
    formula = list(
        csv.reader(io.StringIO(web.client.get("/incidents.csv").content.decode("utf-8-sig")))
    )
    assert any(r[3] == '\'=HYPERLINK("x")' for r in formula[1:])  # no formula injection


def test_declare_form_records_start_version_drill_and_commander(web: Web) -> None:
    csrf = web.login()
    form = web.client.get("/incidents/new").text
    assert 'name="started_at"' in form and 'list="known-services"' in form
    declared = web.client.post(
        "/incidents/new",
        data={
            "csrf_token": csrf,
            "title": "Login fails for SSO users",
            "severity": "P2",
            "services": "auth",
            "started_at": "-20m",
            "deploy_version": "v5.1.0",
            "commander": "yes",
            "drill": "yes",
        },
    )
    assert declared.status_code == 200
    incident = declared.url.path.rsplit("/", 1)[1]
    got = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert got["deploy_version"] == "v5.1.0" and got["is_drill"] is True
    assert got["started_at"] < got["detected_at"]
    assert [(r["role"], r["handle"]) for r in got["roles"]] == [("incident_commander", "alice")]
    assert "auth" in web.client.get("/incidents/new").text  # offered next time


def test_dashboard_lists_my_incidents(web: Web) -> None:
    mine = web.declare("Cache stampede")
    web.declare("Someone else's incident")
    web.client.post(
        f"/api/v1/incidents/{mine}/roles",
        json={"role": "tech_lead", "handle": "alice"},
        headers=web.auth("responder"),
    )
    web.login()
    page = web.client.get("/").text
    section = page.split('id="my-incidents"')[1].split("</section>")[0]
    assert mine in section and "Someone else" not in section
