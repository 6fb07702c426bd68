"""Action items from tables or checklists: each needs an owner, a due date and a priority.

Tables are recognised by their header (Action/Owner/Due/Priority/Status or
항목/담당자/기한/우선순위/상태); list items carry the same fields inline:
`- [ ] Add a pool alert (owner: @a, due: 2026-12-01, P1)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from warroom.i18n import N_
from warroom.postmortems.lint import headings
from warroom.postmortems.lint.completeness import is_empty
from warroom.postmortems.lint.document import Document, ListItem, Section, Table, TableRow
from warroom.postmortems.lint.findings import RULES, Finding, Setting, make_finding
from warroom.postmortems.lint.texts import say

COLUMNS: dict[str, tuple[str, ...]] = {
    "action": (
        "action",
        "action item",
        "item",
        "task",
        "todo",
        "조치",
        "항목",
        "대책",
        "작업",
        "내용",
        "할 일",
        "개선 조치",
        "조치 내용",
        "description",
        "설명",
    ),
    "owner": (
        "owner",
        "owners",
        "assignee",
        "responsible",
        "who",
        "dri",
        "담당",
        "담당자",
        "책임자",
        "오너",
        "담당 팀",
    ),
    "due": (
        "due",
        "due date",
        "deadline",
        "target date",
        "target",
        "eta",
        "when",
        "by",
        "기한",
        "마감",
        "마감일",
        "목표일",
        "완료 예정일",
        "예정일",
        "일정",
    ),
    "priority": ("priority", "prio", "pri", "우선순위", "중요도", "긴급도"),
}
_EMPTY = re.compile(
    r"^(?:\[[^\]]*\]|-|—|–|\?|tbd|tba|todo|n/?a|none|unassigned|미정|없음|미지정|xxx)?$",
    re.IGNORECASE,
)
_PRIORITY_WORD = r"(?:critical|high|medium|low|urgent|긴급|높음|중간|낮음|상|중|하)"
_PRIORITY_CODE = re.compile(r"\b(?:P[0-4]|SEV-?[0-4])\b", re.IGNORECASE)
# Priority words count only as a field ("priority: high") or inside the trailing
# parenthetical ("(owner: @a, high)"), so "Lower the high-water mark" is not a priority.
_PRIORITY_FIELD = re.compile(
    rf"(?:priority|prio|우선순위)\s*[:=：]\s*({_PRIORITY_WORD})(?![\w가-힣])"
    rf"|\((?:[^)]*[,\s])?({_PRIORITY_WORD})(?:[,\s][^)]*)?\)",
    re.IGNORECASE,
)
_PRIORITY_HEADING = re.compile(
    rf"\b(?:P[0-4]|SEV-?[0-4])\b|\b{_PRIORITY_WORD}\b(?:\s+priority)?|우선순위\s?{_PRIORITY_WORD}",
    re.IGNORECASE,
)
_INLINE_OWNER = re.compile(
    r"(?:owner|assignee|담당자?|책임자)\s*[:=：]\s*([^,;)]+)|(?<![\w.])(@[A-Za-z0-9][\w.-]*)",
    re.IGNORECASE,
)
_INLINE_DUE = re.compile(
    r"(?:due|deadline|기한|마감)\s*[:=：]\s*([^,;)]+)|\b(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ActionItem:
    line: int
    text: str
    owner: str
    due: str
    priority: str


def _column(header: tuple[str, ...], role: str) -> int | None:
    names = COLUMNS[role]
    normalized = [headings.normalize(cell) for cell in header]
    for index, cell in enumerate(normalized):
        if cell in names:
            return index
    for index, cell in enumerate(normalized):
        if any(cell.startswith(name + " ") for name in names):
            return index
    return None


def _cell(row: TableRow, index: int | None) -> str:
    if index is None or index >= len(row.cells):
        return ""
    value = row.cells[index].strip().strip("*_` ")
    return "" if _EMPTY.match(value) else value


def is_action_table(table: Table) -> bool:
    """Return whether a table lists action items (it has an owner or due column)."""
    return _column(table.header, "owner") is not None or _column(table.header, "due") is not None


def _from_table(table: Table, context: str) -> list[ActionItem]:
    columns = {role: _column(table.header, role) for role in COLUMNS}
    items = []
    for row in table.rows:
        if columns["action"] is not None:
            text = _cell(row, columns["action"])
        else:
            text = next((c for c in row.cells if not _EMPTY.match(c.strip("*_` "))), "")
        if not text:
            continue  # blank or template row ("[Action Item 설명]")
        if columns["priority"] is not None:
            priority = _cell(row, columns["priority"]) or _heading_priority(context)
        else:
            priority = _inline_priority(" ".join(row.cells), context)
        owner, due = _cell(row, columns["owner"]), _cell(row, columns["due"])
        items.append(ActionItem(row.line, text, owner, due, priority))
    return items


def _inline_priority(text: str, context: str) -> str:
    """Return a priority written in the item ("P1", "priority: high", "(…, 상)") or heading."""
    code = _PRIORITY_CODE.search(text)
    if code:
        return code.group(0)
    field = _PRIORITY_FIELD.search(text)
    if field:
        return next(group for group in field.groups() if group)
    return _heading_priority(context)


def _heading_priority(context: str) -> str:
    match = _PRIORITY_HEADING.search(context)
    return match.group(0) if match else ""


def _first_group(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    if not match:
        return ""
    value = next((group for group in match.groups() if group), "").strip()
    return "" if _EMPTY.match(value) else value


def _from_list(item: ListItem, context: str) -> ActionItem:
    text = item.text
    return ActionItem(
        item.line,
        text,
        _first_group(_INLINE_OWNER, text),
        _first_group(_INLINE_DUE, text),
        _inline_priority(text, context),
    )


def _context(doc: Document, line: int, section: Section) -> str:
    """Return the headings between the action section and `line` ("### P1" sets priority)."""
    titles = [
        s.heading.title
        for s in doc.sections
        if s.contains(line) and s.heading.line >= section.heading.line
    ]
    return " ".join(titles)


def _section_items(doc: Document, section: Section) -> list[ActionItem]:
    tables = [t for t in doc.tables if section.contains(t.line) and is_action_table(t)]
    items = [i for t in tables for i in _from_table(t, _context(doc, t.line, section))]
    in_tables = {row.line for t in doc.tables for row in t.rows} | {t.line for t in doc.tables}
    entries = [e for e in doc.list_items if section.contains(e.line) and e.line not in in_tables]
    if entries:
        top = min(entry.indent for entry in entries)
        entries = [e for e in entries if e.checkbox or (not tables and e.indent == top)]
    items += [_from_list(entry, _context(doc, entry.line, section)) for entry in entries]
    return items


def extract(doc: Document) -> list[ActionItem]:
    """Return the action items of every action-items section, once each, in line order."""
    found: dict[int, ActionItem] = {}
    for section in doc.sections_for("action_items"):
        for item in _section_items(doc, section):
            found.setdefault(item.line, item)
    return [found[line] for line in sorted(found)]


_MISSING = (
    ("owner", "PM020", N_("an owner"), N_("an owner (a person or a team handle such as @db-team)")),
    (
        "due",
        "PM021",
        N_("a due date"),
        N_("a due date (YYYY-MM-DD; P0 24 h, P1 a week, P2 a month)"),
    ),
    ("priority", "PM022", N_("a priority"), N_("a priority (P0/P1/P2 or 상/중/하)")),
)


def check(
    doc: Document, items: list[ActionItem], settings: Mapping[str, Setting] | None = None
) -> list[Finding]:
    """Return one finding per incomplete action item, listing every gap, and empty lists.

    A gap whose rule is off or suppressed on that line is left out of the list; the
    finding carries the first remaining gap's rule id and the strictest severity.
    """
    settings = settings or {}
    findings = []
    for item in items:
        gaps = [
            (rule_id, label, hint)
            for field_name, rule_id, label, hint in _MISSING
            if not getattr(item, field_name)
            and settings.get(rule_id) != "off"
            and not doc.is_suppressed(rule_id, item.line)
        ]
        if gaps:
            findings.append(_incomplete(doc, item, gaps, settings))
    return findings + _empty_lists(doc, items)


def _incomplete(
    doc: Document,
    item: ActionItem,
    gaps: list[tuple[str, str, str]],
    settings: Mapping[str, Setting],
) -> Finding:
    lang = doc.language
    labels = [say(lang, label) for _rule, label, _hint in gaps]
    hints = [say(lang, hint) for _rule, _label, hint in gaps]
    severities = [settings.get(rule_id) or RULES[rule_id].severity for rule_id, _l, _h in gaps]
    return make_finding(
        gaps[0][0],
        file=doc.path,
        line=item.line,
        column=1,
        message=say(
            lang,
            N_("action item '{item}' lacks {gaps}"),
            item=_short(item.text),
            gaps=_join(labels, lang),
        ),
        hint=say(lang, N_("add {what}"), what=_join(hints, lang)),
        severity="error" if "error" in severities else "warning",
    )


def _join(parts: list[str], lang: str) -> str:
    if lang == "ko" or len(parts) < 2:
        return ", ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _empty_lists(doc: Document, items: list[ActionItem]) -> list[Finding]:
    sections = doc.sections_for("action_items")
    if not sections or items:
        return []
    if all(is_empty(doc, section) for section in sections):
        return []  # PM002 already says the section is empty
    return [
        make_finding(
            "PM023",
            file=doc.path,
            line=sections[0].heading.line,
            column=1,
            message=say(doc.language, N_("the action items section lists no items")),
            hint=say(
                doc.language,
                N_(
                    "list each follow-up as a table row (Action | Owner | Due | Priority) or "
                    "as '- [ ] <change> (owner: @x, due: YYYY-MM-DD, P1)'"
                ),
            ),
        )
    ]


def _short(text: str, limit: int = 50) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
