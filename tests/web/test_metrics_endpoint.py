"""/metrics: the Prometheus text format, read from the database, for a viewer's token."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.support.web import Web


def test_metrics_report_incidents_durations_and_sla(web: Web) -> None:
    first = web.declare("Checkout API 5xx", services=["checkout"])
    web.declare("결제 지연", services=["결제"])
    response = web.client.post(
        f"/api/v1/incidents/{first}/transitions",
        json={"to": "acknowledged"},
        headers=web.auth("responder"),
    )
    assert response.status_code == 200
    scraped = web.client.get("/metrics", headers=web.auth("viewer"))
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(scraped.text)}
    incidents = {
        (s.labels["state"], s.labels["severity"]): s.value
        for s in families["warroom_incidents"].samples
    }
    assert sum(incidents.values()) == 2
    assert incidents[("acknowledged", "P1")] == 1
    histogram = families["warroom_incident_duration_seconds"].samples
    mtta = [
        s
        for s in histogram
        if s.name.endswith("_count") and s.labels == {"metric": "mtta", "severity": "P1"}
    ]
    assert [s.value for s in mtta] == [1.0]
    met = {
        (s.labels["target"], s.labels["severity"]): s.value
        for s in families["warroom_sla_met_incidents"].samples
    }
    assert met[("response", "P1")] == 1
    assert "warroom_jobs_unfinished" in families
    assert "warroom_alert_deliveries" in families
    assert "warroom_notification_attempts" in families


def test_metrics_need_a_token(web: Web) -> None:
    anonymous = web.client.get("/metrics", follow_redirects=False)
    assert anonymous.status_code in (302, 303, 401)  # outside /api: sent to sign in
    assert "warroom_incidents" not in anonymous.text
