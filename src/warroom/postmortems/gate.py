"""The publish gate: lint the postmortem as its file would read, before it is published.

The file is what a team reviews in git and what `warroom lint` checks in CI, so the
gate renders the stored document with its template and lints that text.
"""

from __future__ import annotations

from warroom.postmortems.files import render_postmortem
from warroom.postmortems.lint.findings import Finding
from warroom.postmortems.lint.runner import lint_text
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy


def lint_postmortem(pm: Postmortem, policy: PostmortemPolicy) -> list[Finding]:
    """Return the linter's findings on the postmortem's file, with the team's rule settings."""
    return lint_text(render_postmortem(pm, policy), pm.path, policy.lint_rules)


def error_lines(findings: list[Finding]) -> list[str]:
    """The error-level findings as `RULE line N: message`, in file order."""
    return [f"{f.rule_id} line {f.line}: {f.message}" for f in findings if f.severity == "error"]
