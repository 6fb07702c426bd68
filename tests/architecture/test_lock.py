"""A new machine installs what CI proved: the versions in requirements/constraints.txt."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "constraints.txt"


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for raw in LOCK.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{raw!r}: the lock pins exact versions only"
            pins[canonicalize_name(name)] = version
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [req for group in project["optional-dependencies"].values() for req in group]
    return [Requirement(req) for req in [*project["dependencies"], *extras]]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    for req in _declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in {LOCK.name}: run scripts/lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{req.name}=={pins[name]} is outside {req.specifier}: run scripts/lock"
        )


def test_the_suite_runs_on_the_locked_versions() -> None:
    drift = {
        name: (version, metadata.version(name))
        for name, version in _pins().items()
        if name != "pip" and _installed(name) and metadata.version(name) != version
    }
    assert drift == {}, "the venv differs from the lock: re-run scripts/setup"


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.slow
def test_a_fresh_venv_from_the_lock_installs_and_runs_warroom(tmp_path: Path) -> None:
    """Build the package as a user would (pip install ., not editable) on the lock."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(LOCK), str(ROOT)], check=True, capture_output=True)
    env = {**os.environ, "WARROOM_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    env.pop("PYTHONPATH", None)

    def warroom(*args: str) -> str:
        result = subprocess.run(
            [str(venv / "bin" / "warroom"), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    warroom("init")
    declared = warroom("incident", "declare", "Checkout 5xx", "--severity", "P2")
    incident_id = re.search(r"INC-\d{8}-\d{3}", declared)
    assert incident_id, declared
    listed = json.loads(warroom("incident", "list", "--json"))
    assert incident_id.group() in json.dumps(listed)
    page = subprocess.run(
        [str(py), "-c", _RENDER_LOGIN_PAGE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert page.returncode == 0, page.stderr
    assert "200" in page.stdout


_RENDER_LOGIN_PAGE = """
import asyncio, httpx
from warroom.config import load_settings
from warroom.web.app import create_app

async def main():
    app = create_app(load_settings())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        print((await client.get("/login")).status_code)

asyncio.run(main())
"""
