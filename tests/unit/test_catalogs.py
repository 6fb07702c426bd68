"""Korean and English are both first-class: every message is translated and compiled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src/warroom/i18n/locale"
BIN = Path(sys.executable).parent


def _extract(tmp: Path) -> set[str]:
    pot = tmp / "fresh.pot"
    subprocess.run(
        [
            str(BIN / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "-o",
            str(pot),
            "src/warroom",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def _catalog(lang: str) -> dict[str, str]:
    with (LOCALE / lang / "LC_MESSAGES/warroom.po").open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_every_message_in_the_code_is_in_both_catalogs(tmp_path: Path) -> None:
    wanted = _extract(tmp_path)
    for lang in ("en", "ko"):
        missing = wanted - set(_catalog(lang))
        assert not missing, f"{lang}: run scripts/i18n; missing {sorted(missing)[:5]}"


def test_every_korean_message_is_translated() -> None:
    untranslated = [msgid for msgid, text in _catalog("ko").items() if not text]
    assert untranslated == []


def test_compiled_catalogs_match_their_sources() -> None:
    for lang in ("en", "ko"):
        with (LOCALE / lang / "LC_MESSAGES/warroom.mo").open("rb") as handle:
            compiled = {str(m.id): str(m.string) for m in read_mo(handle) if m.id}
        source = {k: v for k, v in _catalog(lang).items() if v}
        assert compiled == source, f"run scripts/i18n to recompile {lang}"
