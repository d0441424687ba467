"""The recording manifest of docs/protocol.md §7, built from the index."""

from __future__ import annotations

import sqlite3
from typing import Any

from outbox.model import ChunkState, RecordingInfo, RecordingState
from outbox.rows import PENDING, recording_info

__all__ = ["build_manifest", "ready_for_manifest"]


def ready_for_manifest(conn: sqlite3.Connection) -> list[RecordingInfo]:
    """Stopped (or already erased) recordings with an unsent manifest, at least one chunk the
    server holds, and no chunk still to upload. Oldest first."""
    rows = conn.execute(
        "SELECT r.* FROM recordings r WHERE r.manifest_sent = 0 AND r.state IN (?, ?)"
        " AND EXISTS (SELECT 1 FROM chunks c WHERE c.recording_id = r.id AND c.state IN (?, ?))"
        " AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.recording_id = r.id"
        "                 AND c.state IN (?, ?, ?))"
        " ORDER BY r.started_at, r.id",
        (
            RecordingState.STOPPED.value,
            RecordingState.ERASED.value,
            ChunkState.CONFIRMED.value,
            ChunkState.ERASED.value,
            *(s.value for s in PENDING),
        ),
    ).fetchall()
    return [recording_info(conn, r) for r in rows]


def build_manifest(conn: sqlite3.Connection, rec: RecordingInfo) -> dict[str, Any]:
    """The manifest: chunks the server should hold; quarantined chunks become gaps."""
    chunks: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = [
        {"start": g.start, "end": g.end, "reason": g.reason} for g in rec.gaps
    ]
    for row in conn.execute("SELECT * FROM chunks WHERE recording_id = ? ORDER BY idx", (rec.id,)):
        if row["state"] == ChunkState.QUARANTINED.value:
            start = max(0.0, float(row["started_at"]) - rec.started_at)
            gaps.append(
                {"start": start, "end": start + float(row["duration"]), "reason": "quarantined"}
            )
            continue
        chunks.append(
            {
                "chunk_id": row["id"],
                "index": int(row["idx"]),
                "sha256": row["sha256"],
                "size": int(row["size"]),
                "duration": float(row["duration"]),
                "started_at": float(row["started_at"]),
                "recovered": bool(row["recovered"]),
            }
        )
    gaps.sort(key=lambda g: (g["start"], g["end"]))
    return {
        "recording_id": rec.id,
        "title": rec.title,
        "started_at": rec.started_at,
        "ended_at": rec.ended_at,
        "sample_rate": rec.sample_rate,
        "channels": rec.channels,
        "subtype": rec.subtype,
        "chunks": chunks,
        "markers": [{"at": m.at, "label": m.label} for m in rec.markers],
        "gaps": gaps,
        "silences": [[q.start, q.end] for q in rec.silences],
    }
