"""The few settings the lean CLI path needs, read without pydantic-settings.

Same sources and order as `warroom.config.Settings` (WARROOM_* environment, then
`warroom.toml` or `$WARROOM_CONFIG`, then the default); a test keeps them equal.
"""

from __future__ import annotations

import os

_DEFAULTS = {
    "timezone": "UTC",
    "language": "en",
    "data_dir": ".warroom",
    "database_url": "",
    "severity_scale": "P",
}


def _from_file(name: str) -> str | None:
    path = os.environ.get("WARROOM_CONFIG") or "warroom.toml"
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - pathlib costs start-up here
            import tomllib

            value = tomllib.load(handle).get(name)
    except (OSError, ValueError):
        return None
    return value if isinstance(value, str) else None


def setting(name: str) -> str:
    """A plain setting (`timezone`, `language`, `data_dir`, ...) as Settings resolves it."""
    return os.environ.get(f"WARROOM_{name.upper()}") or _from_file(name) or _DEFAULTS[name]


def language() -> str:
    return "ko" if setting("language") == "ko" else "en"
