"""Find text written outside the section markers, which an import would otherwise lose.

Only the blocks between `<!-- wr:NAME -->` and `<!-- /wr:NAME -->` are read back;
headings, guidance and the metadata table come from the template and the front
matter. So the import compares what lies outside the blocks with what the template
itself lays out there, and reports the lines it would not have written.

Spacing, blank lines and the width of table separators are not compared (editors
reflow them); lines removed are fine (the next export puts the template's back).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from difflib import SequenceMatcher

from warroom.postmortems.markdown.blocks import BLOCK

_MARKER = re.compile(r"<!--\s*/?wr:")
_TOKEN = re.compile(r"\x00[a-z_]+\x00")
_SEPARATOR = re.compile(r"\|?(?::?-+:?\|)+:?-*:?")


def stray_lines(
    body: str, layouts: Sequence[str], *, first_line: int = 1, keep: Collection[str] = ()
) -> list[tuple[int, str]]:
    """Lines of `body` outside every block that none of the `layouts` would write.

    `layouts` are template renderings of the same document (bodies, without front
    matter). `keep` names sections whose markers `body` lost: their stored text is
    kept, so the same text outside the blocks loses nothing and is not reported, and
    a line holding a leftover marker is the damage the import already reports.
    Returns (line number counted from `first_line`, the line with sections as `[…]`).
    """
    folded = _fold(body, ())
    lines = _comparables(folded)
    found: set[int] | None = None
    for layout in layouts:
        expected = [text for _n, text in _comparables(_fold(layout, keep))]
        stray = _unexplained(lines, expected)
        found = stray if found is None else found & stray
    return [
        (first_line + n, _TOKEN.sub("[…]", folded[n]).strip())
        for n in sorted(found or ())
        if not _MARKER.search(folded[n])  # a leftover marker of a damaged section
    ]


def _fold(text: str, keep: Collection[str]) -> list[str]:
    """The lines of `text` with each block folded into a token naming its field.

    The token sits where the block starts and the block's other lines become blank,
    so line numbers stay those of `text`. Blocks named in `keep` stay as written.
    """

    def fold(match: re.Match[str]) -> str:
        if match["key"] in keep:
            return match[0]
        return f"\x00{match['key']}\x00" + "\n" * match[0].count("\n")

    return BLOCK.sub(fold, text).split("\n")


def _comparables(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, comparable form) of each line that is not blank."""
    return [(n, key) for n, line in enumerate(lines) if (key := _comparable(line))]


def _comparable(line: str) -> str:
    squeezed = "".join(line.split())
    return "|---|" if squeezed and _SEPARATOR.fullmatch(squeezed) else squeezed


def _unexplained(lines: list[tuple[int, str]], expected: list[str]) -> set[int]:
    """Indexes (into the written text) of lines the layout did not produce."""
    matcher = SequenceMatcher(None, expected, [text for _n, text in lines], autojunk=False)
    extra: set[int] = set()
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            extra.update(n for n, _text in lines[j1:j2])
    return extra
