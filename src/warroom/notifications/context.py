"""What the notification handlers share, built once where the worker is wired."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from warroom.clock import Clock, SystemClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.incidents.policy import IncidentPolicy
from warroom.notifications.directory import ScheduleDirectory
from warroom.notifications.ports import OnCallDirectory, Transports
from warroom.postmortems.policy import PostmortemPolicy

ESCALATION = Actor(handle="escalation", kind="system")


@dataclass(frozen=True)
class Notifier:
    """Settings, ports and clock for the engine; tests build one with fakes."""

    secret_key: str
    transports: Transports = field(default_factory=dict)
    directory: OnCallDirectory = field(default_factory=ScheduleDirectory)
    clock: Clock = field(default_factory=SystemClock)
    incident_policy: IncidentPolicy = field(default_factory=IncidentPolicy)
    postmortem_policy: PostmortemPolicy = field(default_factory=PostmortemPolicy)
    lang: str = "en"
    public_url: str = "http://127.0.0.1:8080"
    ack_ttl: timedelta = timedelta(minutes=120)
    max_attempts: int = 6
    # An attempt younger than this is presumed still in flight in another worker (its job
    # lease lapsed under load): it is not sent again until this has passed. Longer than
    # any channel's timeout, so only a crashed attempt is ever resent.
    in_flight: timedelta = timedelta(seconds=45)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        secret_key: str,
        transports: Transports,
        directory: OnCallDirectory | None = None,
        clock: Clock | None = None,
    ) -> Notifier:
        notify = settings.notify
        return cls(
            secret_key=secret_key,
            transports=transports,
            directory=directory or ScheduleDirectory(),
            clock=clock or SystemClock(),
            incident_policy=IncidentPolicy.from_settings(settings),
            postmortem_policy=PostmortemPolicy.from_settings(settings),
            lang=settings.language,
            public_url=notify.public_url.rstrip("/"),
            ack_ttl=timedelta(minutes=notify.ack_link_minutes),
            max_attempts=notify.max_attempts,
            in_flight=timedelta(seconds=notify.http_timeout * 3 + 15),
        )

    def incident_url(self, incident_id: str) -> str:
        return f"{self.public_url}/incidents/{incident_id}"
