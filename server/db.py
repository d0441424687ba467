"""The metadata database behind one interface: SQLite (embedded, one machine) or PostgreSQL
(several replicas), chosen by URL (`sqlite:///path/meta.db`, `postgresql://…`). Both get the same
schema from the same versioned migrations (`server.schema`). SQL is written once with `?`
placeholders; for PostgreSQL they become `%s`.

Calls block: the async stores run them in worker threads. Connections are pooled (one per
concurrent caller, at most `pool_size`; PostgreSQL's `max_connections` must cover every replica's
pool, see docs/deploy.md)."""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from server import errors, schema
from server.errors import ServerError

Row = tuple[Any, ...]
_IN_BATCH = 500  # parameters of one `IN (…)`: well below SQLite's limit (999 in old builds)


def in_batches(values: Sequence[str]) -> Iterator[tuple[Sequence[str], str]]:
    """`values` in parts small enough for one statement, each with its `?, ?, …` for an
    `IN (…)`."""
    for i in range(0, len(values), _IN_BATCH):
        part = values[i : i + _IN_BATCH]
        yield part, ", ".join("?" * len(part))


class Tx(Protocol):
    """One open transaction (or an autocommit connection outside one)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; returns the rows it changed."""
        ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query; returns every row."""
        ...


class _Conn:
    """A DB-API connection with our placeholder style."""

    def __init__(self, raw: Any, pg: bool) -> None:
        self.raw = raw
        self.pg = pg

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.pg else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = self.raw.execute(self._sql(sql), tuple(params))
        return int(cur.rowcount)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self.raw.execute(self._sql(sql), tuple(params))
        return [tuple(r) for r in cur.fetchall()]


def unavailable(exc: Exception, what: str = "Cannot open the database") -> ServerError:
    """503 `database_unavailable`: the database cannot be reached now."""
    return errors.unavailable("database_unavailable", what, exc)


def _lost(conn: _Conn, exc: BaseException) -> bool:
    """Whether `exc` says the database cannot serve now (not that the statement is wrong):
    PostgreSQL's OperationalError (cut, shut down, cancelled, deadlock, a lock still held after
    `lock_timeout`), or SQLite still busy after the busy timeout (another process holds the
    write lock: a backup, a stuck writer)."""
    if not conn.pg:
        code = getattr(exc, "sqlite_errorcode", None)
        return isinstance(exc, sqlite3.OperationalError) and code in (
            sqlite3.SQLITE_BUSY,
            sqlite3.SQLITE_LOCKED,
        )
    import psycopg

    return isinstance(exc, psycopg.OperationalError)


def bad_database_url(url: str) -> ServerError:
    """The error of a `--database` that is neither sqlite:/// nor postgresql://."""
    return ServerError(
        f"--database {url!r} is not understood: give sqlite:///PATH/meta.db or "
        "postgresql://USER:PASSWORD@HOST:PORT/DBNAME.",
        code="bad_database_url",
    )


class Database:
    """A pool of connections to one database, with transactions."""

    def __init__(
        self, url: str, *, pool_size: int = 10, migrate: bool = True, busy_timeout: float = 30.0
    ) -> None:
        """`migrate=False` is for readers (`export`): the schema is checked, never created.
        `busy_timeout`: how long a call waits for a lock another process holds (SQLite's write
        lock, a PostgreSQL row or table lock) before it is `database_unavailable`."""
        self.url = url
        self._busy_timeout = busy_timeout
        if url.startswith("sqlite:///"):
            self.pg = False
            self._path = Path(url.removeprefix("sqlite:///"))
            if not migrate and not self._path.exists():
                raise ServerError(
                    f"There is no database at {self._path}: give the --database the server writes.",
                    code="database_missing",
                )
            self._path.parent.mkdir(parents=True, exist_ok=True)
            # Owner-only from the start: it holds password and token hashes. SQLite gives its
            # -wal and -shm files the same mode.
            os.close(os.open(self._path, os.O_WRONLY | os.O_CREAT, 0o600))
        elif url.startswith(("postgresql://", "postgres://")):
            self.pg = True
        else:
            raise bad_database_url(url)
        self._idle: queue.LifoQueue[_Conn] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        if migrate:
            schema.migrate(self)
        else:
            schema.check(self)

    def _open(self) -> _Conn:
        try:
            if self.pg:
                import psycopg

                raw_pg = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
                raw_pg.execute(f"SET lock_timeout = {int(self._busy_timeout * 1000)}")
                return _Conn(raw_pg, True)
            raw = sqlite3.connect(
                self._path,
                isolation_level=None,
                check_same_thread=False,
                timeout=self._busy_timeout,
            )
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA synchronous=FULL")
            return _Conn(raw, False)
        except Exception as exc:
            raise unavailable(exc) from exc

    @contextlib.contextmanager
    def _conn(self) -> Iterator[_Conn]:
        with self._slots:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._open()
            ok = False
            try:
                yield conn
                ok = True
            except Exception as exc:
                if _lost(conn, exc):
                    raise unavailable(exc, "The database cannot serve now") from exc
                raise
            finally:
                if ok:
                    self._idle.put(conn)
                else:
                    # A failed call may leave a connection in an unknown state: drop it.
                    with contextlib.suppress(Exception):
                        conn.raw.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One transaction: committed when the block ends, rolled back if it raises. SQLite
        takes the write lock at once (BEGIN IMMEDIATE): no upgrade deadlocks."""
        with self._conn() as conn:
            if conn.pg:
                with conn.raw.transaction():
                    yield conn
                return
            conn.raw.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.raw.execute("ROLLBACK")
                raise
            conn.raw.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in its own transaction; returns the rows it changed."""
        with self._conn() as conn:
            return conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """One query; every row."""
        with self._conn() as conn:
            return conn.query(sql, params)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """One query; its first row or None."""
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def close(self) -> None:
        """Close the idle connections."""
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                return
            with contextlib.suppress(Exception):
                conn.raw.close()
