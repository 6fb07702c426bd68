"""The settings postmortems depend on, gathered once from `Settings`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from warroom.config import Settings
from warroom.postmortems.lint.findings import Setting


@dataclass(frozen=True, slots=True)
class PostmortemPolicy:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    directory: Path = Path("docs/postmortems")
    template: str = "sre"
    template_dir: Path | None = None
    language: str = "en"
    draft_due: timedelta = timedelta(hours=24)
    review_business_days: int = 3
    business_hours: tuple[int, int] = (9, 18)
    # The linter's per-rule settings (`lint_rules`), applied by the publish gate too.
    lint_rules: Mapping[str, Setting] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> PostmortemPolicy:
        return cls(
            tz=ZoneInfo(settings.timezone),
            directory=settings.postmortem_dir,
            template=settings.postmortem_template,
            template_dir=settings.postmortem_template_dir,
            language=settings.language,
            draft_due=timedelta(hours=settings.postmortem_draft_due_hours),
            review_business_days=settings.postmortem_review_business_days,
            business_hours=settings.business_hours,
            lint_rules=dict(settings.lint_rules),
        )
