"""The index never drives the deletion of a file outside the data dir (issue 13 item 2).

Each test plants what an edited `index.sqlite3` (or a planted link in the data dir) can say: a
chunk row whose path is absolute, climbs out with `..`, names another chunk's file, or a chunk
folder or file that is a symlink to somewhere else; a recording whose id is not a UUID; a journal
folder that is a symlink. After open (reconcile), erase or forget, the file outside is still
there with its content, the bad row is reported (`index_path_invalid`), and the rest of the
outbox keeps working."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from outbox_helpers import encode_flac

from outbox import (
    ChunkState,
    ChunkStateChanged,
    OutboxError,
    RecordingState,
    export_recording,
    verify_chunks,
)


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    """A data dir two levels below `tmp_path`, so that `../../notes.txt` is `tmp_path/notes.txt`."""
    return tmp_path / "profile" / "logmeets"


def _begin(box):  # type: ignore[no-untyped-def]
    return box.begin_recording(
        title="Board", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )


def _seal(box, tone_chunks, n: int):  # type: ignore[no-untyped-def]
    rec = _begin(box)
    chunks = [
        box.seal_chunk(rec.id, i, encode_flac(t), started_at=float(i), duration=1.0)
        for i, t in enumerate(tone_chunks(n))
    ]
    return rec, chunks


def _confirm(box, chunk) -> None:  # type: ignore[no-untyped-def]
    box.set_upload(chunk.id, url="https://h/f/" + chunk.id, offset=0)
    box.mark_uploaded(chunk.id)
    box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)


def _edit_index(data: Path, sql: str, *args: object) -> None:
    """Change the index behind the outbox's back, as someone with access to the data dir can."""
    conn = sqlite3.connect(data / "index.sqlite3")
    with conn:
        conn.execute(sql, args)
    conn.close()


def _actions(data: Path, action: str) -> list[dict[str, object]]:
    lines = (data / "audit.log").read_text().splitlines()
    return [e for e in map(json.loads, lines) if e["action"] == action]


def _victim(path: Path, size: int) -> bytes:
    """A file of the user's with exactly `size` bytes (so a size check alone cannot save it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = (b"my private notes\n" * (size // 17 + 1))[:size]
    path.write_bytes(content)
    return content


@pytest.mark.parametrize("form", ["absolute", "dotdot", "inner_dotdot"])
def test_a_confirmed_row_pointing_outside_is_reported_and_the_file_kept(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path, form: str
) -> None:
    box = open_outbox(data=home)
    rec, (chunk, other) = _seal(box, tone_chunks, 2)
    _confirm(box, chunk)  # confirmed, then the process died before the erase
    box.close()
    sealed = chunk.path.read_bytes()
    notes = tmp_path / "notes.txt"
    content = _victim(notes, chunk.size)
    rel = {
        "absolute": str(notes),
        "dotdot": "../../notes.txt",
        "inner_dotdot": f"chunks/{rec.id}/../../../../notes.txt",
    }[form]
    _edit_index(home, "UPDATE chunks SET path = ? WHERE id = ?", rel, chunk.id)

    box = open_outbox(data=home)

    assert notes.read_bytes() == content
    assert chunk.path.read_bytes() == sealed  # what is in the row's own place is kept too
    assert box.chunk(chunk.id).state is ChunkState.QUARANTINED
    assert (box.quarantine_reason(chunk.id) or "").startswith("index_path_invalid")
    [entry] = _actions(home, "index_path_invalid")
    assert entry["chunk_id"] == chunk.id
    problems = {r.chunk_id: r.problem for r in verify_chunks(box) if not r.ok}
    assert problems == {chunk.id: "index_path_invalid"}
    # The rest of the outbox keeps working: the other chunk is read, and its file is whole.
    assert len(box.read_ciphertext(other.id)) == other.size
    assert notes.read_bytes() == content


def test_a_row_naming_another_chunks_file_does_not_erase_that_chunk(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path
) -> None:
    box = open_outbox(data=home)
    _, (first, second) = _seal(box, tone_chunks, 2)
    _confirm(box, second)
    box.close()
    # The confirmed chunk's row now names the first chunk's (not yet uploaded) file.
    rel = first.path.relative_to(home).as_posix()
    _edit_index(
        home,
        "UPDATE chunks SET path = ?, size = ?, sha256 = ? WHERE id = ?",
        rel,
        first.size,
        first.sha256,
        second.id,
    )
    before = first.path.read_bytes()

    box = open_outbox(data=home)

    assert first.path.read_bytes() == before
    assert box.chunk(first.id).state is ChunkState.SEALED
    assert box.chunk(second.id).state is ChunkState.QUARANTINED


def test_a_symlinked_recording_folder_is_not_followed(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path
) -> None:
    box = open_outbox(data=home)
    rec, (chunk,) = _seal(box, tone_chunks, 1)
    _confirm(box, chunk)
    box.close()
    elsewhere = tmp_path / "Documents"
    victim = elsewhere / "000000.flac.age"
    content = _victim(victim, chunk.size)
    shutil.rmtree(home / "chunks" / rec.id)
    (home / "chunks" / rec.id).symlink_to(elsewhere, target_is_directory=True)

    box = open_outbox(data=home)

    assert victim.read_bytes() == content
    assert box.chunk(chunk.id).state is ChunkState.QUARANTINED
    assert (box.quarantine_reason(chunk.id) or "").startswith("index_path_invalid")


def test_a_symlinked_chunk_file_is_neither_read_nor_followed(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path
) -> None:
    box = open_outbox(data=home)
    _, (chunk,) = _seal(box, tone_chunks, 1)
    box.close()
    secret = tmp_path / "secret.txt"
    content = _victim(secret, chunk.size)
    chunk.path.unlink()
    chunk.path.symlink_to(secret)

    box = open_outbox(data=home)

    # Not uploaded: the uploader would otherwise send the file the link points at.
    assert box.chunk(chunk.id).state is ChunkState.QUARANTINED
    assert box.pending_chunks() == []
    with pytest.raises(OutboxError) as err:
        box.read_ciphertext(chunk.id)
    assert err.value.code == "index_path_invalid"
    assert secret.read_bytes() == content


def test_a_symlinked_chunk_folder_is_not_followed(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path
) -> None:
    box = open_outbox(data=home)
    rec, (chunk,) = _seal(box, tone_chunks, 1)
    _confirm(box, chunk)
    box.close()
    elsewhere = tmp_path / "Backup"
    shutil.move(home / "chunks", elsewhere)
    (home / "chunks").symlink_to(elsewhere, target_is_directory=True)
    moved = elsewhere / rec.id / "000000.flac.age"
    content = moved.read_bytes()
    draft = elsewhere / rec.id / "draft.docx.part"  # a name reconcile deletes in its own folders
    draft_content = _victim(draft, 10)

    box = open_outbox(data=home)

    assert moved.read_bytes() == content
    assert draft.read_bytes() == draft_content
    assert box.chunk(chunk.id).state is ChunkState.QUARANTINED


def test_erase_while_running_leaves_a_file_outside_alone(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, bus_events, home: Path, tmp_path: Path
) -> None:
    bus, seen = bus_events
    box = open_outbox(data=home, events=bus)
    _, (chunk, other) = _seal(box, tone_chunks, 2)
    _confirm(box, chunk)
    notes = tmp_path / "notes.txt"
    content = _victim(notes, chunk.size)
    _edit_index(home, "UPDATE chunks SET path = ? WHERE id = ?", str(notes), chunk.id)

    with pytest.raises(OutboxError) as err:
        box.erase_chunk(chunk.id)

    assert err.value.code == "index_path_invalid"
    assert notes.read_bytes() == content
    assert box.chunk(chunk.id).state is ChunkState.QUARANTINED
    assert seen[-1] == ChunkStateChanged(chunk.id, chunk.recording_id, ChunkState.QUARANTINED)
    _confirm(box, other)
    box.erase_chunk(other.id)  # the rest keeps working
    assert box.chunk(other.id).state is ChunkState.ERASED


def test_forget_leaves_a_file_outside_alone(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path
) -> None:
    box = open_outbox(data=home)
    rec, (chunk, damaged) = _seal(box, tone_chunks, 2)
    box.finish_recording(rec.id, time.time())
    box.quarantine(damaged.id, "hash_mismatch: test")
    box.quarantine(chunk.id, "hash_mismatch: test")
    notes = tmp_path / "notes.txt"
    content = _victim(notes, chunk.size)
    _edit_index(home, "UPDATE chunks SET path = ? WHERE id = ?", "../../notes.txt", chunk.id)

    assert box.forget_quarantined(rec.id)

    assert notes.read_bytes() == content
    assert not damaged.path.exists()  # the well-formed quarantined file is destroyed
    assert box.recording(rec.id).state is RecordingState.ERASED
    assert box.keys.recording_identity(rec.id) is None
    assert [e["chunk_id"] for e in _actions(home, "index_path_invalid")] == [chunk.id]


def test_a_recording_id_that_is_not_a_uuid_joins_no_path(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path
) -> None:
    box = open_outbox(data=home)
    rec, (chunk,) = _seal(box, tone_chunks, 1)
    _confirm(box, chunk)
    box.erase_chunk(chunk.id)  # still recording: the recording stays
    keep, (kept,) = _seal(box, tone_chunks, 1)
    box.close()
    bad_id = "../../outside"
    _edit_index(
        home, "UPDATE recordings SET id = ?, state = 'stopped' WHERE id = ?", bad_id, rec.id
    )
    _edit_index(home, "UPDATE chunks SET recording_id = ? WHERE id = ?", bad_id, chunk.id)
    outside = tmp_path / "outside"  # <data>/journal/../../outside and <data>/chunks/../../outside
    notes = outside / "notes.txt"
    content = _victim(notes, 100)
    stale = outside / "000000.flac.age"  # where an erased chunk's leftover file would be
    stale_content = _victim(stale, chunk.size)

    box = open_outbox(data=home)

    assert notes.read_bytes() == content
    assert stale.read_bytes() == stale_content
    assert any(e["recording_id"] == bad_id for e in _actions(home, "index_path_invalid"))
    with pytest.raises(OutboxError) as err:
        box.open_journal(bad_id, 1)
    assert err.value.code == "index_path_invalid"
    assert not (outside / "000001.journal").exists()
    # Left recording by a crash, finished by recovery; all its chunks erased: not crypto-erased.
    _edit_index(home, "UPDATE recordings SET state = 'recording' WHERE id = ?", bad_id)
    box.finish_recording(bad_id, time.time())
    assert box.recording(bad_id).state is RecordingState.STOPPED
    assert notes.read_bytes() == content
    # The well-formed recording is untouched and still takes chunks.
    assert box.chunk(kept.id).state is ChunkState.SEALED
    box.seal_chunk(keep.id, 1, encode_flac(tone_chunks(1)[0]), started_at=1.0, duration=1.0)


def test_a_symlinked_journal_folder_is_not_followed(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path
) -> None:
    box = open_outbox(data=home)
    rec, _ = _seal(box, tone_chunks, 1)
    box.close()
    elsewhere = tmp_path / "Projects"
    victim = elsewhere / "000000.journal"  # chunk 0 is indexed: its journal "should" go
    content = _victim(victim, 64)
    other = elsewhere / "000001.journal"  # a leftover journal "to recover"
    other_content = _victim(other, 64)
    shutil.rmtree(home / "journal" / rec.id, ignore_errors=True)
    (home / "journal" / rec.id).symlink_to(elsewhere, target_is_directory=True)
    (home / "journal" / "not-a-uuid").mkdir()
    (home / "journal" / "not-a-uuid" / "000000.journal").write_bytes(b"x" * 64)

    box = open_outbox(data=home)

    assert victim.read_bytes() == content
    assert other.read_bytes() == other_content
    assert box.leftover_journals() == []


def test_a_read_only_export_names_the_bad_row_and_reads_nothing(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, tmp_path: Path
) -> None:
    box = open_outbox(data=home)
    rec, (good, bad) = _seal(box, tone_chunks, 2)
    box.close()
    _edit_index(home, "UPDATE chunks SET path = ? WHERE id = ?", "/etc/hostname", bad.id)

    reader = open_outbox(data=home, exclusive=False)  # no reconcile: the row is as planted

    assert reader.chunk(bad.id).path is None
    assert "/etc/hostname" in (reader.chunk(bad.id).path_problem or "")
    report = export_recording(reader, rec.id, tmp_path / "out.flac")
    assert report.chunks == (good.index,)
    assert [(g.index, g.reason) for g in report.gaps] == [(bad.index, "index_path_invalid")]


RID = "0b8e1d9c-3f4a-4e5b-9c6d-7e8f9a0b1c2d"


@pytest.mark.parametrize(
    ("recording_id", "index", "relpath", "ok"),
    [
        (RID, 7, f"chunks/{RID}/000007.flac.age", True),
        (RID, 7, f"chunks/{RID}/000007.0123456789abcdef.flac.age", True),  # re-sealed form
        (RID, 1234567, f"chunks/{RID}/1234567.flac.age", True),
        (RID, 7, f"chunks/{RID}/000008.flac.age", False),  # another chunk's file
        (RID, 7, f"chunks/{RID}/7.flac.age", False),
        (RID, 7, f"chunks/{RID}/000007.0123456789ABCDEF.flac.age", False),
        (RID, 7, f"chunks/{RID}/000007.0123456789abcde.flac.age", False),
        (RID, 7, f"chunks\\{RID}\\000007.flac.age", False),
        (RID, 7, f"./chunks/{RID}/000007.flac.age", False),
        (RID, 7, f"chunks/{RID}/000007.flac.age/", False),
        (RID, -1, f"chunks/{RID}/-00001.flac.age", False),
        (RID, 7, None, False),
        (RID.upper(), 7, f"chunks/{RID.upper()}/000007.flac.age", False),
        ("{" + RID + "}", 7, f"chunks/{{{RID}}}/000007.flac.age", False),
        ("..", 7, "chunks/../000007.flac.age", False),
    ],
)
def test_only_the_layouts_path_is_taken(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, home: Path, recording_id: str, index: int, relpath: object, ok: bool
) -> None:
    box = open_outbox(data=home)
    rec, (chunk,) = _seal(box, tone_chunks, 1)
    box.close()
    _edit_index(home, "UPDATE recordings SET id = ? WHERE id = ?", recording_id, rec.id)
    _edit_index(
        home,
        "UPDATE chunks SET recording_id = ?, idx = ?, path = ? WHERE id = ?",
        recording_id,
        index,
        relpath,
        chunk.id,
    )

    got = open_outbox(data=home, exclusive=False).chunk(chunk.id)  # read-only: no repairs

    if ok:
        assert (got.path, got.path_problem) == (home.joinpath(*str(relpath).split("/")), None)
    else:
        assert got.path is None and got.path_problem
