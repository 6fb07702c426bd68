"""The import contracts fail on a real violation: each test plants one in a copy of src/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("contracts")
    shutil.copytree(ROOT / "src" / "warroom", target / "src" / "warroom")
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _plant(copy: Path, relative: str, line: str) -> Path:
    path = copy / "src" / "warroom" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (path.parent / "__init__.py").exists():
        (path.parent / "__init__.py").write_text("")
    path.write_text(line + "\n")
    return path


PLANTS = [
    # a lower layer reaching up: incidents must not know alert formats
    ("incidents/_planted.py", "import warroom.alerts.models", "Layers follow"),
    # siblings: postmortems must not import action items (only the other way round)
    ("postmortems/_planted.py", "import warroom.action_items.models", "Layers follow"),
    # a transport framework in a domain package
    ("evidence/_planted.py", "import fastapi", "transport frameworks"),
    # jinja2 outside the one module that renders postmortem templates
    ("postmortems/_planted.py", "import jinja2", "transport frameworks"),
    # a new package nobody placed in the layers (a typo or a rename)
    ("oncal/rules.py", "X = 1", "not listed as layers"),
]


@pytest.mark.slow
def test_the_contracts_hold_on_the_real_code(copy: Path) -> None:
    result = _lint(copy)
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(("relative", "line", "complaint"), PLANTS)
def test_a_planted_violation_breaks_a_contract(
    copy: Path, relative: str, line: str, complaint: str
) -> None:
    planted = _plant(copy, relative, line)
    try:
        result = _lint(copy)
    finally:
        planted.unlink()
        if planted.parent.name == "oncal":
            shutil.rmtree(planted.parent)
    assert result.returncode != 0, f"{relative}: {line!r} passed the contracts"
    assert complaint in result.stdout
