"""The in-process write gate: shared per database, a lock on SQLite only, re-entrant."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from sqlalchemy import create_engine

from warroom.db.gate import gate_for, write_gate


def test_engines_on_one_sqlite_file_share_one_exclusive_gate(tmp_path: Path) -> None:
    first = create_engine(f"sqlite:///{tmp_path}/a.db")
    second = create_engine(f"sqlite:///{tmp_path}/a.db")
    other = create_engine(f"sqlite:///{tmp_path}/b.db")
    assert gate_for(first) is gate_for(second)
    assert gate_for(first) is not gate_for(other)
    assert gate_for(first).exclusive
    with write_gate(first, urgent=True), write_gate(second, urgent=False):  # re-entrant
        pass


def test_postgres_gets_no_lock() -> None:
    engine = create_engine("postgresql+psycopg://u@127.0.0.1:5432/gate_test_never_connected")
    assert not gate_for(engine).exclusive
    assert isinstance(write_gate(engine, urgent=False), nullcontext)
