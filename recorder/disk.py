"""The disk policy: how long the free space above the reserve lasts, the warning when it runs
low, and the clean stop (everything sealed) when it falls under the reserve."""

from __future__ import annotations

import logging
from typing import Protocol

from outbox import EventBus
from recorder.errors import RecorderError
from recorder.events import DiskLow, DiskTimeLeft
from recorder.formats import SampleFormat, sample_format
from recorder.options import RecordingOptions

log = logging.getLogger(__name__)

# FLAC of speech is ~0.55 of PCM (measured on the project's test speech); 0.6 keeps the
# estimate on the safe side for noisier rooms.
FLAC_RATIO = 0.6
MIB = 1024 * 1024


class FreeSpace(Protocol):
    """Anything that knows the free bytes where chunks go (`outbox.store.Outbox`)."""

    def free_bytes(self) -> int: ...


def bytes_per_second(sample_rate: int, channels: int, fmt: SampleFormat) -> float:
    """Estimated sealed-chunk bytes per second of audio."""
    return sample_rate * channels * fmt.width * FLAC_RATIO


def seconds_left(
    free_bytes: int,
    *,
    reserve_mb: float,
    sample_rate: int,
    channels: int,
    fmt: SampleFormat,
    chunk_seconds: float,
) -> float:
    """Seconds of recording the free space holds above the reserve. The open chunk's journal
    (PCM, up to one chunk) exists next to its sealed copy for a moment, so one chunk of PCM is
    kept aside too."""
    journal_bytes = chunk_seconds * sample_rate * channels * fmt.width
    usable = free_bytes - reserve_mb * MIB - journal_bytes
    return max(0.0, usable / bytes_per_second(sample_rate, channels, fmt))


def below_reserve(free_bytes: int, reserve_mb: float) -> bool:
    """True when free space is under the reserve: time to stop cleanly."""
    return free_bytes < reserve_mb * MIB


def disk_time_left(outbox: FreeSpace, options: RecordingOptions) -> float:
    """Seconds of recording with `options` that the outbox's free space above the reserve
    holds: what the GUI shows before a recording starts."""
    return seconds_left(
        outbox.free_bytes(),
        reserve_mb=options.disk_reserve_mb,
        sample_rate=options.sample_rate,
        channels=options.recorded_channels,
        fmt=sample_format(options.subtype),
        chunk_seconds=options.chunk_seconds,
    )


def disk_full(free_bytes: int, reserve_mb: float, message: str) -> RecorderError:
    """RecorderError(disk_full) with the free space and the reserve."""
    return RecorderError(
        message, code="disk_full", free_mb=free_bytes // MIB, reserve_mb=reserve_mb
    )


class DiskPolicy:
    """Checks the free space every `disk_check_seconds` of audio while recording: publishes
    DiskTimeLeft, DiskLow once, and says when the reserve is reached."""

    def __init__(self, outbox: FreeSpace, options: RecordingOptions, events: EventBus) -> None:
        self._outbox = outbox
        self._options = options
        self._events = events
        self._every = max(1, round(options.disk_check_seconds * options.sample_rate))
        self._next_check = 0  # frames
        self._warned = False

    def refuse_start(self) -> None:
        """RecorderError(disk_full) when the free space is already under the reserve."""
        free = self._outbox.free_bytes()
        if below_reserve(free, self._options.disk_reserve_mb):
            raise disk_full(
                free, self._options.disk_reserve_mb, "not enough free disk space to record"
            )

    def check(self, frames: int, recording_id: str, *, force: bool = False) -> RecorderError | None:
        """When due (every `disk_check_seconds` of audio, or `force`): publishes the time left,
        warns once when low, and returns RecorderError(disk_full) when under the reserve (never
        on a forced check: the first one, before any audio)."""
        if not force and frames < self._next_check:
            return None
        self._next_check = frames + self._every
        opts = self._options
        free = self._outbox.free_bytes()
        left = seconds_left(
            free,
            reserve_mb=opts.disk_reserve_mb,
            sample_rate=opts.sample_rate,
            channels=opts.recorded_channels,
            fmt=sample_format(opts.subtype),
            chunk_seconds=opts.chunk_seconds,
        )
        self._events.publish(DiskTimeLeft(left))
        if left < opts.disk_low_seconds and not self._warned:
            self._warned = True
            self._events.publish(DiskLow(recording_id, left))
        if force or not below_reserve(free, opts.disk_reserve_mb):
            return None
        log.warning("free disk space below the reserve: stopping recording")
        return disk_full(
            free,
            opts.disk_reserve_mb,
            "the disk is almost full; the recording was stopped and everything is saved",
        )
