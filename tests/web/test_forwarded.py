"""X-Forwarded-* is believed only from `forwarded_allow_ips`; the throttle keys on the result.

These drive the app in-process (the test client connects from the address given);
tests/e2e/test_serve_forwarded.py does the same against a real `warroom serve`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.web import Web, web_app
from warroom.clock import FixedClock
from warroom.config import load_settings
from warroom.errors import ConfigError

PROXY = ("10.1.2.3", 40000)
WRONG = {"username": "alice", "password": "not the password"}


def _try(web: Web, forwarded_for: str | None = None, **form: str) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    data = {**WRONG, **form, "csrf_token": web.client.cookies["warroom_csrf"]}
    return web.client.post("/login", data=data, headers=headers, follow_redirects=False).status_code


@pytest.fixture
def behind_proxy(engine: Engine, tmp_path: Path, clock: FixedClock) -> Iterator[Web]:
    with web_app(
        engine,
        tmp_path,
        clock,
        client=PROXY,
        forwarded_allow_ips=("10.0.0.0/8",),
        proxy_auth_header="X-Forwarded-User",
    ) as web:
        web.client.get("/login")
        yield web


def test_the_throttle_keys_on_the_client_a_trusted_proxy_names(behind_proxy: Web) -> None:
    web = behind_proxy
    assert [_try(web, "203.0.113.5") for _ in range(6)] == [401] * 5 + [429]
    assert _try(web, "198.51.100.9") == 401  # someone else behind the same proxy
    # the proxy appends; what the client itself sent stays on the left and is ignored
    assert _try(web, "192.0.2.1, 203.0.113.5") == 429


def test_x_forwarded_for_from_an_untrusted_caller_changes_nothing(
    engine: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    with web_app(engine, tmp_path, clock, client=("127.0.0.1", 40000)) as web:
        web.client.get("/login")
        codes = [_try(web, f"203.0.113.{n}") for n in range(6)]
        assert codes == [401] * 5 + [429]


def test_sso_header_through_a_proxy_that_sets_x_forwarded_for(behind_proxy: Web) -> None:
    me = behind_proxy.client.get(
        "/api/v1/me", headers={"X-Forwarded-User": "rita", "X-Forwarded-For": "203.0.113.5"}
    )
    assert me.json() == {"username": "rita", "role": "responder", "via": "proxy"}


def test_sso_header_from_a_client_behind_the_proxy_is_not_enough(
    engine: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    """Trust is about who connected, never about what X-Forwarded-For claims."""
    with web_app(
        engine,
        tmp_path,
        clock,
        client=("192.0.2.50", 40000),
        forwarded_allow_ips=("10.0.0.0/8",),
        proxy_auth_header="X-Forwarded-User",
    ) as web:
        response = web.client.get(
            "/api/v1/me", headers={"X-Forwarded-User": "alice", "X-Forwarded-For": "10.1.2.3"}
        )
        assert response.status_code == 401


def test_https_named_by_a_trusted_proxy_marks_cookies_secure(behind_proxy: Web) -> None:
    behind_proxy.client.cookies.clear()
    answer = behind_proxy.client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in answer.headers["set-cookie"].lower()


def test_https_claimed_by_an_untrusted_caller_is_ignored(
    engine: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    with web_app(engine, tmp_path, clock, client=("192.0.2.50", 1)) as web:
        answer = web.client.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "secure" not in answer.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"forwarded_allow_ips": ["proxy.internal"]}, "not an IP address or network"),
        ({"forwarded_allow_ips": ["10.0.0.1/8"]}, "not an IP address or network"),
        ({"forwarded_allow_ips": ["*", "10.0.0.1"]}, "list nothing else"),
        ({"proxy_auth_header": "X-Forwarded-User"}, "no proxy is trusted"),
    ],
)
def test_bad_proxy_settings_stop_the_start(values: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(**values)


def test_proxy_trusted_ips_is_read_as_the_older_name() -> None:
    settings = load_settings(proxy_trusted_ips=["127.0.0.1"], proxy_auth_header="X-User")
    assert settings.forwarded_allow_ips == ("127.0.0.1",)
