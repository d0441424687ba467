"""Durable file writes: whole-or-nothing replacement and flushes that reach the disk.

The per-OS parts are three small functions: `fsync_file` (macOS: F_FULLFSYNC, because a plain
fsync there only reaches the drive's cache), `fsync_dir` (Windows: no directory handle can be
fsync'd; NTFS journals the rename itself, so it is skipped there) and `replace` (Windows: a rename
refused for a moment by a scanner holding the file is retried briefly).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from crypto.errors import CryptoError

__all__ = ["PART_SUFFIX", "fsync_dir", "fsync_file", "part_path", "replace", "write_atomic"]

#: Suffix of the temporary file `write_atomic` writes before the rename. A file with this suffix
#: left in a directory is the remains of a write interrupted by a crash and may be deleted.
PART_SUFFIX = ".part"

#: Windows: the pauses (seconds) before each retry of a refused rename; 5 attempts in ~0.45 s.
REPLACE_RETRY_DELAYS = (0.01, 0.03, 0.1, 0.3)


def fsync_file(fd: int) -> None:
    """Flush an open file's data to stable storage (per OS: macOS uses F_FULLFSYNC)."""
    # `sys.platform` is tested inline (not kept in a constant) so mypy --platform narrows it.
    if sys.platform == "darwin":
        import fcntl

        full_fsync = getattr(fcntl, "F_FULLFSYNC", None)
        if full_fsync is not None:
            try:
                fcntl.fcntl(fd, full_fsync)
                return
            except OSError:
                # Some file systems (network shares, FAT) refuse F_FULLFSYNC: plain fsync is the
                # best they offer.
                pass
    os.fsync(fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in `directory` durable (per OS: a no-op on Windows)."""
    if sys.platform == "win32":
        # Windows cannot open a directory for fsync; NTFS commits the rename in its own journal.
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(src: Path, dst: Path) -> None:
    """`os.replace(src, dst)`; on Windows a PermissionError is retried a few times after short,
    growing pauses before it is raised (per OS: elsewhere it is raised at once)."""
    if sys.platform == "win32":
        # Antivirus scanners and the search indexer open new files without FILE_SHARE_DELETE for
        # a few milliseconds; a rename onto or from such a file fails with access denied meanwhile.
        for delay in REPLACE_RETRY_DELAYS:
            try:
                os.replace(src, dst)
                return
            except PermissionError:
                time.sleep(delay)
    # POSIX: readers never block a rename, so a PermissionError there is real.
    os.replace(src, dst)


def part_path(path: Path) -> Path:
    """The temporary path `write_atomic` uses for `path`."""
    return path.with_name(path.name + PART_SUFFIX)


def write_atomic(path: Path | str, data: bytes, *, mode: int = 0o600) -> None:
    """Write `data` to `path` so that after a crash the file is either absent/old or whole.
    The new file gets permission bits `mode` (owner-only unless asked otherwise).

    Steps: write `<name>.part`, fsync it, `replace` onto `path`, fsync the directory.
    Raises CryptoError(code="file_write_failed") and leaves no `.part` behind on failure.
    """
    target = Path(path)
    tmp = part_path(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            fsync_file(fd)
        finally:
            os.close(fd)
        replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise CryptoError(
            f"could not write {target}: {exc.strerror or exc}",
            code="file_write_failed",
            path=str(target),
            reason=exc.strerror or str(exc),
        ) from exc
