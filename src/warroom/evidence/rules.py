"""What kinds of evidence 001 asks to preserve, and how a file's kind is guessed."""

from __future__ import annotations

import mimetypes
from enum import StrEnum

from warroom.errors import InvalidInput


class EvidenceKind(StrEnum):
    LOGS = "logs"
    METRICS = "metrics"
    CONFIG = "config"
    FEATURES = "features"
    OTHER = "other"


def parse_kind(value: str | None, filename: str) -> EvidenceKind:
    if value:
        try:
            return EvidenceKind(value.strip().lower())
        except ValueError:
            allowed = ", ".join(k.value for k in EvidenceKind)
            raise InvalidInput(
                f"unknown evidence kind '{value}'", hint=f"Use one of: {allowed}."
            ) from None
    return guess_kind(filename)


def guess_kind(filename: str) -> EvidenceKind:
    name = filename.lower().removesuffix(".gz")
    if name.endswith((".log", ".jsonl", ".ndjson")) or "log" in name:
        return EvidenceKind.LOGS
    if "metric" in name or name.endswith((".csv", ".prom")):
        return EvidenceKind.METRICS
    if name.endswith((".yaml", ".yml", ".toml", ".ini", ".conf", ".env")) or "config" in name:
        return EvidenceKind.CONFIG
    return EvidenceKind.OTHER


def media_type(filename: str) -> str:
    guessed, encoding = mimetypes.guess_type(filename)
    if encoding == "gzip":
        return "application/gzip"
    return guessed or "application/octet-stream"
