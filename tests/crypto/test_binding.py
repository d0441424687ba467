"""crypto.binding: the recording id and chunk index written into a FLAC's Vorbis comments, in
memory, without touching the audio; read back strictly (docs/file-format.md §2.1)."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
import soundfile as sf

from crypto.binding import Binding, bind_flac, check_binding, read_binding
from crypto.errors import CryptoError

RID = "6f1c3c52-9a51-4a57-bb0e-2f4c1c9b2d10"


def _flac(channels: int = 2) -> tuple[np.ndarray, bytes]:
    pcm = np.random.default_rng(7).integers(-9000, 9000, (4800, channels)).astype(np.int16)
    buf = io.BytesIO()
    sf.write(buf, pcm, 48000, format="FLAC", subtype="PCM_16")
    return pcm, buf.getvalue()


def _comment_block(*comments: bytes) -> bytes:
    body = struct.pack("<I", 1) + b"v" + struct.pack("<I", len(comments))
    for c in comments:
        body += struct.pack("<I", len(c)) + c
    return body


def _with_blocks(flac: bytes, *comment_bodies: bytes) -> bytes:
    """`flac` with STREAMINFO kept, its other metadata replaced by these comment blocks."""
    streaminfo = flac[8:42]
    blocks = [(0, streaminfo)] + [(4, b) for b in comment_bodies]
    out = b"fLaC"
    for i, (kind, body) in enumerate(blocks):
        out += bytes([(0x80 if i == len(blocks) - 1 else 0) | kind]) + len(body).to_bytes(3, "big")
        out += body
    at = 4
    while True:  # find where the original's audio frames start
        header, length = flac[at], int.from_bytes(flac[at + 1 : at + 4], "big")
        at += 4 + length
        if header & 0x80:
            return out + flac[at:]


def test_bound_flac_reads_back_and_decodes_to_the_same_samples() -> None:
    pcm, flac = _flac()
    assert read_binding(flac) is None  # libsndfile's own output carries none: legacy
    bound = bind_flac(flac, RID, 12)
    assert read_binding(bound) == Binding(RID, 12)
    assert check_binding(bound, RID, 12) == Binding(RID, 12)
    got, _ = sf.read(io.BytesIO(bound), dtype="int16")
    assert np.array_equal(got, pcm)
    assert bound.endswith(flac[-1000:])  # the audio frames are the same bytes


def test_rebinding_replaces_and_a_flac_without_comments_gets_a_block() -> None:
    pcm, flac = _flac(1)
    again = bind_flac(bind_flac(flac, RID, 1), "other", 2)
    assert read_binding(again) == Binding("other", 2)
    bare = _with_blocks(flac)
    assert read_binding(bare) is None
    bound = bind_flac(bare, RID, 0)
    assert read_binding(bound) == Binding(RID, 0)
    assert np.array_equal(sf.read(io.BytesIO(bound), dtype="int16")[0], pcm[:, 0])


def test_another_place_is_misplaced() -> None:
    _, flac = _flac()
    bound = bind_flac(flac, RID, 3)
    for rid, index in ((RID, 4), ("another", 3)):
        with pytest.raises(CryptoError) as err:
            check_binding(bound, rid, index)
        assert err.value.code == "chunk_misplaced"
        assert err.value.fields["found_index"] == 3 and err.value.fields["index"] == index
    assert check_binding(flac, RID, 4) is None  # legacy: nothing to compare


@pytest.mark.parametrize(
    "comments",
    [
        [b"LOGMEETS_BINDING=2", b"LOGMEETS_RECORDING_ID=r", b"LOGMEETS_CHUNK_INDEX=1"],
        [b"LOGMEETS_BINDING=1", b"LOGMEETS_RECORDING_ID=r"],
        [b"LOGMEETS_BINDING=1", b"LOGMEETS_RECORDING_ID=r", b"LOGMEETS_CHUNK_INDEX=-1"],
        [b"LOGMEETS_BINDING=1", b"LOGMEETS_RECORDING_ID=r", b"LOGMEETS_CHUNK_INDEX=01"],
        [b"LOGMEETS_BINDING=1", b"LOGMEETS_RECORDING_ID=r", b"LOGMEETS_CHUNK_INDEX=1"] * 2,
        [b"logmeets_binding=1", b"LOGMEETS_RECORDING_ID=r", b"LOGMEETS_CHUNK_INDEX=1"] * 1
        + [b"LOGMEETS_BINDING=1"],
    ],
    ids=["version", "partial", "negative", "leading-zero", "repeated", "case-repeated"],
)
def test_doubtful_bindings_are_invalid(comments: list[bytes]) -> None:
    _, flac = _flac()
    with pytest.raises(CryptoError) as err:
        read_binding(_with_blocks(flac, _comment_block(*comments)))
    assert err.value.code == "binding_invalid"


def test_two_comment_blocks_cannot_carry_two_places() -> None:
    _, flac = _flac()
    ours = [b"LOGMEETS_BINDING=1", b"LOGMEETS_RECORDING_ID=r", b"LOGMEETS_CHUNK_INDEX=1"]
    theirs = [b"LOGMEETS_BINDING=1", b"LOGMEETS_RECORDING_ID=r", b"LOGMEETS_CHUNK_INDEX=2"]
    two = _with_blocks(flac, _comment_block(*ours), _comment_block(*theirs))
    with pytest.raises(CryptoError) as err:
        read_binding(two)
    assert err.value.code == "binding_invalid"
    assert read_binding(bind_flac(two, "r", 5)) == Binding("r", 5)  # binding keeps one block


def test_damaged_metadata_and_non_flac() -> None:
    _, flac = _flac()
    with pytest.raises(CryptoError) as err:
        read_binding(flac[:30])
    assert err.value.code == "binding_invalid"
    with pytest.raises(ValueError):
        bind_flac(b"RIFF....WAVE", RID, 0)
