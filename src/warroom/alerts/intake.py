"""Accepting a delivery: validate the body, then store it raw (pending or rejected).

This is all the receivers do before answering: the checks that decide 400 or 2xx
(the source's own parser, a pure function), and one row per delivery written with
SQLAlchemy Core, many rows in one executemany when requests share a transaction.
Applying a pending delivery to its group happens later (`alerts.applier`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from warroom.alerts.models import Delivery, Integration
from warroom.alerts.sources import alertmanager, pagerduty, webhook
from warroom.alerts.sources.base import NormalizedGroup, PayloadError, clean_decoded, clean_text

PENDING = "pending"
REJECTED = "rejected"
_TABLE: Any = Delivery.__table__
# The JSON escapes that decode to what cannot be stored: NUL, and UTF-16 surrogates
# (a lone one is not text; a pair is, and is checked the same way).
_RISKY_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
TOO_DEEP = "the body is nested too deeply to be an alert (arrays or objects inside each other)"


@dataclass(slots=True)
class Checked:
    """A delivery validated and ready to store; `errors` set means it is refused."""

    integration_id: int
    source: str
    text: str
    body_sha256: str
    errors: list[str] = field(default_factory=list)
    group_key: str = ""
    external_key: str = ""

    @property
    def status(self) -> str:
        return REJECTED if self.errors else PENDING

    def row(self, now: datetime) -> dict[str, Any]:
        return {
            "integration_id": self.integration_id,
            "source": self.source,
            "received_at": now,
            "body": self.text,
            "body_sha256": self.body_sha256,
            "status": self.status,
            "errors": self.errors,
            "group_key": self.group_key,
            "group_id": None,
            "changes": 0,
        }


def check_delivery(
    *, integration: Integration, source: str, body: bytes, new_dedup_key: Callable[[], str]
) -> Checked:
    """Validate `body` exactly as applying it will; never raises for a bad payload."""
    text = clean_text(body.decode("utf-8", errors="replace"))  # what is stored and parsed
    checked = Checked(integration.id, source, text, hashlib.sha256(body).hexdigest())
    try:
        group = parse_body(source, text, integration, new_dedup_key)
    except PayloadError as error:
        checked.errors = list(error.errors)
        return checked
    checked.group_key = group.key
    checked.external_key = group.external_key
    return checked


def store_deliveries(session: Session, checked: Sequence[Checked], *, now: datetime) -> list[int]:
    """Insert the rows in one executemany (in the caller's transaction); return their ids."""
    if not checked:
        return []
    statement = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)
    result = session.execute(statement, [c.row(now) for c in checked])
    return [int(row[0]) for row in result]


def parse_body(
    source: str, text: str, integration: Integration, new_dedup_key: Callable[[], str]
) -> NormalizedGroup:
    """Decode and normalise one body; raise PayloadError listing every problem."""
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise PayloadError([f"the body is not JSON: {exc}"], source=source) from None
    except RecursionError:
        raise PayloadError([TOO_DEEP], source=source) from None
    data = clean_decoded(data, escapes=_RISKY_ESCAPE.search(text) is not None, source=source)
    if source == "alertmanager":
        return alertmanager.parse(data)
    if source == "pagerduty":
        return pagerduty.parse(data, new_dedup_key=new_dedup_key)
    mapping = webhook.WebhookMapping.from_config(integration.config.get("mapping"))
    return webhook.parse(data, mapping)
