"""The chunk sealer (recorder/sealer.py) on a real outbox: the writer is released at once,
chunks are encoded on several threads and sealed in submission order, memory stays bounded, a
chunk's journal is completed only if the chunk is not sealed by its due time, a failed seal
leaves the later chunks in their journals, and a chunk whose journal cannot be completed is
sealed from memory."""

from __future__ import annotations

import errno
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from recorder_helpers import recording_audio

import recorder.sealer as sealer_module
from crypto.journal import read_journal
from crypto.keys import DeviceKeys
from outbox import Outbox
from recorder.formats import from_journal_bytes, sample_format, to_journal_bytes
from recorder.sealer import ChunkSealer

RATE = 48_000
CHUNK = 2 * RATE
FMT = sample_format("PCM_16")


class CountingJournal:
    """A real journal writer that counts what is done with it."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer
        self.appends = 0
        self.closed = False
        self.abandoned = False

    def append(self, pcm: Any) -> None:
        self.appends += 1
        self.writer.append(pcm)

    def close(self) -> None:
        self.closed = True
        self.writer.close()

    def abandon(self) -> None:
        self.abandoned = True
        self.writer.abandon()


class GatedOutbox:
    """The real outbox whose `write_chunk` waits for `gate` (a slow disk), or fails with ENOSPC
    from call `fail_at` on; `write_journal` fails with ENOSPC for the indexes in `journal_fail`."""

    def __init__(self, box: Outbox) -> None:
        self.box = box
        self.gate = threading.Event()
        self.entered = threading.Semaphore(0)
        self.fail_at: int | None = None
        self.calls = 0
        self.journal_fail: set[int] = set()
        self.journals_written: list[int] = []

    def write_chunk(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.entered.release()
        self.gate.wait(30)
        if self.fail_at is not None and self.calls - 1 >= self.fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.box.write_chunk(*args, **kwargs)

    def prepare_chunk(self, *args: Any, **kwargs: Any) -> Any:
        return self.box.prepare_chunk(*args, **kwargs)

    def index_chunk(self, *args: Any, **kwargs: Any) -> Any:
        return self.box.index_chunk(*args, **kwargs)

    def discard_chunk(self, *args: Any, **kwargs: Any) -> Any:
        return self.box.discard_chunk(*args, **kwargs)

    def remove_journal(self, *args: Any, **kwargs: Any) -> Any:
        return self.box.remove_journal(*args, **kwargs)

    def write_journal(self, recording_id: str, index: int, pcm: Any) -> None:
        if index in self.journal_fail:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.box.write_journal(recording_id, index, pcm)
        self.journals_written.append(index)


def noise(chunks: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    return rng.integers(-20_000, 20_000, (chunks * CHUNK, 1)).astype(np.int16)


def begin(box: Outbox) -> str:
    rec = box.begin_recording(
        title="", sample_rate=RATE, channels=1, subtype="PCM_16", started_at=1_000.0
    )
    return rec.id


def submit(
    sealer: ChunkSealer,
    pcm: np.ndarray,
    index: int,
    released: list[int] | None = None,
    journal: Any = None,
    journaled: int = 0,
    journal_due: float | None = None,
) -> None:
    part = pcm[index * CHUNK : (index + 1) * CHUNK]
    sealer.submit(
        index,
        part,
        started_at=1_000.0 + 2 * index,
        duration=2.0,
        journal=journal,
        journaled=journaled,
        journal_due=journal_due,
        release=None if released is None else lambda: released.append(index),
    )


def journal_path(box: Outbox, rid: str, index: int) -> Path:
    return box.data_dir / "journal" / rid / f"{index:06d}.journal"


def journal_frames(box: Outbox, keys: DeviceKeys, rid: str, index: int) -> np.ndarray:
    journal = read_journal(journal_path(box, rid, index), keys.journal_key(rid), recording_id=rid)
    assert journal.complete  # the end record is there: the journal thread closed it
    return from_journal_bytes(journal.pcm, FMT, 1)


def test_submit_returns_at_once_and_memory_is_bounded_by_the_slots(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    pcm = noise(6)
    slow = GatedOutbox(outbox)
    rid = begin(outbox)
    released: list[int] = []
    sealer = ChunkSealer(slow, rid, RATE, "PCM_16", encoders=2)
    # Writing chunk 0's file is stuck; every submit still returns at once (the writer never
    # waits for the sealer: its back-pressure is the buffer pool).
    for i in range(6):
        submit(sealer, pcm, i, released)
    assert slow.entered.acquire(timeout=30)
    # 4 slots (2 encoders, 1 chunk being written, 1 being indexed): chunk 0 is being written,
    # 1 to 3 are encoded and wait; 4 and 5 are not encoded, so their frames are not released.
    for _ in range(300):
        if len(released) >= 4:
            break
        time.sleep(0.01)
    time.sleep(0.5)  # time for a 5th encode, were one (wrongly) allowed to start
    assert sorted(released) == [0, 1, 2, 3]
    assert outbox.chunks(rid) == [] and sealer.sealed == []
    slow.gate.set()
    sealer.close()
    assert sealer.error is None
    assert sorted(released) == [0, 1, 2, 3, 4, 5]
    assert [c.index for c in sealer.sealed] == [0, 1, 2, 3, 4, 5]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm)
    assert outbox.leftover_journals() == []  # each journal deleted once its chunk was sealed


def test_chunks_encoded_out_of_order_are_sealed_in_order(
    outbox: Outbox, keys: DeviceKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two encoders really run at once: chunk 0's encode is held until chunk 1's is done."""
    pcm = noise(2)
    rid = begin(outbox)
    real_encode = sealer_module.encode_flac
    first_done = threading.Event()
    order: list[int] = []

    def encode(frames: np.ndarray, rate: int, subtype: str) -> bytes:
        if np.array_equal(frames, pcm[:CHUNK]):
            assert first_done.wait(30), "the second encoder never ran beside the first"
            order.append(0)
        else:
            order.append(1)
            first_done.set()
        return real_encode(frames, rate, subtype)

    monkeypatch.setattr(sealer_module, "encode_flac", encode)
    sealer = ChunkSealer(outbox, rid, RATE, "PCM_16", encoders=2)
    for i in range(2):
        submit(sealer, pcm, i)
    sealer.close()
    assert order == [1, 0]
    assert sealer.error is None
    assert [c.index for c in sealer.sealed] == [0, 1]
    assert [c.index for c in outbox.chunks(rid)] == [0, 1]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm)


@pytest.mark.parametrize("due_in", [None, 3600.0], ids=["journal-at-once", "journal-due-later"])
def test_a_failed_seal_leaves_the_later_chunks_whole_in_their_journals(
    outbox: Outbox, keys: DeviceKeys, due_in: float | None
) -> None:
    """Also when the journals are due much later: the failure makes them due at once."""
    due = None if due_in is None else time.monotonic() + due_in
    pcm = noise(4)
    failing = GatedOutbox(outbox)
    failing.gate.set()
    failing.fail_at = 1
    rid = begin(outbox)
    sealer = ChunkSealer(failing, rid, RATE, "PCM_16")
    # Chunk 2 comes with a journal the writer opened and half filled: the encoder adds the rest.
    half = CHUNK // 2
    journal = outbox.open_journal(rid, 2)
    journal.append(to_journal_bytes(pcm[2 * CHUNK : 2 * CHUNK + half], FMT))
    for i in range(4):
        if i == 2:
            submit(sealer, pcm, i, journal=journal, journaled=half, journal_due=due)
        else:
            submit(sealer, pcm, i, journal_due=due)
    sealer.close()
    assert sealer.error is not None and sealer.error.code == "disk_write_failed"
    # Chunk 1 failed; 2 and 3 (perhaps already encoded) were not sealed after it.
    assert [c.index for c in sealer.sealed] == [0]
    assert [c.index for c in outbox.chunks(rid)] == [0]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm[:CHUNK])
    # ...and every frame of 1, 2 and 3 is in a closed journal, for recovery.
    assert [j.index for j in outbox.leftover_journals()] == [1, 2, 3]
    for i in (1, 2, 3):
        assert np.array_equal(
            journal_frames(outbox, keys, rid, i), pcm[i * CHUNK : (i + 1) * CHUNK]
        )


def test_a_chunk_whose_journal_cannot_be_completed_is_sealed_from_memory(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    pcm = noise(3)
    flaky = GatedOutbox(outbox)
    flaky.gate.set()
    flaky.journal_fail = {1}
    rid = begin(outbox)
    sealer = ChunkSealer(flaky, rid, RATE, "PCM_16")
    for i in range(3):
        submit(sealer, pcm, i)
    sealer.close()
    # The failure is reported (the disk is failing: the recording must stop)...
    assert sealer.error is not None and sealer.error.code == "disk_write_failed"
    assert sealer.error.fields.get("what") == "journal"
    # ...but chunk 1 was sealed from memory: no audio lost. Chunk 2, journaled whole after the
    # failure, waits in its journal for recovery, as after any failure.
    assert [c.index for c in sealer.sealed] == [0, 1]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm[: 2 * CHUNK])
    assert [j.index for j in outbox.leftover_journals()] == [2]
    assert np.array_equal(journal_frames(outbox, keys, rid, 2), pcm[2 * CHUNK :])


def test_a_chunk_sealed_before_its_journal_is_due_is_not_journaled_again(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    """Sealed in time, a chunk's journal is neither completed nor written whole: the writer's
    half-filled journal is abandoned (no last append, no end record) and deleted."""
    pcm = noise(3)
    counting = GatedOutbox(outbox)
    counting.gate.set()
    rid = begin(outbox)
    half = CHUNK // 2
    journal = CountingJournal(outbox.open_journal(rid, 1))
    journal.append(to_journal_bytes(pcm[CHUNK : CHUNK + half], FMT))
    released: list[int] = []
    sealer = ChunkSealer(counting, rid, RATE, "PCM_16")
    due = time.monotonic() + 600  # never reached: close() would hang for 10 minutes
    t0 = time.monotonic()
    submit(sealer, pcm, 0, released, journal_due=due)
    submit(sealer, pcm, 1, released, journal=journal, journaled=half, journal_due=due)
    submit(sealer, pcm, 2, released, journal_due=due)
    sealer.close()
    assert time.monotonic() - t0 < 300  # the journal thread did not wait for the due time
    assert sealer.error is None
    assert [c.index for c in sealer.sealed] == [0, 1, 2]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm)
    assert counting.journals_written == []
    assert journal.appends == 1 and journal.abandoned and not journal.closed
    assert sorted(released) == [0, 1, 2]
    assert outbox.leftover_journals() == []
    assert not journal_path(outbox, rid, 1).exists()


def test_a_chunk_not_sealed_by_its_due_time_is_journaled_then(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    """A slow disk holds the chunk file past the due time: the journal thread completes the
    journal meanwhile (the audio is durable on time), and deletes it once the chunk is indexed."""
    pcm = noise(1)
    slow = GatedOutbox(outbox)
    rid = begin(outbox)
    half = CHUNK // 2
    journal = CountingJournal(outbox.open_journal(rid, 0))
    journal.append(to_journal_bytes(pcm[:half], FMT))
    sealer = ChunkSealer(slow, rid, RATE, "PCM_16")
    submit(sealer, pcm, 0, journal=journal, journaled=half, journal_due=time.monotonic() + 0.3)
    assert slow.entered.acquire(timeout=30)  # the chunk file is being written, and waits
    for _ in range(3000):
        if journal.closed:
            break
        time.sleep(0.01)
    assert journal.closed and journal.appends == 2 and not journal.abandoned
    assert np.array_equal(journal_frames(outbox, keys, rid, 0), pcm)  # whole, with end record
    assert outbox.chunks(rid) == []
    slow.gate.set()
    sealer.close()
    assert sealer.error is None and [c.index for c in sealer.sealed] == [0]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm)
    assert not journal_path(outbox, rid, 0).exists()
