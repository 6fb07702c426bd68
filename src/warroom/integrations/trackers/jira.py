"""Jira Cloud over REST API v3: create an issue, read its status, move it by transition.

Shapes follow Atlassian's documentation: `POST /rest/api/3/issue` with the description
in Atlassian Document Format, `GET /rest/api/3/issue/{key}?fields=status,resolution`
(the status's `statusCategory.key` is one of new / indeterminate / done), and
`GET|POST /rest/api/3/issue/{key}/transitions`. Auth is basic with the account e-mail
and an API token. No Jira can be reached from the test suite, so tests replay those
shapes through `httpx.MockTransport`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import httpx
from pydantic import SecretStr

from warroom.integrations.trackers.base import (
    ExternalIssue,
    IssueDraft,
    RemoteState,
    RemoteStatus,
    TrackerError,
)
from warroom.integrations.trackers.retry import RetryPolicy, send

CREDENTIALS_HINT = (
    "Set WARROOM_JIRA__EMAIL and WARROOM_JIRA__API_TOKEN (an Atlassian API token; "
    "it is never printed)."
)
DEFAULT_PRIORITY_NAMES: Mapping[str, str] = {"P0": "Highest", "P1": "High", "P2": "Medium"}
DECLINED_RESOLUTIONS = frozenset(
    {"won't do", "won't fix", "declined", "duplicate", "cannot reproduce"}
)
_CATEGORY_STATE = {"new": RemoteState.OPEN, "indeterminate": RemoteState.ACTIVE}


class JiraTracker:
    name = "jira"

    def __init__(
        self,
        client: httpx.Client,
        *,
        base_url: str,
        email: str,
        api_token: SecretStr,
        project_key: str,
        issue_type: str = "Task",
        priority_names: Mapping[str, str] | None = DEFAULT_PRIORITY_NAMES,
        status_overrides: Mapping[str, RemoteState] | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._email = email
        self._token = api_token
        self._project = project_key
        self._issue_type = issue_type
        self._priority_names = priority_names
        self._overrides = {k.lower(): v for k, v in (status_overrides or {}).items()}
        self._policy = policy or RetryPolicy()

    def __repr__(self) -> str:
        return f"JiraTracker(base_url={self._base!r}, project_key={self._project!r})"

    def create_issue(self, draft: IssueDraft) -> ExternalIssue:
        request = self._request("POST", "/rest/api/3/issue", json=self.issue_payload(draft))
        data = self._send(request).json()
        key = _get(data, "key")
        return ExternalIssue(tracker=self.name, key=str(key), url=f"{self._base}/browse/{key}")

    def issue_payload(self, draft: IssueDraft) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "project": {"key": self._project},
            "issuetype": {"name": self._issue_type},
            "summary": f"{draft.ref}: {draft.title}",
            "description": adf_document(_description_paragraphs(draft)),
            "labels": ["warroom", draft.ref, draft.incident_id],
        }
        if draft.due is not None:
            fields["duedate"] = draft.due.isoformat()
        if self._priority_names and draft.priority in self._priority_names:
            fields["priority"] = {"name": self._priority_names[draft.priority]}
        return {"fields": fields}

    def fetch_status(self, key: str) -> RemoteStatus:
        request = self._request(
            "GET", f"/rest/api/3/issue/{key}", params={"fields": "status,resolution"}
        )
        fields = _get(self._send(request).json(), "fields")
        status = _get(fields, "status")
        name = str(status.get("name", ""))
        category = str(_get(status, "statusCategory").get("key", ""))
        resolution = (fields.get("resolution") or {}).get("name")
        return RemoteStatus(key=key, raw=name, state=self.map_status(name, category, resolution))

    def map_status(self, name: str, category: str, resolution: str | None) -> RemoteState:
        """Map by configured status name first, then by the status category Jira fixes."""
        if name.lower() in self._overrides:
            return self._overrides[name.lower()]
        if category == "done":
            declined = (resolution or "").lower() in DECLINED_RESOLUTIONS
            return RemoteState.DECLINED if declined else RemoteState.DONE
        return _CATEGORY_STATE.get(category, RemoteState.OPEN)

    def transitions(self, key: str) -> list[dict[str, Any]]:
        data = self._send(self._request("GET", f"/rest/api/3/issue/{key}/transitions")).json()
        found = _get(data, "transitions")
        return [t for t in found if isinstance(t, dict)]

    def transition_to(self, key: str, category: str) -> bool:
        """Apply the first transition leading to a status of `category`; False if none does."""
        for transition in self.transitions(key):
            to = transition.get("to") or {}
            if (to.get("statusCategory") or {}).get("key") == category:
                body = {"transition": {"id": str(transition["id"])}}
                self._send(self._request("POST", f"/rest/api/3/issue/{key}/transitions", json=body))
                return True
        return False

    def _request(
        self, method: str, path: str, *, json: Any = None, params: dict[str, str] | None = None
    ) -> httpx.Request:
        pair = f"{self._email}:{self._token.get_secret_value()}".encode()
        headers = {
            "Accept": "application/json",
            "Authorization": "Basic " + base64.b64encode(pair).decode("ascii"),
        }
        return self._client.build_request(
            method, self._base + path, headers=headers, json=json, params=params
        )

    def _send(self, request: httpx.Request) -> httpx.Response:
        return send(
            self._client,
            request,
            tracker="Jira",
            policy=self._policy,
            describe=describe_error,
            credentials_hint=CREDENTIALS_HINT,
        )


def adf_document(paragraphs: list[str]) -> dict[str, Any]:
    """Wrap plain paragraphs in Atlassian Document Format (empty text nodes are invalid)."""
    content = [
        {"type": "paragraph", "content": [{"type": "text", "text": text}]}
        for text in paragraphs
        if text.strip()
    ]
    return {"type": "doc", "version": 1, "content": content}


def _description_paragraphs(draft: IssueDraft) -> list[str]:
    parts = [p.strip() for p in draft.description.split("\n\n")]
    facts = [
        f"Action item {draft.ref} of incident {draft.incident_id}.",
        f"Priority {draft.priority}, type {draft.item_type}, owning team {draft.team}"
        + (f", owner {draft.owner}." if draft.owner else "."),
        "Filed by warroom; its status is synced back with `warroom action sync`.",
    ]
    return [*parts, *facts]


def describe_error(response: httpx.Response) -> str:
    """Jira errors carry `errorMessages` (a list) and `errors` (field -> message)."""
    try:
        data = response.json()
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    messages = [str(m) for m in data.get("errorMessages", [])]
    errors = data.get("errors") or {}
    if isinstance(errors, dict):
        messages += [f"{field}: {text}" for field, text in errors.items()]
    return "; ".join(messages)


def _get(data: Any, name: str) -> Any:
    if not isinstance(data, dict) or name not in data or data[name] is None:
        raise TrackerError(
            f"Jira answered without '{name}'",
            hint="Check that jira.base_url is the site root, e.g. https://acme.atlassian.net.",
        )
    return data[name]
