"""A busy laptop (a video call beside the recording): two CPU-bound processes run while the
recorder captures the virtual microphone in real time; no input overflow, no gap."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from outbox import Outbox
from recorder import Recorder, RecordingOptions

pytestmark = [pytest.mark.realaudio, pytest.mark.slow]

HOGS = 2


@pytest.fixture()
def cpu_hogs() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Busy-loop processes at normal priority, one per core of a 2-core laptop."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(HOGS)]
    yield procs
    for proc in procs:
        proc.kill()
        proc.wait()


@pytest.mark.slow
def test_no_overflow_beside_two_cpu_hogs(
    outbox: Outbox, virtual_mic: str, cpu_hogs: list[subprocess.Popen[bytes]]
) -> None:
    options = RecordingOptions(device="vmic", channels=2, chunk_seconds=5, duration=8)
    rec = Recorder(outbox, options)
    info = rec.start()
    assert rec.wait(60)
    rec.stop()
    assert all(proc.poll() is None for proc in cpu_hogs)  # they ran the whole time
    assert rec.error is None and rec.stop_reason == "duration"
    assert rec.overflows == 0
    assert outbox.recording(info.id).gaps == ()
    assert [round(c.duration, 3) for c in outbox.chunks(info.id)] == [5.0, 3.0]
