"""`run_in_terminal`: a command with stdout and stderr on a real pseudo-terminal (what a person
at a shell gives it), for the output the CLI draws only on a terminal (progress bars)."""

from __future__ import annotations

import os
import pty
import subprocess
import time
from pathlib import Path


def run_in_terminal(
    args: list[str], *, env: dict[str, str], cwd: Path | None = None, timeout: float = 180
) -> tuple[int, str]:
    """Runs `args` with a pty as stdout and stderr (stdin: nothing); returns the exit status and
    everything written to the terminal, carriage returns included."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env, cwd=cwd
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=max(1.0, deadline - time.monotonic())), b"".join(chunks).decode()
