"""Content-addressed file store: a file is kept once, under its SHA-256, read-only.

Files are written to a temporary name, fsynced and renamed, so a crash never leaves a
half-written file under a real hash; the database row that points at it commits after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Stored:
    sha256: str
    size: int
    relative: str


def relative_path(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256}"


def put(root: Path, source: BinaryIO) -> Stored:
    """Copy `source` into the store and return its hash, size and place."""
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temp_name = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = root / relative_path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            Path(temp_name).unlink()
        else:
            Path(temp_name).replace(target)
            target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return Stored(sha256=sha, size=size, relative=relative_path(sha))


def verify(root: Path, relative: str, sha256: str) -> bool:
    """True when the stored file still has the hash recorded for it."""
    path = root / relative
    if not path.exists():
        return False
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def export(root: Path, relative: str, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / relative, destination)
    return destination
