"""Script and event-handler payloads typed into any field come out inert in HTML (and PDF)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from warroom.postmortems.document import (
    LINE_FIELDS,
    LIST_FIELDS,
    TABLE_ROWS,
    TEXT_FIELDS,
    Document,
    Meta,
)
from warroom.postmortems.export import ALLOWED_TAGS, find_font, to_html, to_pdf
from warroom.postmortems.markdown.render import BUILTIN_TEMPLATES, FileState, render_file

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<iframe src=javascript:alert(1)></iframe>",
    '<div style="background:url(javascript:alert(1))" onmouseover=alert(1)>x</div>',
    "![x](javascript:alert(1))",
    "<https://example.com> <javascript:alert(1)>",
]
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "main"}


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def poisoned(payload: str) -> Document:
    def rows(model: type) -> list[object]:
        return [model(**dict.fromkeys(model.model_fields, payload))]

    fields: dict[str, object] = dict.fromkeys(TEXT_FIELDS + LINE_FIELDS, payload)
    fields.update({name: [payload, f"ok {payload}"] for name in LIST_FIELDS})
    fields.update({name: rows(model) for name, model in TABLE_ROWS.items()})
    lists = ("authors", "responders")
    meta = Meta(
        **{n: payload for n in Meta.model_fields if n not in lists},
        **{n: [payload] for n in lists},
    )
    return Document(meta=meta, **fields)


def assert_inert(page: str) -> None:
    collector = Collector()
    collector.feed(page)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS | PAGE_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name != "style" or tag not in ALLOWED_TAGS or "url(" not in (value or "")
            if name in ("href", "src"):
                assert (value or "").split(":")[0].lower() in ("http", "https", "mailto"), value
    assert "<script" not in page.lower()


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_inert_in_html(template: str, payload: str) -> None:
    doc = poisoned(payload)
    text = render_file(doc, FileState("INC-20261122-001", template, "ko", "draft", 1, "h"))
    page = to_html(text, title=payload, lang="ko")
    assert_inert(page)
    assert "alert(1)" in page  # the text itself survives, shown as text


def test_safe_links_survive() -> None:
    doc = Document(links=["[dashboard](https://grafana.example/d/1)", "<mailto:ops@example.com>"])
    text = render_file(doc, FileState("INC-20261122-001", "sre", "en", "draft", 1, "h"))
    page = to_html(text, title="t", lang="en")
    assert 'href="https://grafana.example/d/1"' in page and 'rel="noopener noreferrer"' in page
    assert "<!-- wr:" not in page and "&lt;!-- wr:" not in page


def test_pdf_embeds_a_korean_font_and_survives_payloads() -> None:
    try:
        find_font(None)
    except Exception:
        pytest.skip("no Korean TrueType font here (scripts/setup-system installs fonts-nanum)")
    doc = poisoned(PAYLOADS[0])
    doc.tldr = "결제 API 5xx: 커넥션 풀 소진"
    text = render_file(doc, FileState("INC-20261122-001", "report", "ko", "draft", 1, "h"))
    pdf = to_pdf(text, title="보고서")
    assert pdf.startswith(b"%PDF-") and b"Nanum" in pdf


@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_pdf_draws_markdown_in_every_kind_of_field(template: str) -> None:
    try:
        find_font(None)
    except Exception:
        pytest.skip("no Korean TrueType font here (scripts/setup-system installs fonts-nanum)")
    doc = poisoned("**굵게** `code` [link](https://example.com) ~~old~~ _em_")
    doc.tldr = "# Heading\n\n> quote\n\n```\nblock\n```\n\n1. one\n2. two\n\n---"
    for lang in ("ko", "en"):
        text = render_file(doc, FileState("INC-20261122-001", template, lang, "draft", 1, "h"))
        assert to_pdf(text, title="t").startswith(b"%PDF-")
