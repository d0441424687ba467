"""SIGKILL a writer process at random points while it seals chunks, many times over one data
dir, and show that the index and the files stay consistent: every indexed chunk is whole (its
bytes hash to the row and decrypt to exactly what was sealed), nothing half-written is indexed,
every chunk the writer started is either sealed or still has its crash journal, and the audit
chain is intact. Keys live in the real Secret Service, shared by the writer and the checker."""

from __future__ import annotations

import hashlib
import io
import json
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from outbox_helpers import PYTHON, encode_flac, subprocess_env

from crypto.binding import bind_flac
from crypto.container import unseal
from crypto.keys import DeviceKeys
from crypto.keystore import KeyStore
from outbox import AuditLog, verify_audit_log

pytestmark = [pytest.mark.realkeyring, pytest.mark.slow]

ITERATIONS = 30
FRAMES = 12_000  # 0.25 s per chunk: many seals per run, so kills land in every phase

WRITER = """
import sys
import numpy as np, io, soundfile as sf
from pathlib import Path
from keyring.backends import SecretService
from crypto.keys import DeviceKeys
from crypto.keystore import KeyStore
from outbox import AuditLog, Outbox

data, service, key_hex, frames = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
keys = DeviceKeys(KeyStore(SecretService.Keyring(), service=service))
box = Outbox.open(data, keys=keys, audit=AuditLog(data / "audit.log", bytes.fromhex(key_hex),
                  device_id="writer"))
rec = box.begin_recording(title="crash", sample_rate=48000, channels=1, subtype="PCM_16",
                          started_at=0.0)
print("ready", rec.id, flush=True)
for i in range(100000):
    pcm = np.random.default_rng(i).integers(-9000, 9000, frames, dtype=np.int16)
    journal = box.open_journal(rec.id, i)
    journal.append(pcm.tobytes())
    journal.close()
    buf = io.BytesIO()
    sf.write(buf, pcm, 48000, format="FLAC", subtype="PCM_16")
    box.seal_chunk(rec.id, i, buf.getvalue(), started_at=i * frames / 48000,
                   duration=frames / 48000)
"""


def expected_flac(index: int) -> bytes:
    pcm = np.random.default_rng(index).integers(-9000, 9000, FRAMES, dtype=np.int16)
    return encode_flac(pcm)


def raw_rows(data_dir: Path) -> list[sqlite3.Row]:
    """The index as a crashed writer left it, read before anything reconciles it."""
    conn = sqlite3.connect(f"file:{data_dir / 'index.sqlite3'}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM chunks").fetchall()
    finally:
        conn.close()


def test_sigkill_while_sealing_leaves_index_and_files_consistent(
    data_dir: Path, real_store: KeyStore, service_name: str, audit_key: bytes
) -> None:
    from outbox import Outbox

    rnd = random.Random(20261127)  # reproducible kill points
    env = subprocess_env(data_dir)
    keys = DeviceKeys(real_store)
    started: dict[str, int] = {}  # recording -> chunks it reached (lower bound)
    phases: Counter[str] = Counter()
    flac_cache: dict[int, bytes] = {}

    for _ in range(ITERATIONS):
        proc = subprocess.Popen(
            [PYTHON, "-c", WRITER, str(data_dir), service_name, audit_key.hex(), str(FRAMES)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert line and line[0] == "ready", "writer did not start"
        current = line[1]
        started[current] = 0
        time.sleep(rnd.uniform(0.0, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()

        # 1. As the kill left it: every indexed chunk's file is there and whole.
        for row in raw_rows(data_dir):
            path = data_dir / row["path"]
            assert path.exists(), f"indexed chunk {row['path']} has no file"
            data = path.read_bytes()
            assert len(data) == row["size"]
            assert hashlib.sha256(data).hexdigest() == row["sha256"]
        leftovers_before = {p.name for p in data_dir.rglob("*.part")}
        phases["part file left"] += bool(leftovers_before)

        # 2. After an exclusive open (reconcile): no debris, and everything indexed decrypts.
        box = Outbox.open(
            data_dir,
            keys=keys,
            audit=AuditLog(data_dir / "audit.log", audit_key, device_id="checker"),
        )
        try:
            assert not list(data_dir.rglob("*.part"))
            indexed = {c.path for c in box.chunks()}
            on_disk = set((data_dir / "chunks").rglob("*.flac.age"))
            assert on_disk == indexed, "a chunk file without an index row survived reconcile"
            for c in box.chunks():
                assert c.state.value == "sealed", f"{c.index}: {c.state}"
                if c.index not in flac_cache:
                    flac_cache[c.index] = expected_flac(c.index)
                identity = keys.recording_identity(c.recording_id)
                bound = bind_flac(flac_cache[c.index], c.recording_id, c.index)
                assert unseal(c.path.read_bytes(), [identity]) == bound
            # 3. Nothing lost: for each recording, indexes 0..n-1 are sealed or journaled.
            journals = {(j.recording_id, j.index) for j in box.leftover_journals()}
            for rid in started:
                sealed = {c.index for c in box.chunks(rid)}
                have = sealed | {i for r, i in journals if r == rid}
                top = max(have, default=-1)
                assert have == set(range(top + 1)), f"{rid}: a chunk vanished"
                assert not (sealed & {i for r, i in journals if r == rid})
                started[rid] = len(sealed)
            phases["journal left"] += any(r == current for r, _ in journals)
        finally:
            box.close()

    audit = data_dir / "audit.log"
    assert verify_audit_log(audit, audit_key) == []
    actions = Counter(json.loads(x)["action"] for x in audit.read_text().splitlines())
    total = sum(started.values())
    print(
        f"\n{ITERATIONS} kills, {total} chunks sealed; kills that left a .part: "
        f"{phases['part file left']}, left a journal: {phases['journal left']}; reconcile "
        f"deleted {actions['reconcile_unindexed_deleted']} unindexed files, "
        f"{actions['reconcile_part_deleted']} .part files, "
        f"{actions['reconcile_journal_deleted']} stale journals"
    )
    assert total > ITERATIONS  # the writer really got to seal between kills

    # 4. The recorder's start-up recovery turns every leftover journal into a chunk whose
    # samples are the ones the writer journaled (whole journals) or a prefix (torn ones).
    from recorder.recovery import recover

    box = Outbox.open(data_dir, keys=keys, audit=AuditLog(audit, audit_key, device_id="checker"))
    try:
        report = recover(box)
        assert report.problems == []
        assert box.leftover_journals() == []
        for c in report.chunks:
            assert c.recovered
            got, _ = sf.read(
                io.BytesIO(unseal(c.path.read_bytes(), [keys.recording_identity(c.recording_id)])),
                dtype="int16",
            )
            want = np.random.default_rng(c.index).integers(-9000, 9000, FRAMES, dtype=np.int16)
            assert np.array_equal(got, want[: len(got)])
        print(f"recovery sealed {len(report.chunks)} chunks from journals")
    finally:
        box.close()
    assert verify_audit_log(audit, audit_key) == []
