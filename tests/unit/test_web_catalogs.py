"""Every string the web pages show has a Korean translation, and the .mo files are current."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from warroom.i18n import translator

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src/warroom/i18n/locale"
WEB = ROOT / "src/warroom/web"


def _web_msgids() -> set[str]:
    method_map = [("templates/**.html", "jinja2"), ("**.py", "python")]
    found = extract_from_dir(str(WEB), method_map, keywords={"_": None, "N_": None})
    return {message for _file, _line, message, _comments, _context in found}


def _catalog(lang: str) -> dict[str, str]:
    with (LOCALE / lang / "LC_MESSAGES" / "warroom.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.id, str)}


def test_every_web_string_is_translated_to_korean() -> None:
    korean = _catalog("ko")
    missing = sorted(m for m in _web_msgids() if not korean.get(m))
    assert missing == [], "run scripts/i18n and translate these in ko/warroom.po"


def test_compiled_catalogs_match_the_po_files() -> None:
    for lang in ("en", "ko"):
        gettext = translator(lang).gettext
        stale = [i for i, text in _catalog(lang).items() if text and gettext(i) != text]
        assert stale == [], f"run scripts/i18n compile ({lang})"
