"""One LogMeets process per data directory: an OS file lock on `<data>/instance.lock`.

The lock is advisory and held by the OS for the life of the open file, so a crashed or killed
process releases it at once (no stale pid files). The per-OS parts are `_try_lock` and `_unlock`:
`fcntl.flock` on POSIX, `msvcrt.locking` of the first byte on Windows. A shared (read-only) holder
only makes sure that no exclusive holder is starting migrations under it; the read-only commands
(`list`, `export`) do not take the lock at all, because SQLite's WAL lets them read safely.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from outbox.errors import OutboxError

__all__ = ["INSTANCE_LOCK_NAME", "FileLock", "InstanceLock"]

INSTANCE_LOCK_NAME = "instance.lock"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        """Lock byte 0 of `fd` without waiting; False if another process holds it."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """flock `fd` exclusively without waiting; False if another open file holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """An exclusive OS lock on one file, held between `acquire` and `release`.

    Works between processes and between two openers in one process (each opener has its own
    open file). `acquire(timeout=None)` fails at once when the lock is held; with a timeout it
    polls, for short critical sections such as one audit-log append.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True between a successful `acquire` and `release`."""
        return self._fd is not None

    def try_acquire(self, timeout: float | None = None) -> bool:
        """Take the lock; False if someone else still holds it after `timeout` seconds."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        deadline = None if timeout is None else time.monotonic() + timeout
        while not _try_lock(fd):
            if deadline is None or time.monotonic() >= deadline:
                os.close(fd)
                return False
            time.sleep(0.005)
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock back (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)


class InstanceLock(FileLock):
    """The single-instance lock of a data dir: `<data>/instance.lock`.

    `acquire()` raises OutboxError(code="already_running") while another LogMeets (the app, or
    `logmeets record` / `logmeets sync`) holds it.
    """

    def acquire(self) -> None:
        """Take the lock or raise OutboxError(code="already_running")."""
        if not self.try_acquire():
            raise OutboxError(
                f"another LogMeets is using the data directory {self.path.parent}",
                code="already_running",
                path=str(self.path.parent),
            )
        # For the curious user (and support): who holds it. Not used for locking.
        assert self._fd is not None
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, f"{os.getpid()}\n".encode("ascii"))

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
