"""What offering to record costs on Linux: one poll of `app.meetings` (`pactl -f json list
source-outputs`, parsed) while a capture stream named zoom runs, against the bare cost of
starting a process (`true`) in the same run. CPU is counted in this process, its children
(pactl) and the PulseAudio server that answers; the share of a core is that CPU over the
window's poll interval (`app.meetings.POLL_SECONDS`). Runs inside the test environment:

    tests/env/with-testenv.sh .venv/bin/python bench/meeting_poll.py [--polls 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.meetings import POLL_SECONDS, ZOOM  # noqa: E402
from app.meetings.pulse import PulseDetector  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def server_pid() -> int | None:
    """The PulseAudio daemon listening on $PULSE_SERVER's socket (found by its command line)."""
    socket = os.environ.get("PULSE_SERVER", "").removeprefix("unix:")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "pulseaudio" in cmdline and socket and socket in cmdline:
            return int(proc.name)
    return None


def server_cpu(pid: int | None) -> float:
    """CPU seconds the server has used (0 when it was not found)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def cpu_now(pid: int | None) -> float:
    """CPU seconds of this process, its waited-for children and the server."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime + server_cpu(pid)


def measure(f: Callable[[], object], polls: int, pid: int | None) -> tuple[float, float]:
    """Median wall time of one call and mean CPU per call, in seconds."""
    walls = []
    cpu0 = cpu_now(pid)
    for _ in range(polls):
        start = time.perf_counter()
        f()
        walls.append(time.perf_counter() - start)
    return statistics.median(walls), (cpu_now(pid) - cpu0) / polls


def main() -> None:
    """Prints the cost of one poll, its ratio to a bare process start, and the share of a core."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--polls", type=int, default=100)
    polls = parser.parse_args().polls
    if not os.environ.get("PULSE_SERVER"):
        raise SystemExit("meeting_poll: run inside tests/env/with-testenv.sh")
    detector = PulseDetector(own_pid=os.getpid())
    zoom = subprocess.Popen(
        ["parec", "-d", "vmic", "--raw", "--property=application.name=zoom"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while detector.meeting_apps() != {ZOOM}:
            if time.monotonic() > deadline:
                raise SystemExit("meeting_poll: the zoom stream did not appear")
            time.sleep(0.05)
        pid = server_pid()
        base_wall, base_cpu = measure(lambda: subprocess.run(["true"], check=True), polls, pid)
        wall, cpu = measure(detector.meeting_apps, polls, pid)
    finally:
        zoom.terminate()
        zoom.wait()
    print(f"{polls} polls with a zoom stream (server {'found' if pid else 'not found'})")
    print(f"process start (`true`): {base_wall * 1e3:.2f} ms wall, {base_cpu * 1e3:.2f} ms CPU")
    print(f"one poll: {wall * 1e3:.2f} ms wall, {cpu * 1e3:.2f} ms CPU")
    print(f"poll / process start (CPU) = {cpu / base_cpu:.2f}")
    print(f"share of one core at one poll every {POLL_SECONDS:g} s: {cpu / POLL_SECONDS:.2%}")


if __name__ == "__main__":
    main()
