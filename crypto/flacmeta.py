"""FLAC metadata blocks and their Vorbis comments, edited without touching the audio frames.

One editor serves the chunk binding (crypto/binding.py, on a chunk's bytes in memory before
sealing) and the tags of exports (crypto/flactags.py, on a whole file streamed to a new one).
Only the Vorbis comment block is rewritten; every other block and the frames are copied as read.
"""

from __future__ import annotations

import io
import shutil
import struct
from collections.abc import Callable, Sequence
from typing import BinaryIO

__all__ = [
    "Block",
    "comments",
    "copy_with_comments",
    "is_flac",
    "read_blocks",
    "set_comments",
]

Block = tuple[int, bytes]  # (block type, body)

MAGIC = b"fLaC"
STREAMINFO = 0
VORBIS_COMMENT = 4
_MAX_BLOCK = (1 << 24) - 1  # a metadata block's length is 24 bits
VENDOR = b"LogMeets Recorder"


def is_flac(data: bytes) -> bool:
    """True when `data` starts like a FLAC stream (the magic and a STREAMINFO block)."""
    return data[:4] == MAGIC and len(data) > 4 and data[4] & 0x7F == STREAMINFO


def read_blocks(stream: BinaryIO) -> list[Block]:
    """The metadata blocks at the start of `stream`, which is left where the audio frames begin.
    ValueError when it is not FLAC or its metadata is cut short."""
    head = stream.read(5)
    if not is_flac(head):
        raise ValueError("not a FLAC stream")
    stream.seek(-1, io.SEEK_CUR)
    blocks: list[Block] = []
    while True:
        header = stream.read(4)
        if len(header) != 4:
            raise ValueError("metadata cut short")
        length = int.from_bytes(header[1:4], "big")
        body = stream.read(length)
        if len(body) != length:
            raise ValueError("metadata block cut short")
        blocks.append((header[0] & 0x7F, body))
        if header[0] & 0x80:
            return blocks


def field_name(comment: bytes) -> str:
    """A Vorbis comment's field name, upper-cased (names are case-insensitive); '' if none."""
    name, sep, _ = comment.partition(b"=")
    return name.decode("ascii", "replace").upper() if sep else ""


def comments(flac: bytes) -> list[bytes]:
    """Every Vorbis comment (`NAME=value`, raw bytes) of every comment block of `flac`.
    ValueError or struct.error when the metadata is damaged."""
    found: list[bytes] = []
    for kind, body in read_blocks(io.BytesIO(flac)):
        if kind == VORBIS_COMMENT:
            found += _parse_comments(body)[1]
    return found


def with_comments(
    blocks: list[Block], add: Sequence[str], keep: Callable[[str], bool]
) -> list[Block]:
    """`blocks` with one Vorbis comment block: the first one's comments whose field name `keep`
    accepts, then `add`. A second comment block is dropped (FLAC allows one; a second could
    contradict the first); one is made after STREAMINFO when there is none."""
    out: list[Block] = []
    done = False
    for kind, body in blocks:
        if kind == VORBIS_COMMENT and not done:
            vendor, old = _parse_comments(body)
            kept = [c for c in old if keep(field_name(c))]
            body = _build_comments(vendor, [*kept, *(c.encode() for c in add)])
            done = True
        elif kind == VORBIS_COMMENT:
            continue
        out.append((kind, body))
    if not done:
        out.insert(1, (VORBIS_COMMENT, _build_comments(VENDOR, [c.encode() for c in add])))
    return out


def set_comments(flac: bytes, add: Sequence[str], keep: Callable[[str], bool]) -> bytes:
    """`flac` (bytes in memory) with its comments edited as `with_comments` says."""
    stream = io.BytesIO(flac)
    blocks = read_blocks(stream)
    # The frames through a memoryview: one copy of a long export, not two.
    frames = memoryview(flac)[stream.tell() :]
    return b"".join((MAGIC, _join(with_comments(blocks, add, keep)), frames))


def copy_with_comments(
    src: BinaryIO,
    dst: BinaryIO,
    add: Sequence[str],
    keep: Callable[[str], bool],
) -> None:
    """Copies the FLAC stream `src` to `dst` with its comments edited as `with_comments` says;
    the audio frames are streamed, never held whole in memory."""
    blocks = read_blocks(src)
    dst.write(MAGIC + _join(with_comments(blocks, add, keep)))
    shutil.copyfileobj(src, dst, 1 << 20)


def _join(blocks: list[Block]) -> bytes:
    parts = []
    for i, (kind, body) in enumerate(blocks):
        if len(body) > _MAX_BLOCK:
            raise ValueError("metadata block too large")
        last = 0x80 if i == len(blocks) - 1 else 0
        parts.append(bytes([last | kind]) + len(body).to_bytes(3, "big") + body)
    return b"".join(parts)


def _parse_comments(body: bytes) -> tuple[bytes, list[bytes]]:
    """(vendor, comments) of a Vorbis comment block (lengths little-endian, per Vorbis)."""
    (n,) = struct.unpack_from("<I", body, 0)
    vendor, at = body[4 : 4 + n], 4 + n
    if len(vendor) != n:
        raise ValueError("vendor string cut short")
    (count,) = struct.unpack_from("<I", body, at)
    at += 4
    found = []
    for _ in range(count):
        (n,) = struct.unpack_from("<I", body, at)
        comment = body[at + 4 : at + 4 + n]
        if len(comment) != n:
            raise ValueError("comment cut short")
        found.append(comment)
        at += 4 + n
    return vendor, found


def _build_comments(vendor: bytes, items: list[bytes]) -> bytes:
    parts = [struct.pack("<I", len(vendor)), vendor, struct.pack("<I", len(items))]
    for c in items:
        parts += [struct.pack("<I", len(c)), c]
    return b"".join(parts)
