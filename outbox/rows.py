"""The index's SQL: the reads and writes `Outbox` makes, as plain functions over a connection,
and the mapping of rows to the model's frozen records.

No function here takes a lock or opens a transaction: the caller holds the outbox's connection
lock (`outbox.store.Outbox`) and, for writes, a `BEGIN IMMEDIATE` transaction
(`outbox.changes.transaction`). Table and column names
come from this module, never from input.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from outbox.errors import OutboxError
from outbox.history import HistoryEntry
from outbox.layout import chunk_file, is_recording_id
from outbox.model import (
    ChunkInfo,
    ChunkState,
    Gap,
    Marker,
    RecordingInfo,
    RecordingState,
    Silence,
    StagedChunk,
)

__all__ = [
    "PENDING",
    "all_chunks_erased",
    "chunk_info",
    "count_failure",
    "delete_recording",
    "index_taken",
    "indexed_pairs",
    "insert_chunk",
    "insert_gap",
    "insert_marker",
    "insert_recording",
    "insert_silence",
    "quarantine_reason",
    "read_chunk",
    "read_chunks",
    "read_pending_chunks",
    "read_recording",
    "read_recordings",
    "recorded_seconds",
    "recording_info",
    "recording_row",
    "scrub_metadata",
    "set_manifest_sent",
    "set_state",
    "set_title",
    "set_upload_position",
    "touch_recording",
    "unknown_chunk",
]

#: Chunks still to upload or confirm.
PENDING = (ChunkState.SEALED, ChunkState.UPLOADING, ChunkState.UPLOADED)

_BY_RECORDING = "c.* FROM chunks c JOIN recordings r ON r.id = c.recording_id"
_ORDER = " ORDER BY r.started_at, r.id, c.idx"

# -- reads -------------------------------------------------------------------------------------


def unknown_chunk(chunk_id: str) -> OutboxError:
    """The error for a chunk id the index does not hold."""
    return OutboxError(f"no chunk {chunk_id}", code="unknown_chunk", chunk_id=chunk_id)


def recording_row(conn: sqlite3.Connection, recording_id: str) -> sqlite3.Row:
    """One `recordings` row (OutboxError code unknown_recording)."""
    row = conn.execute("SELECT * FROM recordings WHERE id = ?", (recording_id,)).fetchone()
    if row is None:
        raise OutboxError(
            f"no recording {recording_id}", code="unknown_recording", recording_id=recording_id
        )
    return row  # type: ignore[no-any-return]


def read_recording(conn: sqlite3.Connection, recording_id: str) -> RecordingInfo:
    """One recording (OutboxError code unknown_recording)."""
    return recording_info(conn, recording_row(conn, recording_id))


def read_recordings(
    conn: sqlite3.Connection, history: Mapping[str, HistoryEntry] | None = None
) -> list[RecordingInfo]:
    """Every recording, oldest first; a scrubbed one found in `history` with its words."""
    rows = conn.execute("SELECT * FROM recordings ORDER BY started_at, id").fetchall()
    return [recording_info(conn, r, history) for r in rows]


def read_chunk(conn: sqlite3.Connection, data_dir: Path, chunk_id: str) -> ChunkInfo:
    """One chunk (OutboxError code unknown_chunk)."""
    row = conn.execute("SELECT * FROM chunks WHERE id = ?", (chunk_id,)).fetchone()
    if row is None:
        raise unknown_chunk(chunk_id)
    return chunk_info(data_dir, row)


def read_chunks(
    conn: sqlite3.Connection, data_dir: Path, recording_id: str | None = None
) -> list[ChunkInfo]:
    """Every chunk (of one recording), by recording then index."""
    if recording_id is None:
        rows = conn.execute(f"SELECT {_BY_RECORDING}{_ORDER}").fetchall()
    else:
        rows = conn.execute(
            "SELECT * FROM chunks WHERE recording_id = ? ORDER BY idx", (recording_id,)
        ).fetchall()
    return [chunk_info(data_dir, r) for r in rows]


def read_pending_chunks(conn: sqlite3.Connection, data_dir: Path) -> list[ChunkInfo]:
    """Chunks in a PENDING state, oldest recording first, by index."""
    rows = conn.execute(
        f"SELECT {_BY_RECORDING} WHERE c.state IN (?, ?, ?){_ORDER}",
        tuple(s.value for s in PENDING),
    ).fetchall()
    return [chunk_info(data_dir, r) for r in rows]


def quarantine_reason(conn: sqlite3.Connection, chunk_id: str) -> str | None:
    """Why a chunk was quarantined (None if it is not, or is unknown)."""
    row = conn.execute("SELECT reason FROM chunks WHERE id = ?", (chunk_id,)).fetchone()
    return None if row is None else row["reason"]


def indexed_pairs(conn: sqlite3.Connection) -> set[tuple[str, int]]:
    """(recording_id, index) of every indexed chunk."""
    return {
        (r["recording_id"], int(r["idx"]))
        for r in conn.execute("SELECT recording_id, idx FROM chunks")
    }


def index_taken(conn: sqlite3.Connection, recording_id: str, index: int) -> bool:
    """True if chunk `index` of the recording is indexed."""
    return (
        conn.execute(
            "SELECT 1 FROM chunks WHERE recording_id = ? AND idx = ?", (recording_id, index)
        ).fetchone()
        is not None
    )


def recorded_seconds(conn: sqlite3.Connection, recording_id: str) -> float:
    """The audio a recording kept: the sum of its chunks' durations (0.0 without chunks)."""
    row = conn.execute(
        "SELECT COALESCE(SUM(duration), 0.0) FROM chunks WHERE recording_id = ?", (recording_id,)
    ).fetchone()
    return float(row[0])


def delete_recording(conn: sqlite3.Connection, recording_id: str) -> None:
    """Delete a recording's rows: its chunks, markers, gaps and itself."""
    for table in ("chunks", "markers", "gaps", "silences"):
        conn.execute(f"DELETE FROM {table} WHERE recording_id = ?", (recording_id,))  # noqa: S608
    conn.execute("DELETE FROM recordings WHERE id = ?", (recording_id,))


def all_chunks_erased(conn: sqlite3.Connection, recording_id: str) -> bool:
    """True if the recording has chunks and every one of them is erased."""
    counts = conn.execute(
        "SELECT COUNT(*) AS n, SUM(state = ?) AS erased FROM chunks WHERE recording_id = ?",
        (ChunkState.ERASED.value, recording_id),
    ).fetchone()
    return bool(counts["n"]) and counts["erased"] == counts["n"]


# -- writes (inside the caller's transaction) ----------------------------------------------------


def insert_recording(
    conn: sqlite3.Connection,
    recording_id: str,
    *,
    title: str,
    started_at: float,
    sample_rate: int,
    channels: int,
    subtype: str,
    recipient: str,
) -> None:
    """A new recording, state recording."""
    conn.execute(
        "INSERT INTO recordings (id, title, started_at, state, sample_rate, channels,"
        " subtype, recipient, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            recording_id,
            title,
            started_at,
            RecordingState.RECORDING.value,
            sample_rate,
            channels,
            subtype,
            recipient,
            time.time(),
        ),
    )


def insert_chunk(
    conn: sqlite3.Connection,
    chunk_id: str,
    staged: StagedChunk,
    recording: sqlite3.Row,
    started_at: float,
    duration: float,
    recovered: bool,
) -> None:
    """The row of a chunk whose file `staged` is whole on disk, state sealed, in the format of
    its `recording` row."""
    conn.execute(
        "INSERT INTO chunks (id, recording_id, idx, started_at, duration,"
        " sample_rate, channels, size, sha256, path, state, recovered, updated_at, org_recipient)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            chunk_id,
            staged.recording_id,
            staged.index,
            started_at,
            duration,
            int(recording["sample_rate"]),
            int(recording["channels"]),
            staged.size,
            staged.sha256,
            staged.path,
            ChunkState.SEALED.value,
            int(recovered),
            time.time(),
            staged.org_recipient,
        ),
    )


def set_state(
    conn: sqlite3.Connection, table: str, row_id: str, state: str, updates: dict[str, Any]
) -> None:
    """`UPDATE` one row of `chunks` or `recordings` to `state` plus `updates`, stamping
    `updated_at`. Column names in `updates` come from our code, never from input."""
    assert table in ("chunks", "recordings")
    sets = {"state": state, "updated_at": time.time(), **updates}
    assignments = ", ".join(f"{name} = ?" for name in sets)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*sets.values(), row_id))  # noqa: S608


def set_upload_position(conn: sqlite3.Connection, chunk_id: str, url: str, offset: int) -> None:
    """The tus upload URL and offset of a chunk that stays uploading."""
    conn.execute(
        "UPDATE chunks SET upload_url = ?, upload_offset = ?, updated_at = ? WHERE id = ?",
        (url, int(offset), time.time(), chunk_id),
    )


def count_failure(conn: sqlite3.Connection, chunk_id: str, error: str) -> None:
    """attempts += 1 and last_error (cut to 500 characters); OutboxError(unknown_chunk)."""
    cur = conn.execute(
        "UPDATE chunks SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?",
        (str(error)[:500], time.time(), chunk_id),
    )
    if cur.rowcount == 0:
        raise unknown_chunk(chunk_id)


def touch_recording(conn: sqlite3.Connection, recording_id: str) -> None:
    """Stamp a recording's `updated_at` (its title, markers or gaps changed)."""
    conn.execute("UPDATE recordings SET updated_at = ? WHERE id = ?", (time.time(), recording_id))


def set_title(conn: sqlite3.Connection, recording_id: str, title: str) -> None:
    """Rename a recording."""
    conn.execute("UPDATE recordings SET title = ? WHERE id = ?", (title, recording_id))


def insert_marker(conn: sqlite3.Connection, recording_id: str, marker: Marker) -> None:
    """Add a bookmark."""
    conn.execute(
        "INSERT INTO markers (recording_id, at, label) VALUES (?, ?, ?)",
        (recording_id, marker.at, marker.label),
    )


def insert_gap(conn: sqlite3.Connection, recording_id: str, gap: Gap) -> None:
    """Add a stretch without audio."""
    conn.execute(
        'INSERT INTO gaps (recording_id, start, "end", reason) VALUES (?, ?, ?, ?)',
        (recording_id, gap.start, gap.end, gap.reason),
    )


def insert_silence(conn: sqlite3.Connection, recording_id: str, silence: Silence) -> None:
    """Add a stretch of silence to a recording."""
    conn.execute(
        'INSERT INTO silences (recording_id, start, "end") VALUES (?, ?, ?)',
        (recording_id, silence.start, silence.end),
    )


def set_manifest_sent(conn: sqlite3.Connection, recording_id: str) -> None:
    """The server holds the recording's manifest (its state does not change)."""
    conn.execute("UPDATE recordings SET manifest_sent = 1 WHERE id = ?", (recording_id,))


def scrub_metadata(conn: sqlite3.Connection, recording_id: str) -> None:
    """Blank a recording's title and delete its markers (the user's words)."""
    conn.execute("UPDATE recordings SET title = '' WHERE id = ?", (recording_id,))
    conn.execute("DELETE FROM markers WHERE recording_id = ?", (recording_id,))


# -- row mapping -------------------------------------------------------------------------------


def chunk_info(data_dir: Path, row: sqlite3.Row) -> ChunkInfo:
    """The ChunkInfo of one `chunks` row. Its path is checked (`layout.chunk_file`): a row whose
    path or recording id does not fit the layout gets no path, and says why in `path_problem`."""
    path, problem = _checked_path(data_dir, row)
    return ChunkInfo(
        id=row["id"],
        recording_id=row["recording_id"],
        index=int(row["idx"]),
        started_at=float(row["started_at"]),
        duration=float(row["duration"]),
        sample_rate=int(row["sample_rate"]),
        channels=int(row["channels"]),
        size=int(row["size"]),
        sha256=row["sha256"],
        path=path,
        state=ChunkState(row["state"]),
        upload_url=row["upload_url"],
        upload_offset=int(row["upload_offset"]),
        attempts=int(row["attempts"]),
        last_error=row["last_error"],
        recovered=bool(row["recovered"]),
        path_problem=problem,
        org_recipient=row["org_recipient"],
    )


def _checked_path(data_dir: Path, row: sqlite3.Row) -> tuple[Path | None, str | None]:
    """(path, None) of a row whose file is where the layout puts it; (None, why) otherwise; an
    erased row has no path and is only checked for its recording id."""
    if row["path"] is None and row["state"] == ChunkState.ERASED.value:
        ok = is_recording_id(row["recording_id"])
        return None, None if ok else "the recording id is not a UUID"
    try:
        return chunk_file(data_dir, row["recording_id"], int(row["idx"]), row["path"]), None
    except OutboxError as exc:
        return None, str(exc.fields.get("reason", exc))


def recording_info(
    conn: sqlite3.Connection, row: sqlite3.Row, history: Mapping[str, HistoryEntry] | None = None
) -> RecordingInfo:
    """The RecordingInfo of one `recordings` row, with its markers and gaps. An erased one whose
    title was blanked takes its title and markers from its `history` entry, if it has one."""
    rid = row["id"]
    title = row["title"]
    entry = None
    known = history.get(rid) if history else None
    if known is not None and not title and row["state"] == RecordingState.ERASED.value:
        entry = known
    if entry is not None:
        title, markers = entry.title, entry.markers  # the index's markers are scrubbed
    else:
        markers = tuple(
            Marker(float(m["at"]), m["label"])
            for m in conn.execute(
                "SELECT at, label FROM markers WHERE recording_id = ? ORDER BY at, rowid", (rid,)
            )
        )
    gaps = tuple(
        Gap(float(g["start"]), float(g["end"]), g["reason"])
        for g in conn.execute(
            'SELECT start, "end", reason FROM gaps WHERE recording_id = ? ORDER BY start, rowid',
            (rid,),
        )
    )
    return RecordingInfo(
        id=rid,
        title=title,
        started_at=float(row["started_at"]),
        ended_at=None if row["ended_at"] is None else float(row["ended_at"]),
        state=RecordingState(row["state"]),
        sample_rate=int(row["sample_rate"]),
        channels=int(row["channels"]),
        subtype=row["subtype"],
        markers=markers,
        gaps=gaps,
        manifest_sent=bool(row["manifest_sent"]),
        in_history=entry is not None,
        web_url=known.web_url if known is not None else None,
        silences=tuple(
            Silence(float(q["start"]), float(q["end"]))
            for q in conn.execute(
                'SELECT start, "end" FROM silences WHERE recording_id = ? ORDER BY start, rowid',
                (rid,),
            )
        ),
    )
