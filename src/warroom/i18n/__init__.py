"""Korean and English text: gettext catalogs compiled with Babel, shipped in the package.

`translator(lang)` is cheap after the first call; callers keep `_ = translator(lang).gettext`.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "warroom"
LANGUAGES = ("en", "ko")


@cache
def translator(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        lang = "en"
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def gettext_for(lang: str) -> gettext.NullTranslations:
    return translator(lang)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message
