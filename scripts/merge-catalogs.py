"""Resolve a git merge conflict in the gettext catalogs: keep every translation of both sides.

Usage (during a conflicted merge): .venv/bin/python scripts/merge-catalogs.py && scripts/i18n
"""

from __future__ import annotations

import io
import subprocess

from babel.messages.pofile import read_po, write_po

for lang in ("en", "ko"):
    path = f"src/warroom/i18n/locale/{lang}/LC_MESSAGES/warroom.po"
    sides = []
    for stage in (2, 3):
        raw = subprocess.run(["git", "show", f":{stage}:{path}"], capture_output=True,
                             check=True).stdout
        sides.append(read_po(io.BytesIO(raw), locale=lang))
    ours, theirs = sides
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours[message.id] = message
        elif not mine.string:
            mine.string = message.string
    with open(path, "wb") as handle:
        write_po(handle, ours, width=100, sort_output=True)
