"""The tags of an exported recording (docs/file-format.md §2.2): Vorbis comments players read.

`TITLE`, `DATE` (the start, ISO 8601 in UTC), one `CHAPTERnnn=HH:MM:SS.mmm` + `CHAPTERnnnNAME`
pair per marker, and `LOGMEETS_DEVICE_ID` / `LOGMEETS_RECORDING_ID` for traceability. Both the
client's export and the server's write them (crypto/flacmeta.py); every comment the encoder or a
chunk held before is replaced, so a chunk's binding (crypto/binding.py) never reaches an export.

Markers sit on the recording's timeline (audio plus pauses and other gaps); an export holds
audio only, and only the chunks that could be read. `chapter_offsets` moves each marker onto the
exported audio so a player jumps to the moment it was set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crypto.flacmeta import copy_with_comments, set_comments

__all__ = ["ExportTags", "chapter_offsets", "clock", "tag_file", "tag_flac"]


@dataclass(frozen=True)
class ExportTags:
    """What an export says about its recording. `chapters`: (seconds into the exported audio,
    label) in order."""

    recording_id: str
    title: str = ""
    started_at: float | None = None
    device_id: str = ""
    chapters: tuple[tuple[float, str], ...] = ()

    def comments(self) -> list[str]:
        """The Vorbis comments, `NAME=value`."""
        out = []
        if self.title:
            out.append(f"TITLE={self.title}")
        if self.started_at is not None:
            start = dt.datetime.fromtimestamp(self.started_at, dt.UTC)
            out.append(f"DATE={start.strftime('%Y-%m-%dT%H:%M:%SZ')}")
        for n, (at, label) in enumerate(self.chapters, start=1):
            out.append(f"CHAPTER{n:03d}={clock(at)}")
            out.append(f"CHAPTER{n:03d}NAME={label}")
        if self.device_id:
            out.append(f"LOGMEETS_DEVICE_ID={self.device_id}")
        out.append(f"LOGMEETS_RECORDING_ID={self.recording_id}")
        return out


def clock(seconds: float) -> str:
    """`HH:MM:SS.mmm`, rounded to the millisecond (the chapter format players read)."""
    ms = max(0, round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def chapter_offsets(
    markers: Iterable[tuple[float, str]],
    gaps: Iterable[tuple[float, float]],
    chunks: Sequence[tuple[float, bool]],
) -> tuple[tuple[float, str], ...]:
    """Markers `(at, label)` on the recording's timeline moved onto the exported audio.

    `gaps` are (start, end) stretches of the timeline with no audio; `chunks` are (seconds of
    audio, exported?) in index order. A marker inside a gap goes to where the audio resumes; one
    inside a chunk left out of the export, to where the exported audio resumes."""
    gap_list = sorted(gaps)
    out = []
    for at, label in sorted(markers, key=lambda m: m[0]):
        audio = at - sum(min(end, at) - start for start, end in gap_list if start < at)
        offset = 0.0  # exported audio before the marker
        chunk_start = 0.0
        for seconds, exported in chunks:
            inside = min(max(audio - chunk_start, 0.0), seconds)
            if exported:
                offset += inside
            chunk_start += seconds
            if chunk_start >= audio:
                break
        out.append((round(offset, 3), label))
    return tuple(out)


def tag_flac(flac: bytes, tags: ExportTags) -> bytes:
    """`flac` (in memory) with exactly the comments of `tags`."""
    return set_comments(flac, tags.comments(), keep=lambda _name: False)


def tag_file(src: Path, dst: Path, tags: ExportTags) -> None:
    """Copies the FLAC file `src` into the existing file `dst` (truncated; its mode is kept) with
    exactly the comments of `tags`, streaming the audio."""
    with src.open("rb") as fin, dst.open("r+b") as fout:
        fout.truncate(0)
        copy_with_comments(fin, fout, tags.comments(), keep=lambda _name: False)
