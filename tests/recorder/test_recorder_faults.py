"""The recorder's writer on a real outbox, with faults injected through a fake stream (device
lost, stalled, gone, overflow burst) and a failing outbox wrapper (ENOSPC, disk reserve)."""

from __future__ import annotations

import errno
from typing import Any

import numpy as np
import pytest
from recorder_fakes import FakeStreams
from recorder_helpers import recording_audio

from crypto.journal import read_journal
from crypto.keys import DeviceKeys
from outbox import Outbox, RecordingState
from recorder import Recorder, RecordingOptions, disk_time_left, recover
from recorder.events import (
    CaptureStarted,
    DeviceLost,
    DeviceRecovered,
    DiskLow,
    DiskTimeLeft,
    LevelChanged,
    OverflowCounted,
    RecordingStopped,
)
from recorder.formats import from_journal_bytes, sample_format

RATE = 48_000


@pytest.fixture()
def signal() -> np.ndarray:
    # Noise never repeats within its length, so an equal slice proves order and contiguity.
    return np.random.default_rng(7).integers(-20_000, 20_000, RATE * 40).astype(np.int16)


def record(box: Any, streams: FakeStreams, events: object, **opts: Any) -> Recorder:
    # The fault schedules below count 20 ms blocks.
    opts.setdefault("block_seconds", 0.02)
    options = RecordingOptions(chunk_seconds=5, **opts)
    rec = Recorder(box, options, events=events, streams=streams)  # type: ignore[arg-type]
    rec.start()
    assert rec.wait_capturing(10)
    return rec


def of(kind: type, seen: list[object]) -> list[Any]:
    return [e for e in seen if isinstance(e, kind)]


def test_fake_recording_is_exact_and_publishes_events(
    outbox: Outbox, keys: DeviceKeys, bus: Any, events: list[object], signal: np.ndarray
) -> None:
    rec = record(outbox, FakeStreams(signal, speed=20), bus, duration=12)
    assert rec.wait(30)
    rec.stop()
    assert rec.stop_reason == "duration" and rec.error is None
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert len(audio) == 12 * RATE
    assert np.array_equal(audio[:, 0], signal[: 12 * RATE])
    assert [round(c.duration, 3) for c in outbox.chunks(rec.recording_id)] == [5.0, 5.0, 2.0]
    assert of(CaptureStarted, events)[0].device == "fakemic"
    assert of(LevelChanged, events) and of(DiskTimeLeft, events)[0].seconds_left > 0
    assert of(RecordingStopped, events) == [RecordingStopped(rec.recording_id, "duration")]
    assert outbox.recording(rec.recording_id).state == RecordingState.STOPPED


@pytest.mark.slow
def test_a_backlog_bigger_than_one_journal_record_is_journaled_in_pieces(
    outbox: Outbox, keys: DeviceKeys, bus: Any
) -> None:
    # One 50 s stereo block (9.6 MB) waits at once, as after a long stall or at full speed:
    # more than crypto.journal.MAX_RECORD_BYTES (8 MiB) may hold in one record.
    noise = np.random.default_rng(11).integers(-20_000, 20_000, (RATE * 50, 2)).astype(np.int16)
    options = RecordingOptions(channels=2, chunk_seconds=60, duration=50, block_seconds=50)
    rec = Recorder(outbox, options, events=bus, streams=FakeStreams(noise))  # type: ignore[arg-type]
    rec.start()
    assert rec.wait(60)
    rec.stop()
    assert rec.error is None, rec.error
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert np.array_equal(audio, noise)


def test_device_lost_continues_the_same_recording_with_a_gap(
    outbox: Outbox, keys: DeviceKeys, bus: Any, events: list[object], signal: np.ndarray
) -> None:
    streams = FakeStreams(signal, speed=20)
    streams.lose_after_blocks = 100  # 2 s of 20 ms blocks
    rec = record(outbox, streams, bus, duration=8, device="fakemic")
    assert rec.wait(30)
    rec.stop()
    assert rec.stop_reason == "duration" and rec.error is None
    lost = of(DeviceLost, events)
    assert lost == [DeviceLost(rec.recording_id, "fakemic", "stream ended")]
    assert of(DeviceRecovered, events) == [DeviceRecovered(rec.recording_id, "fakemic")]
    assert streams.rescans >= 1 and streams.opened[:2] == ["fakemic", "fakemic"]
    info = outbox.recording(rec.recording_id)
    assert [g.reason for g in info.gaps] == ["device_lost"]
    assert info.gaps[0].start == pytest.approx(2.0, abs=0.05)
    # What was captured before the loss was sealed at once, then chunking went on.
    durations = [round(c.duration, 3) for c in outbox.chunks(rec.recording_id)]
    assert durations[0] == pytest.approx(2.0, abs=0.021) and sum(durations) == pytest.approx(8)
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert len(audio) == 8 * RATE
    assert np.array_equal(audio[:, 0], signal[: 8 * RATE])  # the fake mic kept its place


def test_device_gone_stops_cleanly_keeping_what_was_recorded(
    outbox: Outbox, keys: DeviceKeys, bus: Any, events: list[object], signal: np.ndarray
) -> None:
    streams = FakeStreams(signal, speed=20)
    streams.lose_after_blocks = 150  # 3 s
    streams.comes_back = False
    rec = record(outbox, streams, bus, reconnect_seconds=1.0, retry_interval=0.2)
    assert rec.wait(30)
    rec.stop()
    assert rec.stop_reason == "device_gone"
    assert rec.error is not None and rec.error.code == "device_gone"
    assert len(streams.opened) >= 3  # the same device, then the default, retried
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert len(audio) == 3 * RATE and np.array_equal(audio[:, 0], signal[: 3 * RATE])
    assert outbox.recording(rec.recording_id).gaps[0].reason == "device_lost"
    assert of(RecordingStopped, events)[-1].reason == "device_gone"


def test_stalled_device_is_caught_by_the_watchdog(
    outbox: Outbox, keys: DeviceKeys, bus: Any, events: list[object], signal: np.ndarray
) -> None:
    streams = FakeStreams(signal, speed=5)
    rec = record(outbox, streams, bus, stall_seconds=0.5)
    streams.streams[0].stalled.set()  # callbacks stop, the stream still looks active
    for _ in range(100):
        if of(DeviceRecovered, events):
            break
        rec.wait(0.1)
    rec.stop()
    assert [e.reason for e in of(DeviceLost, events)] == ["no audio from the device"]
    assert of(DeviceRecovered, events)
    assert rec.stop_reason == "user" and rec.error is None
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert np.array_equal(audio[:, 0], signal[: len(audio)])


def test_overflow_burst_is_counted_and_published(
    outbox: Outbox, keys: DeviceKeys, bus: Any, events: list[object], signal: np.ndarray
) -> None:
    streams = FakeStreams(signal, speed=20)
    streams.overflow_burst = 7
    rec = record(outbox, streams, bus, duration=3)
    assert rec.wait(30)
    rec.stop()
    assert rec.overflows == 7
    assert of(OverflowCounted, events)[-1] == OverflowCounted(rec.recording_id, 7)
    assert len(recording_audio(outbox, keys, rec.recording_id)) == 3 * RATE


class FailingOutbox:
    """The real outbox, except that chosen writes fail with ENOSPC or free space shrinks."""

    def __init__(self, box: Outbox) -> None:
        self.box = box
        self.fail_seal_at: int | None = None  # 0-based seal_chunk call that fails (and after)
        self.fail_journal_after: int | None = None  # bytes a journal takes before ENOSPC
        self.appended: dict[int, int] = {}  # bytes appended per chunk index
        self.free: int | None = None
        self.seals = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.box, name)

    def seal_chunk(self, *args: Any, **kwargs: Any) -> Any:
        self.seals += 1
        if self.fail_seal_at is not None and self.seals - 1 >= self.fail_seal_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.box.seal_chunk(*args, **kwargs)

    def open_journal(self, recording_id: str, index: int) -> Any:
        writer = self.box.open_journal(recording_id, index)
        outer = self

        class Journal:
            def append(self, pcm: bytes) -> None:
                limit = outer.fail_journal_after
                if limit is not None and index >= 1 and outer.appended.get(index, 0) >= limit:
                    raise OSError(errno.ENOSPC, "No space left on device")
                writer.append(pcm)
                outer.appended[index] = outer.appended.get(index, 0) + len(pcm)

            def close(self) -> None:
                writer.close()

        return Journal()

    def free_bytes(self) -> int:
        return self.box.free_bytes() if self.free is None else self.free


def test_enospc_when_sealing_loses_nothing_sealed(
    outbox: Outbox, keys: DeviceKeys, bus: Any, events: list[object], signal: np.ndarray
) -> None:
    failing = FailingOutbox(outbox)
    failing.fail_seal_at = 1  # the second chunk cannot be written
    rec = record(failing, FakeStreams(signal, speed=10), bus, duration=20)
    assert rec.wait(30)
    rec.stop()
    assert rec.stop_reason == "disk_full"
    assert rec.error is not None and rec.error.code == "disk_write_failed"
    assert "disk is full" in str(rec.error)
    assert of(RecordingStopped, events)[-1].reason == "disk_full"
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert len(audio) == 5 * RATE and np.array_equal(audio[:, 0], signal[: 5 * RATE])
    # The chunk that could not be sealed is still whole in its journal (and so is what came
    # after it); once there is space again, recovery seals them.
    report = recover(outbox)
    assert report.chunks and all(c.recovered for c in report.chunks) and not report.problems
    assert [c.index for c in report.chunks] == list(range(1, 1 + len(report.chunks)))
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert len(audio) >= 10 * RATE  # at least the whole second chunk
    assert np.array_equal(audio[:, 0], signal[: len(audio)])


def test_enospc_in_the_journal_stops_with_a_clear_error(
    outbox: Outbox, keys: DeviceKeys, bus: Any, signal: np.ndarray
) -> None:
    failing = FailingOutbox(outbox)
    failing.fail_journal_after = 2 * RATE * 2  # ~2 s of int16 into the second chunk
    rec = record(
        failing, FakeStreams(signal, speed=10), bus, duration=20, journal_min_wall_seconds=0
    )
    assert rec.wait(30)
    rec.stop()
    assert rec.stop_reason == "disk_full" and rec.error is not None
    assert rec.error.code == "disk_write_failed" and rec.error.fields["what"] == "journal"
    assert "disk is full" in str(rec.error)
    assert len(recording_audio(outbox, keys, rec.recording_id)) == 5 * RATE  # sealed: intact
    report = recover(outbox)
    audio = recording_audio(outbox, keys, rec.recording_id)
    # Exactly what reached the journal before the disk filled comes back.
    assert len(report.chunks) == 1 and len(audio) == 5 * RATE + failing.appended[1] // 2
    assert len(audio) >= 7 * RATE
    assert np.array_equal(audio[:, 0], signal[: len(audio)])


def test_disk_reserve_stops_cleanly_and_warns(
    outbox: Outbox, keys: DeviceKeys, bus: Any, events: list[object], signal: np.ndarray
) -> None:
    failing = FailingOutbox(outbox)
    failing.free = 300 * 1024 * 1024  # 300 MiB: fine to start, short of time left
    rec = record(failing, FakeStreams(signal, speed=10), bus, disk_check_seconds=1)
    # 100 MiB above the reserve, minus one chunk of PCM, at 0.6 x 96 kB/s: about 30 minutes.
    assert of(DiskTimeLeft, events)[0].seconds_left == pytest.approx(
        (100 * 1024 * 1024 - 5 * 96_000) / 57_600, rel=1e-6
    )
    assert not of(DiskLow, events)
    failing.free = 150 * 1024 * 1024  # now below the 200 MiB reserve
    assert rec.wait(30)
    rec.stop()
    assert rec.stop_reason == "disk_full" and rec.error is not None
    assert rec.error.code == "disk_full"
    assert of(DiskLow, events) and of(DiskLow, events)[0].seconds_left < 600
    audio = recording_audio(outbox, keys, rec.recording_id)
    assert len(audio) == rec.frames and np.array_equal(audio[:, 0], signal[: len(audio)])


def test_pause_resume_markers_title(
    outbox: Outbox, keys: DeviceKeys, bus: Any, signal: np.ndarray
) -> None:
    streams = FakeStreams(signal, speed=1)
    rec = record(outbox, streams, bus, title="Weekly")
    rec.wait(1.0)
    first = rec.add_marker("decision")
    rec.pause()
    rec.wait(0.5)
    # Paused: all audio kept so far is in the open chunk's journal (checked below).
    journal = read_journal(
        outbox.data_dir / "journal" / rec.recording_id / "000000.journal",
        keys.journal_key(rec.recording_id),
        recording_id=rec.recording_id,
    )
    journaled_at_pause = from_journal_bytes(journal.pcm, sample_format("PCM_16"), 1)[:, 0]
    rec.resume()
    rec.wait(0.5)
    rec.set_title("Weekly sync")
    rec.stop()
    info = outbox.recording(rec.recording_id)
    assert info.title == "Weekly sync"
    assert info.markers == (first,) and first.label == "decision"
    assert [g.reason for g in info.gaps] == ["paused"]
    gap = info.gaps[0]
    assert 0 < first.at <= gap.start < gap.end
    audio = recording_audio(outbox, keys, rec.recording_id)[:, 0]
    # The kept audio is the signal up to the pause, then the signal from after it: the
    # paused stretch is skipped, nothing else is.
    cut = int(np.argmax(audio != signal[: len(audio)]))
    assert cut > 0 and cut == round(gap.start * RATE)
    assert np.array_equal(journaled_at_pause, signal[:cut])
    rest = audio[cut:]
    starts = [w for w in np.flatnonzero(signal == rest[0]) if w > cut]
    resumed = next(w for w in starts if np.array_equal(signal[w : w + len(rest)], rest))
    assert resumed - cut > 0.1 * RATE  # some audio was really dropped while paused


def test_time_left_before_recording(outbox: Outbox) -> None:
    failing = FailingOutbox(outbox)
    failing.free = 1024 * 1024 * 1024
    mono = disk_time_left(failing, RecordingOptions())  # type: ignore[arg-type]
    stereo = disk_time_left(failing, RecordingOptions(channels=2))  # type: ignore[arg-type]
    assert mono == pytest.approx((824 * 1024 * 1024 - 30 * 96_000) / 57_600)
    assert stereo == pytest.approx((824 * 1024 * 1024 - 30 * 192_000) / 115_200)
