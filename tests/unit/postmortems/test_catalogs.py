"""The Korean catalog translates every message, and what the app reads is what the .po says."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from warroom.i18n import LOCALE_DIR, translator


def catalog(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "warroom.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_every_message_has_a_korean_translation() -> None:
    missing = [m.id for m in catalog("ko") if m.id and (not m.string or m.fuzzy)]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_runtime_catalog_says_what_the_po_file_says(lang: str) -> None:
    """Compare content, not .mo bytes: another Babel release compiles other bytes."""
    runtime = translator(lang)
    differing = [
        m.id
        for m in catalog(lang)
        if isinstance(m.id, str) and m.id and m.string and runtime.gettext(m.id) != m.string
    ]
    assert differing == [], "run scripts/i18n to recompile the catalogs"


def test_korean_is_served() -> None:
    assert translator("ko").gettext("Timeline") == "타임라인"
    assert translator("en").gettext("Timeline") == "Timeline"
