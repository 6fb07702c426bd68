"""Fill msgstr entries of a catalog from a TSV (msgid<TAB>msgstr); keeps existing ones.

Usage: .venv/bin/python scripts/translate.py ko translations.tsv
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

lang, table = sys.argv[1], Path(sys.argv[2])
path = Path(f"src/warroom/i18n/locale/{lang}/LC_MESSAGES/warroom.po")
with path.open("rb") as handle:
    catalog = read_po(handle, locale=lang)
pairs = dict(
    line.split("\t", 1) for line in table.read_text(encoding="utf-8").splitlines() if "\t" in line
)
for message in catalog:
    if message.id and isinstance(message.id, str) and message.id in pairs and not message.string:
        message.string = pairs[message.id]
with path.open("wb") as handle:
    write_po(handle, catalog, width=100, sort_output=True, omit_header=False)
