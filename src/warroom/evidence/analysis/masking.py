"""Replace the variable parts of a log message with `<*>` before it is clustered.

Generic rules only, applied in order on the whole message (each is one C-speed regex
pass): URLs, UUIDs, IPv4/IPv6 addresses with ports, file paths (POSIX and Windows),
hexadecimal values, then numbers (with units, signs, decimals, versions) that stand
alone or follow a separator. Identifiers that merely contain a digit (`jk2_init`,
`eth0`) are kept: they name things rather than vary.
"""

from __future__ import annotations

import re

WILDCARD = "<*>"

_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?"
_UNIT = r"(?:\s?(?:[KMGTP]i?B|B|bytes|ms|us|µs|ns|s|sec|secs|seconds|mins?|minutes|h|hours)\b)?"

RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "datetime",
        re.compile(
            rf"\b(?:{_DAY},?\s+)?{_MON}\s+\d{{1,2}}(?:,?\s+\d{{4}})?\s+{_CLOCK}(?:\s+\d{{4}})?"
            rf"|\b\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}}(?:[T\s:]{_CLOCK})?(?:Z|[+-]\d{{2}}:?\d{{2}})?"
            rf"|\b{_CLOCK}(?=\s|$)"
        ),
    ),
    ("url", re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+")),
    (
        "uuid",
        re.compile(
            r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
        ),
    ),
    ("ipv6", re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}(?![\w:])")),
    ("ip", re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])")),
    ("winpath", re.compile(r"\b[A-Za-z]:\\[^\s\"'<>|]*")),
    (
        "path",
        re.compile(
            r"(?<![\w/.:<>*-])(?:\.{0,2}/[\w.@%+~:=,$-]+){2,}/?"
            r"|(?<![\w/<])/(?=[\w.-]*\d)[\w.-]+"
        ),
    ),
    ("hex", re.compile(r"\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b")),
    (
        "number",
        re.compile(
            r"(?<![A-Za-z0-9<*>])[-+]?\d+(?:[.,:]\d+)*(?:(?:[A-Za-z]{1,3}|%)(?![\w*>])"
            + _UNIT
            + r"|(?![\w*>])"
            + _UNIT
            + r")"
            r"|(?<=[_=#@-])\d+(?![A-Za-z0-9])"
        ),
    ),
)
_REPEATS = re.compile(r"<\*>(?:[\s,:.-]*<\*>)+")


def mask(message: str) -> str:
    """Return `message` with every variable part replaced by `<*>`."""
    for _, rule in RULES:
        message = rule.sub(WILDCARD, message)
    return message


def collapse(message: str) -> str:
    """Merge runs of wildcards (`<*>:<*>`, `<*> <*>`) so lists of any length look alike."""
    return _REPEATS.sub(WILDCARD, message)
