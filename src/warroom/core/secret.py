"""The server's signing key: settings.secret_key, else data_dir/secret.key made once."""

from __future__ import annotations

import secrets
from pathlib import Path


def load_secret(data_dir: Path) -> str:
    """Return the key in data_dir/secret.key, creating it (mode 600) on first start."""
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key
