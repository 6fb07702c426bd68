"""Every table warroom owns, imported in one place for Alembic and test schemas.

Outside the layer contracts on purpose: it is the one module that sees all models.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData

from warroom.accounts import agent_audit  # noqa: F401 - registers the table
from warroom.accounts import models as account_models  # noqa: F401
from warroom.action_items import models as action_item_models  # noqa: F401
from warroom.alerts import models as alert_models  # noqa: F401
from warroom.analytics import index_sql
from warroom.analytics import models as analytics_models  # noqa: F401
from warroom.db import counters  # noqa: F401 - registers the table
from warroom.db.base import Base
from warroom.drills import models as drill_models  # noqa: F401
from warroom.evidence import models as evidence_models  # noqa: F401
from warroom.incidents import models as incident_models  # noqa: F401
from warroom.jobs import models as jobs_models  # noqa: F401 - registers the table
from warroom.notifications import models as notification_models  # noqa: F401
from warroom.oncall import models as oncall_models  # noqa: F401
from warroom.people import models as people_models  # noqa: F401
from warroom.postmortems import models as postmortem_models  # noqa: F401
from warroom.runbooks import models as runbook_models  # noqa: F401
from warroom.timeline import models as timeline_models  # noqa: F401

index_sql.attach(Base.metadata)


def metadata() -> MetaData:
    return Base.metadata


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Alembic's filter: leave out what migrations manage by hand (the search index)."""
    return not index_sql.is_managed_here(name, type_)
