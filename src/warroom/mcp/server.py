"""The MCP server: warroom's tools, prompts and resources for AI assistants.

One `MCPServer` per process, built by `build_server(workspace)`; `warroom mcp` runs it
over stdio for a local assistant, `warroom serve` mounts it at `/mcp` (streamable HTTP,
stateless, bearer tokens) beside the REST API. Tools call the same actions and queries
as the CLI and the API, under the caller's role, and every call is audited.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.prompts.base import UserMessage

from warroom.mcp import (
    action_tools,
    incident_tools,
    oncall_tools,
    postmortem_tools,
    runbook_tools,
)
from warroom.mcp.workspace import Workspace
from warroom.postmortems.document import Document
from warroom.postmortems.markdown.render import BUILTIN_TEMPLATES, render_body
from warroom.severity.queries import matrix_document

INSTRUCTIONS = (
    "warroom is the team's incident record. Read incidents (timeline, roles, alerts, "
    "evidence), add timeline notes, draft and edit postmortems, run the blameless linter, "
    "and raise routed action items. Writes are attributed to your user and marked as an "
    "agent's. Publishing, approving and closing are left to people."
)
Lang = Literal["en", "ko"]


def prompt_text(name: str, lang: str, incident_id: str) -> str:
    """A prompt from the package, in the asked language (English when unknown)."""
    folder = lang if lang in ("en", "ko") else "en"
    text = resources.files("warroom.mcp").joinpath(f"prompts/{folder}/{name}.md").read_text()
    return text.replace("{incident_id}", incident_id)


def build_server(ws: Workspace) -> MCPServer:
    server: MCPServer = MCPServer(
        "warroom", title="warroom", instructions=INSTRUCTIONS, version="0.1.0"
    )
    incident_tools.register(server, ws)
    postmortem_tools.register(server, ws)
    action_tools.register(server, ws)
    oncall_tools.register(server, ws)
    runbook_tools.register(server, ws)
    _prompts(server)
    _resources(server, ws)
    return server


def _prompts(server: MCPServer) -> None:
    @server.prompt(title="Write the postmortem")
    def write_postmortem(incident_id: str, lang: Lang = "en") -> list[UserMessage]:
        """Seed 000's postmortem writer: draft, fill, lint and route action items."""
        return [UserMessage(prompt_text("write_postmortem", lang, incident_id))]

    @server.prompt(title="Review the postmortem")
    def review_postmortem(incident_id: str, lang: Lang = "en") -> list[UserMessage]:
        """A blameless review of a postmortem, with rewrites and a verdict."""
        return [UserMessage(prompt_text("review_postmortem", lang, incident_id))]


def _resources(server: MCPServer, ws: Workspace) -> None:
    @server.resource(
        "warroom://severity/matrix",
        title="Severity scale and impact matrix",
        mime_type="application/json",
    )
    def severity_matrix() -> str:
        """P1-P4 with response and recovery targets, and the users x business matrix."""
        return json.dumps(matrix_document(ws.policy.severity), ensure_ascii=False, indent=2)

    team_dir = ws.settings.postmortem_template_dir
    for template in BUILTIN_TEMPLATES:
        for lang in ("en", "ko"):
            _template_resource(server, template, lang, team_dir)


def _template_resource(server: MCPServer, template: str, lang: str, team_dir: Path | None) -> None:
    uri = f"warroom://templates/{template}/{lang}"

    def blank() -> str:
        return render_body(Document(), template, lang, team_dir)

    server.resource(
        uri,
        name=f"template-{template}-{lang}",
        title=f"Postmortem template {template} ({lang})",
        description=f"The blank {template} postmortem template in {lang}, as Markdown.",
        mime_type="text/markdown",
    )(blank)
