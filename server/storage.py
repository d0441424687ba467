"""Durable small-file writes for the server's data directory: write to `.part`, fsync, replace,
fsync the directory, so that a crash leaves either the old or the new file, never a torn one."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (a no-op on Windows, which has no directory fsync)."""
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` atomically and durably."""
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(part, path)
    fsync_dir(path.parent)


def write_json(path: Path, obj: Any) -> None:
    """`write_atomic` of a JSON document."""
    write_atomic(path, json.dumps(obj, sort_keys=True, indent=1).encode("utf-8"))


def read_json(path: Path) -> Any:
    """Read a JSON document written by `write_json`."""
    return json.loads(path.read_text(encoding="utf-8"))
