"""Crash recovery on a real outbox: journals left by a crash become recovered chunks; torn
tails are dropped, damaged journals are kept aside and reported, never deleted."""

from __future__ import annotations

import time

import numpy as np
import pytest
from recorder_helpers import recording_audio

from crypto.keys import DeviceKeys
from outbox import Outbox
from recorder.formats import sample_format, to_journal_bytes
from recorder.recovery import CORRUPT_SUFFIX, recover, recover_all

RATE = 48_000


def crashed_journal(
    box: Outbox,
    blocks: list[np.ndarray],
    subtype: str = "PCM_16",
    channels: int = 1,
    index: int = 0,
    rid: str | None = None,
) -> str:
    """A recording whose chunk `index` was being journaled when the process died."""
    if rid is None:
        rid = box.begin_recording(
            title="crash",
            sample_rate=RATE,
            channels=channels,
            subtype=subtype,
            started_at=time.time(),
        ).id
    writer = box.open_journal(rid, index)
    for b in blocks:
        writer.append(to_journal_bytes(b, sample_format(subtype)))
    return rid  # never closed: that is what a kill leaves


def noise(seconds: float, channels: int = 1, dtype: str = "int16", seed: int = 3) -> np.ndarray:
    info = np.iinfo(dtype)
    return np.random.default_rng(seed).integers(
        info.min, info.max, size=(round(seconds * RATE), channels), dtype=dtype
    )


def test_leftover_journal_becomes_a_recovered_chunk(outbox: Outbox, keys: DeviceKeys) -> None:
    blocks = [noise(0.5, seed=i) for i in range(4)]
    rid = crashed_journal(outbox, blocks)
    report = recover(outbox)
    assert [c.recovered for c in report.chunks] == [True]
    assert report.chunks[0].duration == 2.0 and report.finished == [rid]
    assert np.array_equal(recording_audio(outbox, keys, rid), np.concatenate(blocks))
    assert outbox.recording(rid).state == "stopped"
    assert outbox.leftover_journals() == []
    assert recover_all(outbox) == []  # nothing twice


def test_torn_last_record_is_dropped(outbox: Outbox, keys: DeviceKeys) -> None:
    blocks = [noise(0.5, seed=i) for i in range(3)]
    rid = crashed_journal(outbox, blocks)
    path = outbox.leftover_journals()[0].path
    with open(path, "r+b") as f:  # the last write was cut short by the crash
        f.truncate(path.stat().st_size - 1000)
    report = recover(outbox)
    assert report.dropped_torn_tails == 1 and not report.problems
    assert np.array_equal(recording_audio(outbox, keys, rid), np.concatenate(blocks[:2]))


def test_damaged_journal_is_kept_aside_and_reported(outbox: Outbox, keys: DeviceKeys) -> None:
    good = [noise(0.5, seed=9)]
    rid_bad = crashed_journal(outbox, [noise(0.5), noise(0.5, seed=4)])
    rid_good = crashed_journal(outbox, good)
    bad = next(j for j in outbox.leftover_journals() if j.recording_id == rid_bad).path
    raw = bytearray(bad.read_bytes())
    raw[200] ^= 0x40  # one flipped bit inside the first record
    bad.write_bytes(bytes(raw))
    report = recover(outbox)
    assert [(p.recording_id, p.reason) for p in report.problems] == [(rid_bad, "journal_corrupt")]
    kept = report.problems[0].kept_as
    assert kept.name.endswith(CORRUPT_SUFFIX) and kept.read_bytes() == bytes(raw)
    assert np.array_equal(recording_audio(outbox, keys, rid_good), good[0])
    assert outbox.chunks(rid_bad) == [] and outbox.leftover_journals() == []


def test_header_only_journal_leaves_no_chunk(outbox: Outbox) -> None:
    rid = crashed_journal(outbox, [])
    report = recover(outbox)
    assert report.chunks == [] and not report.problems and report.finished == [rid]
    assert outbox.leftover_journals() == []


@pytest.mark.parametrize("channels", [1, 2])
def test_pcm24_journal_recovers_losslessly(outbox: Outbox, keys: DeviceKeys, channels: int) -> None:
    block = noise(0.7, channels=channels, dtype="int32") & ~np.int32(0xFF)
    rid = crashed_journal(outbox, [block], subtype="PCM_24", channels=channels)
    recover(outbox)
    assert np.array_equal(recording_audio(outbox, keys, rid, dtype="int32"), block)


def test_recovered_chunk_follows_the_sealed_ones(outbox: Outbox, keys: DeviceKeys) -> None:
    from recorder.chunker import encode_flac

    first = noise(5.0, seed=1)
    rec = outbox.begin_recording(
        title="", sample_rate=RATE, channels=1, subtype="PCM_16", started_at=1_000.0
    )
    outbox.seal_chunk(
        rec.id, 0, encode_flac(first, RATE, "PCM_16"), started_at=1_000.0, duration=5.0
    )
    tail = noise(1.5, seed=2)
    crashed_journal(outbox, [tail], index=1, rid=rec.id)
    [chunk] = recover_all(outbox)
    assert chunk.index == 1 and chunk.started_at == 1_005.0 and chunk.recovered
    assert np.array_equal(recording_audio(outbox, keys, rec.id), np.concatenate([first, tail]))
    assert outbox.recording(rec.id).ended_at == pytest.approx(1_006.5)


def test_journal_moved_to_another_place_is_kept_aside(outbox: Outbox, keys: DeviceKeys) -> None:
    """The journal's header binds its chunk index: a journal renamed to another index (by
    someone who can write the data directory) is not recovered there, but kept as .corrupt."""
    rid = crashed_journal(outbox, [noise(0.5)], index=1)
    [leftover] = outbox.leftover_journals()
    moved = leftover.path.with_name("000003.journal")
    leftover.path.rename(moved)
    report = recover(outbox)
    assert report.chunks == [] and outbox.chunks(rid) == []
    [problem] = report.problems
    assert (problem.index, problem.reason) == (3, "recovery_failed")
    assert problem.kept_as == moved.with_name(moved.name + CORRUPT_SUFFIX)
    assert problem.kept_as.exists() and outbox.leftover_journals() == []
