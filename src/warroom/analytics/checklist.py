"""The deployment checklist learned from published postmortems (seed 001: "apply to the
next deployment checklist").

Items come from published postmortems only, newest first, repeated wording once:

- every *prevention* lesson of a deployment postmortem — one written with the `deploy`
  template, or of an incident that named a deploy (`--deploy`);
- any lesson (technical, process or prevention) of any published postmortem tagged
  `#deploy` or `#배포`; the tag is dropped from the printed text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.incidents.models import Incident
from warroom.postmortems.models import Postmortem
from warroom.postmortems.queries import document_of

TAG = re.compile(r"(?<!\w)#(?:deploy|deployment|배포)(?!\w)", re.IGNORECASE)
LESSONS = ("lessons_technical", "lessons_process", "lessons_prevention")
MAX_POSTMORTEMS = 500


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    text: str
    incident_id: str
    title: str
    published_at: datetime
    source: str  # the lesson list it came from


def _clean(text: str) -> str:
    text = TAG.sub("", text)
    text = re.sub(r"^\s*(?:[-*]\s*)?(?:\[[ xX]\]\s*)?", "", text)
    return " ".join(text.split())


def deploy_checklist(session: Session, *, since: datetime | None) -> list[ChecklistItem]:
    query = (
        select(Postmortem, Incident.deploy_version)
        .join(Incident, Incident.id == Postmortem.incident_id)
        .where(Postmortem.status == "published", Postmortem.published_at.is_not(None))
        .order_by(Postmortem.published_at.desc())
        .limit(MAX_POSTMORTEMS)
    )
    if since is not None:
        query = query.where(Postmortem.published_at >= since)
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for pm, deploy in session.execute(query):
        doc = document_of(pm)
        deploy_postmortem = pm.template == "deploy" or bool(deploy)
        for source in LESSONS:
            for raw in getattr(doc, source):
                tagged = TAG.search(raw) is not None
                if not (tagged or (deploy_postmortem and source == "lessons_prevention")):
                    continue
                text = _clean(raw)
                key = text.lower()
                if not text or key in seen:
                    continue
                seen.add(key)
                assert pm.published_at is not None
                items.append(ChecklistItem(text, pm.incident_id, pm.title, pm.published_at, source))
    return items
