"""No plaintext audio in the data dir: after sealing chunks of the known signal (and leaving a
journal mid-chunk), no file holds a FLAC or RIFF header or any run of the signal's PCM."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from outbox_helpers import encode_flac

from outbox import verify_chunks

NEEDLE_BYTES = 32  # 16 samples: a chance match in ciphertext has probability ~2^-256


def needles(pcm: np.ndarray, count: int, seed: int = 7) -> list[bytes]:
    """`count` windows of the signal (little-endian int16, as the journal and WAV would hold it)."""
    raw = pcm.astype("<i2").tobytes()
    rng = np.random.default_rng(seed)
    out: list[bytes] = []
    while len(out) < count:
        start = int(rng.integers(0, len(raw) // 2 - NEEDLE_BYTES)) * 2
        window = raw[start : start + NEEDLE_BYTES]
        if len(set(window)) > 8:  # skip near-constant stretches
            out.append(window)
    return out


def findings(root: Path, patterns: list[bytes]) -> list[tuple[str, str]]:
    """(file, what) for every header or signal window found under `root`."""
    found: list[tuple[str, str]] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for magic in (b"fLaC", b"RIFF", b"WAVE"):
            if magic in data:
                found.append((str(path), magic.decode()))
        hits = sum(1 for n in patterns if n in data)
        if hits:
            found.append((str(path), f"{hits} PCM windows"))
    return found


@pytest.mark.realaudio
def test_data_dir_holds_no_plaintext_audio(
    open_outbox, test_signal: np.ndarray, data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    seconds = 4
    used = test_signal[: (seconds + 1) * 48000]
    box = open_outbox()
    rec = box.begin_recording(
        title="plaintext scan",
        sample_rate=48000,
        channels=1,
        subtype="PCM_16",
        started_at=time.time(),
    )
    for i in range(seconds):
        part = used[i * 48000 : (i + 1) * 48000]
        box.seal_chunk(rec.id, i, encode_flac(part), started_at=float(i), duration=1.0)
    journal = box.open_journal(rec.id, seconds)  # the chunk being recorded when we look
    journal.append(used[seconds * 48000 :].tobytes())
    journal.close()
    verify_chunks(box)
    box.close()

    patterns = needles(used, 400)
    assert findings(data_dir, patterns) == []

    # The control: the same scan does find plaintext when it is there.
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "pcm.raw").write_bytes(used[48000:96000].astype("<i2").tobytes())
    (leak / "chunk.flac").write_bytes(encode_flac(used[:48000]))
    found = dict(findings(leak, patterns))
    assert found[str(leak / "chunk.flac")] == "fLaC"
    assert "PCM windows" in found[str(leak / "pcm.raw")]
