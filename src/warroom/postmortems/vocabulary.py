"""Words shown through `_()` by value or inside f-strings, marked here for extraction.

pybabel only sees literal `_("...")` and `N_("...")` calls; these are looked up at run
time (states, roles, decisions) or formatted inline, so they are listed once here.
"""

from __future__ import annotations

from warroom.i18n import N_

VOCABULARY = (
    # incident states, detection sources and roles as the drafts and texts show them
    N_("detected"), N_("acknowledged"), N_("investigating"), N_("mitigated"),
    N_("resolved"), N_("closed"), N_("monitoring"), N_("apm"), N_("logs"), N_("synthetic"),
    N_("user_report"), N_("incident_commander"), N_("communication_lead"), N_("tech_lead"),
    N_("oncall_engineer"), N_("ops_engineer"), N_("dba"),
    # postmortem workflow
    N_("draft"), N_("in_review"), N_("published"), N_("approved"), N_("changes_requested"),
    N_("reviewer"), N_("approver"), N_("approved by {who}"),
    N_("drafted {path} ({template}, {lang})"), N_("Other sections"),
    # `postmortem show` keys
    N_("incident"), N_("title"), N_("template"), N_("lang"), N_("revision"), N_("path"),
    N_("reviewers"), N_("signoffs"), N_("draft_due_at"), N_("review_due_at"),
    N_("published_at"),
    # the meeting agenda (001)
    N_("Postmortem meeting"), N_("Length"), N_("90 minutes"), N_("Hold by"), N_("Attendees"),
    N_("Ground rule"), N_("Build the timeline"), N_("Root cause analysis (5 Whys)"),
    N_("Improvements"), N_("Action items"),
    # announcements
    N_("under investigation"),
)  # fmt: skip
