"""Read preserved evidence."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.errors import NotFound
from warroom.evidence.models import EvidenceFile


def list_evidence(session: Session, incident_id: str) -> list[EvidenceFile]:
    return list(
        session.scalars(
            select(EvidenceFile)
            .where(EvidenceFile.incident_id == incident_id)
            .order_by(EvidenceFile.added_at, EvidenceFile.id)
        )
    )


def get_evidence(session: Session, evidence_id: int) -> EvidenceFile:
    evidence = session.get(EvidenceFile, evidence_id)
    if evidence is None:
        raise NotFound(
            f"evidence #{evidence_id} not found",
            hint="`warroom evidence list INCIDENT` shows evidence numbers.",
        )
    return evidence
