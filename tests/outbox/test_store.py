"""The chunk store and index: layout, what each row records, journals, reconciliation after a
crash, the manifest, read-only openers, and the single-instance lock."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from outbox_helpers import PYTHON, encode_flac, subprocess_env

from crypto.binding import bind_flac
from crypto.container import unseal
from crypto.files import part_path
from outbox import (
    SCHEMA_VERSION,
    ChunkState,
    Gap,
    InstanceLock,
    Marker,
    OutboxError,
    RecordingState,
    Silence,
    verify_audit_log,
)


def _begin(box, title: str = "Weekly sync"):  # type: ignore[no-untyped-def]
    return box.begin_recording(
        title=title, sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )


def _confirm(box, chunk) -> None:  # type: ignore[no-untyped-def]
    box.set_upload(chunk.id, url="https://h/f/" + chunk.id, offset=0)
    box.mark_uploaded(chunk.id)
    box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)


def test_seal_chunk_layout_row_and_ciphertext(open_outbox, tone_chunks, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = _begin(box)
    flac = encode_flac(tone_chunks(1)[0])
    chunk = box.seal_chunk(rec.id, 7, flac, started_at=rec.started_at + 210, duration=1.0)
    assert chunk.path == data_dir / "chunks" / rec.id / "000007.flac.age"
    data = chunk.path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert (chunk.size, chunk.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert (chunk.sample_rate, chunk.channels, chunk.index) == (48000, 1, 7)
    assert (chunk.started_at, chunk.duration, chunk.recovered) == (rec.started_at + 210, 1.0, False)
    identity = box.keys.recording_identity(rec.id)
    assert unseal(data, [identity]) == bind_flac(flac, rec.id, 7)  # the FLAC, bound to its place
    assert not list(data_dir.rglob("*.part"))
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (
        conn.execute("SELECT path FROM chunks").fetchone()[0] == f"chunks/{rec.id}/000007.flac.age"
    )
    conn.close()


def test_org_recipient_can_open_every_chunk(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    import pyrage

    org = pyrage.x25519.Identity.generate()
    box = open_outbox(org_recipient=str(org.to_public()))
    rec = _begin(box)
    flac = encode_flac(tone_chunks(1)[0])
    chunk = box.seal_chunk(rec.id, 0, flac, started_at=0.0, duration=1.0)
    assert chunk.path is not None
    assert unseal(chunk.path.read_bytes(), [org]) == bind_flac(flac, rec.id, 0)


def test_seal_deletes_the_journal_and_leftovers_list_the_rest(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = _begin(box)
    j0 = box.open_journal(rec.id, 0)
    j0.append(tone_chunks(1)[0].tobytes()[:9600])
    j0.close()
    j1 = box.open_journal(rec.id, 1)
    j1.close()
    assert [(j.recording_id, j.index) for j in box.leftover_journals()] == [
        (rec.id, 0),
        (rec.id, 1),
    ]
    box.seal_chunk(rec.id, 0, encode_flac(tone_chunks(1)[0]), started_at=0.0, duration=1.0)
    assert not j0.path.exists()
    assert [(j.recording_id, j.index, j.path) for j in box.leftover_journals()] == [
        (rec.id, 1, j1.path)
    ]


def test_a_chunk_whose_row_fails_leaves_no_file_and_frees_its_index(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row's commit fails after the file is whole: the file goes (no row, no file), the
    journal stays for recovery, and the index can be sealed again."""
    box = open_outbox()
    rec = _begin(box)
    journal = box.open_journal(rec.id, 0)
    journal.close()
    flac = encode_flac(tone_chunks(1)[0])

    def no_room(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr("outbox.rows.insert_chunk", no_room)
        with pytest.raises(sqlite3.OperationalError):
            box.seal_chunk(rec.id, 0, flac, started_at=0.0, duration=1.0)
    assert box.chunks(rec.id) == [] and not list((data_dir / "chunks").rglob("*.age"))
    assert journal.path.exists()
    chunk = box.seal_chunk(rec.id, 0, flac, started_at=0.0, duration=1.0)
    assert chunk.path is not None and chunk.path.exists() and not journal.path.exists()


def test_titles_markers_gaps_and_manifest(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = _begin(box, "draft")
    box.set_title(rec.id, "Budget review")
    box.add_marker(rec.id, Marker(12.5, "decision"))
    box.add_gap(rec.id, Gap(30.0, 34.2, "device_lost"))
    box.add_silence(rec.id, Silence(40.0, 52.5))
    tones = tone_chunks(3)
    chunks = [
        box.seal_chunk(rec.id, i, encode_flac(t), started_at=rec.started_at + i, duration=1.0)
        for i, t in enumerate(tones)
    ]
    box.finish_recording(rec.id, rec.started_at + 3)
    assert box.recordings_ready_for_manifest() == []  # chunks still to upload
    for c in chunks[:2]:
        _confirm(box, c)
    box.quarantine(chunks[2].id, "damaged")
    ready = box.recordings_ready_for_manifest()
    assert [r.id for r in ready] == [rec.id]
    m = box.manifest(rec.id)
    assert m["title"] == "Budget review" and m["subtype"] == "PCM_16"
    assert [c["chunk_id"] for c in m["chunks"]] == [chunks[0].id, chunks[1].id]
    assert m["chunks"][1] == {
        "chunk_id": chunks[1].id,
        "index": 1,
        "sha256": chunks[1].sha256,
        "size": chunks[1].size,
        "duration": 1.0,
        "started_at": rec.started_at + 1,
        "recovered": False,
    }
    assert m["markers"] == [{"at": 12.5, "label": "decision"}]
    assert m["gaps"] == [
        {"start": pytest.approx(2.0), "end": pytest.approx(3.0), "reason": "quarantined"},
        {"start": 30.0, "end": 34.2, "reason": "device_lost"},
    ]
    assert m["silences"] == [[40.0, 52.5]]
    assert box.recording(rec.id).silences == (Silence(40.0, 52.5),)
    box.mark_manifest_sent(rec.id)
    assert box.recording(rec.id).state is RecordingState.COMPLETE
    assert box.recordings_ready_for_manifest() == []


def test_read_only_opener_sees_the_writer_and_changes_nothing(
    open_outbox, tone_chunks, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    writer = open_outbox()
    rec = _begin(writer)
    writer.seal_chunk(rec.id, 0, encode_flac(tone_chunks(1)[0]), started_at=0.0, duration=1.0)
    # A chunk file written but not yet indexed (the writer is between the two steps).
    in_flight = data_dir / "chunks" / rec.id / "000001.flac.age"
    in_flight.write_bytes(b"age-encryption.org/v1\n...")
    reader = open_outbox(exclusive=False)
    assert [c.index for c in reader.chunks(rec.id)] == [0]
    assert in_flight.exists()  # only the exclusive opener reconciles
    writer.seal_chunk(rec.id, 2, encode_flac(tone_chunks(1)[0]), started_at=1.0, duration=1.0)
    assert [c.index for c in reader.chunks(rec.id)] == [0, 2]
    # ...and it cannot change anything, not even by mistake.
    for attempt in (
        lambda: reader.seal_chunk(rec.id, 3, b"x", started_at=0.0, duration=1.0),
        lambda: reader.begin_recording(
            title="x", sample_rate=48000, channels=1, subtype="PCM_16", started_at=0.0
        ),
        lambda: reader.quarantine(reader.chunks(rec.id)[0].id, "x"),
        lambda: reader.set_title(rec.id, "x"),
    ):
        with pytest.raises(OutboxError) as err:
            attempt()
        assert err.value.code == "read_only"
    assert not (data_dir / "chunks" / rec.id / "000003.flac.age").exists()
    assert len(writer.recordings()) == 1 and writer.recording(rec.id).title == "Weekly sync"


def test_reconcile_after_a_crash(open_outbox, tone_chunks, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = _begin(box)
    tones = tone_chunks(5)
    c = [
        box.seal_chunk(rec.id, i, encode_flac(t), started_at=float(i), duration=1.0)
        for i, t in enumerate(tones)
    ]
    _confirm(box, c[3])
    _confirm(box, c[4])  # confirmed, then a crash before erase_chunk
    box.close()
    rdir = data_dir / "chunks" / rec.id
    (rdir / "000009.flac.age").write_bytes(b"never indexed")  # written, crash before commit
    part_path(rdir / "000010.flac.age").write_bytes(b"half")  # crash inside write_atomic
    c[1].path.unlink()  # a sealed chunk's file vanished
    c[2].path.write_bytes(c[2].path.read_bytes()[:-10])  # truncated by a bad disk
    c[3].path.unlink()  # confirmed, erase unlinked it, crash before the row changed
    stale = data_dir / "journal" / rec.id / "000000.journal"  # crash between commit and delete
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"x")
    box = open_outbox()
    assert not (rdir / "000009.flac.age").exists()
    assert not part_path(rdir / "000010.flac.age").exists()
    assert not stale.exists()
    states = {x.index: x.state for x in box.chunks(rec.id)}
    assert states == {
        0: ChunkState.SEALED,
        1: ChunkState.QUARANTINED,
        2: ChunkState.QUARANTINED,
        3: ChunkState.ERASED,
        4: ChunkState.ERASED,
    }
    assert not c[4].path.exists()
    assert "missing" in (box.quarantine_reason(c[1].id) or "")
    assert "bytes" in (box.quarantine_reason(c[2].id) or "")
    assert verify_audit_log(box.audit.path, box.audit._key) == []


def test_recording_erased_once_its_last_chunk_is(open_outbox, tone_chunks, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = _begin(box)
    a, b = (
        box.seal_chunk(rec.id, i, encode_flac(t), started_at=float(i), duration=1.0)
        for i, t in enumerate(tone_chunks(2))
    )
    _confirm(box, a)
    box.erase_chunk(a.id)  # still recording: the key must stay
    assert box.keys.recording_identity(rec.id) is not None
    box.finish_recording(rec.id, time.time())
    assert box.recording(rec.id).state is RecordingState.STOPPED
    _confirm(box, b)
    box.erase_chunk(b.id)
    assert box.recording(rec.id).state is RecordingState.ERASED
    assert box.keys.recording_identity(rec.id) is None
    assert not (data_dir / "chunks" / rec.id).exists()


def test_index_from_a_newer_version_is_refused(open_outbox, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    open_outbox().close()
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(OutboxError) as err:
        open_outbox()
    assert err.value.code == "index_too_new"
    # The lock was given back: after the refusal nothing is held.
    lock = InstanceLock(data_dir / "instance.lock")
    lock.acquire()
    lock.release()


def test_free_bytes_is_the_file_systems(open_outbox, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    st = os.statvfs(data_dir)
    assert abs(box.free_bytes() - st.f_bavail * st.f_frsize) < 64 * 1024 * 1024


HOLDER = """
import sys, time
from outbox import InstanceLock
lock = InstanceLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_second_instance_is_refused(open_outbox, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    first = open_outbox()
    with pytest.raises(OutboxError) as err:
        open_outbox()
    assert err.value.code == "already_running"
    from app.messages import describe

    text = describe(err.value)
    assert "Another LogMeets Recorder" in text and str(data_dir) in text
    assert "logmeets record" in text
    reader = open_outbox(exclusive=False)  # read-only commands still work
    assert reader.recordings() == []
    first.close()
    open_outbox().close()  # released on close


def test_lock_held_by_another_process_and_released_when_it_dies(
    open_outbox, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    proc = subprocess.Popen(
        [PYTHON, "-c", HOLDER, str(data_dir / "instance.lock")],
        env=subprocess_env(data_dir),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(OutboxError) as err:
            open_outbox()
        assert err.value.code == "already_running"
    finally:
        proc.kill()
        proc.wait()
    open_outbox().close()  # the OS dropped the dead process's lock


def test_erased_recording_metadata_is_scrubbed_once_the_server_has_it(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, data_dir: Path
) -> None:
    box = open_outbox()
    rec = _begin(box, "Project Nightingale layoffs")
    box.add_marker(rec.id, Marker(3.0, "confidential-marker-text"))
    chunk = box.seal_chunk(rec.id, 0, encode_flac(tone_chunks(1)[0]), started_at=0.0, duration=1.0)
    _confirm(box, chunk)
    box.finish_recording(rec.id, time.time())
    box.erase_chunk(chunk.id)  # erased before the manifest went: the manifest still needs them
    assert box.manifest(rec.id)["title"] == "Project Nightingale layoffs"
    box.mark_manifest_sent(rec.id)
    after = box.recording(rec.id)
    assert (after.state, after.title, after.markers) == (RecordingState.ERASED, "", ())
    box.close()
    for f in data_dir.glob("index.sqlite3*"):
        raw = f.read_bytes()
        assert b"Nightingale" not in raw and b"confidential-marker" not in raw, f


def test_a_v2_index_migrates_to_v3_with_no_silences(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, data_dir: Path
) -> None:
    box = open_outbox()
    rec = _begin(box, "before silences")
    box.seal_chunk(rec.id, 0, encode_flac(tone_chunks(1)[0]), started_at=0.0, duration=1.0)
    box.close()
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    conn.execute("DROP TABLE silences")  # what LogMeets wrote before schema v3
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    box = open_outbox()
    assert SCHEMA_VERSION == 3
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()
    assert box.recording(rec.id).silences == ()
    box.add_silence(rec.id, Silence(0.0, 12.0))
    assert box.manifest(rec.id)["silences"] == [[0.0, 12.0]]
