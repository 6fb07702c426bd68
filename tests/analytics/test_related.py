"""Related incidents: same services, similar titles, same deploy, each with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from tests.domain.helpers import declare
from warroom.analytics.related import related_incidents, related_lines, title_similarity

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def test_shared_service_and_similar_title_rank_first(session: Session) -> None:
    old = declare(
        session, NOW - timedelta(days=30), title="결제 API 커넥션풀 고갈", services=["checkout"]
    )
    same_service = declare(
        session, NOW - timedelta(days=20), title="Slow cart page", services=["checkout", "cart"]
    )
    similar_title = declare(
        session, NOW - timedelta(days=10), title="주문 API 커넥션풀 고갈", services=["orders"]
    )
    unrelated = declare(session, NOW - timedelta(days=5), title="Login page typo", services=["web"])
    now = declare(session, NOW, title="결제 API 커넥션풀 고갈 재발", services=["checkout"])
    found = related_incidents(session, now.id)
    ids = [r.incident_id for r in found]
    assert ids[0] == old.id
    assert set(ids) == {old.id, same_service.id, similar_title.id}
    assert unrelated.id not in ids
    reasons = {r.incident_id: {x.code for x in r.reasons} for r in found}
    assert reasons[old.id] == {"service", "title"}
    assert reasons[same_service.id] == {"service"}
    assert reasons[similar_title.id] == {"title"}
    lines = related_lines(session, now.id, "en")
    assert lines[0] == f"{old.id} — 결제 API 커넥션풀 고갈 (same service checkout; similar title)"


def test_same_deploy_counts_and_nothing_related(session: Session) -> None:
    first = declare(session, NOW, title="Search latency", services=["search"], deploy_version="v9")
    second = declare(session, NOW, title="Image upload fails", services=["media"])
    assert related_incidents(session, second.id) == []
    third = declare(session, NOW, title="Queue backlog", services=["jobs"], deploy_version="v9")
    found = related_incidents(session, third.id)
    assert [(r.incident_id, [x.code for x in r.reasons]) for r in found] == [(first.id, ["deploy"])]


def test_title_similarity() -> None:
    assert title_similarity("Checkout API 5xx", "checkout api 5xx") == 1.0
    assert title_similarity("abc", "") == 0.0
    assert 0 < title_similarity("커넥션풀 고갈", "커넥션풀이 고갈됨") < 1


def test_title_candidates_ignore_like_wildcards_and_find_case_variants(session: Session) -> None:
    """A title word with % or _ matches only itself; 'CHECKOUT' finds 'checkout'."""
    plain = declare(session, NOW - timedelta(days=3), title="Disk full on node-a", services=["a"])
    cased = declare(session, NOW - timedelta(days=2), title="CHECKOUT 100% errors", services=["b"])
    now = declare(session, NOW, title="checkout 100% errors again", services=["c"])
    assert [r.incident_id for r in related_incidents(session, now.id)] == [cased.id]
    odd = declare(session, NOW, title="%%% ___", services=["d"])
    assert plain.id not in [r.incident_id for r in related_incidents(session, odd.id)]
