"""The escalation engine on a real database: who is paged when, and what stops it."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from tests.support.paging import (
    ALICE,
    FakeChannel,
    add_people,
    declare,
    deliveries,
    make_notifier,
    make_worker,
    notes,
)
from warroom.clock import FixedClock
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import Conflict, NotFound
from warroom.incidents.actions import change_severity, transition_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.response import assign_role, post_status_update
from warroom.incidents.rules import State
from warroom.jobs.models import Job
from warroom.notifications import acks, contacts, policies
from warroom.notifications import engine as paging
from warroom.notifications.models import Channel, DeliveryAttempt
from warroom.notifications.ports import SendResult


@pytest.fixture
def mail() -> FakeChannel:
    return FakeChannel()


@pytest.fixture
def people(engine: Engine, clock: FixedClock) -> None:
    add_people(engine, clock, "jane", "bob", "carol")


def _token(message_url: str | None) -> str:
    assert message_url is not None
    return message_url.rsplit("/", 1)[-1]


def test_primary_paged_then_secondary_at_the_policy_delay_until_acknowledged(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    incident = declare(engine, clock, "P1")
    worker.drain()
    [page] = mail.to("jane@example.com")
    assert page.subject.startswith(f"[P1] {incident}")
    assert page.ack_url and page.ack_url.startswith("http://warroom.test/ack/")
    assert mail.to("bob@example.com") == []
    assert any("nobody holds tech_lead" in n for n in notes(engine, incident))

    clock.advance(timedelta(minutes=14))
    worker.drain()
    assert mail.to("bob@example.com") == []  # not before the step's minute
    clock.advance(timedelta(minutes=1))
    worker.drain()
    assert len(mail.to("bob@example.com")) == 1  # the secondary, at 15 min (P1)
    assert len(mail.to("jane@example.com")) == 1

    with unit_of_work(engine) as session:
        outcome = acks.acknowledge_by_link(
            session=session,
            now=clock.now(),
            policy=IncidentPolicy(),
            secret_key="test-secret",
            token=_token(page.ack_url),
        )
    assert outcome.acknowledged and outcome.person == "jane"
    with read_session(engine) as session:
        pending = session.scalars(
            select(Job).where(Job.scope == f"page:{incident}", Job.status == "queued")
        ).all()
    assert pending == []  # cancelled in the acknowledgement's own transaction
    clock.advance(timedelta(hours=3))
    worker.drain()
    assert len(mail.sent) == 2  # nobody else was paged after the acknowledgement
    assert any("Acknowledged from the page" in n for n in notes(engine, incident))


def test_a_duplicated_step_or_send_never_pages_twice(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    notifier = make_notifier(clock, {"email": mail})
    worker = make_worker(engine, clock, notifier)
    incident = declare(engine, clock, "P1")
    worker.drain()
    [run_delivery] = deliveries(engine, incident)
    with unit_of_work(engine) as session:
        again = paging.run_step(
            session, notifier, run_id=int(run_delivery.run_id or 0), step=0, repeat=0
        )
    assert again == []  # the step's deliveries exist: nothing new
    from warroom.notifications.dispatch import deliver

    assert deliver(engine, notifier, run_delivery.id) == "sent"  # already sent: not again
    assert len(mail.sent) == 1


def test_failures_are_retried_with_backoff_honouring_retry_after(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    mail.script = [
        SendResult("retry", code=500, error="HTTP 500"),
        SendResult("retry", code=429, error="HTTP 429", retry_after=120),
    ]
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    incident = declare(engine, clock, "P2")
    worker.drain()
    clock.advance(timedelta(seconds=10))
    worker.drain()  # second attempt: 429, asks for 120 s
    clock.advance(timedelta(seconds=60))
    worker.drain()
    assert len(mail.sent) == 2  # Retry-After not yet over
    clock.advance(timedelta(seconds=61))
    worker.drain()
    [delivery] = deliveries(engine, incident)
    assert delivery.state == "sent" and delivery.attempts == 3
    with read_session(engine) as session:
        attempts = session.scalars(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id == delivery.id)
            .order_by(DeliveryAttempt.number)
        ).all()
        assert [(a.status, a.response_code) for a in attempts] == [
            ("retry", 500),
            ("retry", 429),
            ("ok", 200),
        ]
        assert all(a.latency_ms is not None for a in attempts)


def test_a_channel_that_keeps_failing_is_reported_and_other_methods_go_on(
    engine: Engine, clock: FixedClock, people: None
) -> None:
    mail, sms = FakeChannel(), FakeChannel()
    sms.script = [SendResult("failed", code=400, error="Twilio 21211: invalid To")]
    with unit_of_work(engine) as session:
        contacts.add_method(
            session=session,
            actor=ALICE,
            now=clock.now(),
            handle="jane",
            kind="sms",
            address="+821000000000",
            preverified=True,
        )
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail, "sms": sms}))
    incident = declare(engine, clock, "P3")
    worker.drain()
    assert len(mail.to("jane@example.com")) == 1  # e-mail at once
    clock.advance(timedelta(minutes=5))  # the SMS of a person without rules waits 5 min
    worker.drain()
    assert len(sms.sent) == 1
    assert any(
        "by sms failed after 1 attempt(s): Twilio 21211" in n for n in notes(engine, incident)
    )


def test_nobody_paged_is_reported_not_skipped(
    engine: Engine, clock: FixedClock, mail: FakeChannel
) -> None:
    add_people(engine, clock, "bob")
    with unit_of_work(engine) as session:
        from warroom.people.actions import register_person

        register_person(session, handle="jane", now=clock.now())  # no verified method
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    incident = declare(engine, clock, "P2")
    worker.drain()
    assert mail.sent == []
    assert any(
        n.startswith("Nobody could be paged for step 1") and "jane has no verified" in n
        for n in notes(engine, incident)
    )


def test_p4_pages_nobody_and_says_so(engine: Engine, clock: FixedClock, mail: FakeChannel) -> None:
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    incident = declare(engine, clock, "P4")
    worker.drain()
    assert mail.sent == []
    assert any(n.startswith("No page for P4") for n in notes(engine, incident))


def test_editing_a_policy_mid_incident_does_not_change_who_is_paged(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    declare(engine, clock, "P2")
    worker.drain()
    with unit_of_work(engine) as session:
        policies.save_policy(
            session=session,
            actor=ALICE,
            now=clock.now(),
            name="p2-carol",
            severity="P2",
            steps=[{"at": 0, "targets": ["person:carol"]}, {"at": 15, "targets": ["person:carol"]}],
        )
    clock.advance(timedelta(minutes=30))
    worker.drain()
    assert mail.to("carol@example.com") == []  # the snapshot of the default policy rules
    assert len(mail.to("bob@example.com")) == 1  # secondary at 30 min (P2)
    second = declare(engine, clock, "P2", title="Another one")
    worker.drain()
    assert len(mail.to("carol@example.com")) == 1  # a new incident uses the new policy
    assert second


def test_raising_severity_restarts_paging_on_the_new_policy(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    incident = declare(engine, clock, "P3")
    worker.drain()
    with unit_of_work(engine) as session:
        change_severity(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            incident_id=incident,
            to="P1",
            reason="all regions",
        )
    worker.drain()
    clock.advance(timedelta(minutes=15))
    worker.drain()
    assert len(mail.to("bob@example.com")) == 1  # P1's secondary at 15 min, not P3's 30


def test_ack_links_are_single_use_expire_and_are_refused_after_resolve(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    notifier = make_notifier(clock, {"email": mail}, ack_ttl=timedelta(minutes=20))
    worker = make_worker(engine, clock, notifier)
    first = declare(engine, clock, "P1")
    second = declare(engine, clock, "P1", title="DB pool exhausted")
    worker.drain()
    token_1, token_2 = (_token(mail.to("jane@example.com")[i].ack_url) for i in (0, 1))

    def use(token: str) -> acks.AckOutcome:
        with unit_of_work(engine) as session:
            return acks.acknowledge_by_link(
                session=session,
                now=clock.now(),
                policy=IncidentPolicy(),
                secret_key="test-secret",
                token=token,
            )

    use(token_1)
    with pytest.raises(Conflict) as used:
        use(token_1)
    assert used.value.code == "ack_link_used"
    with pytest.raises(NotFound):
        use(token_2[:-2] + "xx")  # tampered signature
    with unit_of_work(engine) as session:
        transition_incident(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            incident_id=second,
            to=State.RESOLVED,
        )
    with pytest.raises(Conflict) as resolved:
        use(token_2)
    assert resolved.value.code == "ack_link_resolved"
    third = declare(engine, clock, "P1", title="Disk full")
    worker.drain()
    clock.advance(timedelta(minutes=21))
    with pytest.raises(Conflict) as expired:
        use(_token(mail.to("jane@example.com")[-1].ack_url))
    assert expired.value.code == "ack_link_expired"
    assert first and third


def test_status_update_reminder_goes_to_the_communication_lead_and_resolve_stops_it(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    incident = declare(engine, clock, "P2")
    with unit_of_work(engine) as session:
        transition_incident(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            incident_id=incident,
            to=State.ACKNOWLEDGED,
        )
        assign_role(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            incident_id=incident,
            role="comms",
            handle="carol",
        )
    worker.drain()
    clock.advance(timedelta(minutes=15))
    worker.drain()
    [reminder] = mail.to("carol@example.com")
    assert reminder.purpose == "reminder" and "status update due" in reminder.subject
    with unit_of_work(engine) as session:
        post_status_update(
            session=session, actor=ALICE, now=clock.now(), incident_id=incident, body="Rolling back"
        )
    clock.advance(timedelta(minutes=10))
    worker.drain()
    assert len(mail.to("carol@example.com")) == 1  # the update reset the cadence
    with unit_of_work(engine) as session:
        transition_incident(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            incident_id=incident,
            to=State.RESOLVED,
        )
    clock.advance(timedelta(hours=1))
    worker.drain()
    assert len(mail.to("carol@example.com")) == 1


def test_announcements_and_posted_updates_reach_the_incident_channel(
    engine: Engine, clock: FixedClock, people: None
) -> None:
    slack = FakeChannel()
    with unit_of_work(engine) as session:
        contacts.save_channel(
            session=session,
            actor=ALICE,
            now=clock.now(),
            name="incidents",
            kind="slack_webhook",
            config={"url": "http://slack.test/hook"},
            announce=["P1", "P2"],
        )
    worker = make_worker(engine, clock, make_notifier(clock, {"slack_webhook": slack}))
    incident = declare(engine, clock, "P1")
    declare(engine, clock, "P3", title="Minor")  # not announced at P3
    worker.drain()
    with unit_of_work(engine) as session:
        post_status_update(
            session=session,
            actor=ALICE,
            now=clock.now(),
            incident_id=incident,
            body="Rolled back to v2.3.3",
            broadcast=True,
        )
        transition_incident(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            incident_id=incident,
            to=State.RESOLVED,
        )
    worker.drain()
    purposes = [m.purpose for m, _d in slack.sent]
    assert purposes == ["announce", "update", "resolved"]
    assert "Rolled back to v2.3.3" in slack.sent[1][0].text
    assert slack.sent[0][0].slack is not None  # Block Kit from postmortems.comms
    with read_session(engine) as session:
        assert session.get(Channel, "incidents") is not None


def test_two_workers_never_send_the_same_page_twice(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    notifier = make_notifier(clock, {"email": mail})
    for n in range(30):
        declare(engine, clock, "P1", title=f"Incident {n}")
    workers = [make_worker(engine, clock, notifier, name=f"w{i}") for i in (1, 2)]
    threads = [threading.Thread(target=w.drain) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in workers:
        worker.drain()
    keys = Counter(m.key for m, _d in mail.sent)
    assert len(keys) == 30 and set(keys.values()) == {1}


def test_the_primary_of_the_real_schedule_covering_the_service_is_paged(
    engine: Engine, clock: FixedClock, mail: FakeChannel, people: None
) -> None:
    """`oncall:` targets read warroom.oncall: the week's primary, then its secondary."""
    from datetime import date

    from warroom.notifications.directory import ScheduleDirectory
    from warroom.oncall.actions import add_rotation, create_schedule

    with unit_of_work(engine) as session:
        create_schedule(
            session=session, actor=ALICE, now=clock.now(), name="payments",
            timezone="Asia/Seoul", services=["checkout"],
        )  # fmt: skip
        for role, offset in (("primary", 0), ("secondary", 1)):
            add_rotation(
                session=session, actor=ALICE, now=clock.now(), schedule="payments", role=role,
                people=["carol", "bob", "jane"], start=date(2026, 11, 2), offset=offset,
                handoff="mon 09:00",
            )  # fmt: skip
    notifier = make_notifier(clock, {"email": mail}, directory=ScheduleDirectory())
    worker = make_worker(engine, clock, notifier)
    incident = declare(engine, clock, "P1")  # service checkout, on 2026-11-22 (week 3)
    worker.drain()
    [page] = mail.to("jane@example.com")  # the third week's primary
    assert page.subject.startswith(f"[P1] {incident}")
    assert mail.to("carol@example.com") == [] and mail.to("bob@example.com") == []
    clock.advance(timedelta(minutes=15))
    worker.drain()
    assert len(mail.to("carol@example.com")) == 1  # the secondary, one turn ahead
