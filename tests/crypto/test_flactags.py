"""crypto.flactags: chapter times on the exported audio and the comment set of an export;
crypto.flacmeta: the file-to-file editor leaves the audio frames as they were."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import soundfile as sf

from crypto.binding import bind_flac
from crypto.flacmeta import comments
from crypto.flactags import ExportTags, chapter_offsets, clock, tag_file, tag_flac


def test_clock_is_hours_minutes_seconds_and_milliseconds() -> None:
    assert clock(41.654) == "00:00:41.654"
    assert clock(3723.0004) == "01:02:03.000"
    assert clock(59.9996) == "00:01:00.000"
    assert clock(-0.001) == "00:00:00.000"


def test_chapters_skip_gaps_and_chunks_left_out() -> None:
    chunks = [(30.0, True), (30.0, False), (30.0, True)]  # chunk 1 could not be read
    gaps = [(10.0, 15.0)]  # a 5 s pause inside chunk 0's stretch of the timeline
    markers = [
        (12.0, "in the pause"),
        (20.0, "chunk 0"),
        (50.0, "chunk 1, left out"),
        (70.0, "chunk 2"),
        (500.0, "after the end"),
    ]
    assert chapter_offsets(markers, gaps, chunks) == (
        (10.0, "in the pause"),  # where the audio resumes
        (15.0, "chunk 0"),
        (30.0, "chunk 1, left out"),  # where the exported audio resumes
        (35.0, "chunk 2"),  # 70 - 5 (pause) - 30 (chunk 1)
        (60.0, "after the end"),
    )


def test_export_comments_replace_everything_a_chunk_carried(tmp_path: Path) -> None:
    buf = io.BytesIO()
    samples = (np.arange(4800) % 100).astype(np.int16)
    sf.write(buf, samples, 48000, format="FLAC", subtype="PCM_16")
    bound = bind_flac(buf.getvalue(), "rec-1", 3)
    tags = ExportTags("rec-1", title="T", started_at=0.0, chapters=((1.5, "x"),))
    expected = [
        b"TITLE=T",
        b"DATE=1970-01-01T00:00:00Z",
        b"CHAPTER001=00:00:01.500",
        b"CHAPTER001NAME=x",
        b"LOGMEETS_RECORDING_ID=rec-1",
    ]
    in_memory = tag_flac(bound, tags)
    assert comments(in_memory) == expected
    src, dst = tmp_path / "src.flac", tmp_path / "dst.flac"
    src.write_bytes(bound)
    dst.write_bytes(b"old and longer than the result " * 1000)
    tag_file(src, dst, tags)
    assert dst.read_bytes() == in_memory
    assert np.array_equal(sf.read(dst, dtype="int16")[0], samples)
