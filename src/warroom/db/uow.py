"""The transaction boundary: transports wrap one action call in `unit_of_work`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from warroom.db.engine import session_factory


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """Yield a session; commit when the block ends cleanly, roll back on any error.

    The commit is the acknowledgement: nothing is reported as done before it.
    """
    session = session_factory(engine, write=True)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """Yield a session for queries only; it never commits.

    Closing (not rolling back) ends the transaction and detaches what was read, with
    its loaded values intact, so results stay usable after the block.
    """
    session = session_factory(engine, write=False)()
    try:
        yield session
    finally:
        session.close()
