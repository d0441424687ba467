"""Helpers shared by the outbox tests (a module with a unique name: test folders are not
packages, and every folder has its own `conftest`)."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parents[2]
RATE = 48_000


def encode_flac(samples: np.ndarray, rate: int = RATE, subtype: str = "PCM_16") -> bytes:
    """FLAC bytes of `samples` (int16 mono, or int32 for PCM_24), encoded in memory."""
    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="FLAC", subtype=subtype)
    return buf.getvalue()


def subprocess_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a child process that imports this repo and uses `data_dir`."""
    env = dict(os.environ)
    env["LOGMEETS_HOME"] = str(data_dir)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


PYTHON = sys.executable


def plant_chunk(data_dir: Path, chunk_id: str, path: Path, blob: bytes) -> None:
    """What someone who can write the data directory does: put `blob` in a chunk's file and
    rewrite the index's size and hash to match, so the index check passes."""
    path.write_bytes(blob)
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    with conn:
        conn.execute(
            "UPDATE chunks SET sha256 = ?, size = ? WHERE id = ?",
            (hashlib.sha256(blob).hexdigest(), len(blob), chunk_id),
        )
    conn.close()
