"""Runbook files: Markdown with YAML front matter, parsed, checked and rendered back.

A runbook is data: id, title, services, alert label matchers, severity guidance,
symptoms and ordered steps (action, command, role, expected result). The Markdown
body below the front matter is free-form notes. `parse` refuses a file it cannot
load with the file and line; `lint` reports softer problems (placeholders, commands
outside code spans) so CI can gate on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from warroom.config import DEFAULT_ROLES
from warroom.errors import InvalidInput

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
LANGS = ("en", "ko")
# Prometheus-style label matchers: name="value", name!="value", name=~"re", name!~"re".
MATCHER = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$')
PLACEHOLDER = re.compile(r"\[(?:TODO|TBD|FIXME|NAME|이름|\.\.\.)\]|<(?:TODO|FILL ME)>|\bTODO\b")
CODE_SPAN = re.compile(r"^`")


@dataclass(frozen=True, slots=True)
class Matcher:
    label: str
    op: str
    value: str

    def matches(self, labels: dict[str, str]) -> bool:
        have = labels.get(self.label, "")
        if self.op == "=":
            return have == self.value
        if self.op == "!=":
            return have != self.value
        hit = re.fullmatch(self.value, have) is not None
        return hit if self.op == "=~" else not hit

    def __str__(self) -> str:
        return f'{self.label}{self.op}"{self.value}"'


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    role: str
    command: str = ""
    expected: str = ""


@dataclass(frozen=True, slots=True)
class Runbook:
    id: str
    lang: str
    version: int
    title: str
    steps: tuple[Step, ...]
    services: tuple[str, ...] = ()
    matchers: tuple[Matcher, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    symptoms: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    notes: str = ""
    source: str = ""

    def as_data(self) -> dict[str, Any]:
        """The JSON form stored in the database and returned by the API."""
        return {
            "id": self.id,
            "lang": self.lang,
            "version": self.version,
            "title": self.title,
            "services": list(self.services),
            "matchers": [str(m) for m in self.matchers],
            "severity": [{"level": k, "when": v} for k, v in self.severity],
            "symptoms": list(self.symptoms),
            "keywords": list(self.keywords),
            "steps": [
                {"action": s.action, "role": s.role, "command": s.command, "expected": s.expected}
                for s in self.steps
            ],
            "links": list(self.links),
            "notes": self.notes,
        }


@dataclass
class Problem:
    source: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass
class Loaded:
    runbooks: list[Runbook] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_matcher(text: str) -> Matcher:
    found = MATCHER.match(text)
    if not found:
        raise InvalidInput(
            f'matcher {text!r} is not label="value" (or !=, =~, !~)',
            hint='e.g. alertname="DiskFull" or service=~"api-.*"',
        )
    label, op, value = found.groups()
    value = value.replace('\\"', '"')
    if op in ("=~", "!~"):
        try:
            re.compile(value)
        except re.error as exc:
            raise InvalidInput(
                f"matcher {text!r}: the regular expression does not compile ({exc})",
                hint="Escape special characters, e.g. \\. for a dot.",
            ) from exc
    return Matcher(label, op, value)


def parse(text: str, source: str = "<text>", roles: Sequence[str] = DEFAULT_ROLES) -> Runbook:
    """One runbook from its file text; InvalidInput names the file and line on failure."""
    head, body, _body_line = _split(text, source)
    try:
        data = yaml.safe_load(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        raise InvalidInput(
            f"{source}:{line}: the front matter is not valid YAML",
            hint="Check indentation and quote values containing ':' or '#'.",
        ) from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"{source}:2: the front matter must be a mapping", hint="id: disk-full")
    lines = head.splitlines()

    def fail(key: str, message: str, hint: str = "") -> InvalidInput:
        return InvalidInput(f"{source}:{_line_of(lines, key)}: {message}", hint=hint)

    rid = str(data.get("id", ""))
    if not ID.match(rid):
        raise fail(
            "id", f"id {rid!r} must be lower-case letters, digits and dashes", "id: disk-full"
        )
    lang = str(data.get("lang", "en"))
    if lang not in LANGS:
        raise fail("lang", f"lang {lang!r} is not one of {', '.join(LANGS)}")
    title = str(data.get("title", "")).strip()
    if not title:
        raise fail("title", "the runbook has no title")
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise fail("version", "version must be a positive whole number")
    try:
        matchers = tuple(parse_matcher(str(m)) for m in _list(data, "matchers"))
    except InvalidInput as exc:
        raise fail("matchers", exc.message, exc.hint) from exc
    raw_steps = _list(data, "steps")
    if not raw_steps:
        raise fail("steps", "the runbook has no steps")
    steps: list[Step] = []
    for number, raw in enumerate(raw_steps, start=1):
        if not isinstance(raw, dict):
            raise fail("steps", f"step {number} must be a mapping with action and role")
        role = str(raw.get("role", "")).strip()
        if role not in roles:
            raise fail(
                "steps",
                f"step {number}: unknown role {role!r}",
                "Known roles: " + ", ".join(roles),
            )
        steps.append(
            Step(
                action=str(raw.get("action", "")).strip(),
                role=role,
                command=str(raw.get("command", "") or "").strip(),
                expected=str(raw.get("expected", "") or "").strip(),
            )
        )
    severity = data.get("severity") or {}
    if not isinstance(severity, dict):
        raise fail("severity", "severity must map a level (P1…P4) to when it applies")
    return Runbook(
        id=rid,
        lang=lang,
        version=version,
        title=title,
        steps=tuple(steps),
        services=tuple(str(s) for s in _list(data, "services")),
        matchers=matchers,
        severity=tuple((str(k), str(v)) for k, v in severity.items()),
        symptoms=tuple(str(s) for s in _list(data, "symptoms")),
        keywords=tuple(str(s).lower() for s in _list(data, "keywords")),
        links=tuple(str(s) for s in _list(data, "links")),
        notes=body.strip(),
        source=source,
    )


def lint(runbook: Runbook) -> list[Problem]:
    """Softer checks for CI: actions present, commands in code spans, no placeholders."""
    found: list[Problem] = []
    src = runbook.source
    for number, step in enumerate(runbook.steps, start=1):
        if not step.action:
            found.append(Problem(src, 0, f"step {number} has no action"))
        if step.command and not CODE_SPAN.match(step.command):
            found.append(Problem(src, 0, f"step {number}: put the command in a code span (`…`)"))
        for text in (step.action, step.command, step.expected):
            if PLACEHOLDER.search(text):
                found.append(Problem(src, 0, f"step {number}: unfilled placeholder in {text!r}"))
    if not runbook.matchers and not runbook.services and not runbook.keywords:
        found.append(Problem(src, 0, "nothing to match on: add matchers, services or keywords"))
    return found


def load_files(paths: Iterable[Path], roles: Sequence[str] = DEFAULT_ROLES) -> Loaded:
    """Parse every file; duplicates (same id and lang) are problems too."""
    loaded = Loaded()
    seen: dict[tuple[str, str], str] = {}
    for path in sorted(paths):
        try:
            book = parse(path.read_text(encoding="utf-8"), str(path), roles)
        except InvalidInput as exc:
            loaded.problems.append(Problem(str(path), 0, exc.message))
            continue
        key = (book.id, book.lang)
        if key in seen:
            loaded.problems.append(
                Problem(str(path), 1, f"duplicate id {book.id} ({book.lang}), also in {seen[key]}")
            )
            continue
        seen[key] = str(path)
        loaded.runbooks.append(book)
    return loaded


def files_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InvalidInput(
            f"{directory} is not a directory", hint="Point at the folder holding runbooks/*.md."
        )
    return sorted(directory.rglob("*.md"))


LIBRARY = Path(__file__).parent / "library"


def shipped() -> list[Runbook]:
    """The seven scenarios of seed 003 §5, in English and Korean."""
    return list(_shipped())


@cache
def _shipped() -> tuple[Runbook, ...]:
    return tuple(load_files(files_in(LIBRARY)).runbooks)


def _split(text: str, source: str) -> tuple[str, str, int]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise InvalidInput(
            f"{source}:1: a runbook starts with YAML front matter between '---' lines",
            hint="---\\nid: disk-full\\ntitle: …\\n---",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise InvalidInput(f"{source}:1: the front matter is not closed with '---'")


def _line_of(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise InvalidInput(f"{key} must be a list")
    return value


def from_data(data: dict[str, Any]) -> Runbook:
    """Rebuild a runbook from its stored JSON (see `Runbook.as_data`)."""
    return Runbook(
        id=data["id"],
        lang=data["lang"],
        version=int(data["version"]),
        title=data["title"],
        steps=tuple(Step(**s) for s in data["steps"]),
        services=tuple(data.get("services", ())),
        matchers=tuple(parse_matcher(m) for m in data.get("matchers", ())),
        severity=tuple((s["level"], s["when"]) for s in data.get("severity", ())),
        symptoms=tuple(data.get("symptoms", ())),
        keywords=tuple(data.get("keywords", ())),
        links=tuple(data.get("links", ())),
        notes=data.get("notes", ""),
    )


def to_markdown(book: Runbook) -> str:
    """The file form again: front matter and notes (parse(to_markdown(b)) == b)."""
    data = book.as_data()
    notes = data.pop("notes")
    data["severity"] = {s["level"]: s["when"] for s in data["severity"]}
    for step in data["steps"]:
        for key in ("command", "expected"):
            if not step[key]:
                del step[key]
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{head}---\n\n{notes}\n"
