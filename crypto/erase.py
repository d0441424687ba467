"""Destroy a local file as defence in depth: overwrite in place with random bytes, then unlink.

The erase guarantee is cryptographic (the recording's key is deleted, see crypto.keys); this
overwrite only helps on file systems that rewrite blocks in place. On SSDs (wear levelling),
copy-on-write file systems (btrfs, APFS, ZFS), snapshots and backups the old blocks may survive:
docs/threat-model.md says what that means.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from pathlib import Path

from crypto.errors import CryptoError
from crypto.files import fsync_dir, fsync_file

__all__ = ["overwrite_and_unlink"]

_log = logging.getLogger(__name__)
_BLOCK = 1024 * 1024


def _overwrite(path: Path) -> None:
    # O_NOFOLLOW (where the OS has it): a symlink is unlinked, never its target overwritten.
    flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        size = os.fstat(fd).st_size
        os.lseek(fd, 0, os.SEEK_SET)
        done = 0
        while done < size:
            done += os.write(fd, secrets.token_bytes(min(_BLOCK, size - done)))
        fsync_file(fd)
    finally:
        os.close(fd)


def overwrite_and_unlink(path: Path | str) -> None:
    """Overwrite `path` with random bytes, fsync, unlink it and fsync its directory.

    A file that is already gone is not an error (erase is retried after crashes). A failure to
    overwrite is logged and the unlink still happens; a failure to unlink raises
    CryptoError(code="erase_failed").
    """
    target = Path(path)
    if target.is_symlink():
        _unlink(target)
        return
    try:
        _overwrite(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        # Defence in depth only: the key is what makes the data unreadable, so go on.
        _log.warning("could not overwrite %s before unlinking: %s", target.name, exc.strerror)
    _unlink(target)


def _unlink(target: Path) -> None:
    try:
        target.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CryptoError(
            f"could not delete {target}",
            code="erase_failed",
            path=str(target),
            reason=exc.strerror or str(exc),
        ) from exc
    with contextlib.suppress(OSError):
        # The unlink is done; a failed directory flush only means it may be undone by a crash,
        # after which the erase runs again.
        fsync_dir(target.parent)
