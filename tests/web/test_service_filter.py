"""`?service=` in the API and the incident list page match the exact service name."""

from __future__ import annotations

from urllib.parse import quote

from tests.support.web import Web


def _declare(web: Web) -> tuple[str, str]:
    pay = web.declare("결제 승인 실패", services=["결제", "pay_%"])
    search = web.declare("Search slow", services=["search", "payx1"])
    return pay, search


def test_api_service_filter_is_exact(web: Web) -> None:
    pay, search = _declare(web)

    def ids(service: str) -> list[str]:
        url = f"/api/v1/incidents?service={quote(service)}"
        page = web.client.get(url, headers=web.auth("viewer")).json()
        return [i["id"] for i in page["items"]]

    assert ids("결제") == [pay]
    assert ids("pay_%") == [pay]
    assert ids("pay__") == ids("%") == []
    assert ids("SEARCH") == [search]
    shown = web.client.get(f"/api/v1/incidents/{pay}", headers=web.auth("viewer")).json()
    assert shown["services"] == ["pay_%", "결제"]


def test_incident_list_page_filters_by_a_korean_service(web: Web) -> None:
    pay, search = _declare(web)
    web.login("vic")
    page = web.client.get(f"/incidents?service={quote('결제')}").text
    assert pay in page and search not in page
    wildcard = web.client.get(f"/incidents?service={quote('%')}").text
    assert pay not in wildcard and search not in wildcard
