"""Conversions between index rows and the model's frozen records, and the on-disk layout."""

from __future__ import annotations

import sqlite3
from pathlib import Path, PurePosixPath

from outbox.model import ChunkInfo, ChunkState, Gap, Marker, RecordingInfo, RecordingState

__all__ = [
    "CHUNKS_DIR",
    "CHUNK_SUFFIX",
    "JOURNAL_DIR",
    "JOURNAL_SUFFIX",
    "chunk_info",
    "chunk_relpath",
    "journal_path",
    "recording_info",
]

CHUNKS_DIR = "chunks"
JOURNAL_DIR = "journal"
CHUNK_SUFFIX = ".flac.age"
JOURNAL_SUFFIX = ".journal"


def chunk_relpath(recording_id: str, index: int) -> str:
    """`chunks/<recording_id>/<index:06d>.flac.age`, relative to the data dir, '/'-separated."""
    return str(PurePosixPath(CHUNKS_DIR, recording_id, f"{index:06d}{CHUNK_SUFFIX}"))


def journal_path(data_dir: Path, recording_id: str, index: int) -> Path:
    """`<data>/journal/<recording_id>/<index:06d>.journal`."""
    return data_dir / JOURNAL_DIR / recording_id / f"{index:06d}{JOURNAL_SUFFIX}"


def chunk_info(data_dir: Path, row: sqlite3.Row) -> ChunkInfo:
    """The ChunkInfo of one `chunks` row."""
    rel = row["path"]
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
        path=None if rel is None else data_dir.joinpath(*PurePosixPath(rel).parts),
        state=ChunkState(row["state"]),
        upload_url=row["upload_url"],
        upload_offset=int(row["upload_offset"]),
        attempts=int(row["attempts"]),
        last_error=row["last_error"],
        recovered=bool(row["recovered"]),
    )


def recording_info(conn: sqlite3.Connection, row: sqlite3.Row) -> RecordingInfo:
    """The RecordingInfo of one `recordings` row, with its markers and gaps."""
    rid = row["id"]
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
        title=row["title"],
        started_at=float(row["started_at"]),
        ended_at=None if row["ended_at"] is None else float(row["ended_at"]),
        state=RecordingState(row["state"]),
        sample_rate=int(row["sample_rate"]),
        channels=int(row["channels"]),
        subtype=row["subtype"],
        markers=markers,
        gaps=gaps,
        manifest_sent=bool(row["manifest_sent"]),
    )
