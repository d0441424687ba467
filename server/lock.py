"""One server per data directory: an exclusive OS lock on `DATA/server.lock` (a
`filelock.FileLock`: flock on POSIX, LockFileEx on Windows), held for the process's life and
released by the OS when it exits (even on SIGKILL)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import filelock

from server.errors import ServerError

__all__ = ["DataDirLock"]


def _write_pid(fd: int) -> None:
    """Who holds the lock, for the operator. Not used for locking."""
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))


class DataDirLock:
    """Exclusive lock of a data directory; `acquire` raises `data_dir_in_use` if held."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "server.lock"
        # Not thread-local: released by whichever thread stops the server. No soft fallback: a
        # marker file would outlive a killed server, where an OS lock does not.
        self._lock = filelock.FileLock(
            self.path, thread_local=False, fallback_to_soft=False, on_acquired=_write_pid
        )

    def acquire(self) -> None:
        """Take the lock or fail at once (never waits)."""
        try:
            self._lock.acquire(blocking=False)
        except filelock.Timeout:
            raise ServerError(
                f"Another logmeets-server is using {self.path.parent}; stop it first or give "
                "another --data directory.",
                code="data_dir_in_use",
                path=str(self.path.parent),
            ) from None

    def release(self) -> None:
        """Give the lock up."""
        self._lock.release(force=True)
