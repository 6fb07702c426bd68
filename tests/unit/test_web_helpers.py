from __future__ import annotations

import stat
from pathlib import Path

import pytest

from warroom.core.secret import load_secret
from warroom.web.markdown import render_markdown
from warroom.web.ui.render import same_site_path


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/incidents?state=active", "/incidents?state=active"),
        ("http://testserver/incidents/INC-1", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_same_site_paths_are_followed(given: str | None, expected: str) -> None:
    assert same_site_path(given) == expected


def test_a_referer_on_this_host_is_followed() -> None:
    assert same_site_path("http://warroom:8080/incidents/X", host="warroom:8080") == "/incidents/X"
    assert same_site_path("http://evil:8080/incidents/X", host="warroom:8080") == "/"


def test_secret_key_is_made_once_and_private(tmp_path: Path) -> None:
    first = load_secret(tmp_path / "data")
    assert load_secret(tmp_path / "data") == first
    assert len(first) >= 48
    mode = (tmp_path / "data" / "secret.key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="x()">a</a>',
    ],
)
def test_markdown_never_lets_script_through(text: str) -> None:
    tags = _tags(render_markdown(text))
    assert all(tag not in ("script", "img") for tag, _attrs in tags)
    for _tag, attrs in tags:
        assert not [name for name, _value in attrs if name.startswith("on")]
        assert not [v for name, v in attrs if name == "href" and "javascript" in (v or "")]


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_markdown_keeps_formatting_and_safe_links() -> None:
    html = render_markdown("**bold** `code` [docs](https://example.com)")
    assert "<strong>bold</strong>" in html
    assert "<code>code</code>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer"' in html


def test_asgi_factory_reads_settings_when_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warroom.web.asgi import app

    monkeypatch.setenv("WARROOM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WARROOM_SECRET_KEY", "k")
    built = app()
    assert built.state.warroom.settings.data_dir == tmp_path
    built.state.warroom.engine.dispose()
