"""Applying a staged version to the install folder, never while LogMeets records.

The data dir's single-instance lock (outbox.InstanceLock) is held while the folder is swapped:
the app and `logmeets record`/`sync` hold it while they run, so an update is applied only when
no recording can be open and no chunk is being sealed. The outbox lives in the data dir, not the
install folder, so no chunk goes with the old version.

What is installed is checked file by file against the hashes taken when the verified archive
was unpacked: a stage changed since (a cleaner or an antivirus took a file, a disk error) is
dropped and downloaded again, never installed half. On Linux and macOS the new folder is copied
beside the install folder, checked there, and swapped in by two renames (a process still running
from the old folder keeps its open files). On Windows a running program's folder cannot be
renamed: tufup's install step copies the files over it from a small script after the app exits.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

from outbox import INSTANCE_LOCK_NAME, InstanceLock, OutboxError
from updates.client import STAGED_NAME, Staged, file_hashes, staged
from updates.errors import UpdateError


def can_install(install_dir: Path) -> bool:
    """True when this user may replace `install_dir` (a per-user install); False for a
    root-owned one such as the .deb's /opt/logmeets, which updates through apt."""
    parent = install_dir.parent
    return install_dir.is_dir() and os.access(parent, os.W_OK) and os.access(install_dir, os.W_OK)


def _newer(version: str, than: str) -> bool:
    try:
        return Version(version) > Version(than)
    except InvalidVersion:
        return False


def apply_staged(cache_dir: Path, install_dir: Path, data_dir: Path, current_version: str) -> str:
    """Replaces `install_dir` by the staged version; returns that version.

    A stage that is not newer than `current_version` (left from before a manual upgrade) is
    dropped, never applied: it would be a downgrade.
    Raises UpdateError: update_nothing_staged, update_not_installable (a folder this user may not
    replace), update_while_recording (LogMeets holds the data dir), update_stage_damaged."""
    found = staged(cache_dir)
    if found is not None and not _newer(found.version, current_version):
        _forget_stage(cache_dir)
        found = None
    if found is None:
        raise UpdateError("no update is staged", code="update_nothing_staged")
    if not can_install(install_dir):
        raise UpdateError(
            f"{install_dir} cannot be replaced by this user",
            code="update_not_installable",
            path=str(install_dir),
        )
    lock = InstanceLock(data_dir / INSTANCE_LOCK_NAME)
    try:
        lock.acquire()
    except OutboxError as exc:
        raise UpdateError(
            "LogMeets is running on this data dir",
            code="update_while_recording",
            path=str(data_dir),
        ) from exc
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            from tufup.utils.platform_specific import install_update

            _check_files(found.folder, found, cache_dir)
            _forget_stage(cache_dir, keep=found.folder)
            install_update(src_dir=found.folder, dst_dir=install_dir, purge_dst_dir=True)
            return found.version  # install_update exits the process before this
        _swap(found, install_dir, cache_dir)
        _forget_stage(cache_dir)
    finally:
        lock.release()
    return found.version


def _check_files(folder: Path, found: Staged, cache_dir: Path) -> None:
    """Raises update_stage_damaged (and drops the stage) unless `folder` holds exactly the files
    hashed when the stage was made."""
    now = file_hashes(folder)
    if now == found.files:
        return
    changed = sorted(set(now) ^ set(found.files) | {p for p in now if now[p] != found.files.get(p)})
    _forget_stage(cache_dir)
    raise UpdateError(
        f"staged {found.version}: {changed[0]} changed since it was verified",
        code="update_stage_damaged",
        path=str(found.folder / changed[0]),
        reason="changed since it was verified",
    )


def _swap(found: Staged, install_dir: Path, cache_dir: Path) -> None:
    incoming = install_dir.with_name(install_dir.name + ".new")
    outgoing = install_dir.with_name(install_dir.name + ".old")
    for leftover in (incoming, outgoing):
        shutil.rmtree(leftover, ignore_errors=True)
    # A copy first: the stage is in the data dir, often on another file system than the
    # install folder, where a rename cannot go. The copy is what gets checked.
    shutil.copytree(found.folder, incoming, symlinks=True)
    try:
        _check_files(incoming, found, cache_dir)
    except UpdateError:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    install_dir.rename(outgoing)
    try:
        incoming.rename(install_dir)
    except OSError:
        outgoing.rename(install_dir)  # put the old version back rather than leave none
        raise
    shutil.rmtree(outgoing, ignore_errors=True)


def _forget_stage(cache_dir: Path, keep: Path | None = None) -> None:
    stage = cache_dir / "staged"
    (stage / STAGED_NAME).unlink(missing_ok=True)
    for path in stage.iterdir() if stage.is_dir() else ():
        if path.is_dir() and path != keep:
            shutil.rmtree(path, ignore_errors=True)
