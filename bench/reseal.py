"""Cost of resealing a chunk to the organisation's recipient (issue 13 item 1), against sealing
it in the first place, on the same real-size chunk: `--seconds` (30) of 48 kHz mono PCM_16 FLAC
of noise (FLAC's worst case: the largest file). Sealing is `Outbox.seal_chunk` (encrypt, write
and fsync, index); resealing is `Outbox.reseal_chunk` (read and hash, decrypt, encrypt, write and
fsync under a new name, switch the row, overwrite and unlink the old file). Median of `--chunks`
chunks each. In-memory key store: the keyring is not what is measured.

    .venv/bin/python bench/reseal.py [--chunks 20] [--seconds 30]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyrage
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto import DeviceKeys, MemoryKeyStore  # noqa: E402
from outbox import AuditLog, Outbox  # noqa: E402

RATE = 48_000


def flac_of_noise(seconds: float) -> bytes:
    """`seconds` of int16 mono noise as FLAC bytes."""
    samples = np.random.default_rng(7).integers(-8000, 8000, int(RATE * seconds), dtype=np.int16)
    out = io.BytesIO()
    sf.write(out, samples, RATE, format="FLAC", subtype="PCM_16")
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    flac = flac_of_noise(args.seconds)
    org = str(pyrage.x25519.Identity.generate().to_public())
    with tempfile.TemporaryDirectory() as tmp:
        keys = DeviceKeys(MemoryKeyStore())
        audit = AuditLog(Path(tmp) / "audit.log", keys.audit_key(), device_id="bench")
        with Outbox.open(Path(tmp) / "home", keys=keys, audit=audit) as box:
            rec = box.begin_recording(
                title="bench", sample_rate=RATE, channels=1, subtype="PCM_16", started_at=0.0
            )
            seal, reseal = [], []
            for i in range(args.chunks):
                start = time.perf_counter()
                info = box.seal_chunk(rec.id, i, flac, started_at=0.0, duration=args.seconds)
                seal.append(time.perf_counter() - start)
                start = time.perf_counter()
                box.reseal_chunk(info.id, org)
                reseal.append(time.perf_counter() - start)
    s, r = statistics.median(seal), statistics.median(reseal)
    print(
        f"reseal: {args.chunks} chunks of {args.seconds:g} s ({len(flac) / 1e6:.2f} MB FLAC): "
        f"seal median {s * 1000:.1f} ms, reseal median {r * 1000:.1f} ms, ratio {r / s:.2f}; "
        f"reseal at {args.seconds / r:.0f}x real time"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
