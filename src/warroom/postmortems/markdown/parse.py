"""Read a postmortem file back: front matter for machine data, blocks for the sections."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from warroom.errors import InvalidInput
from warroom.i18n import LANGUAGES
from warroom.postmortems.document import Document, Meta
from warroom.postmortems.markdown.blocks import parse_blocks
from warroom.postmortems.markdown.render import FORMAT_VERSION, FileState

_HINT = "Start from `warroom postmortem draft` or `export`; keep the front matter and markers."


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if not text.startswith("---\n"):
        raise InvalidInput("the file has no YAML front matter", hint=_HINT)
    end = text.find("\n---\n", 3)
    if end < 0:
        raise InvalidInput("the front matter is not closed by a '---' line", hint=_HINT)
    try:
        data = yaml.safe_load(text[4 : end + 1])
    except yaml.YAMLError as exc:
        raise InvalidInput(f"the front matter is not valid YAML: {exc}", hint=_HINT) from exc
    if not isinstance(data, dict) or data.get("warroom_postmortem") != FORMAT_VERSION:
        raise InvalidInput("this is not a warroom postmortem file (version 1)", hint=_HINT)
    return data, text[end + 5 :]


def body_of(text: str) -> tuple[str, int]:
    """The body after the front matter, and the file line it starts on (from 1)."""
    _data, body = split_front_matter(text)
    whole = text.replace("\r\n", "\n").lstrip("\ufeff")
    return body, whole.count("\n") - body.count("\n") + 1


def parse_file(text: str) -> tuple[Document, FileState]:
    """Return the document and the file's state; raise InvalidInput on a malformed file."""
    doc, state, _found = read_file(text)
    return doc, state


def read_file(text: str) -> tuple[Document, FileState, frozenset[str]]:
    """Like `parse_file`, plus the body fields whose markers were found."""
    data, body = split_front_matter(text)
    sections = parse_blocks(body)
    try:
        state = FileState(
            incident=str(data["incident"]),
            template=str(data["template"]),
            lang=str(data["lang"]),
            status=str(data.get("status", "draft")),
            revision=int(data["revision"]),
            content_hash=str(data.get("content_hash", "")),
        )
        doc = Document(meta=Meta(**(data.get("meta") or {})), **sections)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"cannot read the postmortem: {_reason(exc)}", hint=_HINT) from exc
    if state.lang not in LANGUAGES:
        raise InvalidInput(f"unknown language '{state.lang}' in the front matter", hint=_HINT)
    return doc, state, frozenset(sections)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    if isinstance(exc, KeyError):
        return f"front matter field {exc} is missing"
    return str(exc)
