"""The chunk sealer's two-stage pipeline (recorder/sealer.py) on a real outbox: the writer is
released as soon as a chunk is encoded, chunks are sealed in order, memory stays bounded, and a
failure leaves the later chunks unsealed (they stay in their journals)."""

from __future__ import annotations

import errno
import threading
from typing import Any

import numpy as np
from recorder_helpers import recording_audio

from crypto.keys import DeviceKeys
from outbox.store import Outbox
from recorder.sealer import ChunkSealer

RATE = 48_000
CHUNK = 2 * RATE


class GatedOutbox:
    """The real outbox whose `seal_chunk` waits for `gate` (a slow disk), or fails with ENOSPC
    from call `fail_at` on."""

    def __init__(self, box: Outbox) -> None:
        self.box = box
        self.gate = threading.Event()
        self.entered = threading.Semaphore(0)
        self.fail_at: int | None = None
        self.calls = 0

    def seal_chunk(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.entered.release()
        self.gate.wait(30)
        if self.fail_at is not None and self.calls - 1 >= self.fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.box.seal_chunk(*args, **kwargs)


def noise(chunks: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    return rng.integers(-20_000, 20_000, (chunks * CHUNK, 1)).astype(np.int16)


def begin(box: Outbox) -> str:
    rec = box.begin_recording(
        title="", sample_rate=RATE, channels=1, subtype="PCM_16", started_at=1_000.0
    )
    return rec.id


def submit(sealer: ChunkSealer, pcm: np.ndarray, index: int) -> None:
    part = pcm[index * CHUNK : (index + 1) * CHUNK]
    sealer.submit(index, part, started_at=1_000.0 + 2 * index, duration=2.0)


def test_writer_is_released_once_a_chunk_is_encoded_and_chunks_seal_in_order(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    pcm = noise(4)
    slow = GatedOutbox(outbox)
    rid = begin(outbox)
    sealer = ChunkSealer(slow, rid, RATE, "PCM_16")
    # With seal_chunk stuck on chunk 0, three submits still return: 0 is in seal_chunk, 1 is
    # encoded and waits, 2 waits for a free slot (its frames stay untouched until then).
    for i in range(3):
        submit(sealer, pcm, i)
    assert slow.entered.acquire(timeout=30)
    assert outbox.chunks(rid) == [] and sealer.sealed == []
    # A fourth submit must wait: chunk 2's frames are not encoded while two chunks are held.
    fourth = threading.Thread(target=submit, args=(sealer, pcm, 3))
    fourth.start()
    fourth.join(0.5)
    assert fourth.is_alive()
    slow.gate.set()
    fourth.join(30)
    assert not fourth.is_alive()
    sealer.close()
    assert sealer.error is None
    assert [c.index for c in sealer.sealed] == [0, 1, 2, 3]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm)


def test_a_failed_seal_leaves_the_later_chunks_unsealed(outbox: Outbox, keys: DeviceKeys) -> None:
    pcm = noise(4)
    failing = GatedOutbox(outbox)
    failing.gate.set()
    failing.fail_at = 1
    rid = begin(outbox)
    sealer = ChunkSealer(failing, rid, RATE, "PCM_16")
    for i in range(4):
        submit(sealer, pcm, i)
    sealer.close()
    assert sealer.error is not None and sealer.error.code == "disk_write_failed"
    # Chunk 1 failed; 2 and 3 (perhaps already encoded) were not sealed after it.
    assert [c.index for c in sealer.sealed] == [0]
    assert [c.index for c in outbox.chunks(rid)] == [0]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm[:CHUNK])
