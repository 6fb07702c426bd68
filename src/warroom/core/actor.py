"""Who did something: every write is attributed to an actor."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """A person (by handle) or a system component (alert source, worker, demo loader)."""

    handle: str
    kind: str = "person"

    def __str__(self) -> str:
        return self.handle if self.kind == "person" else f"{self.kind}:{self.handle}"


def local_actor() -> Actor:
    """Return the CLI user: WARROOM_ACTOR when set, else the login name."""
    handle = os.environ.get("WARROOM_ACTOR") or getpass.getuser() or "unknown"
    return Actor(handle=handle)


SYSTEM = Actor(handle="warroom", kind="system")
