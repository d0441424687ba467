"""Where the outbox keeps its files inside the data dir (docs/file-format.md §6).

    <data>/chunks/<recording_id>/<index:06d>.flac.age     sealed chunks
    <data>/chunks/<recording_id>/<index:06d>.<tag>.flac.age   a resealed chunk (tag: the first 16
                                                          hex digits of its SHA-256)
    <data>/journal/<recording_id>/<index:06d>.journal     crash journals of chunks not sealed yet

The index stores chunk paths relative to the data dir, '/'-separated, so that a moved or restored
data dir keeps working on any OS.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from crypto.files import write_atomic

__all__ = [
    "CHUNKS_DIR",
    "CHUNK_SUFFIX",
    "JOURNAL_DIR",
    "JOURNAL_SUFFIX",
    "chunk_path",
    "chunk_relpath",
    "delete_chunk_file",
    "delete_journal",
    "find_journals",
    "journal_path",
    "make_dirs",
    "remove_recording_dirs",
    "write_chunk_file",
]

CHUNKS_DIR = "chunks"
JOURNAL_DIR = "journal"
CHUNK_SUFFIX = ".flac.age"
JOURNAL_SUFFIX = ".journal"


def make_dirs(data_dir: Path) -> None:
    """Create the data dir and its chunk and journal folders, owner-only."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for sub in (CHUNKS_DIR, JOURNAL_DIR):
        (data_dir / sub).mkdir(mode=0o700, exist_ok=True)


def chunk_relpath(recording_id: str, index: int, tag: str | None = None) -> str:
    """`chunks/<recording_id>/<index:06d>[.<tag>].flac.age`, relative to the data dir,
    '/'-separated. A resealed chunk has a `tag` so that its new file never replaces the old one
    under the same name: a crash mid-reseal leaves the old file and its row as they were."""
    stem = f"{index:06d}" if tag is None else f"{index:06d}.{tag}"
    return str(PurePosixPath(CHUNKS_DIR, recording_id, f"{stem}{CHUNK_SUFFIX}"))


def chunk_path(data_dir: Path, relpath: str) -> Path:
    """The local path of a chunk whose index row says `relpath`."""
    return data_dir.joinpath(*PurePosixPath(relpath).parts)


def write_chunk_file(
    data_dir: Path, recording_id: str, index: int, ciphertext: bytes, tag: str | None = None
) -> str:
    """Write a sealed chunk's file atomically and durably; its relative path for the index."""
    rel = chunk_relpath(recording_id, index, tag)
    path = chunk_path(data_dir, rel)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomic(path, ciphertext)
    return rel


def delete_chunk_file(data_dir: Path, relpath: str) -> None:
    """Delete a chunk file that was never indexed; one that cannot be deleted now has no row, so
    reconcile deletes it at the next open."""
    with contextlib.suppress(OSError):
        chunk_path(data_dir, relpath).unlink()


def journal_path(data_dir: Path, recording_id: str, index: int) -> Path:
    """`<data>/journal/<recording_id>/<index:06d>.journal`."""
    return data_dir / JOURNAL_DIR / recording_id / f"{index:06d}{JOURNAL_SUFFIX}"


def delete_journal(data_dir: Path, recording_id: str, index: int) -> None:
    """Delete chunk `index`'s crash journal if there is one. Not fsync'd: a journal that comes
    back after a crash belongs to an indexed chunk, and reconcile deletes it at the next open."""
    with contextlib.suppress(FileNotFoundError):
        journal_path(data_dir, recording_id, index).unlink()


def find_journals(data_dir: Path) -> Iterator[tuple[str, int, Path]]:
    """Every crash journal on disk as (recording_id, index, path), by recording then index."""
    root = data_dir / JOURNAL_DIR
    if not root.is_dir():
        return
    for rec_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(rec_dir.glob(f"*{JOURNAL_SUFFIX}")):
            stem = path.name[: -len(JOURNAL_SUFFIX)]
            if stem.isdigit():
                yield rec_dir.name, int(stem), path


def remove_recording_dirs(data_dir: Path, recording_id: str) -> None:
    """Remove a crypto-erased recording's journal folder and its (empty) chunk folder."""
    shutil.rmtree(data_dir / JOURNAL_DIR / recording_id, ignore_errors=True)
    with contextlib.suppress(OSError):
        (data_dir / CHUNKS_DIR / recording_id).rmdir()
