"""Lint Markdown postmortems: files or directories in, findings out, text or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from warroom.errors import InvalidInput
from warroom.postmortems.lint import action_items, completeness, persons, whys
from warroom.postmortems.lint.document import Document, parse
from warroom.postmortems.lint.findings import Finding, Setting, configure, make_finding
from warroom.postmortems.lint.language import scan_line
from warroom.postmortems.lint.texts import language_text

SKIPPED_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".tox"})
JSON_SCHEMA_VERSION = 1
_NAME_FIELDS = re.compile(
    r"^(?:authors?|author\(s\)|ic|incident commander|reviewers?|reviewed by|approver|approved by|"
    r"on-?call|작성자|담당자|검토자|승인자|온콜)$",
    re.IGNORECASE,
)
_META_LINE = re.compile(r"^\s*(?:[-*]\s+)?\*\*([^*:]+):?\*\*:?\s*(.+)$")


def lint_text(
    text: str, path: str = "<string>", settings: Mapping[str, Setting] | None = None
) -> list[Finding]:
    """Lint one Markdown document given as text.

    `settings` maps rule ids to "error", "warning" or "off" (a team's `lint_rules`).
    """
    settings = settings or {}
    doc = parse(text, path)
    items = action_items.extract(doc)
    doc.names = tuple(sorted(_names(doc, items)))
    findings = [
        *completeness.check(doc),
        *whys.check(doc),
        *action_items.check(doc, items, settings),
    ]
    findings += _language(doc, items, {f.line for f in findings if f.rule_id == "PM004"})
    kept = [
        f
        for f in findings
        if f.rule_id in {"PM020", "PM021", "PM022"} or not doc.is_suppressed(f.rule_id, f.line)
    ]
    kept = configure(kept, dict(settings))
    return sorted(kept, key=lambda f: (f.line, f.column, f.rule_id))


def _language(
    doc: Document, items: list[action_items.ActionItem], cause_lines: set[int]
) -> list[Finding]:
    actions = {item.line: item.text for item in items}
    findings = []
    for number in doc.prose_lines():
        for hit in scan_line(doc.text(number), action_item=actions.get(number), names=doc.names):
            if number in cause_lines and hit.rule_id in {"PM030", "PM031"}:
                continue
            message, hint = language_text(hit, doc.language)
            findings.append(
                make_finding(
                    hit.rule_id,
                    file=doc.path,
                    line=number,
                    column=hit.column,
                    message=message,
                    hint=hint,
                    severity=hit.grade,
                )
            )
    return findings


def _names(doc: Document, items: list[action_items.ActionItem]) -> set[str]:
    """Collect the people the document names (owners, authors, IC) so prose can be checked."""
    cells = [item.owner for item in items]
    for key, value in doc.front_matter.items():
        if _NAME_FIELDS.match(str(key).replace("_", " ")):
            cells += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    for table in doc.tables:
        cells += [
            row.cells[1]
            for row in table.rows
            if len(row.cells) > 1 and _is_name_field(row.cells[0])
        ]
    for line in doc.lines:
        match = _META_LINE.match(line)
        if match and _NAME_FIELDS.match(match.group(1).strip()):
            cells.append(match.group(2))
    return {name for cell in cells for name in persons.names_from_owner(cell)}


def _is_name_field(cell: str) -> bool:
    return bool(_NAME_FIELDS.match(cell.strip().strip("*").strip()))


def collect(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into their *.md files (recursively); raise on a missing path."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*.md") if p.is_file() and not SKIPPED_DIRS & set(p.parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            raise InvalidInput(
                f"path not found: {path}",
                hint="pass Markdown files or directories, e.g. `warroom lint docs/postmortems`",
            )
    return list(dict.fromkeys(files))


def lint_file(path: Path, settings: Mapping[str, Setting] | None = None) -> list[Finding]:
    """Lint one file (UTF-8; a BOM is tolerated)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{path} is not UTF-8 text", hint="save the postmortem as UTF-8 and retry"
        ) from error
    return lint_text(text, str(path), settings)


def lint_paths(
    paths: Iterable[Path], settings: Mapping[str, Setting] | None = None
) -> tuple[list[Path], list[Finding]]:
    """Lint every Markdown file under `paths`; return the files checked and the findings."""
    files = collect(paths)
    return files, [finding for path in files for finding in lint_file(path, settings)]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)


def _counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for finding in findings if finding.severity == "error")
    return errors, len(findings) - errors


def format_text(findings: list[Finding], files_checked: int) -> str:
    """Render findings as `file:line:col: ID [severity] message` plus an indented hint."""
    lines = []
    for f in findings:
        lines.append(f"{f.file}:{f.line}:{f.column}: {f.rule_id} [{f.severity}] {f.message}")
        lines.append(f"    hint: {f.hint}")
    errors, warnings = _counts(findings)
    files_with = len({f.file for f in findings})
    noun = "file" if files_checked == 1 else "files"
    if findings:
        lines.append(
            f"{errors} error(s), {warnings} warning(s) in {files_with} of {files_checked} {noun}"
        )
    else:
        lines.append(f"no findings in {files_checked} {noun}")
    return "\n".join(lines)


def format_json(findings: list[Finding], files_checked: int) -> str:
    """Render findings as a JSON document with a version, counts and the findings."""
    errors, warnings = _counts(findings)
    payload = {
        "version": JSON_SCHEMA_VERSION,
        "files_checked": files_checked,
        "errors": errors,
        "warnings": warnings,
        "findings": [finding.to_dict() for finding in findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
