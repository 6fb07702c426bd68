"""Commands call the backend interface, never one of its implementations directly.

So a command works the same on the local database and against a server, and is
written once (docs/cli-remote.md). Only the interface (`backend.py`) and the lean
dispatcher (`lean.py`, remote only by design) may name an implementation.
"""

from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parents[2] / "src" / "warroom" / "cli"
IMPLEMENTATIONS = {"warroom.cli.local_backend", "warroom.cli.remote_backend"}
ALLOWED = {"backend.py", "lean.py", "local_backend.py", "remote_backend.py"}


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_command_modules_do_not_import_a_backend_implementation() -> None:
    offenders = {
        path.name: sorted(imported(path) & IMPLEMENTATIONS)
        for path in sorted(CLI.glob("*.py"))
        if path.name not in ALLOWED and imported(path) & IMPLEMENTATIONS
    }
    assert offenders == {}


def test_the_check_sees_a_planted_violation(tmp_path: Path) -> None:
    planted = tmp_path / "rogue.py"
    planted.write_text("from warroom.cli.remote_backend import RemoteBackend\n")
    assert imported(planted) & IMPLEMENTATIONS == {"warroom.cli.remote_backend"}
