"""Disk-space arithmetic: how long the free space above the reserve lasts while recording."""

from __future__ import annotations

from recorder.formats import SampleFormat

# FLAC of speech is ~0.55 of PCM (measured in ../shared/testing-audio.md); 0.6 keeps the
# estimate on the safe side for noisier rooms.
FLAC_RATIO = 0.6
MIB = 1024 * 1024


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
