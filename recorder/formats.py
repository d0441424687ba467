"""Sample formats: how each FLAC subtype is captured, journaled and encoded."""

from __future__ import annotations

from dataclasses import dataclass

from recorder.errors import RecorderError


@dataclass(frozen=True)
class SampleFormat:
    """`subtype` in FLAC; `dtype`/`width` as captured from PortAudio and kept in the journal."""

    subtype: str
    dtype: str
    width: int
    full_scale: float
    flac_bytes_per_sample: int


# PCM_24 is captured as int32: numpy has no 24-bit type and libsndfile keeps the top 24 bits.
FORMATS: dict[str, SampleFormat] = {
    "PCM_16": SampleFormat("PCM_16", "int16", 2, 32768.0, 2),
    "PCM_24": SampleFormat("PCM_24", "int32", 4, 2147483648.0, 3),
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
