"""The Korean catalog translates every message, and the committed .mo files are current."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from warroom.i18n import LOCALE_DIR, translator


def catalog(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "warroom.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_every_message_has_a_korean_translation() -> None:
    missing = [m.id for m in catalog("ko") if m.id and (not m.string or m.fuzzy)]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compiled_catalogs_match_the_po_files(lang: str) -> None:
    compiled = BytesIO()
    write_mo(compiled, catalog(lang))
    mo = Path(LOCALE_DIR / lang / "LC_MESSAGES" / "warroom.mo")
    assert mo.read_bytes() == compiled.getvalue(), "run pybabel compile (see babel.cfg)"


def test_korean_is_served() -> None:
    assert translator("ko").gettext("Timeline") == "타임라인"
    assert translator("en").gettext("Timeline") == "Timeline"
