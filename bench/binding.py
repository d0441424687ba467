"""What binding a chunk to its place costs (issue 13 item 5): `bind_flac` on a 30 s stereo
PCM_16 chunk, against the FLAC encode and the age seal it sits between (the baseline, in the same
run), and `check_binding` after a decrypt. Best of `--runs` each.

    .venv/bin/python bench/binding.py [--runs 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyrage

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto.binding import bind_flac, check_binding  # noqa: E402
from crypto.container import seal  # noqa: E402
from recorder.chunker import encode_flac  # noqa: E402

RATE = 48_000


def best(f: Callable[[], object], runs: int) -> float:
    """The fastest of `runs` calls of `f`, in seconds."""
    fastest = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        f()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def main() -> None:
    """Print the timings and the binding's share of encode + seal."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    t = np.arange(RATE * 30) / RATE
    tone = (np.sin(2 * np.pi * 440 * t) * 8000)[:, None]
    noise = np.random.default_rng(1).integers(-500, 500, (RATE * 30, 2))
    frames = (tone + noise).astype(np.int16)
    flac = encode_flac(frames, RATE, "PCM_16")
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    bound = bind_flac(flac, "6f1c3c52-9a51-4a57-bb0e-2f4c1c9b2d10", 3)
    encode = best(lambda: encode_flac(frames, RATE, "PCM_16"), max(3, runs // 4))
    sealing = best(lambda: seal(flac, [recipient]), runs)
    binding = best(lambda: bind_flac(flac, "6f1c3c52-9a51-4a57-bb0e-2f4c1c9b2d10", 3), runs)
    checking = best(lambda: check_binding(bound, "6f1c3c52-9a51-4a57-bb0e-2f4c1c9b2d10", 3), runs)
    print(f"30 s stereo PCM_16: FLAC {len(flac)} bytes, binding +{len(bound) - len(flac)} bytes")
    print(
        f"encode {encode * 1e3:.1f} ms, seal {sealing * 1e3:.1f} ms, "
        f"bind {binding * 1e3:.2f} ms, check {checking * 1e3:.3f} ms"
    )
    print(f"bind / (encode + seal) = {binding / (encode + sealing):.4f}")


if __name__ == "__main__":
    main()
