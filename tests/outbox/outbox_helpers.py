"""Helpers shared by the outbox tests (a module with a unique name: test folders are not
packages, and every folder has its own `conftest`)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parents[2]
RATE = 48_000


def secret_service_entries(service: str) -> dict[str, str]:
    """Every entry the real Secret Service holds for `service`, read through secretstorage
    directly (not through our code): 'the keys the device still holds'."""
    import secretstorage

    conn = secretstorage.dbus_init()
    try:
        out: dict[str, str] = {}
        for item in secretstorage.search_items(conn, {"service": service}):
            out[item.get_attributes()["username"]] = item.get_secret().decode("utf-8")
        return out
    finally:
        conn.close()


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
