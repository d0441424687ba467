"""The age v1 chunk container: round trip, damage detection (hypothesis), interop with `age`."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pyrage
import pytest
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto.container import seal, sha256_hex, unseal
from crypto.errors import CryptoError

# Large enough for three age STREAM segments (64 KiB each), so reordering inside a file is possible.
PLAIN = bytes(range(256)) * 700
REC = pyrage.x25519.Identity.generate()
ORG = pyrage.x25519.Identity.generate()
SEALED = seal(PLAIN, [str(REC.to_public()), str(ORG.to_public())])
SEGMENT = 64 * 1024 + 16  # payload segment + Poly1305 tag


def _flac(signal: np.ndarray) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, signal, 48000, format="FLAC", subtype="PCM_16")
    return buf.getvalue()


def test_each_recipient_alone_opens_the_chunk() -> None:
    assert SEALED.startswith(b"age-encryption.org/v1\n")
    assert unseal(SEALED, [REC]) == PLAIN
    assert unseal(SEALED, [ORG]) == PLAIN


def test_sealing_twice_gives_different_ciphertext() -> None:
    # A chunk is sealed once: a re-seal would not reproduce the bytes a resumed upload relies on.
    assert seal(b"x", [str(ORG.to_public())]) != seal(b"x", [str(ORG.to_public())])


def test_a_stranger_cannot_open_it() -> None:
    with pytest.raises(CryptoError) as info:
        unseal(SEALED, [pyrage.x25519.Identity.generate()])
    assert info.value.code == "chunk_corrupt"


@pytest.mark.parametrize("recipients", [[], ["age1notarecipient"], ["AGE-SECRET-KEY-1XYZ"]])
def test_bad_recipients_are_refused(recipients: list[str]) -> None:
    with pytest.raises(CryptoError) as info:
        seal(b"x", recipients)
    assert info.value.code in {"no_recipients", "bad_recipient"}


def test_a_lone_string_is_not_a_recipient_list() -> None:
    with pytest.raises(TypeError):
        seal(b"x", str(ORG.to_public()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_flipped_bit_is_detected(data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(SEALED) - 1), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    damaged = bytearray(SEALED)
    damaged[pos] ^= 1 << bit
    with pytest.raises(CryptoError) as info:
        unseal(bytes(damaged), [ORG])
    assert info.value.code == "chunk_corrupt"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(SEALED) - 1))
def test_any_truncation_is_detected(length: int) -> None:
    with pytest.raises(CryptoError) as info:
        unseal(SEALED[:length], [ORG])
    assert info.value.code == "chunk_corrupt"


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=1, max_size=64))
def test_appended_bytes_are_detected(extra: bytes) -> None:
    with pytest.raises(CryptoError):
        unseal(SEALED + extra, [ORG])


def test_reordered_segments_inside_a_chunk_are_detected() -> None:
    header_end = SEALED.index(b"\n---") + SEALED[SEALED.index(b"\n---") + 1 :].index(b"\n") + 2
    body = SEALED[header_end + 16 :]  # after the 16-byte payload nonce
    segs = [body[i : i + SEGMENT] for i in range(0, len(body), SEGMENT)]
    assert len(segs) >= 3
    swapped = SEALED[: header_end + 16] + segs[1] + segs[0] + b"".join(segs[2:])
    with pytest.raises(CryptoError):
        unseal(swapped, [ORG])


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(4)))
def test_reordered_chunk_files_are_detected_by_their_sha256(order: list[int]) -> None:
    # Files of one recording all open with its key; their position is bound by the sha256 the
    # index keeps for each (index, file). Any permutation other than identity is caught.
    chunks = [seal(bytes([i]) * 100, [str(REC.to_public())]) for i in range(4)]
    index = [sha256_hex(c) for c in chunks]
    on_disk = [chunks[i] for i in order]
    mismatched = [i for i, c in enumerate(on_disk) if sha256_hex(c) != index[i]]
    assert (mismatched == []) == (list(order) == [0, 1, 2, 3])


def test_chunk_of_another_recording_does_not_open() -> None:
    other = pyrage.x25519.Identity.generate()
    foreign = seal(b"other recording", [str(other.to_public())])
    with pytest.raises(CryptoError):
        unseal(foreign, [REC])


def test_age_cli_decrypts_with_org_identity_alone_into_flac(tmp_path: Path) -> None:
    # The organisation's key made by the real age-keygen, the chunk decrypted by the real age.
    key_file = tmp_path / "org.key"
    subprocess.run(["age-keygen", "-o", str(key_file)], check=True, capture_output=True)
    org_recipient = subprocess.run(
        ["age-keygen", "-y", str(key_file)], check=True, capture_output=True, text=True
    ).stdout.strip()
    t = np.arange(48000 * 2) / 48000
    signal = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16)
    flac = _flac(signal)
    chunk = tmp_path / "0.flac.age"
    chunk.write_bytes(seal(flac, [str(REC.to_public()), org_recipient]))
    out = subprocess.run(
        ["age", "-d", "-i", str(key_file), str(chunk)], check=True, capture_output=True
    ).stdout
    assert out == flac
    decoded, rate = sf.read(io.BytesIO(out), dtype="int16")
    assert rate == 48000
    assert np.array_equal(decoded, signal)


def test_age_cli_refuses_a_damaged_chunk(tmp_path: Path) -> None:
    key_file = tmp_path / "org.key"
    subprocess.run(["age-keygen", "-o", str(key_file)], check=True, capture_output=True)
    org = pyrage.x25519.Identity.from_str(
        next(line for line in key_file.read_text().splitlines() if line.startswith("AGE-SECRET"))
    )
    damaged = bytearray(seal(b"fLaC" + bytes(5000), [str(org.to_public())]))
    damaged[-20] ^= 1
    chunk = tmp_path / "0.flac.age"
    chunk.write_bytes(bytes(damaged))
    result = subprocess.run(["age", "-d", "-i", str(key_file), str(chunk)], capture_output=True)
    assert result.returncode != 0
