"""The header search box, the search page and the insights page with charts and tables."""

from __future__ import annotations

from urllib.parse import quote

from tests.support.web import Web


def test_header_has_a_search_box_and_results_are_marked(web: Web) -> None:
    pool = web.declare("결제 <b>커넥션풀이</b> 고갈", services=["결제"])
    web.login("vic")
    home = web.client.get("/").text
    assert 'action="/search"' in home and 'name="q"' in home
    page = web.client.get(f"/search?q={quote('커넥션')}").text
    assert f'href="/incidents/{pool}"' in page
    assert "<mark>커넥션</mark>" in page
    assert "<b>" not in page  # stored text is escaped, only the marks are markup
    none = web.client.get("/search?q=nothingmatches").text
    assert "nothingmatches" in none and "<mark>" not in none


def test_search_page_in_korean(web: Web) -> None:
    web.declare("Checkout API 5xx", services=["checkout"])
    web.login("vic")
    web.client.get("/lang/ko?next=/")
    page = web.client.get("/search?q=checkout").text
    assert "검색" in page and "인시던트" in page


def test_insights_page_has_charts_with_their_tables(web: Web) -> None:
    first = web.declare("Checkout API 5xx", services=["checkout"])
    web.declare("결제 지연", services=["결제"])
    auth = web.auth("responder")
    for to in ("acknowledged", "investigating", "mitigated", "resolved"):
        response = web.client.post(
            f"/api/v1/incidents/{first}/transitions", json={"to": to}, headers=auth
        )
        assert response.status_code == 200, response.text
    web.login("vic")
    page = web.client.get("/insights").text
    assert page.count("<svg") >= 4  # two SLA charts, MTTR of one severity, services
    assert "MTTR (median) by month, P1" in page
    assert '<th scope="row">checkout</th>' in page and '<th scope="row">결제</th>' in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    bad = web.client.get("/insights?since=forever")
    assert bad.status_code == 422
