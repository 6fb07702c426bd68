"""The analysis core stays a library: no web, CLI, HTTP or database imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import warroom.evidence.analysis as analysis

FORBIDDEN = {"fastapi", "starlette", "typer", "rich", "httpx", "sqlalchemy", "click", "jinja2"}
MODULES = sorted(Path(analysis.__file__).parent.glob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_analysis_module_imports_no_transport_or_database(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & FORBIDDEN
