"""Search finds Korean and English words inside sentences, ranked, with marked snippets;
the index follows inserts, edits and deletes in the same transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from tests.domain.helpers import ALICE, declare
from warroom.action_items.actions import add_action_item
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.schemas import ActionItemDraft
from warroom.analytics.search import search, snippet
from warroom.errors import InvalidInput
from warroom.incidents.models import Incident
from warroom.postmortems.models import Postmortem
from warroom.timeline.actions import record
from warroom.timeline.models import TimelineEvent
from warroom.timeline.rules import EventKind

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def _world(session: Session) -> tuple[str, str]:
    pool = declare(
        session, NOW, title="결제 API 커넥션풀이 고갈됨", summary="DB connection pool exhausted"
    )
    other = declare(session, NOW, title="Search latency", summary="slow queries on the index")
    record(
        session,
        incident_id=pool.id,
        actor=ALICE,
        kind=EventKind.NOTE,
        now=NOW,
        body="HikariCP 최대 커넥션 수를 50으로 늘림; pool size raised",
    )
    add_action_item(
        session=session,
        actor=ALICE,
        now=NOW,
        policy=ActionPolicy(),
        draft=ActionItemDraft(
            incident_id=pool.id,
            title="커넥션 누수 탐지 알림 추가",
            item_type="monitoring",
            priority="P1",
            description="alert when the pool stays above 80% for 5 minutes",
        ),
    )
    session.add(
        Postmortem(
            incident_id=pool.id,
            title="결제 장애 포스트모템",
            template="default",
            lang="ko",
            status="draft",
            document={"sections": {"root_cause": "커넥션 반환 누락 (connection leak)"}},
            revision=1,
            content_hash="x",
            path="pm.md",
            author="alice",
            reviewers=[],
            signoffs=[],
            draft_due_at=NOW,
            review_due_at=NOW,
            created_at=NOW,
            updated_at=NOW,
        )
    )
    session.flush()
    return pool.id, other.id


def test_korean_word_inside_a_longer_word(session: Session) -> None:
    pool, _other = _world(session)
    hits = search(session, "커넥션")
    kinds = {h.kind for h in hits}
    assert kinds == {"incident", "timeline", "action", "postmortem"}
    assert {h.incident_id for h in hits} == {pool}
    first = next(h for h in hits if h.kind == "incident")
    assert first.title == "결제 API 커넥션풀이 고갈됨"


def test_english_words_all_must_match_case_insensitive(session: Session) -> None:
    pool, other = _world(session)
    hits = search(session, "Connection POOL")
    assert hits and {h.incident_id for h in hits} == {pool}
    hit = next(h for h in hits if h.kind == "incident")
    marked = [hit.snippet[a:b].lower() for a, b in hit.marks]
    assert "connection" in marked and "pool" in marked
    assert [h.incident_id for h in search(session, "slow queries")] == [other]
    assert search(session, "connection latency") == []


def test_title_match_ranks_first(session: Session) -> None:
    _world(session)
    hits = search(session, "커넥션풀")
    assert hits[0].kind == "incident"


def test_short_korean_word_and_kind_filter(session: Session) -> None:
    pool, _ = _world(session)
    hits = search(session, "결제", kinds=["postmortem"])
    assert [(h.kind, h.incident_id) for h in hits] == [("postmortem", pool)]
    leak = search(session, "누수 커넥션", kinds=["action"])
    assert [h.kind for h in leak] == ["action"]


def test_index_follows_edits_and_deletes(session: Session) -> None:
    pool, _ = _world(session)
    session.execute(update(Incident).where(Incident.id == pool).values(title="Renamed outage"))
    assert [h.kind for h in search(session, "renamed")] == ["incident"]
    assert all(h.kind != "incident" for h in search(session, "커넥션풀이"))
    session.execute(delete(TimelineEvent).where(TimelineEvent.incident_id == pool))
    assert all(h.kind != "timeline" for h in search(session, "HikariCP"))
    session.execute(delete(Incident).where(Incident.id == pool))
    assert search(session, "커넥션") == []


def test_snippet_marks_every_word() -> None:
    text, marks = snippet("a " * 200 + "the Connection pool ran dry " + "b " * 200, ["pool"])
    assert text.startswith("…") and text.endswith("…")
    assert [text[a:b] for a, b in marks] == ["pool"]


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_bad_queries_are_refused(session: Session, query: str) -> None:
    with pytest.raises(InvalidInput):
        search(session, query)


def test_unknown_kind_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput, match="unknown kind"):
        search(session, "pool", kinds=["wiki"])


def test_a_broad_search_ranks_only_the_newest_matches(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANKED matches, the oldest ones are left out even when they would rank higher."""
    from warroom.analytics import search as module

    oldest = declare(session, NOW, title="disk disk disk full", summary="disk")
    newer = [declare(session, NOW, title=f"node {n}", summary="a disk filled up") for n in (1, 2)]
    session.flush()
    assert search(session, "disk", kinds=["incident"])[0].ref == oldest.id
    monkeypatch.setattr(module, "RANKED", 2)
    assert {h.ref for h in search(session, "disk", kinds=["incident"])} == {i.id for i in newer}
