"""A stand-in meeting application for tests: a real capture stream in the test environment's
PulseAudio whose properties say it is, say, Zoom (`parec` with `application.name` set)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager


def _listed(name: str) -> bool:
    out = subprocess.run(
        ["pactl", "-f", "json", "list", "source-outputs"],
        capture_output=True, text=True, timeout=5, check=True,
    ).stdout  # fmt: skip
    return any(s.get("properties", {}).get("application.name") == name for s in json.loads(out))


@contextmanager
def meeting_app(name: str = "zoom", binary: str | None = None) -> Iterator[int]:
    """Captures the virtual microphone as application `name` (and process binary `binary`,
    `name` by default) until the block ends; yields the stream's process id."""
    assert os.environ.get("LOGMEETS_TESTENV"), "needs the test environment (tests/env)"
    proc = subprocess.Popen(
        [
            "parec", "-d", "vmic", "--raw",
            f"--property=application.name={name}",
            f"--property=application.process.binary={binary or name}",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not _listed(name):
            assert proc.poll() is None, f"parec exited with {proc.returncode}"
            assert time.monotonic() < deadline, f"the stream of {name} never appeared"
            time.sleep(0.05)
        yield proc.pid
    finally:
        proc.terminate()
        proc.wait(10)
