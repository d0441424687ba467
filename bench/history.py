"""What the history costs the list (issue 17): `Outbox.recordings()` over `--recordings`
uploaded, erased recordings whose titles live only in the sealed history (`outbox.history`),
against the same listing with no history file (the baseline: every title blank). Warm: the
history's entries are cached (one `stat` per listing); cold: a fresh `History` per listing (key
store read, decrypt, JSON parse), as in a new `logmeets list` process. Also the cost of one
entry added at that size (the whole file is sealed again). Median of `--repeats`. Keys in memory
(a real Secret Service read adds ~0.1 s to the cold figure once per process):

    .venv/bin/python bench/history.py [--recordings 1000] [--repeats 15]
"""

from __future__ import annotations

import argparse
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto import DeviceKeys, MemoryKeyStore  # noqa: E402
from outbox import HISTORY_NAME, AuditLog, History, HistoryEntry, Marker, Outbox  # noqa: E402


def fill(data: Path, n: int) -> Outbox:
    """An outbox of `n` erased recordings (manifest sent, title blank, two chunk rows each) and a
    history holding each one's title and three markers."""
    audit = AuditLog(data / "audit.log", secrets.token_bytes(32), device_id="bench")
    box = Outbox.open(data, keys=DeviceKeys(MemoryKeyStore()), audit=audit)
    conn = sqlite3.connect(data / "index.sqlite3")
    entries = {}
    with conn:
        for i in range(n):
            rid, start = str(uuid.uuid4()), 1.7e9 + i * 3600
            conn.execute(
                "INSERT INTO recordings (id, title, started_at, ended_at, state, sample_rate,"
                " channels, subtype, recipient, manifest_sent, updated_at)"
                " VALUES (?, '', ?, ?, 'erased', 48000, 1, 'PCM_16', 'age1x', 1, ?)",
                (rid, start, start + 60, start),
            )
            for k in range(2):
                conn.execute(
                    "INSERT INTO chunks (id, recording_id, idx, started_at, duration, sample_rate,"
                    " channels, size, sha256, path, state, updated_at)"
                    " VALUES (?, ?, ?, ?, 30.0, 48000, 1, 1000, ?, NULL, 'erased', ?)",
                    (str(uuid.uuid4()), rid, k, start + 30 * k, "0" * 64, start),
                )
            marks = tuple(Marker(10.0 * m, f"marker {m} of meeting {i}") for m in range(3))
            entries[rid] = HistoryEntry(rid, f"Weekly sync number {i}", start, 60.0, marks)
    conn.close()
    box.history._write(entries, box.history._current_identity(create=True))
    return box


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recordings", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    n = args.recordings
    times: dict[str, list[float]] = {"base": [], "warm": [], "cold": [], "put": []}
    with tempfile.TemporaryDirectory() as tmp, fill(Path(tmp) / "data", n) as box:
        store = box.keys.store
        empty = History(Path(tmp), store)  # no history file: the baseline
        warm = box.history
        assert all(r.in_history for r in box.recordings())
        # Interleaved, so that the machine's load drifts over all three alike.
        for _ in range(args.repeats):
            for name, history in (
                ("base", empty),
                ("warm", warm),
                ("cold", History(box.data_dir, store)),
            ):
                box.history = history
                start = time.perf_counter()
                listed = box.recordings()
                times[name].append(time.perf_counter() - start)
                assert len(listed) == n and listed[0].in_history == (name != "base")
        size = (box.data_dir / HISTORY_NAME).stat().st_size
        box.history = warm
        for i in range(args.repeats):
            start = time.perf_counter()
            warm.put(HistoryEntry(f"extra-{i}", "one more", 0.0, 1.0, ()))
            times["put"].append(time.perf_counter() - start)
    base, hot, cold, put = (statistics.median(times[k]) for k in ("base", "warm", "cold", "put"))
    print(f"list of {n} erased recordings, no history (baseline): {base * 1000:.1f} ms")
    print(f"  with the history, warm: {hot * 1000:.1f} ms, ratio {hot / base:.2f}")
    print(f"  with the history, cold: {cold * 1000:.1f} ms, ratio {cold / base:.2f}")
    print(f"  history file {size / 1024:.0f} KiB; adding one entry: {put * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
