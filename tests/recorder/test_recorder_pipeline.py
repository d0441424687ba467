"""The writer-to-sealer pipeline on a real outbox: the one sealer thread seals chunks in the
order they were handed over, memory is bounded by its queue, a full chunk's journal is whole and
closed before it is handed over and deleted once the chunk is sealed, a failed seal leaves the
later chunks whole in their journals, and a chunk whose journal cannot be completed is sealed
from memory."""

from __future__ import annotations

import errno
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from recorder_fakes import FakeStreams
from recorder_helpers import recording_audio

from crypto.journal import read_journal
from crypto.keys import DeviceKeys
from outbox import SYSTEM_AUDIO_GAP, Gap, Outbox
from recorder import Recorder, RecordingOptions
from recorder.formats import from_journal_bytes, sample_format, to_journal_bytes
from recorder.sealer import ChunkSealer

RATE = 48_000
CHUNK = 2 * RATE
FMT = sample_format("PCM_16")


class GatedOutbox:
    """The real outbox whose `seal_chunk` waits for `gate` (a slow disk), and fails with ENOSPC
    on the calls (0-based) in `fail_calls`."""

    def __init__(self, box: Outbox) -> None:
        self.box = box
        self.gate = threading.Event()
        self.entered = threading.Semaphore(0)
        self.fail_calls: set[int] = set()
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.box, name)

    def seal_chunk(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.entered.release()
        self.gate.wait(30)
        if self.calls - 1 in self.fail_calls:
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


def journal_whole(box: Outbox, rid: str, pcm: np.ndarray, index: int) -> None:
    """What the writer does before a hand-over: chunk `index` whole in a closed journal."""
    journal = box.open_journal(rid, index)
    journal.append(to_journal_bytes(pcm[index * CHUNK : (index + 1) * CHUNK], FMT))
    journal.close()


def submit(sealer: ChunkSealer, pcm: np.ndarray, index: int, in_journal: bool = True) -> None:
    sealer.submit(
        index,
        pcm[index * CHUNK : (index + 1) * CHUNK],
        started_at=1_000.0 + 2 * index,
        duration=2.0,
        in_journal=in_journal,
    )


def journal_path(box: Outbox, rid: str, index: int) -> Path:
    return box.data_dir / "journal" / rid / f"{index:06d}.journal"


def journal_frames(box: Outbox, keys: DeviceKeys, rid: str, index: int) -> np.ndarray:
    journal = read_journal(journal_path(box, rid, index), keys.journal_key(rid), recording_id=rid)
    assert journal.complete  # the end record is there: the writer closed it
    return from_journal_bytes(journal.pcm, FMT, 1)


def test_one_sealer_seals_in_order_and_its_queue_bounds_memory(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    pcm = noise(4)
    slow = GatedOutbox(outbox)
    rid = begin(outbox)
    for i in range(4):
        journal_whole(outbox, rid, pcm, i)
    sealer = ChunkSealer(slow, rid, RATE, "PCM_16", backlog=1)
    # Sealing chunk 0 is stuck: chunk 1 waits in the queue, and the writer's next hand-over
    # (chunk 2) waits for room: at most 3 chunks of PCM exist (2 here, 1 filling).
    submit(sealer, pcm, 0)
    assert slow.entered.acquire(timeout=30)
    submit(sealer, pcm, 1)
    handed = threading.Event()
    writer = threading.Thread(target=lambda: (submit(sealer, pcm, 2), handed.set()))
    writer.start()
    assert not handed.wait(0.5)
    assert outbox.chunks(rid) == [] and sealer.sealed == []
    # Meanwhile every frame is durable: each chunk is whole in its closed journal.
    assert [j.index for j in outbox.leftover_journals()] == [0, 1, 2, 3]
    slow.gate.set()
    assert handed.wait(30)
    writer.join()
    submit(sealer, pcm, 3)
    sealer.close()
    assert sealer.error is None
    assert [c.index for c in sealer.sealed] == [0, 1, 2, 3]
    assert [c.index for c in outbox.chunks(rid)] == [0, 1, 2, 3]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm)
    assert outbox.leftover_journals() == []  # each journal deleted once its chunk was sealed
    assert [t.name for t in threading.enumerate() if t.name.startswith("recorder-")] == []


def test_channel_gaps_are_noted_by_the_sealer_without_holding_up_the_writer(
    outbox: Outbox,
) -> None:
    # The outbox's add_gap (a transaction, the audit log's fsyncs, the keyring) can take
    # seconds on a busy disk; the writer streaming both channels must not wait for it.
    pcm = noise(2)
    box = GatedOutbox(outbox)
    box.gate.set()
    gap_gate = threading.Event()

    def slow_gap(recording_id: str, gap: Gap) -> None:
        gap_gate.wait(30)
        outbox.add_gap(recording_id, gap)

    box.add_gap = slow_gap  # type: ignore[method-assign]
    rid = begin(outbox)
    journal_whole(outbox, rid, pcm, 0)
    sealer = ChunkSealer(box, rid, RATE, "PCM_16")
    submit(sealer, pcm, 0)
    first = Gap(start=0.0, end=0.5, reason=SYSTEM_AUDIO_GAP)
    started = threading.Event()
    writer = threading.Thread(target=lambda: (sealer.add_gap(first), started.set()))
    writer.start()
    assert started.wait(5)  # handed over while the outbox is still stuck
    assert outbox.recording(rid).gaps == ()
    gap_gate.set()
    journal_whole(outbox, rid, pcm, 1)
    submit(sealer, pcm, 1)
    sealer.close()
    writer.join()
    assert outbox.recording(rid).gaps == (first,)
    assert [c.index for c in outbox.chunks(rid)] == [0, 1]


def test_a_failed_seal_leaves_the_later_chunks_whole_in_their_journals(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    pcm = noise(4)
    failing = GatedOutbox(outbox)
    failing.gate.set()
    failing.fail_calls = {1, 2, 3}
    rid = begin(outbox)
    sealer = ChunkSealer(failing, rid, RATE, "PCM_16")
    for i in range(4):
        journal_whole(outbox, rid, pcm, i)
        submit(sealer, pcm, i)
    sealer.close()
    assert sealer.error is not None and sealer.error.code == "disk_write_failed"
    # Chunk 1 failed; 2 and 3 were not sealed after it.
    assert [c.index for c in sealer.sealed] == [0]
    assert [c.index for c in outbox.chunks(rid)] == [0]
    assert np.array_equal(recording_audio(outbox, keys, rid), pcm[:CHUNK])
    # ...and every frame of 1, 2 and 3 is in a closed journal, for recovery.
    assert [j.index for j in outbox.leftover_journals()] == [1, 2, 3]
    for i in (1, 2, 3):
        assert np.array_equal(
            journal_frames(outbox, keys, rid, i), pcm[i * CHUNK : (i + 1) * CHUNK]
        )


def test_after_a_failure_a_chunk_not_in_its_journal_is_still_sealed_from_memory(
    outbox: Outbox, keys: DeviceKeys
) -> None:
    pcm = noise(3)
    failing = GatedOutbox(outbox)
    failing.gate.set()
    failing.fail_calls = {0}
    rid = begin(outbox)
    sealer = ChunkSealer(failing, rid, RATE, "PCM_16")
    for i in (0, 1):
        journal_whole(outbox, rid, pcm, i)
        submit(sealer, pcm, i)
    submit(sealer, pcm, 2, in_journal=False)  # its journal could not be completed
    sealer.close()
    assert sealer.error is not None and sealer.error.code == "disk_write_failed"
    assert [c.index for c in sealer.sealed] == [2]
    assert [j.index for j in outbox.leftover_journals()] == [0, 1]
    assert np.array_equal(recording_audio_of(outbox, keys, rid, 2), pcm[2 * CHUNK :])


def recording_audio_of(box: Outbox, keys: DeviceKeys, rid: str, index: int) -> np.ndarray:
    from crypto.container import unseal
    from recorder.chunker import decode_flac

    identity = keys.recording_identity(rid)
    assert identity is not None
    (chunk,) = [c for c in box.chunks(rid) if c.index == index]
    frames, _ = decode_flac(unseal(box.read_ciphertext(chunk.id), [identity]))
    return frames


class JournalSpy:
    """The real outbox, noting what becomes of each chunk's journal; `close()` of the journal
    of chunk `fail_close` fails with ENOSPC (its end record: the hand-over's last write)."""

    def __init__(self, box: Outbox, fail_close: int | None = None) -> None:
        self.box = box
        self.fail_close = fail_close
        self.fates: dict[int, list[str]] = {}  # chunk index -> "append", "close"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.box, name)

    def open_journal(self, recording_id: str, index: int) -> Any:
        writer = self.box.open_journal(recording_id, index)
        fate = self.fates.setdefault(index, [])
        spy = self

        class Journal:
            def append(self, pcm: bytes) -> None:
                fate.append("append")
                writer.append(pcm)

            def close(self) -> None:
                fate.append("close")
                if index == spy.fail_close:
                    writer.close()
                    raise OSError(errno.ENOSPC, "No space left on device")
                writer.close()

        return Journal()


@pytest.fixture()
def signal() -> np.ndarray:
    return np.random.default_rng(7).integers(-20_000, 20_000, RATE * 40).astype(np.int16)


def record(box: Any, signal: np.ndarray, bus: Any, **opts: Any) -> Recorder:
    options = RecordingOptions(chunk_seconds=5, block_seconds=0.02, **opts)
    rec = Recorder(box, options, events=bus, streams=FakeStreams(signal, speed=5))
    rec.start()
    assert rec.wait(30)
    rec.stop()
    return rec


def test_each_chunk_is_whole_in_its_closed_journal_until_sealed(
    outbox: Outbox, keys: DeviceKeys, bus: Any, signal: np.ndarray
) -> None:
    """The writer journals each chunk while it fills, completes and closes the journal when
    the chunk is full, and the sealer deletes it once the chunk is sealed."""
    spy = JournalSpy(outbox)
    rec = record(spy, signal, bus, duration=12, journal_seconds=1.0, journal_min_wall_seconds=0.1)
    assert rec.error is None
    assert np.array_equal(
        recording_audio(outbox, keys, rec.recording_id)[:, 0], signal[: 12 * RATE]
    )
    assert sorted(spy.fates) == [0, 1, 2]
    for index, fate in spy.fates.items():
        # Appended while it filled (5 s of audio in 1 s of wall time), closed once.
        assert fate.count("append") >= 2 and fate[-1] == "close", (index, fate)
        assert fate.count("close") == 1, (index, fate)
    assert outbox.leftover_journals() == []
    assert not list((outbox.data_dir / "journal").rglob("*.journal"))


def test_a_slow_seal_leaves_the_chunk_whole_in_its_journal_meanwhile(
    outbox: Outbox, keys: DeviceKeys, bus: Any, signal: np.ndarray
) -> None:
    slow = GatedOutbox(outbox)
    options = RecordingOptions(chunk_seconds=5, block_seconds=0.02, duration=12)
    rec = Recorder(slow, options, events=bus, streams=FakeStreams(signal, speed=5))  # type: ignore[arg-type]
    rec.start()
    assert slow.entered.acquire(timeout=30)  # chunk 0 is being sealed, and waits
    journal = journal_frames(outbox, keys, rec.recording_id, 0)
    assert np.array_equal(journal[:, 0], signal[: 5 * RATE])  # whole, with its end record
    assert outbox.chunks(rec.recording_id) == []
    slow.gate.set()
    assert rec.wait(30)
    rec.stop()
    assert rec.error is None
    assert len(recording_audio(outbox, keys, rec.recording_id)) == 12 * RATE
    assert outbox.leftover_journals() == []


def test_a_chunk_whose_journal_cannot_be_completed_is_sealed_from_memory(
    outbox: Outbox, keys: DeviceKeys, bus: Any, signal: np.ndarray
) -> None:
    spy = JournalSpy(outbox, fail_close=1)
    rec = record(spy, signal, bus, duration=20)
    # The failure is reported (the disk is failing: the recording must stop)...
    assert rec.stop_reason == "disk_full" and rec.error is not None
    assert rec.error.code == "disk_write_failed" and rec.error.fields["what"] == "journal"
    # ...but chunk 1 was sealed from memory: no audio lost.
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert len(audio) == 10 * RATE and np.array_equal(audio[:, 0], signal[: 10 * RATE])
    assert [c.index for c in outbox.chunks(rec.recording_id)] == [0, 1]
    # What came after it is in the journal of chunk 2, for recovery.
    assert [j.index for j in outbox.leftover_journals()] in ([], [2])
