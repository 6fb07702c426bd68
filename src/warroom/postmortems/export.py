"""Export a postmortem file as standalone HTML or PDF.

HTML: markdown-it-py with raw HTML turned off (any markup people typed is shown as
text), then nh3 keeps only a short list of tags, attributes and URL schemes, so a
`<script>`, an `onerror=` or a `javascript:` link in any field comes out inert.

PDF: fpdf2 draws the same sanitised HTML. It is pure Python (no system libraries,
unlike WeasyPrint's pango/cairo stack) and embeds a TrueType font; Korean needs one
with Hangul, so warroom uses `pdf_font` or Debian's fonts-nanum (installed by
scripts/setup-system).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nh3
from markdown_it import MarkdownIt

from warroom.errors import ConfigError
from warroom.postmortems.markdown.parse import split_front_matter

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "del", "code",
    "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = {"http", "https", "mailto"}
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    Path("/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf"),
)
STYLE = """
body { font-family: "Noto Sans KR", "Nanum Gothic", system-ui, sans-serif; margin: 2rem auto;
       max-width: 60rem; line-height: 1.5; color: #1b1f24; padding: 0 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #c9d1d9; padding: 0.25rem 0.5rem; text-align: left; }
blockquote { border-left: 4px solid #c9d1d9; margin: 0; padding-left: 1rem; color: #57606a; }
code, pre { background: #f6f8fa; }
"""


def markdown_body(text: str) -> str:
    """The Markdown without front matter and section markers."""
    _data, body = split_front_matter(text)
    return COMMENT.sub("", body)


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def html_fragment(text: str, *, plain: bool = False) -> str:
    """`plain`: Markdown without a postmortem's front matter (a drill report, say)."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )
    return sanitize(parser.render(text if plain else markdown_body(text)))


def to_html(text: str, *, title: str, lang: str, plain: bool = False) -> str:
    """A standalone page: inline style, no script, no external resource."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{html_fragment(text, plain=plain)}</main>\n"
        "</body>\n</html>\n"
    )


def find_font(configured: Path | None) -> Path:
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate is not None and candidate.is_file():
            return candidate
    raise ConfigError(
        "no TrueType font with Korean glyphs was found for the PDF",
        hint="Install Debian's fonts-nanum (scripts/setup-system does) or set pdf_font "
        "to a .ttf file.",
    )


def to_pdf(text: str, *, title: str, font: Path | None = None, plain: bool = False) -> bytes:
    """Draw the sanitised HTML into a PDF with an embedded Korean-capable font."""
    import logging

    from fpdf import FPDF
    from fpdf.fonts import FontFace

    # fontTools reports the hinting tables it drops while subsetting; nothing to act on.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    regular = find_font(font)
    bold = regular.with_name(regular.stem + "Bold" + regular.suffix)
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("warroom")
    for style in ("", "I"):
        pdf.add_font("body", style, str(regular))
    for style in ("B", "BI"):
        pdf.add_font("body", style, str(bold if bold.is_file() else regular))
    pdf.set_font("body", size=10)
    pdf.add_page()
    mono = FontFace(family="body")
    pdf.write_html(
        _pdf_html(html_fragment(text, plain=plain)),
        font_family="body",
        tag_styles={"code": mono, "pre": mono},
    )
    return bytes(pdf.output())


_CELL = re.compile(r"(<(t[dh])(?:\s[^>]*)?>)(.*?)(</\2>)", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _pdf_html(fragment: str) -> str:
    # fpdf2's HTML subset has no <del> and no markup inside table cells: keep the text.
    flat = _CELL.sub(lambda m: m[1] + _TAG.sub("", m[3]) + m[4], fragment)
    return flat.replace("<del>", "").replace("</del>", "")
