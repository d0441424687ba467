"""A chunk's place, bound inside its sealed FLAC: the recording id and chunk index as Vorbis
comments (docs/file-format.md §2.1, binding version 1).

Age authenticates a chunk's bytes but not where they belong; the index's hash can be rewritten
by whoever writes the data directory. The binding is inside the encrypted payload, so only
someone holding the recording's key (or the organisation's) could change it. `bind_flac` adds
it to the FLAC bytes in memory before sealing; `check_binding` compares it, after decrypting,
with the place the chunk was read from. FLAC written before bindings existed carries none and is
read as legacy (`check_binding` returns None).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from crypto.errors import CryptoError

__all__ = [
    "BINDING_VERSION",
    "Binding",
    "bind_flac",
    "check_binding",
    "is_flac",
    "read_binding",
]

BINDING_VERSION = 1
KEY_VERSION = "LOGMEETS_BINDING"
KEY_RECORDING = "LOGMEETS_RECORDING_ID"
KEY_INDEX = "LOGMEETS_CHUNK_INDEX"
_KEYS = (KEY_VERSION, KEY_RECORDING, KEY_INDEX)

_MAGIC = b"fLaC"
_STREAMINFO = 0
_VORBIS_COMMENT = 4
_MAX_BLOCK = (1 << 24) - 1  # a metadata block's length is 24 bits
_VENDOR = b"LogMeets Recorder"


@dataclass(frozen=True)
class Binding:
    """The place a chunk was sealed for."""

    recording_id: str
    index: int


def is_flac(data: bytes) -> bool:
    """True when `data` starts like a FLAC stream (the magic and a STREAMINFO block)."""
    return data[:4] == _MAGIC and len(data) > 4 and data[4] & 0x7F == _STREAMINFO


def bind_flac(flac: bytes, recording_id: str, index: int) -> bytes:
    """`flac` with its binding to (`recording_id`, `index`) written into its Vorbis comment
    block (made when there is none); any binding it held before is replaced. The audio frames
    are not touched. ValueError if `flac` is not a FLAC stream."""
    if not is_flac(flac):
        raise ValueError("not a FLAC stream")
    if index < 0:
        raise ValueError("a chunk index is never negative")
    blocks, audio_at = _blocks(flac)
    ours = [
        f"{KEY_VERSION}={BINDING_VERSION}",
        f"{KEY_RECORDING}={recording_id}",
        f"{KEY_INDEX}={index}",
    ]
    out: list[tuple[int, bytes]] = []
    bound = False
    for kind, body in blocks:
        if kind == _VORBIS_COMMENT and not bound:
            vendor, comments = _parse_comments(body)
            kept = [c for c in comments if _key(c) not in _KEYS]
            body = _build_comments(vendor, [*kept, *(c.encode() for c in ours)])
            bound = True
        elif kind == _VORBIS_COMMENT:
            continue  # FLAC allows one; a second could carry a contradicting binding
        out.append((kind, body))
    if not bound:
        out.insert(1, (_VORBIS_COMMENT, _build_comments(_VENDOR, [c.encode() for c in ours])))
    return _MAGIC + _join(out) + flac[audio_at:]


def read_binding(flac: bytes) -> Binding | None:
    """The binding `flac` carries, or None when it carries none (sealed before bindings).
    CryptoError(code="binding_invalid") when the metadata is damaged, the version unknown, or
    the binding partial or repeated."""
    try:
        blocks, _ = _blocks(flac)
        found: dict[str, list[str]] = {}
        for kind, body in blocks:
            if kind != _VORBIS_COMMENT:
                continue
            for comment in _parse_comments(body)[1]:
                key = _key(comment)
                if key in _KEYS:
                    found.setdefault(key, []).append(comment.split(b"=", 1)[1].decode())
    except (ValueError, UnicodeDecodeError, struct.error) as exc:
        raise _invalid(f"metadata unreadable: {exc}") from exc
    if not found:
        return None
    if any(len(v) != 1 for v in found.values()) or set(found) != set(_KEYS):
        raise _invalid("binding partial or repeated")
    version, recording_id, index = (found[k][0] for k in _KEYS)
    if version != str(BINDING_VERSION):
        raise _invalid(f"unsupported binding version {version[:16]}")
    if not (index.isascii() and index.isdigit()) or str(int(index)) != index:
        raise _invalid("chunk index is not a number")
    return Binding(recording_id, int(index))


def check_binding(flac: bytes, recording_id: str, index: int) -> Binding | None:
    """The binding of `flac` if it is (`recording_id`, `index`); None for a chunk sealed before
    bindings (legacy). CryptoError(code="chunk_misplaced") when it was sealed for another
    place: moved, swapped or copied there; `binding_invalid` as `read_binding`."""
    binding = read_binding(flac)
    if binding is None or binding == Binding(recording_id, index):
        return binding
    raise CryptoError(
        f"sealed as chunk {binding.index} of recording {binding.recording_id}, "
        f"found as chunk {index} of {recording_id}",
        code="chunk_misplaced",
        recording_id=recording_id,
        index=index,
        found_recording_id=binding.recording_id,
        found_index=binding.index,
    )


def _invalid(reason: str) -> CryptoError:
    return CryptoError(f"chunk binding invalid: {reason}", code="binding_invalid", reason=reason)


def _key(comment: bytes) -> str:
    """A Vorbis comment's field name, upper-cased (names are case-insensitive)."""
    name, sep, _ = comment.partition(b"=")
    return name.decode("ascii", "replace").upper() if sep else ""


def _blocks(flac: bytes) -> tuple[list[tuple[int, bytes]], int]:
    """The metadata blocks (type, body) and the offset where the audio frames begin."""
    if not is_flac(flac):
        raise ValueError("not a FLAC stream")
    blocks: list[tuple[int, bytes]] = []
    at = 4
    while True:
        if at + 4 > len(flac):
            raise ValueError("metadata cut short")
        header = flac[at]
        length = int.from_bytes(flac[at + 1 : at + 4], "big")
        body = flac[at + 4 : at + 4 + length]
        if len(body) != length:
            raise ValueError("metadata block cut short")
        blocks.append((header & 0x7F, body))
        at += 4 + length
        if header & 0x80:
            return blocks, at


def _join(blocks: list[tuple[int, bytes]]) -> bytes:
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
    comments = []
    for _ in range(count):
        (n,) = struct.unpack_from("<I", body, at)
        comment = body[at + 4 : at + 4 + n]
        if len(comment) != n:
            raise ValueError("comment cut short")
        comments.append(comment)
        at += 4 + n
    return vendor, comments


def _build_comments(vendor: bytes, comments: list[bytes]) -> bytes:
    parts = [struct.pack("<I", len(vendor)), vendor, struct.pack("<I", len(comments))]
    for c in comments:
        parts += [struct.pack("<I", len(c)), c]
    return b"".join(parts)
