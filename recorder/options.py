"""What to record and how: `RecordingOptions`, checked once."""

from __future__ import annotations

from dataclasses import dataclass

from recorder.errors import RecorderError
from recorder.formats import sample_format

MIN_CHUNK_SECONDS = 5.0
MAX_CHUNK_SECONDS = 300.0


@dataclass(frozen=True)
class RecordingOptions:
    """What to record and how. Seconds are audio seconds unless said otherwise."""

    device: str | int | None = None  # PortAudio name or index; None: the default input
    # System audio as channel 2 (recorder/system_channel.py): None off, "default" the default
    # output's loopback, else a source's name. The microphone is then mono, channel 1.
    system_audio: str | None = None
    sample_rate: int = 48_000
    channels: int = 1
    subtype: str = "PCM_16"  # or PCM_24
    chunk_seconds: float = 30.0  # 5..300
    title: str = ""
    duration: float | None = None  # stop after exactly this much audio
    disk_reserve_mb: float = 200.0
    journal_seconds: float = 0.5  # journal append period: bounds the loss on a crash
    # ...and at most one append per this much wall time: in real time both agree; a writer
    # catching up on a backlog batches its appends (group commit) instead of paying one fsync
    # per half second of audio. Idle ticks journal what a bursty device delivered.
    journal_min_wall_seconds: float = 0.5
    # PortAudio block: 10 callbacks a second. A recorder needs no low latency (the meter shows
    # 100 ms windows), and each block costs a wake-up of the audio thread and of the writer, and
    # Python time: at full speed 50 ms blocks made the pipeline 1.24x the bare encode, 100 ms
    # 1.10x (bench/RESULTS.md). A kill loses ~0.3 s instead of ~0.06 s with 20 ms blocks
    # (PortAudio holds ~3 blocks): inside the 1 s floor.
    block_seconds: float = 0.1
    queue_seconds: float = 20.0  # how much audio the callback queue holds if the writer lags
    stall_seconds: float = 5.0  # no callback this long while running: device stalled
    reconnect_seconds: float = 60.0  # how long to try to get a lost device back
    retry_interval: float = 1.0  # wall seconds between reconnection attempts
    disk_check_seconds: float = 5.0  # audio seconds between free-space checks
    disk_low_seconds: float = 600.0  # DiskLow below this many seconds left
    level_interval: float = 0.1  # wall seconds between LevelChanged events
    silence_warning_seconds: float = 10.0  # SilenceDetected after this much silence; 0: never
    # System audio this much past its capture time is not waited for (silence on channel 2):
    # bounds what a crash can lose on top of the journal period.
    system_wait_seconds: float = 0.25

    @property
    def recorded_channels(self) -> int:
        """Channels in the recording: the microphone's, plus one for system audio."""
        return self.channels + (1 if self.system_audio else 0)

    def validated(self) -> RecordingOptions:
        """Self, after checking every field; RecorderError(invalid_option) names the bad one."""
        sample_format(self.subtype)
        _check(
            MIN_CHUNK_SECONDS <= self.chunk_seconds <= MAX_CHUNK_SECONDS,
            "chunk_seconds",
            self.chunk_seconds,
            f"{MIN_CHUNK_SECONDS:g} to {MAX_CHUNK_SECONDS:g}",
        )
        _check(
            8_000 <= self.sample_rate <= 384_000, "sample_rate", self.sample_rate, "8000 to 384000"
        )
        _check(1 <= self.channels <= 8, "channels", self.channels, "1 to 8")
        _check(
            not self.system_audio or self.channels == 1,
            "channels",
            self.channels,
            "1 with system audio (channel 1 the microphone, channel 2 the computer's output)",
        )
        _check(self.duration is None or self.duration > 0, "duration", self.duration, "more than 0")
        _check(
            0 <= self.silence_warning_seconds <= 3600,
            "silence_warning_seconds",
            self.silence_warning_seconds,
            "0 to 3600",
        )
        _check(self.disk_reserve_mb >= 0, "disk_reserve_mb", self.disk_reserve_mb, "0 or more")
        _check(
            0 < self.journal_seconds <= 1.0,
            "journal_seconds",
            self.journal_seconds,
            "more than 0, at most 1",
        )
        _check(
            0 <= self.journal_min_wall_seconds <= 1.0,
            "journal_min_wall_seconds",
            self.journal_min_wall_seconds,
            "0 to 1",
        )
        return self


def _check(ok: bool, option: str, value: object, allowed: str) -> None:
    if not ok:
        raise RecorderError(
            f"{option}={value!r} is out of range ({allowed})",
            code="invalid_option",
            option=option,
            value=value,
            allowed=allowed,
        )
