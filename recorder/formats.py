"""Sample formats: how each FLAC subtype is captured, journaled and encoded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from recorder.errors import RecorderError


@dataclass(frozen=True)
class SampleFormat:
    """`subtype` in FLAC; `dtype` as captured from PortAudio; `width` bytes per sample in the
    journal (little-endian, packed: 3 for PCM_24, as `outbox.SAMPLE_WIDTHS` says)."""

    subtype: str
    dtype: str
    width: int
    full_scale: float


# PCM_24 is captured as int32 (numpy has no 24-bit type; libsndfile keeps the top 24 bits) and
# journaled packed in 3 bytes.
FORMATS: dict[str, SampleFormat] = {
    "PCM_16": SampleFormat("PCM_16", "int16", 2, 32768.0),
    "PCM_24": SampleFormat("PCM_24", "int32", 3, 2147483648.0),
}


def sample_format(subtype: str) -> SampleFormat:
    """The format for a subtype name; RecorderError(invalid_option) for anything else."""
    try:
        return FORMATS[subtype.upper()]
    except KeyError:
        raise RecorderError(
            f"unsupported sample format {subtype!r}",
            code="invalid_option",
            option="sample_format",
            value=subtype,
            allowed=", ".join(FORMATS),
        ) from None


def format_for_width(width: int) -> SampleFormat:
    """The format whose journal records have `width` bytes per sample (for recovery)."""
    for fmt in FORMATS.values():
        if fmt.width == width:
            return fmt
    raise RecorderError(
        f"no sample format has {width}-byte samples", code="recovery_failed", width=width
    )


def to_journal_bytes(frames: npt.NDArray[Any], fmt: SampleFormat) -> bytes | memoryview:
    """Interleaved little-endian PCM of `width` bytes per sample, as the journal keeps it. For
    PCM_16 captured as contiguous little-endian int16 (the usual case) this is a view of
    `frames`' own memory, not a copy: valid while `frames` is unchanged."""
    if fmt.width == 2:
        return np.ascontiguousarray(frames, dtype="<i2").data.cast("B")
    # int32 holding 24-bit audio in its top bytes: keep bytes 1..3 of each little-endian word.
    words = frames.astype("<i4", copy=False).reshape(-1).view(np.uint8).reshape(-1, 4)
    return words[:, 1:].tobytes()


def from_journal_bytes(data: bytes, fmt: SampleFormat, channels: int) -> npt.NDArray[Any]:
    """The inverse of `to_journal_bytes`: frames x channels in the capture dtype."""
    whole = len(data) - len(data) % (fmt.width * channels)
    raw = np.frombuffer(data, dtype=np.uint8, count=whole)
    if fmt.width == 2:
        return raw.view("<i2").astype(np.int16).reshape(-1, channels)
    words = np.zeros((whole // 3, 4), dtype=np.uint8)
    words[:, 1:] = raw.reshape(-1, 3)
    return words.reshape(-1).view("<i4").astype(np.int32).reshape(-1, channels)
