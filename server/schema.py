"""The metadata schema, as versioned migrations applied in order (the same on SQLite and
PostgreSQL). A database records the version it reached in `schema_version`; a server finds the
database at most one release ahead: never edit a migration that shipped, add the next one.

Replicas starting together migrate once: on PostgreSQL the migration runs under an advisory
transaction lock, on SQLite under its write lock."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any, Protocol

from server.errors import ServerError


class _Tx(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


class _Db(Protocol):
    """What migrations need of `server.db.Database` (not imported: it imports this module)."""

    pg: bool

    def transaction(self) -> contextlib.AbstractContextManager[_Tx]: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


_MIGRATE_LOCK = 0x4C4D5331  # "LMS1": the advisory lock id that serialises migrations

MIGRATIONS: list[list[str]] = [
    # 1: tenants, accounts, sessions, device proofs, login throttle, uploads, manifests.
    [
        """CREATE TABLE tenants (
            tenant_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, prefix TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE users (
            user_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(tenant_id),
            salt TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL)""",
        """CREATE TABLE sessions (
            session_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, tenant_id TEXT NOT NULL,
            device_id TEXT NOT NULL, device_name TEXT NOT NULL, client_version TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL, state TEXT NOT NULL,
            access_hash TEXT NOT NULL, access_expires DOUBLE PRECISION NOT NULL,
            refresh_hash TEXT NOT NULL, refresh_expires DOUBLE PRECISION NOT NULL)""",
        # One live session per account, whichever replica opens it (check-sheet 24).
        "CREATE UNIQUE INDEX sessions_one_live ON sessions (user_id) WHERE state = 'live'",
        """CREATE TABLE devices (
            user_id TEXT NOT NULL, device_id TEXT NOT NULL, hash TEXT NOT NULL,
            issued_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (user_id, device_id))""",
        """CREATE TABLE throttle (
            key TEXT PRIMARY KEY, attempts INTEGER NOT NULL, lockouts INTEGER NOT NULL,
            locked_until DOUBLE PRECISION NOT NULL, last DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE uploads (
            upload_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL,
            chunk_id TEXT NOT NULL, recording_id TEXT NOT NULL, idx INTEGER NOT NULL,
            declared_sha256 TEXT NOT NULL, length BIGINT NOT NULL, "offset" BIGINT NOT NULL,
            metadata TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
            touched_at DOUBLE PRECISION NOT NULL, state TEXT NOT NULL, sha256 TEXT,
            received_at DOUBLE PRECISION, claimed INTEGER NOT NULL DEFAULT 0,
            object_key TEXT NOT NULL,
            mpu_id TEXT, parts TEXT NOT NULL DEFAULT '[]', pending_part INTEGER,
            pending_size BIGINT NOT NULL DEFAULT 0, next_part INTEGER NOT NULL DEFAULT 1,
            lock_owner TEXT, lock_until DOUBLE PRECISION)""",
        # Idempotent creation by chunk id: one live upload per account and chunk.
        """CREATE UNIQUE INDEX uploads_one_live ON uploads (user_id, chunk_id)
            WHERE state IN ('active', 'complete')""",
        """CREATE TABLE recordings (
            user_id TEXT NOT NULL, recording_id TEXT NOT NULL, tenant_id TEXT NOT NULL,
            manifest TEXT NOT NULL, stored_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (user_id, recording_id))""",
    ],
    # 2: the sweeper looks up uploads by state and age.
    ["CREATE INDEX uploads_by_state ON uploads (state, touched_at)"],
]


def migrate(db: _Db) -> int:
    """Bring the database to the newest schema; returns the version it is at."""
    with db.transaction() as tx:
        if db.pg:
            tx.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATE_LOCK,))
        tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        rows = tx.query("SELECT version FROM schema_version")
        if not rows:
            tx.execute("INSERT INTO schema_version (version) VALUES (0)")
        version = int(rows[0][0]) if rows else 0
        if version > len(MIGRATIONS):
            raise ServerError(
                f"The database has schema version {version}, newer than this server knows "
                f"({len(MIGRATIONS)}): run the newer logmeets-server.",
                code="schema_too_new",
            )
        for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
            for sql in statements:
                tx.execute(sql)
            tx.execute("UPDATE schema_version SET version = ?", (number,))
        return len(MIGRATIONS)


def check(db: _Db) -> int:
    """The schema version of a database that is only read (`export`): nothing is created or
    migrated; a database without the schema, or with a version this server does not know, is
    refused."""
    try:
        rows = db.query("SELECT version FROM schema_version")
    except ServerError:
        raise
    except Exception as exc:
        raise ServerError(
            "The database holds no LogMeets schema: is --database the restored one?",
            code="schema_missing",
        ) from exc
    version = int(rows[0][0]) if rows else 0
    if not 0 < version <= len(MIGRATIONS):
        raise ServerError(
            f"The database has schema version {version}; this server reads 1 to "
            f"{len(MIGRATIONS)}: run the logmeets-server that wrote it.",
            code="schema_too_new" if version > len(MIGRATIONS) else "schema_missing",
        )
    return version
