"""Settings are documented, validated, and layered env > warroom.toml > defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warroom.config import Settings, load_settings
from warroom.errors import ConfigError

DOC = Path(__file__).resolve().parents[2] / "docs/configuration.md"


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(), flags=re.MULTILINE))
    assert documented == set(Settings.model_fields)


def test_toml_file_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "warroom.toml"
    config.write_text('timezone = "Asia/Seoul"\nlanguage = "ko"\n', encoding="utf-8")
    monkeypatch.setenv("WARROOM_CONFIG", str(config))
    assert (load_settings().timezone, load_settings().language) == ("Asia/Seoul", "ko")
    monkeypatch.setenv("WARROOM_LANGUAGE", "en")
    assert load_settings().language == "en"


def test_bad_zone_is_a_config_error_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARROOM_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert "timezone" in error.value.message
    assert "docs/configuration.md" in error.value.hint


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    url = Settings(data_dir=tmp_path).resolved_database_url
    assert url == f"sqlite:///{tmp_path.resolve() / 'warroom.db'}"
