"""Durable small-file writes for the server's data directory, over `crypto.files` (write to
`.part`, fsync, replace, fsync the directory): a crash leaves the old or the new file, never a
torn one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crypto.files import fsync_dir, write_atomic

__all__ = ["fsync_dir", "read_json", "write_atomic", "write_json"]


def write_json(path: Path, obj: Any) -> None:
    """`write_atomic` of a JSON document."""
    write_atomic(path, json.dumps(obj, sort_keys=True, indent=1).encode("utf-8"))


def read_json(path: Path) -> Any:
    """Read a JSON document written by `write_json`."""
    return json.loads(path.read_text(encoding="utf-8"))
