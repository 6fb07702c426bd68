"""Settings: environment (WARROOM_*), then `warroom.toml`, then defaults.

Built by the app or the CLI at start-up, never at import. Every field is listed in
docs/configuration.md, and a test keeps that page and this class in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
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


class NotifySettings(BaseModel):
    """Where pages go out: the providers' endpoints and credentials (secrets never shown).

    Per-person addresses and shared destinations (a Slack channel's webhook, a routing
    key) are data, edited with `warroom notify`; only provider accounts live here.
    """

    public_url: str = "http://127.0.0.1:8080"  # base of the acknowledgement links
    ack_link_minutes: int = Field(default=120, ge=1)
    max_attempts: int = Field(default=6, ge=1)
    http_timeout: float = Field(default=10.0, gt=0)
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "warroom@localhost"
    slack_token: SecretStr | None = None  # bot token for chat.postMessage (xoxb-…)
    slack_api_url: str = "https://slack.com/api"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_from: str | None = None
    twilio_api_url: str = "https://api.twilio.com"
    ntfy_url: str = "https://ntfy.sh"
    ntfy_token: SecretStr | None = None
    pagerduty_url: str = "https://events.pagerduty.com/v2/enqueue"
    opsgenie_url: str = "https://api.opsgenie.com/v2/alerts"


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
    # At most five years (action_items.rules.check_due refuses due dates beyond that).
    action_due_hours: dict[str, Annotated[int, Field(ge=1, le=5 * 365 * 24)]] = Field(
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
    # On-call (003 §4.2): the public holidays that count as all-day on-call for rotations
    # that say so; a schedule may name its own country. "" turns holidays off.
    oncall_holiday_country: str = "KR"
    oncall_holiday_subdiv: str | None = None
    notify: NotifySettings = Field(default_factory=NotifySettings)
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
    # Reverse proxies whose X-Forwarded-For / -Proto (and proxy_auth_header) are believed:
    # addresses or networks, "*" for any; none by default (docs/web.md).
    forwarded_allow_ips: tuple[str, ...] = ()
    proxy_auth_header: str | None = None  # e.g. X-Forwarded-User from an SSO proxy
    proxy_trusted_ips: tuple[str, ...] | None = None  # the older name of forwarded_allow_ips
    proxy_default_role: Literal["viewer", "responder", "admin"] = "viewer"
    # The largest request body any route reads (the alert receivers keep their own 4 MiB).
    max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)

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

    @field_validator("forwarded_allow_ips", "proxy_trusted_ips")
    @classmethod
    def _proxy_addresses(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        import ipaddress

        entries = tuple(entry.strip() for entry in value or ())
        for entry in entries:
            if entry == "*":
                continue
            try:
                ipaddress.ip_network(entry)
            except ValueError as exc:
                msg = f"{entry!r} is not an IP address or network (e.g. 10.0.0.0/8)"
                raise ValueError(msg) from exc
        if "*" in entries and len(entries) > 1:
            raise ValueError('"*" trusts every address; list nothing else with it')
        return entries if value is not None else None

    @model_validator(mode="after")
    def _one_list_of_proxies(self) -> Settings:
        if self.proxy_trusted_ips is not None and not self.forwarded_allow_ips:
            self.forwarded_allow_ips = self.proxy_trusted_ips
        if self.proxy_auth_header and not self.forwarded_allow_ips:
            msg = (
                "proxy_auth_header is set but no proxy is trusted: "
                "list the proxy's address in forwarded_allow_ips"
            )
            raise ValueError(msg)
        return self

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
