"""The Markdown file of a postmortem: its state, its text and where it lives."""

from __future__ import annotations

from warroom.postmortems.markdown.render import FileState, render_file
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.queries import document_of


def file_state(pm: Postmortem) -> FileState:
    return FileState(
        incident=pm.incident_id,
        template=pm.template,
        lang=pm.lang,
        status=pm.status,
        revision=pm.revision,
        content_hash=pm.content_hash,
    )


def render_postmortem(pm: Postmortem, policy: PostmortemPolicy) -> str:
    """The file as `export` writes it; importing it unchanged is a no-op."""
    return render_file(document_of(pm), file_state(pm), policy.template_dir)
