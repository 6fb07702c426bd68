"""Incidents, their role assignments and status updates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warroom.db.base import Base


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_state_severity_declared", "state", "severity", "declared_at"),
        Index("ix_incidents_declared", "declared_at"),
        Index("ix_incidents_deploy", "deploy_version"),  # related incidents (0009)
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    severity: Mapped[str] = mapped_column(String(4), nullable=False)
    user_impact: Mapped[str | None] = mapped_column(String(20))
    business_impact: Mapped[str | None] = mapped_column(String(20))
    detection_source: Mapped[str] = mapped_column(String(20), nullable=False)
    deploy_version: Mapped[str | None] = mapped_column(String(100))
    is_drill: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    declared_by: Mapped[str] = mapped_column(String(128), nullable=False)

    started_at: Mapped[datetime] = mapped_column(nullable=False)
    detected_at: Mapped[datetime] = mapped_column(nullable=False)
    declared_at: Mapped[datetime] = mapped_column(nullable=False)
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    investigating_at: Mapped[datetime | None] = mapped_column()
    mitigated_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    close_override: Mapped[str | None] = mapped_column(Text)
    reopen_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    response_due_at: Mapped[datetime | None] = mapped_column()
    rto_due_at: Mapped[datetime | None] = mapped_column()
    last_update_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(nullable=False)

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="incident", order_by="RoleAssignment.id", lazy="selectin"
    )
    service_rows: Mapped[list[IncidentService]] = relationship(
        order_by="IncidentService.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    # The affected services as names, in the incident's order; assigning a list
    # replaces the rows (see `IncidentService`).
    services: AssociationProxy[list[str]] = association_proxy(
        "service_rows", "name", creator=lambda name: IncidentService(name=name)
    )


class IncidentService(Base):
    """One affected service of an incident, matched exactly by name (an indexed row).

    Services used to be a JSON array matched with LIKE, which missed non-ASCII names
    and read `%` and `_` as wildcards; revision 0002 moved them here.
    """

    __tablename__ = "incident_services"
    __table_args__ = (Index("ix_incident_services_name", "name", "incident_id"),)

    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)


class RoleAssignment(Base):
    """Who holds a role, from when; a hand-over ends one row and starts the next."""

    __tablename__ = "incident_roles"
    __table_args__ = (Index("ix_incident_roles_incident", "incident_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    role: Mapped[str] = mapped_column(String(40), nullable=False)
    handle: Mapped[str] = mapped_column(String(64), nullable=False)
    assigned_at: Mapped[datetime] = mapped_column(nullable=False)
    assigned_by: Mapped[str] = mapped_column(String(128), nullable=False)
    relieved_at: Mapped[datetime | None] = mapped_column()

    incident: Mapped[Incident] = relationship(back_populates="roles")


class StatusUpdate(Base):
    """A stakeholder update (003 §4.3 cadence); also written to the timeline."""

    __tablename__ = "status_updates"
    __table_args__ = (Index("ix_status_updates_incident", "incident_id", "posted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    posted_at: Mapped[datetime] = mapped_column(nullable=False)
    author: Mapped[str] = mapped_column(String(128), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    severity: Mapped[str] = mapped_column(String(4), nullable=False)
