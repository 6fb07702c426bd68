"""Korean and English text: gettext catalogs compiled with Babel, shipped in the package.

`translator(lang)` is cheap after the first call; callers keep `_ = translator(lang).gettext`.
"""

from __future__ import annotations

import gettext
import os
from functools import cache

# `typing` stays unimported at run time: the lean CLI path counts its start-up
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# A str, not a Path: importing pathlib costs the lean CLI path a noticeable share of its
# start-up (docs/cli-remote.md); `LOCALE_DIR` is still a Path for its readers.
_LOCALE = os.path.join(os.path.dirname(__file__), "locale")  # noqa: PTH118, PTH120
DOMAIN = "warroom"
LANGUAGES = ("en", "ko")


@cache
def translator(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        lang = "en"
    return gettext.translation(DOMAIN, localedir=_LOCALE, languages=[lang], fallback=True)


def gettext_for(lang: str) -> gettext.NullTranslations:
    return translator(lang)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def __getattr__(name: str) -> Path:
    if name == "LOCALE_DIR":
        from pathlib import Path

        return Path(_LOCALE)
    raise AttributeError(name)
