"""Every page a Korean reader opens is Korean: no English phrase, no raw identifier.

The data is written in Korean, so any Latin word left on a page (outside the short list
of names that stay as they are: warroom, SLA, the zone, severities...) is an English
string that skipped the catalogs, and any `snake_case` word is a stored key shown raw.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.support.web import Web

# Names that read the same in Korean text: product, acronyms, units, zone, IDs.
KEPT = {
    "warroom",
    "sla",
    "rto",
    "tta",
    "ttm",
    "ttr",
    "kst",
    "asia",
    "seoul",
    "utc",
    "markdown",
    "inc",
    "dba",
    "apm",
    "csv",
    "ical",
    "api",
    "url",
    "slack",
    "teams",
    "email",
    "sms",
    "ntfy",
    "pagerduty",
    "opsgenie",
    "twilio",
    "webhook",
    "minsu",
    "jiyoung",
    "alice",
    "rita",
    "vic",
    "payments",
    "checkout",
    "min",
    "ko",
    "en",
    # names configured for the escalation policies (data, not text)
    "default",
    "bob",
    "jane",
    "executives",
    "leadership",
    "leads",
}
SEEN_ATTRS = ("placeholder", "aria-label", "title", "alt", "value")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
SKIPPED = ("script", "style", "textarea", "code", "pre", "kbd")  # keys, commands, sources
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skip += 1
        hidden = dict(attrs).get("type") == "hidden"
        for name, value in attrs:
            if (
                name in SEEN_ATTRS
                and value
                and not hidden
                and not (name == "value" and tag in ("option", "input", "button"))
            ):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _translators_choice() -> set[str]:
    """Latin words the Korean catalog itself uses (command syntax, terms kept in English)."""
    from warroom.i18n import translator

    catalog = translator("ko")._catalog  # type: ignore[attr-defined]
    words: set[str] = set()
    for text in catalog.values():
        if isinstance(text, str):
            words |= {w.lower() for w in LATIN_WORD.findall(text)}
            words |= set(RAW_KEY.findall(text))
    return words


def _offenders(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    text = " ".join(parser.parts)
    kept = KEPT | _translators_choice()
    raw = [k for k in RAW_KEY.findall(text) if k not in kept]
    words = [w for w in LATIN_WORD.findall(text) if w.lower() not in kept]
    return sorted(set(raw) | set(words))


def _seed(web: Web) -> str:
    responder = web.auth("responder")
    incident = web.declare("결제 API 오류 급증", services=["payments"])
    post = web.client.post
    post(
        f"/api/v1/incidents/{incident}/transitions", json={"to": "acknowledged"}, headers=responder
    )
    post(
        f"/api/v1/incidents/{incident}/roles",
        json={"role": "incident_commander", "handle": "minsu"},
        headers=responder,
    )
    post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "decision", "body": "직전 배포를 되돌리기로 함"},
        headers=responder,
    )
    for to in ("mitigated", "resolved"):
        post(f"/api/v1/incidents/{incident}/transitions", json={"to": to}, headers=responder)
    return incident


def test_every_page_is_korean(web: Web) -> None:
    incident = _seed(web)
    csrf = web.login()
    web.client.cookies.set("warroom_lang", "ko")
    web.client.post(
        f"/incidents/{incident}/postmortem/draft", data={"csrf_token": csrf, "template": "concise"}
    )
    pages = [
        "/",
        "/incidents",
        "/incidents/new",
        f"/incidents/{incident}",
        f"/incidents/{incident}/postmortem",
        f"/incidents/{incident}/deliveries",
        "/board",
        "/oncall",
        "/escalation",
        "/admin",
    ]
    found = {}
    for path in pages:
        response = web.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert '<html lang="ko">' in response.text
        bad = _offenders(response.text)
        if bad:
            found[path] = bad
    assert found == {}, f"English or raw keys on Korean pages: {found}"
