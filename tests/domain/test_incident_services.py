"""Affected services are matched exactly, whatever the script, and `%` / `_` are letters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tests.conftest import T0
from tests.domain.helpers import ALICE, declare
from warroom.incidents import queries
from warroom.incidents.queries import get_incident, list_incidents
from warroom.incidents.response import amend_facts

m = timedelta(minutes=1)


@pytest.fixture(autouse=True, params=["few matches", "many matches"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test through both query shapes (IN list, and the EXISTS walk)."""
    if request.param == "many matches":
        monkeypatch.setattr(queries, "DENSE_SERVICE", 0)


def _found(session: Session, service: str) -> list[str]:
    return [i.id for i in list_incidents(session, service=service).items]


def test_a_korean_service_name_is_found(session: Session) -> None:
    pay = declare(session, T0, services=["결제", "pay_%"])
    search = declare(session, T0 + m, services=["search", "결제"])
    declare(session, T0 + 2 * m, services=["checkout"])
    assert _found(session, "결제") == [search.id, pay.id]
    assert _found(session, " 결제 ") == [search.id, pay.id]
    assert list_incidents(session, service="결제").total == 2


def test_percent_and_underscore_are_not_wildcards(session: Session) -> None:
    odd = declare(session, T0, services=["pay_%"])
    plain = declare(session, T0 + m, services=["payx1", "pay-ok"])
    assert _found(session, "pay_%") == [odd.id]
    assert _found(session, "pay__") == []
    assert _found(session, "%") == []
    assert _found(session, "pay") == []
    assert _found(session, "payx1") == [plain.id]


def test_a_quote_in_a_name_matches_only_itself(session: Session) -> None:
    quoted = declare(session, T0, services=['a"b'])
    declare(session, T0 + m, services=["a", "b"])
    assert _found(session, 'a"b') == [quoted.id]
    assert _found(session, "a") != [quoted.id]


def test_services_keep_their_order_and_amending_replaces_them(session: Session) -> None:
    incident = declare(session, T0, services=["Search", "api", "결제", "api"])
    assert incident.services == ["api", "search", "결제"]
    amend_facts(
        session=session,
        actor=ALICE,
        now=T0 + m,
        incident_id=incident.id,
        services=["uploads", "api"],
    )
    session.flush()
    session.expire_all()
    assert get_incident(session, incident.id).services == ["api", "uploads"]
    assert _found(session, "search") == []
    assert _found(session, "uploads") == [incident.id]


def test_the_service_filter_combines_with_state_and_severity(session: Session) -> None:
    a = declare(session, T0, services=["결제"])
    declare(session, T0 + m, severity="P3", services=["결제"])
    found = list_incidents(session, service="결제", severities=["P1"], states=["detected"])
    assert [i.id for i in found.items] == [a.id]
    assert found.total == 1
