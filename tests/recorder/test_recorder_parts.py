"""The recorder's small parts: level meter, chunk buffer, FLAC round trip, disk estimate,
option checks."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from recorder import ERROR_CODES, RecordingOptions, chunker
from recorder.chunker import ChunkBuffer, decode_flac, encode_flac
from recorder.disk import MIB, below_reserve, seconds_left
from recorder.errors import RecorderError
from recorder.formats import from_journal_bytes, sample_format, to_journal_bytes
from recorder.level import LevelMeter


def test_level_meter_full_scale_sine_and_silence() -> None:
    meter = LevelMeter(32768.0)
    t = np.arange(4800)
    sine = (np.sin(2 * np.pi * 1000 * t / 48000) * 16384).astype(np.int16).reshape(-1, 1)
    meter.update(sine)
    r = meter.take()
    assert r.peak_dbfs == pytest.approx(-6.02, abs=0.05)
    assert r.rms_dbfs == pytest.approx(-9.03, abs=0.05)
    assert not r.clipped
    assert meter.take().peak_dbfs == -math.inf  # reset after take
    meter.update(np.array([[-32768], [0]], dtype=np.int16))
    r = meter.take()
    assert r.clipped and r.peak_dbfs == pytest.approx(0.0)


def test_chunk_buffer_splits_exactly_and_tracks_journal() -> None:
    buf = ChunkBuffer(1000, 1, "int16")
    block = np.arange(700, dtype=np.int16).reshape(-1, 1)
    assert buf.add(block) == 700
    assert len(buf.unjournaled()) == 700
    buf.mark_journaled()
    assert buf.add(block) == 300 and buf.full
    assert np.array_equal(buf.unjournaled()[:, 0], np.arange(300))
    assert np.array_equal(buf.view()[:700, 0], np.arange(700))
    buf.mark_journaled(800)  # a backlog journaled in pieces: part of it so far
    assert np.array_equal(buf.unjournaled()[:, 0], np.arange(100, 300))
    buf.mark_journaled(5000)  # never past what is held
    assert buf.journaled == 1000 and len(buf.unjournaled()) == 0
    buf.clear()
    assert buf.frames == 0 and not buf.full and buf.journaled == 0


@pytest.mark.parametrize(("subtype", "channels"), [("PCM_16", 1), ("PCM_16", 2), ("PCM_24", 2)])
def test_flac_round_trip_is_lossless(subtype: str, channels: int) -> None:
    fmt = sample_format(subtype)
    rng = np.random.default_rng(1)
    info = np.iinfo(fmt.dtype)
    pcm = rng.integers(info.min, info.max, size=(12_345, channels), dtype=fmt.dtype)
    if subtype == "PCM_24":
        pcm &= ~np.int32(0xFF)  # 24-bit content in int32, as PortAudio delivers it
    data = encode_flac(pcm, 48_000, subtype)
    assert data[:4] == b"fLaC"
    back, rate = decode_flac(data, fmt.dtype)
    assert rate == 48_000
    assert np.array_equal(back, pcm)


@pytest.mark.parametrize(("subtype", "channels"), [("PCM_16", 1), ("PCM_24", 2)])
def test_flac_from_the_memory_file_equals_the_bytesio_encode(
    subtype: str, channels: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Linux encodes through a memfd, other systems through a BytesIO: the same bytes.
    fmt = sample_format(subtype)
    rng = np.random.default_rng(2)
    pcm = rng.integers(-30_000, 30_000, size=(48_000 * 3 + 7, channels)).astype(fmt.dtype)
    if subtype == "PCM_24":
        pcm <<= 8
    assert chunker._HAS_MEMFD  # this CI runs on Linux: the memfd path is the one measured
    via_memfd = encode_flac(pcm, 48_000, subtype)
    monkeypatch.setattr(chunker, "_HAS_MEMFD", False)
    via_bytesio = encode_flac(pcm, 48_000, subtype)
    assert via_memfd == via_bytesio and via_memfd[:4] == b"fLaC"
    assert encode_flac(pcm[:0], 48_000, subtype) == b""
    monkeypatch.setattr(chunker, "_HAS_MEMFD", True)
    assert encode_flac(pcm[:0], 48_000, subtype) == b""


def test_disk_estimate_and_reserve() -> None:
    fmt = sample_format("PCM_16")
    # 1 GiB free, 200 MiB reserve, 30 s chunk of PCM aside, 48 kHz mono at 0.6 * 96 kB/s.
    left = seconds_left(
        1024 * MIB, reserve_mb=200, sample_rate=48_000, channels=1, fmt=fmt, chunk_seconds=30
    )
    expected = (824 * MIB - 30 * 96_000) / (96_000 * 0.6)
    assert left == pytest.approx(expected)
    assert (
        seconds_left(
            100 * MIB, reserve_mb=200, sample_rate=48_000, channels=1, fmt=fmt, chunk_seconds=30
        )
        == 0.0
    )
    assert below_reserve(199 * MIB, 200) and not below_reserve(201 * MIB, 200)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("chunk_seconds", 4),
        ("chunk_seconds", 301),
        ("subtype", "FLOAT"),
        ("channels", 0),
        ("duration", 0),
    ],
)
def test_bad_options_name_the_option(field: str, value: object) -> None:
    with pytest.raises(RecorderError) as err:
        RecordingOptions(**{field: value}).validated()  # type: ignore[arg-type]
    assert err.value.code == "invalid_option"
    assert err.value.fields["option"] == ("sample_format" if field == "subtype" else field)


@pytest.mark.parametrize(("subtype", "channels"), [("PCM_16", 1), ("PCM_24", 1), ("PCM_24", 2)])
def test_journal_bytes_round_trip(subtype: str, channels: int) -> None:
    fmt = sample_format(subtype)
    rng = np.random.default_rng(2)
    info = np.iinfo(fmt.dtype)
    pcm = rng.integers(info.min, info.max, size=(999, channels), dtype=fmt.dtype)
    if subtype == "PCM_24":
        pcm &= ~np.int32(0xFF)
    data = to_journal_bytes(pcm, fmt)
    assert len(data) == 999 * channels * fmt.width
    assert np.array_equal(from_journal_bytes(data, fmt, channels), pcm)


def test_every_error_code_raised_is_listed() -> None:
    """`ERROR_CODES` (exported for app/'s messages) names every code the recorder raises."""
    source = "".join(p.read_text() for p in Path(chunker.__file__).parent.glob("*.py"))
    raised = set(re.findall(r'code="([a-z_]+)"', source))
    assert raised and raised <= set(ERROR_CODES)
