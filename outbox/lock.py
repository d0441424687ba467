"""OS file locks: one LogMeets process per data directory, and the audit log's append lock.

Both are `filelock.FileLock`s (flock on POSIX, LockFileEx on Windows): advisory, held by the OS
for the life of the open file, so a crashed or killed process releases them at once (no stale pid
files). Each lock object has its own open file, so two openers in one process exclude each other
too. The read-only commands (`list`, `export`) take no lock: SQLite's WAL lets them read safely.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import filelock

from outbox.errors import OutboxError

__all__ = ["INSTANCE_LOCK_NAME", "InstanceLock", "os_file_lock"]

INSTANCE_LOCK_NAME = "instance.lock"


def os_file_lock(
    path: Path | str, *, on_acquired: Callable[[int], None] | None = None
) -> filelock.BaseFileLock:
    """An exclusive OS lock on `path` (created owner-only, in a folder that must exist when it
    is acquired), not yet acquired.

    Not thread-local: the outbox may be closed on another thread than the one that opened it.
    No soft fallback: a marker file would outlive a killed process, where an OS lock does not.
    """
    return filelock.FileLock(
        path,
        mode=0o600,
        thread_local=False,
        fallback_to_soft=False,
        on_acquired=on_acquired,
    )


def _write_pid(fd: int) -> None:
    """For the curious user (and support): who holds the lock. Not used for locking."""
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))


class InstanceLock:
    """The single-instance lock of a data dir: `<data>/instance.lock`.

    `acquire()` raises OutboxError(code="already_running") while another LogMeets (the app, or
    `logmeets record` / `logmeets sync`) holds it; it never waits.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = os_file_lock(self.path, on_acquired=_write_pid)

    def acquire(self) -> None:
        """Take the lock or raise OutboxError(code="already_running")."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(blocking=False)
        except filelock.Timeout:
            raise OutboxError(
                f"another LogMeets is using the data directory {self.path.parent}",
                code="already_running",
                path=str(self.path.parent),
            ) from None

    def release(self) -> None:
        """Give the lock back (idempotent)."""
        self._lock.release(force=True)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
