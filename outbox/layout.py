"""Where the outbox keeps its files inside the data dir (docs/file-format.md §6).

    <data>/chunks/<recording_id>/<index:06d>.flac.age     sealed chunks
    <data>/chunks/<recording_id>/<index:06d>.<tag>.flac.age   re-sealed chunks (tag: 16 hex)
    <data>/journal/<recording_id>/<index:06d>.journal     crash journals of chunks not sealed yet

The index stores chunk paths relative to the data dir, '/'-separated, so that a moved or restored
data dir keeps working on any OS. Nothing the index (or a folder name) says is joined into a
path unchecked: a recording id must be a canonical UUID, a chunk's path must be the one its
recording id and index give, and the file's folder must really be inside `<data>/chunks` (no
symbolic link on the way, none as the file). Anything else is `index_path_invalid`, and every
deletion of a chunk file goes through `remove_chunk_file`, which checks again just before.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath, PurePosixPath

from crypto.erase import overwrite_and_unlink
from crypto.files import PART_SUFFIX, write_atomic
from outbox import errors

__all__ = [
    "CHUNKS_DIR",
    "CHUNK_SUFFIX",
    "JOURNAL_DIR",
    "JOURNAL_SUFFIX",
    "check_recording_id",
    "chunk_file",
    "chunk_relpath",
    "delete_chunk_file",
    "delete_journal",
    "find_chunk_files",
    "find_journals",
    "find_part_files",
    "is_recording_id",
    "journal_path",
    "make_dirs",
    "remove_chunk_file",
    "remove_recording_dirs",
    "write_chunk_file",
]

CHUNKS_DIR = "chunks"
JOURNAL_DIR = "journal"
CHUNK_SUFFIX = ".flac.age"
JOURNAL_SUFFIX = ".journal"

# Canonical form only (what str(uuid.uuid4()) gives): one id, one folder name.
_RECORDING_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TAG = re.compile(r"\.[0-9a-f]{16}")
_CHUNK_NAME = re.compile(r"(?P<index>[0-9]{6,})(?:\.[0-9a-f]{16})?" + re.escape(CHUNK_SUFFIX))
_JOURNAL_NAME = re.compile(r"(?P<index>[0-9]{6,})" + re.escape(JOURNAL_SUFFIX))


def make_dirs(data_dir: Path) -> None:
    """Create the data dir and its chunk and journal folders, owner-only."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for sub in (CHUNKS_DIR, JOURNAL_DIR):
        (data_dir / sub).mkdir(mode=0o700, exist_ok=True)


def is_recording_id(value: object) -> bool:
    """True if `value` is a recording id the data dir may hold: a canonical (lowercase) UUID."""
    return isinstance(value, str) and _RECORDING_ID.fullmatch(value) is not None


def check_recording_id(recording_id: object) -> str:
    """`recording_id` itself, or OutboxError(index_path_invalid) if it is not a canonical UUID."""
    if not is_recording_id(recording_id):
        raise errors.index_path_invalid(recording_id, None, "the recording id is not a UUID")
    return str(recording_id)


def chunk_relpath(recording_id: str, index: int) -> str:
    """`chunks/<recording_id>/<index:06d>.flac.age`, relative to the data dir, '/'-separated."""
    rid = check_recording_id(recording_id)
    return str(PurePosixPath(CHUNKS_DIR, rid, f"{index:06d}{CHUNK_SUFFIX}"))


def chunk_file(data_dir: Path, recording_id: object, index: int, relpath: object) -> Path:
    """The local path of chunk `index` of `recording_id` whose index row says `relpath`.

    OutboxError(index_path_invalid) unless the recording id is a canonical UUID, `relpath` is
    exactly `chunks/<recording_id>/<index:06d>.flac.age` or `...<index:06d>.<16 hex>.flac.age`,
    `<data>/chunks` and the recording's folder are real folders (not links: so the path
    resolves inside the data dir), and the file (if there is one) is a regular file."""
    reason = _relpath_problem(recording_id, index, relpath)
    path = ""
    if reason is None:
        rid = str(recording_id)
        # Plain strings and lstat: this runs for every chunk the outbox hands out.
        path = os.path.join(data_dir, CHUNKS_DIR, rid, str(relpath).rsplit("/", 1)[1])
        reason = _folder_problem(data_dir, CHUNKS_DIR, rid) or _file_problem(path)
    if reason is not None:
        raise errors.index_path_invalid(recording_id, index, reason)
    return Path(path)


def remove_chunk_file(
    data_dir: Path, recording_id: str, index: int, path: Path | str, *, overwrite: bool = True
) -> None:
    """Delete chunk `index`'s file (`path`: as the index stores it, or the absolute path a
    ChunkInfo holds), overwriting it first unless `overwrite=False`. Every deletion of a chunk
    file goes through here: the path is checked by `chunk_file` right before, and a path that
    fails raises OutboxError(index_path_invalid) with nothing touched. A file already gone is
    not an error; a failed unlink is CryptoError(erase_failed)."""
    rel = path if isinstance(path, str) else _relative(data_dir, path)
    target = chunk_file(data_dir, recording_id, index, rel)
    if overwrite:
        overwrite_and_unlink(target)
    else:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()


def delete_chunk_file(data_dir: Path, relpath: str) -> None:
    """Delete a chunk file that was never indexed (`relpath` as `write_chunk_file` gave it),
    through `remove_chunk_file`'s checks, without overwriting; one that cannot be deleted now
    has no row, so reconcile deletes it at the next open."""
    parts = relpath.split("/")
    match = _CHUNK_NAME.fullmatch(parts[-1])
    if len(parts) != 3 or match is None:
        return  # not a chunk's place: nothing to delete
    with contextlib.suppress(OSError, errors.OutboxError):
        remove_chunk_file(data_dir, parts[1], int(match["index"]), relpath, overwrite=False)


def write_chunk_file(data_dir: Path, recording_id: str, index: int, ciphertext: bytes) -> str:
    """Write a sealed chunk's file atomically and durably; its relative path for the index.
    OutboxError(index_path_invalid) if its place is not inside the chunk folder."""
    rel = chunk_relpath(recording_id, index)
    (data_dir / CHUNKS_DIR / recording_id).mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomic(chunk_file(data_dir, recording_id, index, rel), ciphertext)
    return rel


def find_chunk_files(data_dir: Path) -> Iterator[tuple[str, int, str]]:
    """Every file in the chunk folder named as a chunk, as (recording_id, index, relpath), in
    recording folders named by a UUID that are not symbolic links. Anything else there is not
    the outbox's and is left alone."""
    for rid, folder in _recording_folders(data_dir, CHUNKS_DIR):
        for entry in sorted(folder.iterdir()):
            match = _CHUNK_NAME.fullmatch(entry.name)
            if match is not None:
                rel = str(PurePosixPath(CHUNKS_DIR, rid, entry.name))
                yield rid, int(match["index"]), rel


def find_part_files(data_dir: Path) -> Iterator[Path]:
    """Every `*.part` file (an interrupted `write_atomic`) in the data dir itself and in its
    recording folders (`_recording_folders`); never one behind a link."""
    folders = [data_dir]
    for sub in (CHUNKS_DIR, JOURNAL_DIR):
        folders += [folder for _, folder in _recording_folders(data_dir, sub)]
    for folder in folders:
        for path in sorted(folder.glob(f"*{PART_SUFFIX}")):
            if not path.is_dir():
                yield path


def journal_path(data_dir: Path, recording_id: str, index: int) -> Path:
    """`<data>/journal/<recording_id>/<index:06d>.journal`; OutboxError(index_path_invalid) if
    the recording id is not a UUID or its journal folder is not inside `<data>/journal`."""
    rid = check_recording_id(recording_id)
    reason = _folder_problem(data_dir, JOURNAL_DIR, rid)
    if reason is not None:
        raise errors.index_path_invalid(rid, index, reason)
    return data_dir / JOURNAL_DIR / rid / f"{index:06d}{JOURNAL_SUFFIX}"


def delete_journal(data_dir: Path, recording_id: str, index: int) -> None:
    """Delete chunk `index`'s crash journal if there is one. Not fsync'd: a journal that comes
    back after a crash belongs to an indexed chunk, and reconcile deletes it at the next open.
    One that is a link, or behind one, is left alone (never an error: the chunk is sealed)."""
    try:
        path = journal_path(data_dir, recording_id, index)
    except errors.OutboxError:
        return
    if _file_problem(path) is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def find_journals(data_dir: Path) -> Iterator[tuple[str, int, Path]]:
    """Every crash journal on disk as (recording_id, index, path), by recording then index: a
    regular file named `<index:06d>.journal` in a folder named by a UUID, neither a link."""
    for rid, folder in _recording_folders(data_dir, JOURNAL_DIR):
        for path in sorted(folder.iterdir()):
            match = _JOURNAL_NAME.fullmatch(path.name)
            if match is None or _file_problem(path) is not None:
                continue
            index = int(match["index"])
            if path.name == f"{index:06d}{JOURNAL_SUFFIX}":
                yield rid, index, path


def remove_recording_dirs(data_dir: Path, recording_id: str) -> None:
    """Remove a crypto-erased recording's journal folder and its (empty) chunk folder; a
    recording id that is not a UUID, or a folder that is a link, is left alone."""
    if not is_recording_id(recording_id):
        return
    if _folder_problem(data_dir, JOURNAL_DIR, recording_id) is None:
        # rmtree refuses a link itself and unlinks links inside without following them.
        shutil.rmtree(data_dir / JOURNAL_DIR / recording_id, ignore_errors=True)
    if _folder_problem(data_dir, CHUNKS_DIR, recording_id) is None:
        with contextlib.suppress(OSError):
            (data_dir / CHUNKS_DIR / recording_id).rmdir()


# -- the checks ----------------------------------------------------------------------------------


def _relpath_problem(recording_id: object, index: int, relpath: object) -> str | None:
    """Why `relpath` is not chunk `index`'s place in the layout (None if it is)."""
    if not is_recording_id(recording_id):
        return "the recording id is not a UUID"
    if not isinstance(index, int) or index < 0:
        return "the chunk index is not a number from 0"
    if not isinstance(relpath, str):
        return "the index holds no path for the chunk"
    stem = f"{CHUNKS_DIR}/{recording_id}/{index:06d}"
    if relpath.startswith(stem) and relpath.endswith(CHUNK_SUFFIX):
        middle = relpath[len(stem) : -len(CHUNK_SUFFIX)]
        if middle == "" or _TAG.fullmatch(middle):
            return None
    return f"the index names {relpath[:120]!r}, not {stem}{CHUNK_SUFFIX}"


def _folder_problem(data_dir: Path, sub: str, recording_id: str) -> str | None:
    """Why `<data>/<sub>/<recording_id>` is not really there, or None: `<data>/<sub>` and the
    recording's folder must each be a real folder, not a link (or a Windows junction), so that
    the path resolves inside the data dir. A folder that does not exist yet is fine (the data
    dir itself may be a link)."""
    top = os.path.join(data_dir, sub)
    for folder, name in ((top, sub), (os.path.join(top, recording_id), recording_id[:40])):
        try:
            st = os.lstat(folder)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"the folder {name} cannot be examined ({exc.strerror})"
        # A junction (Windows) is a folder to lstat, but it leads elsewhere.
        if not stat.S_ISDIR(st.st_mode) or getattr(st, "st_reparse_tag", None):
            return f"the folder {name} is a link to somewhere else, or not a folder"
    return None


def _file_problem(path: str | Path) -> str | None:
    """Why `path` is not a plain file of ours (a link, a folder...), or None; lstat only."""
    name = os.path.basename(path)[:60]
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{name} cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(mode):
        return f"{name} is a symbolic link"
    if not stat.S_ISREG(mode):
        return f"{name} is not a regular file"
    return None


def _recording_folders(data_dir: Path, sub: str) -> Iterator[tuple[str, Path]]:
    """(recording_id, folder) of each folder of `<data>/<sub>` named by a UUID that really is
    there (no link or junction on the way: `_folder_problem`), sorted."""
    root = data_dir / sub
    if not root.is_dir():
        return
    for entry in sorted(root.iterdir()):
        rid = entry.name
        if is_recording_id(rid) and not _folder_problem(data_dir, sub, rid) and entry.is_dir():
            yield rid, entry


def _relative(data_dir: Path, path: PurePath) -> str:
    """`path` relative to the data dir, '/'-separated; unchanged (so refused) if it is not."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return str(path)
