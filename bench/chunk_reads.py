"""What reading the index costs per chunk (issue 13 item 2): `Outbox.chunks()` and
`pending_chunks()` over `--chunks` indexed chunks, each of whose paths is checked against the
layout (two lstat calls on its folders, one on its file). The uploader reads the pending list
once per chunk it sends, so this is paid per chunk per upload. Median and 90th percentile of
`--repeats` reads, and the ratio to the baseline: the same rows fetched with bare SQL (no
records built, no path checked). No real part needed:

    .venv/bin/python bench/chunk_reads.py [--chunks 1000] [--repeats 15]
"""

from __future__ import annotations

import argparse
import io
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto import DeviceKeys, MemoryKeyStore  # noqa: E402
from outbox import AuditLog, Outbox  # noqa: E402


def fill(data: Path, n: int) -> Outbox:
    """An outbox with one recording of `n` sealed chunks (rows and files copied from one)."""
    audit = AuditLog(data / "audit.log", secrets.token_bytes(32), device_id="bench")
    box = Outbox.open(data, keys=DeviceKeys(MemoryKeyStore()), audit=audit)
    rec = box.begin_recording(
        title="bench", sample_rate=48000, channels=1, subtype="PCM_16", started_at=0.0
    )
    buf = io.BytesIO()
    sf.write(buf, np.zeros(4800, np.int16), 48000, format="FLAC")
    first = box.seal_chunk(rec.id, 0, buf.getvalue(), started_at=0.0, duration=0.1)
    assert first.path is not None
    blob = first.path.read_bytes()
    conn = sqlite3.connect(data / "index.sqlite3")
    cur = conn.execute("SELECT * FROM chunks")
    columns = [d[0] for d in cur.description]
    row = dict(zip(columns, cur.fetchone(), strict=True))
    marks = ", ".join("?" * len(columns))
    with conn:
        for i in range(1, n):
            row.update(id=str(uuid.uuid4()), idx=i, path=f"chunks/{rec.id}/{i:06d}.flac.age")
            conn.execute(
                f"INSERT INTO chunks ({', '.join(columns)}) VALUES ({marks})", [*row.values()]
            )
            (first.path.parent / f"{i:06d}.flac.age").write_bytes(blob)
    conn.close()
    return box


def timed(read: Callable[[], list[Any]], n: int, repeats: int, *, paths: bool) -> list[float]:
    """Seconds per call of `read`, which must hand out all `n` chunks (with their paths)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        got = read()
        times.append(time.perf_counter() - start)
        assert len(got) == n and (not paths or all(c.path is not None for c in got))
    return times


def bare_sql(data: Path) -> Callable[[], list[Any]]:
    """The baseline: every chunk row fetched on a connection of its own, nothing built."""
    conn = sqlite3.connect(data / "index.sqlite3")
    sql = "SELECT c.* FROM chunks c JOIN recordings r ON r.id = c.recording_id ORDER BY c.idx"
    return lambda: conn.execute(sql).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, fill(Path(tmp) / "data", args.chunks) as box:
        reads = (
            ("bare SQL", bare_sql(box.data_dir)),
            ("chunks()", box.chunks),
            ("pending_chunks()", box.pending_chunks),
        )
        baseline = 0.0
        for name, read in reads:
            times = timed(read, args.chunks, args.repeats, paths=name != "bare SQL")
            median = statistics.median(times)
            baseline = baseline or median
            p90 = statistics.quantiles(times, n=10)[-1]
            print(
                f"{name:17} {args.chunks} chunks: median {median * 1000:.1f} ms, "
                f"p90 {p90 * 1000:.1f} ms, {median / args.chunks * 1e6:.1f} us per chunk, "
                f"{median / baseline:.1f}x bare SQL"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
