"""What the tests that drive `app.core.Core` on real parts share: the real server over HTTPS on
loopback, a context whose chunks are short, and waiting for the uploader."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.settings import dump_toml

SERVER_BIN = Path(sys.executable).with_name("logmeets-server")
USER, PASSWORD = "facade", "facade-password"


@contextmanager
def logmeets_server(data: Path, *extra: str) -> Iterator[tuple[str, Path]]:
    """`logmeets-server serve` on loopback over HTTPS with the demo user USER (`extra`: more
    options), stopped at the end: (url, its CA file)."""
    cmd = [
        str(SERVER_BIN), "serve", "--data", str(data), "--tls-self-signed", "--port", "0",
        "--demo-user", f"{USER}:{PASSWORD}", *extra,
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("LISTENING https://"), line
        yield line.split(" ", 1)[1], data / "tls" / "ca.pem"
    finally:
        proc.terminate()
        proc.wait(20)


def short_chunks_context(data_dir: Path) -> Any:
    """An `app.context.Context` on `data_dir` with 5 s chunks (uploads start soon)."""
    from app.context import Context

    (data_dir / "config.toml").write_text(dump_toml({"chunk_seconds": 5}), encoding="utf-8")
    return Context.create(data_dir)


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    """Until `condition()`; fails the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)
