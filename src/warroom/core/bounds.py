"""Bounds on what a caller may send: integers that fit the database, texts that fit a page.

Every transport checks against these numbers (the web's parameter types, the CLI's
options, the domain rules), so an id past 64 bits or a 50 MB note is a clear
`invalid_input` instead of an overflow deep in a driver.
"""

from __future__ import annotations

from warroom.errors import InvalidInput

INT64_MAX = 2**63 - 1  # the largest integer SQLite and PostgreSQL (bigint) store
ID_MAX = 2**31 - 1  # row ids: warroom's INTEGER keys are 32-bit on PostgreSQL
MAX_LIMIT = 500  # rows per page
MAX_OFFSET = INT64_MAX - MAX_LIMIT  # so that offset + limit still fits in 64 bits
MAX_PAGE = 2**31 - 1  # page numbers: pages of up to 500 rows stay inside MAX_OFFSET
MAX_WINDOW_DAYS = 36_500  # report windows: a century back is still a valid date

# Free text, in characters: long enough for any real note, short enough that a page
# showing a hundred of them stays small.
TITLE_MAX = 300
NOTE_MAX = 20_000  # timeline entries, status updates, reasons, descriptions
SUMMARY_MAX = 20_000
DOCUMENT_MAX = 500_000  # a whole postmortem file


def check_length(text: str, *, limit: int, what: str, hint: str = "") -> str:
    """Return `text` unless it is longer than `limit` characters (then InvalidInput)."""
    if len(text) > limit:
        raise InvalidInput(
            f"the {what} is {len(text):,} characters long; the limit is {limit:,}",
            hint=hint or "Shorten it; keep long material as evidence (`warroom evidence add`).",
        )
    return text
