"""Resolve a git merge conflict in the gettext catalogs: keep every translation of both sides.

A three-way merge per message: a translation one side changed since the common base
wins over the other side's unchanged one (so a branch's corrected wording survives);
when both changed it, ours is kept. Messages only one side has are kept too.

Usage (during a conflicted merge): .venv/bin/python scripts/merge-catalogs.py && scripts/i18n
Or after the fact: scripts/merge-catalogs.py BASE OURS THEIRS (commits; OURS may be
WORKTREE for the files as they are), then scripts/i18n.
"""

from __future__ import annotations

import io
import subprocess
import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(spec: str, lang: str) -> Catalog:
    if spec.startswith("WORKTREE:"):  # the file as it is now
        with open(spec.split(":", 1)[1], "rb") as handle:
            return read_po(handle, locale=lang)
    result = subprocess.run(["git", "show", spec], capture_output=True, check=False)
    return read_po(io.BytesIO(result.stdout if result.returncode == 0 else b""), locale=lang)


def main(args: list[str]) -> None:
    for lang in ("en", "ko"):
        path = f"src/warroom/i18n/locale/{lang}/LC_MESSAGES/warroom.po"
        specs = [f"{rev}:{path}" for rev in args] if args else [f":{n}:{path}" for n in (1, 2, 3)]
        base, ours, theirs = (_read(spec, lang) for spec in specs)
        for message in theirs:
            if not message.id:
                continue
            mine = ours.get(message.id, message.context)
            old = base.get(message.id, message.context)
            if mine is None:
                ours[message.id] = message
            elif not mine.string:
                mine.string = message.string
            elif old is not None and message.string and message.string != old.string:
                if mine.string == old.string:
                    mine.string = message.string
        with open(path, "wb") as handle:
            write_po(handle, ours, width=100, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1:])
