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
from crypto.flacmeta import comments, field_name, is_flac, set_comments

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


@dataclass(frozen=True)
class Binding:
    """The place a chunk was sealed for."""

    recording_id: str
    index: int


def bind_flac(flac: bytes, recording_id: str, index: int) -> bytes:
    """`flac` with its binding to (`recording_id`, `index`) written into its Vorbis comment
    block (made when there is none); any binding it held before is replaced. The audio frames
    are not touched. ValueError if `flac` is not a FLAC stream."""
    if not is_flac(flac):
        raise ValueError("not a FLAC stream")
    if index < 0:
        raise ValueError("a chunk index is never negative")
    ours = [
        f"{KEY_VERSION}={BINDING_VERSION}",
        f"{KEY_RECORDING}={recording_id}",
        f"{KEY_INDEX}={index}",
    ]
    return set_comments(flac, ours, keep=lambda name: name not in _KEYS)


def read_binding(flac: bytes) -> Binding | None:
    """The binding `flac` carries, or None when it carries none (sealed before bindings).
    CryptoError(code="binding_invalid") when the metadata is damaged, the version unknown, or
    the binding partial or repeated."""
    try:
        found: dict[str, list[str]] = {}
        for comment in comments(flac):
            key = field_name(comment)
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
