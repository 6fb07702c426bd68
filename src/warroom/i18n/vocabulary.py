"""Domain words shown through `_()` at run time, marked here so Babel extracts them."""

from __future__ import annotations

from warroom.i18n import N_

STATES = [
    N_("detected"),
    N_("acknowledged"),
    N_("investigating"),
    N_("mitigated"),
    N_("resolved"),
    N_("closed"),
]
EVENT_KINDS = [
    N_("alert"),
    N_("status_change"),
    N_("severity_change"),
    N_("role_change"),
    N_("note"),
    N_("action"),
    N_("decision"),
    N_("communication"),
    N_("deploy"),
    N_("evidence"),
    N_("runbook_step"),
    N_("correction"),
]
ROLES = [
    N_("incident_commander"),
    N_("communication_lead"),
    N_("tech_lead"),
    N_("oncall_engineer"),
    N_("ops_engineer"),
    N_("dba"),
]
SOURCES = [N_("monitoring"), N_("apm"), N_("logs"), N_("synthetic"), N_("user_report")]
VERDICTS = [N_("met"), N_("breached"), N_("pending"), N_("no_target")]
IMPACTS = [
    N_("very_few"),
    N_("some"),
    N_("many"),
    N_("all"),
    N_("revenue"),
    N_("work"),
    N_("inconvenience"),
]
LEVEL_NAMES = [N_("Critical"), N_("Major"), N_("Minor"), N_("Low")]
TARGETS = [N_("next_business_day"), N_("next_release")]
HEADLINES = [
    N_("declared"),
    N_("reopened"),
    N_("severity changed"),
    N_("updated"),
]
# On-call (003 §4.2): role names of rotations, override kinds, rotation lengths, weekdays
ONCALL = [
    N_("primary"),
    N_("secondary"),
    N_("tertiary"),
    N_("replace"),
    N_("add"),
    N_("remove"),
    N_("weekly"),
    N_("daily"),
    N_("imported"),
    N_("Mon"),
    N_("Tue"),
    N_("Wed"),
    N_("Thu"),
    N_("Fri"),
    N_("Sat"),
    N_("Sun"),
]
