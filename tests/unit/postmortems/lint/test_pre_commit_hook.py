from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[4]


def test_pre_commit_hook_runs_warroom_lint_on_postmortems() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "warroom-lint"]
    assert hook["entry"] == "warroom lint"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]
    pattern = re.compile(hook["files"])
    assert pattern.search("docs/postmortems/2026-11-02-checkout.md")
    assert not pattern.search("docs/lint.md")
