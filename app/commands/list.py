"""`logmeets list [--json]`: the recordings on this computer and the state of each chunk."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.core import Core, forgettable
from outbox import ChunkInfo, RecordingInfo

if TYPE_CHECKING:
    from app.context import Context
    from outbox import ChunkInfo, RecordingInfo

NAME = "list"
HELP = "list the recordings on this computer and the state of their chunks"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds --json."""
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def chunk_dict(chunk: ChunkInfo) -> dict[str, Any]:
    """One chunk as JSON: `path` is left out once the chunk is erased."""
    out: dict[str, Any] = {
        "id": chunk.id,
        "index": chunk.index,
        "state": chunk.state.value,
        "size": chunk.size,
        "sha256": chunk.sha256,
        "duration": chunk.duration,
        "started_at": chunk.started_at,
        "sample_rate": chunk.sample_rate,
        "channels": chunk.channels,
        "recovered": chunk.recovered,
        "attempts": chunk.attempts,
        "last_error": chunk.last_error,
        "upload_offset": chunk.upload_offset,
    }
    if chunk.path is not None:
        out["path"] = str(chunk.path)
    return out


def recording_dict(rec: RecordingInfo, chunks: list[ChunkInfo]) -> dict[str, Any]:
    """One recording as JSON, with its chunks."""
    return {
        "id": rec.id,
        "title": rec.title,
        "state": rec.state.value,
        "started_at": rec.started_at,
        "ended_at": rec.ended_at,
        "sample_rate": rec.sample_rate,
        "channels": rec.channels,
        "subtype": rec.subtype,
        "manifest_sent": rec.manifest_sent,
        "in_history": rec.in_history,
        "web_url": rec.web_url,
        "markers": [{"at": m.at, "label": m.label} for m in rec.markers],
        "gaps": [{"start": g.start, "end": g.end, "reason": g.reason} for g in rec.gaps],
        "chunks": [chunk_dict(c) for c in chunks],
    }


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Prints every recording; read-only, so it works while the app records."""
    with Core(ctx) as core:
        snapshot = core.open(exclusive=False)
    by_recording: dict[str, list[ChunkInfo]] = {r.id: [] for r in snapshot.recordings}
    for chunk in snapshot.chunks:
        by_recording.setdefault(chunk.recording_id, []).append(chunk)
    recordings = [(r, by_recording[r.id]) for r in snapshot.recordings]
    if args.json:
        print(json.dumps([recording_dict(r, c) for r, c in recordings], indent=2), file=ctx.out)
        return 0
    if not recordings:
        print("No recordings on this computer.", file=ctx.out)
        return 0
    stuck = set(forgettable(snapshot))
    for rec, chunks in recordings:
        started = datetime.fromtimestamp(rec.started_at).strftime("%Y-%m-%d %H:%M")
        total = sum(c.duration for c in chunks)
        title = rec.title or "(untitled)"
        print(f"{rec.id}  {started}  {rec.state.value:<9} {total:8.1f} s  {title}", file=ctx.out)
        for c in chunks:
            where = str(c.path) if c.path is not None else "-"
            print(
                f"    #{c.index:<5} {c.state.value:<11} {c.duration:6.1f} s {c.size:>10} B "
                f"{c.sha256[:16]}  {where}",
                file=ctx.out,
            )
        if rec.id in stuck:
            print(
                "    Damaged parts keep this recording's key here for good. Export what is "
                f"readable (`logmeets export {rec.id} --out FILE.flac`), then "
                f"`logmeets forget {rec.id}`.",
                file=ctx.out,
            )
    return 0
