"""The SQLite index: its schema, its migrations (PRAGMA user_version) and how it is opened.

One database per data directory, `<data>/index.sqlite3`, in WAL mode with synchronous=FULL: a
committed transaction survives a power cut, and readers (`logmeets list` while the app records)
never block the writer. Paths are stored relative to the data dir so that a moved or restored
data dir keeps working. docs/file-format.md ("Index (SQLite) schema") describes the tables.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from outbox.errors import OutboxError
from outbox.layout import make_dirs
from outbox.lock import INSTANCE_LOCK_NAME, InstanceLock

__all__ = ["INDEX_NAME", "SCHEMA_VERSION", "connect", "migrate", "open_data_dir", "open_index"]

INDEX_NAME = "index.sqlite3"

_V1 = """
CREATE TABLE recordings (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL DEFAULT '',
    started_at    REAL NOT NULL,
    ended_at      REAL,
    state         TEXT NOT NULL,
    sample_rate   INTEGER NOT NULL,
    channels      INTEGER NOT NULL,
    subtype       TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    manifest_sent INTEGER NOT NULL DEFAULT 0,
    updated_at    REAL NOT NULL
);
CREATE TABLE chunks (
    id            TEXT PRIMARY KEY,
    recording_id  TEXT NOT NULL REFERENCES recordings(id),
    idx           INTEGER NOT NULL,
    started_at    REAL NOT NULL,
    duration      REAL NOT NULL,
    sample_rate   INTEGER NOT NULL,
    channels      INTEGER NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    path          TEXT,
    state         TEXT NOT NULL,
    upload_url    TEXT,
    upload_offset INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    recovered     INTEGER NOT NULL DEFAULT 0,
    reason        TEXT,
    updated_at    REAL NOT NULL,
    UNIQUE (recording_id, idx)
);
CREATE INDEX chunks_by_state ON chunks(state);
CREATE TABLE markers (
    recording_id  TEXT NOT NULL REFERENCES recordings(id),
    at            REAL NOT NULL,
    label         TEXT NOT NULL
);
CREATE TABLE gaps (
    recording_id  TEXT NOT NULL REFERENCES recordings(id),
    start         REAL NOT NULL,
    "end"         REAL NOT NULL,
    reason        TEXT NOT NULL
);
"""

# v2: which organisation recipient each chunk is sealed to (NULL: none, or not known, as for
# every chunk a v1 index holds). The uploader reseals a chunk whose value is not the current
# recipient before sending it (outbox/reseal.py), so NULL is the safe value for old rows.
_V2 = """
ALTER TABLE chunks ADD COLUMN org_recipient TEXT
"""

# v3: stretches of a recording in which the microphone delivered only silence or its noise
# floor (recorder/silence.py), in seconds from its start; they go into the manifest.
_V3 = """
CREATE TABLE silences (
    recording_id  TEXT NOT NULL REFERENCES recordings(id),
    start         REAL NOT NULL,
    "end"         REAL NOT NULL
)
"""

#: Migration scripts by the version they produce; each runs in one transaction.
_MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3}
SCHEMA_VERSION = max(_MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the index with the durability settings above."""
    if not path.exists():
        # Owner-only from the start: titles and markers are the user's business. SQLite gives
        # the -wal and -shm files the same mode as the database.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600))
    try:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) in store.
        conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Freed pages are zeroed: deleted titles and markers do not linger in the file.
        conn.execute("PRAGMA secure_delete = ON")
    except sqlite3.DatabaseError as exc:
        raise OutboxError(
            f"cannot open the index {path}: {exc}",
            code="index_corrupt",
            path=str(path),
            reason=str(exc),
        ) from exc
    if str(mode).lower() != "wal":
        conn.close()
        raise OutboxError(
            f"the index {path} cannot use WAL mode ({mode})",
            code="index_corrupt",
            path=str(path),
            reason=f"journal_mode={mode}",
        )
    return conn


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to SCHEMA_VERSION; refuse an index written by a newer LogMeets."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise OutboxError(
            f"the index {path} is version {version}; this LogMeets knows up to {SCHEMA_VERSION}",
            code="index_too_new",
            path=str(path),
            version=version,
            supported=SCHEMA_VERSION,
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check inside the write lock: another process may have migrated meanwhile.
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current >= target:
                conn.execute("COMMIT")
                continue
            for statement in _MIGRATIONS[target].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(target)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def open_index(data_dir: Path) -> sqlite3.Connection:
    """`connect` to the data dir's index and `migrate` it; closed again if that fails."""
    path = data_dir / INDEX_NAME
    conn = connect(path)
    try:
        migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def open_data_dir(
    data_dir: Path, *, exclusive: bool
) -> tuple[sqlite3.Connection, InstanceLock | None]:
    """Create the data dir's folders, take the single-instance lock if `exclusive` (OutboxError
    code already_running), and open the index; the lock is released if the index cannot be."""
    make_dirs(data_dir)
    lock = InstanceLock(data_dir / INSTANCE_LOCK_NAME) if exclusive else None
    if lock is not None:
        lock.acquire()
    try:
        return open_index(data_dir), lock
    except BaseException:
        if lock is not None:
            lock.release()
        raise
