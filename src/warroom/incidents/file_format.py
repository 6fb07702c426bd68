"""The incident file (YAML or JSON): its JSON Schema, and reading it with line numbers.

JSON is read by the same YAML loader (JSON is YAML 1.2's flow style), so errors in
either carry the line of the offending value. Times stay strings (YAML's implicit
timestamps are off) and are read later by `warroom.core.when`, in the team zone.
"""

from __future__ import annotations

from typing import Any

import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from warroom.errors import InvalidInput

VERSION = 1
_TIME = {"type": "string", "minLength": 1, "maxLength": 64}
_TEXT = {"type": "string", "maxLength": 4000}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://warroom.invalid/schemas/incident-file-1.json",
    "title": "warroom incident file",
    "type": "object",
    "required": ["warroom_incident", "title", "detected_at"],
    "additionalProperties": False,
    "properties": {
        "warroom_incident": {"const": VERSION},
        "id": {"type": "string", "description": "The source installation's id (kept as a note)"},
        "title": {"type": "string", "minLength": 1, "maxLength": 300},
        "severity": {"type": "string"},
        "user_impact": {"type": ["string", "null"]},
        "business_impact": {"type": ["string", "null"]},
        "summary": {"type": "string"},
        "services": {"type": "array", "items": {"type": "string"}},
        "detection_source": {"type": "string"},
        "deploy_version": {"type": ["string", "null"]},
        "is_drill": {"type": "boolean"},
        "started_at": _TIME,
        "detected_at": _TIME,
        "events": {
            "type": "array",
            "description": "What happened, in order; each item is one of the EVENT_KINDS.",
            "items": {
                "type": "object",
                "required": ["at"],
                "minProperties": 2,
                "additionalProperties": False,
                "properties": {
                    "at": _TIME,
                    "by": {"type": "string", "maxLength": 64},
                    "state": {
                        "enum": ["acknowledged", "investigating", "mitigated", "resolved", "closed"]
                    },
                    "note": _TEXT,
                    "force_reason": _TEXT,
                    "reopen": _TEXT,
                    "severity": {"type": "string"},
                    "reason": _TEXT,
                    "role": {"type": "string"},
                    "person": {"type": "string", "maxLength": 64},
                    "update": _TEXT,
                    "kind": {"type": "string"},
                    "text": _TEXT,
                },
            },
        },
    },
}

# An event is the first of these keys it carries; the others it needs are listed.
EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "state": (),
    "reopen": (),
    "severity": ("reason",),
    "role": ("person",),
    "update": (),
    "kind": ("text",),
}


class _Loader(yaml.SafeLoader):
    """Safe YAML whose timestamps stay strings (the team zone reads them later)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _number_or_clock(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """YAML 1.1 reads 23:41 as the base-60 number 1421; a time of day stays text."""
    if ":" in str(node.value):
        return str(node.value)
    if node.tag.endswith(":int"):
        return loader.construct_yaml_int(node)
    return loader.construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _number_or_clock)
_Loader.add_constructor("tag:yaml.org,2002:float", _number_or_clock)

Path = tuple[str | int, ...]


def read(text: str) -> tuple[dict[str, Any], dict[Path, int]]:
    """Parse and validate an incident file; errors name the line and the field."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise InvalidInput(
            f"{where}not valid YAML or JSON ({getattr(error, 'problem', None) or error})",
            hint="See docs/past-incidents.md for the incident file format.",
        ) from None
    lines: dict[Path, int] = {}
    if node is not None:
        _index(node, (), lines)
    return validate(data, lines), lines


def validate(data: object, lines: dict[Path, int]) -> dict[str, Any]:
    """Check parsed data against the schema; errors name the line (when known) and field."""
    errors = sorted(
        Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(map(str, e.path))
    )
    if errors:
        shown = [_describe(e.message, tuple(e.absolute_path), lines) for e in errors[:10]]
        raise InvalidInput(
            "the incident file is not valid: " + "; ".join(shown),
            hint="The format is documented in docs/past-incidents.md and "
            "docs/incident-file.schema.json.",
        )
    assert isinstance(data, dict)  # the schema's top level is an object
    return dict(data)


def where(path: Path, lines: dict[Path, int]) -> str:
    """`line 12 (events[3].at)` for error messages."""
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    probe = path
    while probe and probe not in lines:
        probe = probe[:-1]
    line = lines.get(probe)
    return f"line {line} ({field})" if line else field or "the file"


def _describe(message: str, path: Path, lines: dict[Path, int]) -> str:
    return f"{where(path, lines)}: {message[:200]}"


def _index(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            _index(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines)
