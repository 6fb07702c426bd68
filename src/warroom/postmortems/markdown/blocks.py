"""Section blocks: each field sits between `<!-- wr:NAME -->` and `<!-- /wr:NAME -->`.

Everything outside the markers (headings, guidance) belongs to the template and is
ignored when reading a file back, so templates may say anything and the parser stays
exact. Tables escape `\\` and `|`; list items and cells are one line each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from warroom.i18n import N_
from warroom.postmortems.document import (
    LINE_FIELDS,
    LIST_FIELDS,
    TABLE_ROWS,
    TEXT_FIELDS,
    ActionRow,
    is_placeholder,
)

Gettext = Callable[[str], str]

BLOCK = re.compile(
    r"<!-- wr:(?P<key>[a-z_]+)(?P<attrs>(?: [a-z]+=[a-z]*)*) -->"
    r"(?P<body>.*?)<!-- /wr:(?P=key) -->",
    re.DOTALL,
)
_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*)\|")

HEADERS: dict[str, dict[str, str]] = {
    "timeline": {"time": N_("Time"), "event": N_("Event"), "note": N_("Notes")},
    "durations": {
        "measure": N_("Measure"),
        "value": N_("Value"),
        "target": N_("Target"),
        "result": N_("Result"),
    },
    "five_whys": {"question": N_("Why?"), "answer": N_("Because")},
    "action_items": {
        "id": N_("ID"),
        "title": N_("Action"),
        "owner": N_("Owner"),
        "due": N_("Due"),
        "priority": N_("Priority"),
        "horizon": N_("Horizon"),
        "status": N_("Status"),
    },
    "metrics": {
        "metric": N_("Metric"),
        "before": N_("Before"),
        "during": N_("During"),
        "after": N_("After"),
    },
}


def placeholder(guidance: str, lang: str) -> str:
    word = "작성 필요" if lang == "ko" else "TODO"
    hint = " ".join(guidance.replace("]", ")").split())
    return f"[{word}: {hint}]" if hint else f"[{word}]"


def wrap(key: str, body: str, *, inline: bool = False, attrs: str = "") -> str:
    if inline:
        return f"<!-- wr:{key}{attrs} -->{body}<!-- /wr:{key} -->"
    return f"<!-- wr:{key}{attrs} -->\n{body}\n<!-- /wr:{key} -->"


def escape_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def unescape_cell(value: str) -> str:
    return re.sub(r"\\([\\|])", r"\1", value.strip())


def split_row(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    cells, start = [], 0
    for match in _SPLIT.finditer(inner):
        cells.append(inner[start : match.end(1)])
        start = match.end()
    tail = inner[start:]
    if tail.strip():
        cells.append(tail)
    return [unescape_cell(c) for c in cells]


def render_text(value: str, key: str, guidance: str, lang: str) -> str:
    return wrap(key, value or placeholder(guidance, lang))


def render_line(value: str, key: str, guidance: str, lang: str) -> str:
    return wrap(key, value or placeholder(guidance, lang), inline=True)


def render_list(values: list[str], key: str, guidance: str, lang: str) -> str:
    lines = [f"- {v}" for v in values] or [f"- {placeholder(guidance, lang)}"]
    return wrap(key, "\n".join(lines))


def render_table(
    rows: list[dict[str, str]],
    key: str,
    guidance: str,
    lang: str,
    _: Gettext,
    *,
    horizon: str | None = None,
    numbered: bool = False,
) -> str:
    columns = [c for c in HEADERS[key] if not (horizon is not None and c == "horizon")]
    header = (["#"] if numbered else []) + [_(HEADERS[key][c]) for c in columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for n, row in enumerate(rows, start=1):
        cells = ([str(n)] if numbered else []) + [escape_cell(row[c]) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    if not rows:
        blank = ([""] if numbered else []) + [placeholder(guidance, lang)]
        blank += [""] * (len(header) - len(blank))
        lines.append("| " + " | ".join(blank) + " |")
    attrs = (f" horizon={horizon}" if horizon is not None else "") + (
        " numbered=yes" if numbered else ""
    )
    return wrap(key, "\n".join(lines), attrs=attrs)


def parse_blocks(body: str) -> dict[str, Any]:
    """Read every block back into raw field values (validated by `Document` after)."""
    found: dict[str, Any] = {}
    for match in BLOCK.finditer(body):
        key, attrs, content = match["key"], _attrs(match["attrs"]), match["body"]
        if key in TABLE_ROWS:
            found[key] = found.get(key, []) + _table(key, content, attrs)
        elif key in LIST_FIELDS:
            found[key] = _list(content.strip("\n").split("\n"))
        elif key in TEXT_FIELDS or key in LINE_FIELDS:
            found[key] = content.strip()
    return found


def _list(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(line[2:])
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return [i for i in items if not is_placeholder(i)]


def _attrs(raw: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in raw.split())


def _table(key: str, content: str, attrs: dict[str, str]) -> list[dict[str, str]]:
    horizon = attrs.get("horizon")
    columns = [c for c in HEADERS[key] if not (horizon is not None and c == "horizon")]
    if attrs.get("numbered") == "yes":
        columns = ["#", *columns]
    lines = [ln for ln in content.split("\n") if ln.strip().startswith("|")]
    rows: list[dict[str, str]] = []
    for line in lines[2:]:
        cells = split_row(line)
        row = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False))
        row.pop("#", None)
        if is_placeholder(next(iter(row.values()), "")):
            continue
        if horizon is not None:
            row["horizon"] = horizon
        rows.append(row)
    return rows


def action_rows(rows: list[ActionRow], horizon: str | None) -> list[dict[str, str]]:
    return [r.model_dump() for r in rows if horizon is None or r.horizon == horizon]
