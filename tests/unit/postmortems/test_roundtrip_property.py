"""Render → parse gives the same document, and rendering that again gives the same text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from warroom.postmortems.document import (
    LINE_FIELDS,
    LIST_FIELDS,
    TABLE_ROWS,
    TEXT_FIELDS,
    Document,
    Meta,
)
from warroom.postmortems.markdown.parse import parse_file
from warroom.postmortems.markdown.render import BUILTIN_TEMPLATES, FileState, render_file

CHARS = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t|\\-*_#<>[]!`")
TRICKY = st.sampled_from(
    ["|", "\\", "\\|", "- ", "[TODO]", "---", "<!-- note -->", "| a | b |", "한국어", "  ", "\n"]
)
TEXT = st.lists(st.one_of(st.text(CHARS, max_size=12), TRICKY), max_size=5).map("".join)
LINE = TEXT.map(lambda s: " ".join(s.split()))


def rows(model: type) -> st.SearchStrategy[list[object]]:
    fields = dict.fromkeys(model.model_fields, TEXT)
    if "horizon" in fields:
        fields["horizon"] = st.sampled_from(["short", "mid", "long", ""])
    return st.lists(st.builds(model, **fields), max_size=3)


LISTS = ("authors", "responders")
META = st.builds(
    Meta,
    **{name: LINE for name in Meta.model_fields if name not in LISTS},
    **{name: st.lists(LINE, max_size=3) for name in LISTS},
)
DOCUMENTS = st.builds(
    Document,
    meta=META,
    **dict.fromkeys(TEXT_FIELDS, TEXT),
    **dict.fromkeys(LINE_FIELDS, LINE),
    **{name: st.lists(TEXT, max_size=4) for name in LIST_FIELDS},
    **{name: rows(model) for name, model in TABLE_ROWS.items()},
)


def state(template: str, lang: str, doc: Document) -> FileState:
    return FileState("INC-20261122-001", template, lang, "draft", 3, doc.content_hash())


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=DOCUMENTS)
def test_round_trip_is_exact(template: str, lang: str, doc: Document) -> None:
    text = render_file(doc, state(template, lang, doc))
    parsed, file_state = parse_file(text)
    assert parsed == doc
    assert file_state == state(template, lang, doc)
    assert render_file(parsed, file_state) == text


@given(text=TEXT)
def test_markers_in_values_are_refused(text: str) -> None:
    assume("wr:" not in text)
    with pytest.raises(ValueError, match="markers"):
        Document(tldr=text + "<!-- wr:tldr -->")
