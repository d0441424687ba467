"""One server per data directory: an exclusive OS lock on `DATA/server.lock`, held for the
process's life and released by the OS when it exits (even on SIGKILL)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from server.errors import ServerError


class DataDirLock:
    """Exclusive lock of a data directory; `acquire` raises `data_dir_in_use` if held."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "server.lock"
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock or fail at once (never waits)."""
        f = self.path.open("a+b")
        try:
            _lock(f)
        except OSError:
            f.close()
            raise ServerError(
                f"Another logmeets-server is using {self.path.parent}; stop it first or give "
                "another --data directory.",
                code="data_dir_in_use",
                path=str(self.path.parent),
            ) from None
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n".encode())
        f.flush()
        self._file = f

    def release(self) -> None:
        """Give the lock up."""
        if self._file is not None:
            self._file.close()  # closing the descriptor releases the lock
            self._file = None


if sys.platform == "win32":
    import msvcrt

    def _lock(f: IO[bytes]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(f: IO[bytes]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
