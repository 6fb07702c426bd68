"""Preserve evidence for an incident: store the file, record it, note it on the timeline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.evidence import rules, store
from warroom.evidence.models import EvidenceFile
from warroom.incidents.queries import get_incident
from warroom.timeline import actions as timeline
from warroom.timeline.rules import EventKind


def add_evidence(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    root: Path,
    incident_id: str,
    source: BinaryIO,
    filename: str,
    kind: str | None = None,
    note: str = "",
) -> EvidenceFile:
    """Keep a file (logs, metrics, deploy config, affected features) with its SHA-256."""
    incident = get_incident(session, incident_id, lock=True)
    evidence_kind = rules.parse_kind(kind, filename)
    stored = store.put(root, source)
    name = Path(filename).name
    event = timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.EVIDENCE,
        now=now,
        body=f"Preserved {evidence_kind.value}: {name} (sha256 {stored.sha256[:12]}…)"
        + (f" — {note.strip()}" if note.strip() else ""),
        data={
            "sha256": stored.sha256,
            "file": name,
            "size": stored.size,
            "evidence_kind": evidence_kind.value,
        },
    )
    evidence = EvidenceFile(
        incident_id=incident.id,
        kind=evidence_kind.value,
        filename=name,
        sha256=stored.sha256,
        size=stored.size,
        media_type=rules.media_type(name),
        stored_as=stored.relative,
        note=note.strip(),
        added_by=str(actor),
        added_at=now,
        timeline_event_id=event.id,
    )
    session.add(evidence)
    session.flush()
    event.data = {**event.data, "evidence_id": evidence.id}
    return evidence
