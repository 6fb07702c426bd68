"""Settings: environment (WARROOM_*), then `warroom.toml`, then defaults.

Built by the app or the CLI at start-up, never at import. Every field is listed in
docs/configuration.md, and a test keeps that page and this class in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_ROLES = (
    "incident_commander",
    "communication_lead",
    "tech_lead",
    "oncall_engineer",
    "ops_engineer",
    "dba",
)


class GitHubSettings(BaseModel):
    """Where `warroom action push --to github` files issues; the token is never shown."""

    repo: str
    token: SecretStr
    api_url: str = "https://api.github.com"


class JiraSettings(BaseModel):
    """Jira Cloud site and project for `warroom action push --to jira`."""

    base_url: str
    email: str
    api_token: SecretStr
    project_key: str
    issue_type: str = "Task"
    # Our priority -> Jira priority name; empty leaves the field out (screens without it).
    priority_names: dict[str, str] = Field(
        default_factory=lambda: {"P0": "Highest", "P1": "High", "P2": "Medium"}
    )
    # Jira status name -> open / active / blocked / done / declined, before the category.
    status_map: dict[str, Literal["open", "active", "blocked", "done", "declined"]] = Field(
        default_factory=dict
    )


class Settings(BaseSettings):
    """All of warroom's knobs; see docs/configuration.md for each one."""

    model_config = SettingsConfigDict(
        env_prefix="WARROOM_", env_nested_delimiter="__", extra="forbid", toml_file=None
    )

    data_dir: Path = Field(default=Path(".warroom"))
    evidence_dir: Path | None = None
    database_url: str | None = None
    timezone: str = "UTC"
    language: Literal["en", "ko"] = "en"
    severity_scale: Literal["P", "SEV"] = "P"
    response_minutes: dict[str, int] = Field(
        default_factory=lambda: {"P1": 15, "P2": 30, "P3": 120}
    )
    rto_minutes: dict[str, int] = Field(default_factory=lambda: {"P1": 60, "P2": 240})
    update_cadence_minutes: dict[str, int] = Field(default_factory=lambda: {"P1": 5, "P2": 15})
    recovery_window_minutes: int = Field(default=30, ge=0)
    business_hours: tuple[int, int] = (9, 18)
    roles: tuple[str, ...] = DEFAULT_ROLES
    # Action items (R12): deadlines per priority (002 §7), type -> owning team (000's
    # delegation table), WIP limits per board lane and column (003 appendix C).
    action_due_hours: dict[str, int] = Field(
        default_factory=lambda: {"P0": 24, "P1": 24 * 7, "P2": 24 * 30}
    )
    action_routing: dict[str, str] = Field(
        default_factory=lambda: {
            "code-fix": "Dev/fix-bugs",
            "tests": "Dev/write-tests",
            "infrastructure": "Infra/plan-infrastructure",
            "monitoring": "Infra/configure-cicd",
            "docs": "Dev/sync-docs",
            "process": "SRE/incident-process",
        }
    )
    action_expedite_severities: tuple[str, ...] = ("P1", "P2")
    board_wip_limits: dict[str, dict[str, int]] = Field(
        default_factory=lambda: {"actions": {"todo": 10, "in-progress": 5, "blocked": 5}}
    )
    board_done_days: int = Field(default=14, ge=0)
    github: GitHubSettings | None = None
    jira: JiraSettings | None = None
    postmortem_dir: Path = Field(default=Path("docs/postmortems"))
    postmortem_template: str = "sre"
    postmortem_template_dir: Path | None = None
    postmortem_draft_due_hours: int = Field(default=24, ge=1)
    postmortem_review_business_days: int = Field(default=3, ge=1)
    # Postmortem linter: per-rule severity ("error", "warning") or "off", e.g. {"PM035": "off"}.
    lint_rules: dict[str, Literal["error", "warning", "off"]] = Field(default_factory=dict)
    pdf_font: Path | None = None
    # Web: signing key for session and CSRF cookies (default: data_dir/secret.key, made once;
    # set it explicitly when several processes share PostgreSQL).
    secret_key: str | None = None
    session_hours: int = Field(default=12, ge=1)
    cookie_secure: bool = False  # always mark cookies Secure (they are on https anyway)
    proxy_auth_header: str | None = None  # e.g. X-Forwarded-User from an SSO proxy
    proxy_trusted_ips: tuple[str, ...] = ("127.0.0.1", "::1")
    proxy_default_role: Literal["viewer", "responder", "admin"] = "viewer"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            msg = f"unknown time zone {value!r}; use an IANA name such as Asia/Seoul"
            raise ValueError(msg) from exc
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'warroom.db').resolve()}"

    @property
    def resolved_evidence_dir(self) -> Path:
        return self.evidence_dir or self.data_dir / "evidence"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml)


def _config_file() -> Path | None:
    import os

    explicit = os.environ.get("WARROOM_CONFIG")
    if explicit:
        return Path(explicit)
    local = Path("warroom.toml")
    return local if local.exists() else None


def load_settings(**overrides: Any) -> Settings:
    """Build settings; a bad value becomes a ConfigError the CLI can explain."""
    from pydantic import ValidationError

    from warroom.errors import ConfigError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(
            f"invalid setting {where}: {first['msg']}",
            hint="Check WARROOM_* environment variables and warroom.toml (docs/configuration.md).",
        ) from exc
