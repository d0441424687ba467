"""A lock another process holds on the metadata database past the busy timeout (a backup tool,
a stuck `sqlite3` shell, an administrator's `LOCK TABLE`) is `503 database_unavailable` with
Retry-After, like a lost database (docs/protocol.md §2), not a 500; nothing is written, and the
call succeeds once the lock is gone. While requests wait for such a lock, the replica still
answers everything else: the wait happens in worker threads, never on its event loop. Real
SQLite and PostgreSQL: the locks are taken by a second connection, as another process would."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from backends import fresh_database
from serverkit import Client, launch

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


@pytest.mark.realpg
def test_a_postgres_lock_held_past_the_lock_timeout_is_a_503_and_then_clears(
    real_pg: str,
) -> None:
    url = fresh_database(real_pg)
    db = Database(url, pool_size=2, busy_timeout=0.3)
    db.execute("CREATE TABLE t (v INTEGER)")
    with psycopg.connect(url) as other:  # a transaction, open until the block ends
        other.execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
        _refused(lambda: db.execute("INSERT INTO t VALUES (1)"))
        _refused(lambda: db.query("SELECT v FROM t"))
        other.rollback()
    assert db.query("SELECT v FROM t") == []
    db.execute("INSERT INTO t VALUES (1)")
    assert db.query("SELECT v FROM t") == [(1,)]
    db.close()


@pytest.mark.realpg
def test_requests_waiting_for_a_lock_do_not_stall_the_replica(real_pg: str, tmp_path: Path) -> None:
    url = fresh_database(real_pg)
    s = launch(tmp_path / "data", shared=(url, f"dir://{tmp_path}/objects"))
    try:
        c = Client(s)
        assert c.login().status_code == 201
        answers: list[int] = []

        def whoami() -> None:
            r = c.http.get(c.api("session"), headers=c.headers(), timeout=60)
            answers.append(r.status_code)

        # More waiting requests than the replica has pooled connections (10).
        waiting = [threading.Thread(target=whoami) for _ in range(12)]
        with psycopg.connect(url) as other:
            other.execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE")
            for t in waiting:
                t.start()
            time.sleep(1.0)
            assert answers == []  # they wait for the lock
            # The load balancer's health check and a request that needs no database.
            for _ in range(3):
                started = time.monotonic()
                r = c.http.options(f"{s.url}/files/", timeout=10)
                assert r.status_code == 204
                assert time.monotonic() - started < 1.0
            other.rollback()
        for t in waiting:
            t.join(30)
        assert answers == [200] * 12
    finally:
        assert s.stop() == 0, s.stderr_path.read_text()
