"""Team templates: placed fields, the appended rest, and mistakes a template can make."""

from __future__ import annotations

from pathlib import Path

import pytest

from warroom.errors import InvalidInput
from warroom.postmortems.document import ActionRow, Document, Why
from warroom.postmortems.markdown.parse import parse_file
from warroom.postmortems.markdown.render import (
    BUILTIN_TEMPLATES,
    FileState,
    available_templates,
    render_file,
)

DOC = Document(
    tldr="Checkout failed.",
    five_whys=[Why(question="Why?", answer="Pool exhausted")],
    action_items=[
        ActionRow(id="AI-001", title="Fix", horizon="short"),
        ActionRow(id="AI-002", title="Later"),
    ],
    went_well=["Fast alert"],
)


def state(template: str, lang: str = "en") -> FileState:
    return FileState("INC-20261122-001", template, lang, "draft", 1, DOC.content_hash())


def test_a_team_template_needs_no_code_and_loses_nothing(tmp_path: Path) -> None:
    (tmp_path / "tiny.md.j2").write_text(
        "# {{ meta.title }}\n\n## {{ _('Summary') }}\n\n{{ text('tldr', 'say it') }}\n"
        "{{ actions('todo', horizon='short') }}\n",
        encoding="utf-8",
    )
    assert "tiny" in available_templates(tmp_path)
    text = render_file(DOC, state("tiny"), tmp_path)
    assert "## Other sections" in text and "### 5 Whys" in text
    parsed, _state = parse_file(text)
    assert parsed == DOC
    assert render_file(parsed, state("tiny"), tmp_path) == text


def test_a_language_specific_team_file_wins(tmp_path: Path) -> None:
    (tmp_path / "sre.ko.md.j2").write_text("# 팀 양식\n{{ text('tldr') }}\n", encoding="utf-8")
    assert (
        render_file(DOC, state("sre", "ko"), tmp_path)
        .split("---\n\n", 1)[1]
        .startswith("# 팀 양식")
    )
    assert "# 팀 양식" not in render_file(DOC, state("sre", "en"), tmp_path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ text('tldr') }}{{ text('tldr') }}", "twice"),
        ("{{ text('nope') }}", "unknown field"),
        ("{{ actions(horizon='short') }}{{ actions(horizon='short') }}", "twice"),
        ("{{ undefined_thing }}", "failed"),
        ("{{ doc.__class__.__mro__ }}", "failed"),
    ],
)
def test_template_mistakes_are_reported(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "bad.md.j2").write_text(body, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        render_file(DOC, state("bad"), tmp_path)


def test_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="no postmortem template") as info:
        render_file(DOC, state("nonexistent"))
    assert "concise" in info.value.hint


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_builtin_templates_place_every_field(template: str, lang: str) -> None:
    text = render_file(DOC, state(template, lang))
    if template != "concise":
        assert "## Other sections" not in text and "## 기타 항목" not in text
    assert parse_file(text)[0] == DOC
