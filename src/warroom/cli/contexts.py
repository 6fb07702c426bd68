"""Where the CLI talks to: the embedded database ("local") or a team's server.

Stdlib only: this module is read before any command loads, so choosing the backend
costs almost nothing at start-up. Contexts live in `contexts.json` in the user's
config dir (`$WARROOM_CONFIG_DIR`, else `$XDG_CONFIG_HOME/warroom`, else
`~/.config/warroom`), written with 0600 permissions because it holds API tokens.
`WARROOM_URL` (with `WARROOM_TOKEN`) wins over the file, for CI and scripts.
"""

from __future__ import annotations

import json
import os

from warroom.errors import ConfigError

# `typing` stays unimported at run time: the lean CLI path counts its start-up
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

LOCAL = "local"
FILE = "contexts.json"
# Set by the dispatcher when a command follows a server context: the local database is
# then off limits to it (`runtime.refuse_if_remote`). Empty for local and admin commands.
dispatched_to: list[str] = []


class Remote:
    """A team's server and the API token used on it (a plain class: `dataclasses`
    imports `inspect`, a noticeable share of the lean path's start-up)."""

    __slots__ = ("name", "token", "url")

    def __init__(self, name: str, url: str, token: str) -> None:
        self.name, self.url, self.token = name, url, token


def folder() -> str:
    """The config dir as a str (pathlib is left out of the lean path's imports)."""
    explicit = os.environ.get("WARROOM_CONFIG_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")  # noqa: PTH111
    return os.path.join(base, "warroom")  # noqa: PTH118


def config_dir() -> Path:
    from pathlib import Path

    return Path(folder())


def load() -> dict[str, Any]:
    path = os.path.join(folder(), FILE)  # noqa: PTH118
    try:
        with open(path, encoding="utf-8") as handle:  # noqa: PTH123
            data = json.load(handle)
    except FileNotFoundError:
        return {"current": LOCAL, "contexts": {}}
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"cannot read {path}: {exc}",
            hint="Fix or delete the file, then run `warroom login URL` again.",
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("contexts"), dict):
        raise ConfigError(f"{path} is not a warroom contexts file", hint="Delete it and log in.")
    data.setdefault("current", LOCAL)
    return data


def save(data: dict[str, Any]) -> Path:
    """Write atomically with 0600: the file holds bearer tokens."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / FILE
    temp = folder / f".{FILE}.{os.getpid()}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    temp.chmod(0o600)
    temp.replace(path)
    return path


def normalize_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(
            f"'{url}' is not a server address",
            hint="Give the full address, e.g. https://warroom.example.com",
        )
    return url


def active() -> Remote | None:
    """The server commands talk to, or None for the local database."""
    url = os.environ.get("WARROOM_URL", "").strip()
    if url:
        return Remote("$WARROOM_URL", normalize_url(url), os.environ.get("WARROOM_TOKEN", ""))
    data = load()
    name = os.environ.get("WARROOM_CONTEXT") or data["current"]
    if name == LOCAL:
        return None
    entry = data["contexts"].get(name)
    if not isinstance(entry, dict):
        raise ConfigError(
            f"no context named '{name}'",
            hint="Run `warroom context list`, or `warroom context use local`.",
        )
    token = os.environ.get("WARROOM_TOKEN") or str(entry.get("token", ""))
    return Remote(name, str(entry["url"]), token)


def add(name: str, url: str, token: str) -> Path:
    data = load()
    data["contexts"][name] = {"url": normalize_url(url), "token": token}
    data["current"] = name
    return save(data)


def use(name: str) -> Path:
    data = load()
    if name != LOCAL and name not in data["contexts"]:
        raise ConfigError(
            f"no context named '{name}'",
            hint="Run `warroom context list`, or `warroom login URL --name NAME` first.",
        )
    data["current"] = name
    return save(data)


def remove(name: str) -> Path:
    data = load()
    if data["contexts"].pop(name, None) is None:
        raise ConfigError(f"no context named '{name}'", hint="Run `warroom context list`.")
    if data["current"] == name:
        data["current"] = LOCAL
    return save(data)
