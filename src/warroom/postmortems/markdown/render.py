"""Render a document to Markdown with YAML front matter through a Jinja2 template.

Templates lay out headings and guidance and call `text()`, `line()`, `items()`,
`table()` and `actions()` to place each field. A field the template leaves out is
appended at the end, so a team's own template can never make an import lose data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from warroom.errors import InvalidInput
from warroom.i18n import N_, translator
from warroom.postmortems.document import (
    BODY_FIELDS,
    HORIZONS,
    LINE_FIELDS,
    LIST_FIELDS,
    TABLE_ROWS,
    Document,
)
from warroom.postmortems.markdown import blocks

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "templates"
BUILTIN_TEMPLATES = ("sre", "report", "deploy", "concise")
FORMAT_VERSION = 1

FIELD_LABELS: dict[str, str] = {
    "tldr": N_("Summary"),
    "impact_users": N_("Affected users"),
    "impact_duration": N_("Duration"),
    "impact_degradation": N_("Service degradation"),
    "impact_failed_requests": N_("Failed requests"),
    "impact_revenue": N_("Revenue impact"),
    "impact_systems": N_("Systems affected"),
    "impact_data_loss": N_("Data loss"),
    "impact_slo": N_("SLO impact"),
    "impact_error_budget": N_("Error budget consumed"),
    "timeline": N_("Timeline"),
    "durations": N_("Durations and SLA"),
    "root_cause_direct": N_("Direct cause"),
    "root_cause_technical": N_("Technical explanation"),
    "five_whys": N_("5 Whys"),
    "root_cause_summary": N_("Root cause in one sentence"),
    "detection_delay": N_("Why detection took as long as it did"),
    "resolution_mitigation": N_("Immediate mitigation"),
    "resolution_root_fix": N_("Root cause fix"),
    "contributing_factors": N_("Contributing factors"),
    "went_well": N_("What went well"),
    "went_wrong": N_("What went wrong"),
    "lucky": N_("Where we got lucky"),
    "action_items": N_("Action items"),
    "lessons_technical": N_("Technical lessons"),
    "lessons_process": N_("Process lessons"),
    "lessons_prevention": N_("Prevention"),
    "related_incidents": N_("Related incidents"),
    "links": N_("Links"),
    "metrics": N_("Metric snapshots"),
    "sign_off_author": N_("Author"),
    "sign_off_reviewers": N_("Reviewed by"),
    "sign_off_approver": N_("Approved by"),
    "sign_off_published": N_("Published"),
    "appendix_technical": N_("Technical details"),
    "appendix_communication": N_("Communication timeline"),
    "appendix_code_fix": N_("Code fix"),
}


@dataclass(frozen=True, slots=True)
class FileState:
    """The machine part of the front matter: which copy of the document this file is."""

    incident: str
    template: str
    lang: str
    status: str
    revision: int
    content_hash: str


@dataclass
class _Layout:
    """What one rendering has placed so far; refuses to place a field twice."""

    doc: Document
    lang: str
    emitted: set[str] = field(default_factory=set)
    horizons: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._ = translator(self.lang).gettext

    def claim(self, key: str) -> None:
        if key not in BODY_FIELDS:
            raise InvalidInput(f"the template places an unknown field '{key}'", hint=_FIELDS_HINT)
        if key in self.emitted:
            raise InvalidInput(f"the template places '{key}' twice", hint=_FIELDS_HINT)
        self.emitted.add(key)

    def text(self, key: str, guidance: str = "") -> str:
        if key == "action_items":
            return self.actions(guidance)
        if key in TABLE_ROWS:
            return self.table(key, guidance)
        self.claim(key)
        if key in LIST_FIELDS:
            return blocks.render_list(getattr(self.doc, key), key, guidance, self.lang)
        if key in LINE_FIELDS:
            return blocks.render_line(getattr(self.doc, key), key, guidance, self.lang)
        return blocks.render_text(getattr(self.doc, key), key, guidance, self.lang)

    def table(self, key: str, guidance: str = "", numbered: bool = False) -> str:
        if key not in TABLE_ROWS or key == "action_items":
            return self.text(key, guidance)
        self.claim(key)
        rows = [r.model_dump() for r in getattr(self.doc, key)]
        return blocks.render_table(rows, key, guidance, self.lang, self._, numbered=numbered)

    def actions(self, guidance: str = "", horizon: str | None = None) -> str:
        if horizon is None:
            self.claim("action_items")
        else:
            if (
                horizon not in HORIZONS
                or horizon in self.horizons
                or "action_items" in self.emitted
            ):
                raise InvalidInput(f"the template places action items '{horizon}' twice")
            self.horizons.add(horizon)
        rows = blocks.action_rows(self.doc.action_items, horizon)
        return blocks.render_table(
            rows, "action_items", guidance, self.lang, self._, horizon=horizon
        )

    def rest(self) -> str:
        """Blocks for the fields the template did not place, under one heading."""
        parts: list[str] = []
        if self.horizons and "action_items" not in self.emitted:
            parts += [self.actions(horizon=h) for h in HORIZONS if h not in self.horizons]
            self.emitted.add("action_items")
        for key in BODY_FIELDS:
            if key not in self.emitted:
                parts.append(f"### {self._(FIELD_LABELS[key])}\n\n{self.text(key)}")
        if not parts:
            return ""
        return f"\n## {self._('Other sections')}\n\n" + "\n\n".join(parts) + "\n"


_FIELDS_HINT = 'Field names are listed in docs/postmortems.md ("Template fields").'


@cache
def environment(lang: str, team_dir: Path | None) -> jinja2.Environment:
    """One environment per language and template directory; Jinja reloads edited files."""
    paths = [str(p) for p in (team_dir, BUILTIN_DIR) if p is not None]
    # Sandboxed: a team's template reaches the document, not Python internals. Markdown
    # output is not HTML-escaped; the HTML export sanitises it.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(paths),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = lambda value: blocks.escape_cell(" ".join(str(value).split()))
    env.install_gettext_translations(translator(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def load_template(name: str, lang: str, team_dir: Path | None) -> jinja2.Template:
    env = environment(lang, team_dir)
    try:
        return env.select_template([f"{name}.{lang}.md.j2", f"{name}.md.j2"])
    except jinja2.TemplatesNotFound:
        known = ", ".join(available_templates(team_dir))
        raise InvalidInput(
            f"no postmortem template named '{name}'",
            hint=f"Use one of: {known}; or add {name}.md.j2 to postmortem_template_dir.",
        ) from None


def available_templates(team_dir: Path | None) -> list[str]:
    names = set(BUILTIN_TEMPLATES)
    if team_dir is not None and team_dir.is_dir():
        names |= {p.name.split(".")[0] for p in team_dir.glob("*.md.j2")}
    return sorted(names)


def render_body(
    doc: Document, template: str, lang: str, team_dir: Path | None, status: str = "draft"
) -> str:
    layout = _Layout(doc, lang)
    context: dict[str, Any] = {
        "doc": doc,
        "meta": doc.meta,
        "lang": lang,
        "status": status,
        "text": layout.text,
        "line": layout.text,
        "items": layout.text,
        "table": layout.table,
        "actions": layout.actions,
        "label": lambda key: layout._(FIELD_LABELS[key]),
    }
    try:
        body = load_template(template, lang, team_dir).render(context)
    except jinja2.TemplateError as exc:
        raise InvalidInput(
            f"the postmortem template '{template}' failed: {exc}", hint=_FIELDS_HINT
        ) from exc
    return body.rstrip("\n") + "\n" + layout.rest()


def front_matter(state: FileState, doc: Document) -> str:
    data: dict[str, Any] = {
        "warroom_postmortem": FORMAT_VERSION,
        "incident": state.incident,
        "template": state.template,
        "lang": state.lang,
        "status": state.status,
        "revision": state.revision,
        "content_hash": state.content_hash,
        "meta": doc.meta.model_dump(),
    }
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{dumped}---\n"


def render_file(doc: Document, state: FileState, team_dir: Path | None = None) -> str:
    """The whole file: front matter, then the body the template lays out."""
    body = render_body(doc, state.template, state.lang, team_dir, state.status)
    return front_matter(state, doc) + "\n" + body
