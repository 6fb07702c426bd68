"""MCP tools over postmortems: draft from the incident, read, edit sections, lint.

Publishing and approving are people's decisions and are not exposed (docs/mcp.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from warroom.action_items.postmortem_link import document_rows
from warroom.analytics.related import related_lines
from warroom.core.actor import Actor
from warroom.core.ids import normalize_incident_id
from warroom.mcp.incident_tools import IncidentId
from warroom.mcp.workspace import Workspace, caller_of
from warroom.postmortems import actions
from warroom.postmortems.document import BODY_FIELDS
from warroom.postmortems.files import render_postmortem
from warroom.postmortems.lint.runner import lint_text
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.queries import document_of, get_postmortem
from warroom.postmortems.sections import update_sections

Template = Literal["sre", "report", "deploy", "concise"]
SECTIONS_HELP = "Sections to replace, by name: " + ", ".join(BODY_FIELDS) + "."


class PostmortemView(BaseModel):
    incident: str
    title: str
    status: str
    template: str
    lang: str
    revision: int = Field(description="Pass it back to update_postmortem.")
    sections: dict[str, Any] = Field(description="Every section's current value.")
    markdown: str = Field(description="The document as its Markdown file holds it.")


class LintFinding(BaseModel):
    rule: str
    name: str
    severity: str
    line: int
    message: str
    hint: str


class LintReport(BaseModel):
    errors: int
    warnings: int
    findings: list[LintFinding]


def register(server: MCPServer, ws: Workspace) -> None:
    policy = PostmortemPolicy.from_settings(ws.settings)

    def view(pm: Postmortem) -> PostmortemView:
        sections = document_of(pm).model_dump(mode="json")
        sections.pop("meta", None)
        return PostmortemView(
            incident=pm.incident_id,
            title=pm.title,
            status=pm.status,
            template=pm.template,
            lang=pm.lang,
            revision=pm.revision,
            sections=sections,
            markdown=render_postmortem(pm, policy),
        )

    @server.tool(title="Draft the postmortem")
    def draft_postmortem(
        ctx: Context,
        incident_id: IncidentId,
        template: Template | None = None,
        lang: Literal["en", "ko"] | None = None,
    ) -> PostmortemView:
        """Start the postmortem of a resolved incident from its data (timeline, roles,
        durations, findings, tracked action items); sections only people know stay blank."""
        key = normalize_incident_id(incident_id)
        args = {"incident_id": key, "template": template, "lang": lang}

        def action(session: Session, actor: Actor) -> PostmortemView:
            pm = actions.draft_postmortem(
                session=session,
                actor=actor,
                now=ws.clock.now(),
                incident_policy=ws.policy,
                policy=policy,
                incident_id=key,
                template=template,
                lang=lang,
                action_items=document_rows(session, key, policy.tz),
                related=related_lines(session, key, lang or policy.language),
            )
            return view(pm)

        return ws.write(caller_of(ws, ctx), "draft_postmortem", args, action)

    @server.tool(title="Read the postmortem")
    def get_postmortem_text(ctx: Context, incident_id: IncidentId) -> PostmortemView:
        """Read an incident's postmortem: status, revision, every section and the Markdown."""
        key = normalize_incident_id(incident_id)

        def query(session: Session) -> PostmortemView:
            return view(get_postmortem(session, key))

        return ws.read(caller_of(ws, ctx), "get_postmortem", {"incident_id": key}, query)

    @server.tool(title="Edit postmortem sections")
    def update_postmortem(
        ctx: Context,
        incident_id: IncidentId,
        revision: Annotated[int, Field(ge=0, description="The revision you read.")],
        sections: Annotated[dict[str, Any], Field(description=SECTIONS_HELP)],
    ) -> PostmortemView:
        """Replace sections of a draft postmortem. Text sections take a string, lists a list
        of strings, tables (timeline, five_whys, action_items, ...) a list of row objects.
        Refused when someone saved a newer revision: read it again first."""
        key = normalize_incident_id(incident_id)
        args = {"incident_id": key, "revision": revision, "sections": sections}

        def action(session: Session, actor: Actor) -> PostmortemView:
            pm = update_sections(
                session=session,
                actor=actor,
                now=ws.clock.now(),
                incident_id=key,
                changes=sections,
                revision=revision,
            )
            return view(pm)

        return ws.write(caller_of(ws, ctx), "update_postmortem", args, action)

    @server.tool(title="Lint the postmortem")
    def lint_postmortem(ctx: Context, incident_id: IncidentId) -> LintReport:
        """Run warroom's blameless and completeness checks on the postmortem (`warroom lint`)."""
        key = normalize_incident_id(incident_id)

        def query(session: Session) -> LintReport:
            pm = get_postmortem(session, key)
            found = lint_text(render_postmortem(pm, policy), pm.path)
            findings = [
                LintFinding(
                    rule=f.rule_id,
                    name=f.name,
                    severity=f.severity,
                    line=f.line,
                    message=f.message,
                    hint=f.hint,
                )
                for f in found
            ]
            errors = sum(1 for f in findings if f.severity == "error")
            return LintReport(errors=errors, warnings=len(findings) - errors, findings=findings)

        return ws.read(caller_of(ws, ctx), "lint_postmortem", {"incident_id": key}, query)
