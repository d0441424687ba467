"""A SQLite database whose write lock another process holds past the busy timeout (a backup
tool, a stuck `sqlite3` shell) is `503 database_unavailable` with Retry-After, like a lost
PostgreSQL (docs/protocol.md §2), not a 500; nothing is written, and the call succeeds once the
lock is gone. Real SQLite: the lock is taken by a second connection, as another process would."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from server.db import Database
from server.errors import ServerError


def _refused(call: Callable[[], object]) -> None:
    started = time.monotonic()
    with pytest.raises(ServerError) as caught:
        call()
    waited = time.monotonic() - started
    err = caught.value
    assert (err.status, err.code) == (503, "database_unavailable")
    assert int(err.headers["Retry-After"]) >= 1
    assert "retry later" in str(err)
    assert 0.25 <= waited < 5, waited  # it waited for the lock first, then gave up


def test_a_write_lock_held_past_the_busy_timeout_is_a_503_and_then_clears(tmp_path: Path) -> None:
    path = tmp_path / "meta.db"
    db = Database(f"sqlite:///{path}", pool_size=2, busy_timeout=0.3)
    db.execute("CREATE TABLE t (v INTEGER)")

    def in_transaction() -> None:
        with db.transaction() as tx:
            tx.execute("INSERT INTO t VALUES (1)")

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    try:
        _refused(in_transaction)
        _refused(lambda: db.execute("INSERT INTO t VALUES (1)"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db.query("SELECT v FROM t") == []  # nothing half-written
    in_transaction()  # the lock is gone: served again
    assert db.query("SELECT v FROM t") == [(1,)]
    db.close()
