"""Helpers of the recorder tests: decrypt and join a recording's chunks, align by
cross-correlation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from crypto.container import unseal
from crypto.keys import DeviceKeys
from recorder.chunker import decode_flac

if TYPE_CHECKING:
    from outbox import Outbox


def recording_audio(
    box: Outbox, keys: DeviceKeys, recording_id: str, dtype: str = "int16"
) -> np.ndarray:
    """The decrypted chunks of a recording joined in index order (frames x channels)."""
    identity = keys.recording_identity(recording_id)
    assert identity is not None
    parts = []
    chunks = sorted(box.chunks(recording_id), key=lambda c: c.index)
    assert [c.index for c in chunks] == list(range(len(chunks))), "chunk indexes not contiguous"
    for c in chunks:
        flac = unseal(box.read_ciphertext(c.id), [identity])
        frames, _ = decode_flac(flac, dtype)
        assert len(frames) == round(c.duration * c.sample_rate)
        parts.append(frames)
    return np.concatenate(parts) if parts else np.zeros((0, 1), dtype=dtype)


def find_offset(recorded: np.ndarray, source: np.ndarray, probe: int = 48_000) -> int:
    """Where the first `probe` samples of `recorded` start in `source`, by cross-correlation
    (FFT), confirmed sample-exactly."""
    a = recorded[:probe].astype(np.float64)
    b = source.astype(np.float64)
    n = 1
    while n < len(a) + len(b):
        n *= 2
    corr = np.fft.irfft(np.fft.rfft(b, n) * np.conj(np.fft.rfft(a, n)), n)[: len(b) - len(a) + 1]
    return int(np.argmax(corr))
