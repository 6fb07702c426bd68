"""GitHub Issues over the REST API: create an issue, read its state back.

Requests follow GitHub's documented shapes ("Create an issue",
`POST /repos/{owner}/{repo}/issues`, and "Get an issue",
`GET /repos/{owner}/{repo}/issues/{issue_number}`) with a bearer token. No GitHub can
be reached from the test suite, so tests replay those shapes through
`httpx.MockTransport`.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from pydantic import SecretStr

from warroom.errors import InvalidInput
from warroom.integrations.trackers.base import (
    ExternalIssue,
    IssueDraft,
    RemoteState,
    RemoteStatus,
    TrackerError,
)
from warroom.integrations.trackers.retry import RetryPolicy, send

API_VERSION = "2022-11-28"
_KEY = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)#(?P<number>\d+)$")
CREDENTIALS_HINT = (
    "Set WARROOM_GITHUB__TOKEN to a token with Issues read/write on the repository "
    "(it is never printed)."
)


class GitHubTracker:
    name = "github"

    def __init__(
        self,
        client: httpx.Client,
        *,
        repo: str,
        token: SecretStr,
        api_url: str = "https://api.github.com",
        labels: tuple[str, ...] = ("warroom", "action-item"),
        policy: RetryPolicy | None = None,
    ) -> None:
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
            raise InvalidInput(
                f"'{repo}' is not a GitHub repository", hint="Use owner/name, e.g. acme/payments."
            )
        self._client = client
        self._repo = repo
        self._token = token
        self._api = api_url.rstrip("/")
        self._labels = labels
        self._policy = policy or RetryPolicy()

    def __repr__(self) -> str:
        return f"GitHubTracker(repo={self._repo!r}, api_url={self._api!r})"

    def create_issue(self, draft: IssueDraft) -> ExternalIssue:
        payload = {
            "title": f"{draft.ref}: {draft.title}",
            "body": issue_body(draft),
            "labels": [*self._labels, f"priority:{draft.priority}", f"type:{draft.item_type}"],
        }
        request = self._request("POST", f"/repos/{self._repo}/issues", json=payload)
        data = self._send(request).json()
        number, url = _field(data, "number"), _field(data, "html_url")
        return ExternalIssue(tracker=self.name, key=f"{self._repo}#{number}", url=str(url))

    def fetch_status(self, key: str) -> RemoteStatus:
        repo, number = parse_key(key)
        data = self._send(self._request("GET", f"/repos/{repo}/issues/{number}")).json()
        state, reason = str(_field(data, "state")), data.get("state_reason")
        raw = state if not reason else f"{state} ({reason})"
        return RemoteStatus(key=key, raw=raw, state=map_state(state, reason))

    def _request(self, method: str, path: str, json: Any = None) -> httpx.Request:
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token.get_secret_value()}",
            "X-GitHub-Api-Version": API_VERSION,
        }
        return self._client.build_request(method, self._api + path, headers=headers, json=json)

    def _send(self, request: httpx.Request) -> httpx.Response:
        return send(
            self._client,
            request,
            tracker="GitHub",
            policy=self._policy,
            describe=describe_error,
            credentials_hint=CREDENTIALS_HINT,
        )


def map_state(state: str, state_reason: str | None) -> RemoteState:
    """Open issues say nothing finer; closed ones say whether the work was done."""
    if state != "closed":
        return RemoteState.OPEN
    if state_reason in ("not_planned", "duplicate"):
        return RemoteState.DECLINED
    return RemoteState.DONE


def parse_key(key: str) -> tuple[str, int]:
    match = _KEY.match(key)
    if not match:
        raise InvalidInput(
            f"'{key}' is not a GitHub issue reference", hint="It should look like acme/ops#42."
        )
    return match["repo"], int(match["number"])


def issue_body(draft: IssueDraft) -> str:
    lines = [draft.description.strip(), ""] if draft.description.strip() else []
    lines += [
        "| | |",
        "|---|---|",
        f"| Action item | {draft.ref} |",
        f"| Incident | {draft.incident_id} |",
        f"| Priority | {draft.priority} |",
        f"| Type | {draft.item_type} |",
        f"| Owning team | {draft.team} |",
        f"| Owner | {draft.owner or '-'} |",
        f"| Due | {draft.due.isoformat() if draft.due else '-'} |",
        "",
        "_Filed by warroom; its status is synced back with `warroom action sync`._",
    ]
    return "\n".join(lines)


def describe_error(response: httpx.Response) -> str:
    """GitHub errors carry `message` and sometimes `errors` with the field at fault."""
    try:
        data = response.json()
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    message = str(data.get("message", ""))
    fields = [
        f"{e.get('field')} {e.get('code')}"
        for e in data.get("errors", [])
        if isinstance(e, dict) and e.get("field")
    ]
    return "; ".join([message, *fields]) if fields else message


def _field(data: Any, name: str) -> Any:
    if not isinstance(data, dict) or name not in data:
        raise TrackerError(
            f"GitHub answered without '{name}'",
            hint="Check that github.api_url points at the REST API root.",
        )
    return data[name]
