"""Resealing a chunk to the organisation's recipient (issue 13 item 1), and the index's schema v2
that records which organisation recipient each chunk is sealed to."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pyrage
import pytest
from outbox_helpers import encode_flac

from crypto.binding import bind_flac
from crypto.container import unseal
from outbox import SCHEMA_VERSION, ChunkState, OutboxError


def _recording_with_chunk(box, tone_chunks):  # type: ignore[no-untyped-def]
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    flac = encode_flac(tone_chunks(1)[0])
    chunk = box.seal_chunk(rec.id, 0, flac, started_at=rec.started_at, duration=1.0)
    return rec, chunk, bind_flac(flac, rec.id, 0)  # the plaintext it holds: bound to its place


def _actions(data_dir: Path) -> list[str]:
    lines = (data_dir / "audit.log").read_text().splitlines()
    return [json.loads(line)["action"] for line in lines]


def test_the_index_records_the_organisation_recipient_of_each_chunk(
    open_outbox, tone_chunks, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    org = str(pyrage.x25519.Identity.generate().to_public())
    box = open_outbox(org_recipient=org)
    _, chunk, _ = _recording_with_chunk(box, tone_chunks)
    assert chunk.org_recipient == org and box.org_recipient == org
    box.set_org_recipient(None)
    rec2 = box.begin_recording(
        title="u", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    flac = encode_flac(tone_chunks(1)[0])
    assert box.seal_chunk(rec2.id, 0, flac, started_at=0.0, duration=1.0).org_recipient is None


def test_a_v1_index_migrates_to_v2_with_no_recipient_known(
    open_outbox, tone_chunks, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    _rec, chunk, flac = _recording_with_chunk(box, tone_chunks)
    box.close()
    # Turn the index back into what LogMeets wrote before schema v2.
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    conn.execute("ALTER TABLE chunks DROP COLUMN org_recipient")
    conn.execute("DROP TABLE silences")  # v3
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    assert SCHEMA_VERSION == 3
    box = open_outbox()
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert conn.execute("SELECT org_recipient FROM chunks").fetchall() == [(None,)]
    conn.close()
    migrated = box.chunk(chunk.id)
    # Nothing else changed, and "not known" is resealed like "none".
    assert migrated == chunk
    org = pyrage.x25519.Identity.generate()
    after = box.reseal_chunk(chunk.id, str(org.to_public()))
    assert after.path is not None and unseal(after.path.read_bytes(), [org]) == flac


def test_reseal_forgets_the_upload_and_erases_the_old_file(
    open_outbox, tone_chunks, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec, chunk, flac = _recording_with_chunk(box, tone_chunks)
    box.set_upload(chunk.id, url="https://h/files/old", offset=1000)
    org = pyrage.x25519.Identity.generate()
    after = box.reseal_chunk(chunk.id, str(org.to_public()))
    assert (after.state, after.upload_url, after.upload_offset) == (ChunkState.SEALED, None, 0)
    assert after.path == data_dir / "chunks" / rec.id / f"000000.{after.sha256[:16]}.flac.age"
    assert chunk.path is not None and not chunk.path.exists()
    assert [p.name for p in (data_dir / "chunks" / rec.id).iterdir()] == [after.path.name]
    identity = box.keys.recording_identity(rec.id)
    assert (
        unseal(after.path.read_bytes(), [org])
        == flac
        == unseal(after.path.read_bytes(), [identity])
    )
    assert "chunk_resealed" in _actions(data_dir)
    assert not list(data_dir.rglob("*.part"))
    # A resealed chunk can be resealed again (another recipient): a new name once more.
    org2 = pyrage.x25519.Identity.generate()
    again = box.reseal_chunk(chunk.id, str(org2.to_public()))
    assert again.path != after.path and not after.path.exists()
    assert again.path is not None and unseal(again.path.read_bytes(), [org2]) == flac


def test_reseal_refuses_what_it_cannot_do_and_changes_nothing(
    open_outbox, tone_chunks, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec, chunk, _ = _recording_with_chunk(box, tone_chunks)
    org = str(pyrage.x25519.Identity.generate().to_public())
    assert chunk.path is not None
    original = chunk.path.read_bytes()
    chunk.path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))  # a flipped bit
    with pytest.raises(OutboxError) as err:
        box.reseal_chunk(chunk.id, org)
    assert err.value.code == "reseal_failed"
    assert "index hash" in err.value.fields["reason"]
    chunk.path.write_bytes(original)
    with pytest.raises(OutboxError) as err:
        box.reseal_chunk(chunk.id, "age1notarecipient")
    assert err.value.code == "reseal_failed"
    box.keys.forget_recording(rec.id)
    with pytest.raises(OutboxError) as err:
        box.reseal_chunk(chunk.id, org)
    assert err.value.code == "reseal_failed"
    assert box.chunk(chunk.id) == chunk
    assert [p.name for p in chunk.path.parent.iterdir()] == [chunk.path.name]


def test_a_crash_before_the_row_switches_keeps_the_old_chunk(
    open_outbox, tone_chunks, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """The new file is whole on disk and the process dies before the row points at it: what is
    left is the old row and file, plus the new file with no row."""
    box = open_outbox()
    _, chunk, _ = _recording_with_chunk(box, tone_chunks)
    assert chunk.path is not None
    old_bytes = chunk.path.read_bytes()
    org = pyrage.x25519.Identity.generate()
    after = box.reseal_chunk(chunk.id, str(org.to_public()))
    assert after.path is not None
    new_bytes = after.path.read_bytes()
    box.close()
    # Put the disk and the index back to that moment: old row, old file, new file unindexed.
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    conn.execute(
        "UPDATE chunks SET path = ?, size = ?, sha256 = ?, org_recipient = NULL WHERE id = ?",
        (chunk.path.relative_to(data_dir).as_posix(), chunk.size, chunk.sha256, chunk.id),
    )
    conn.commit()
    conn.close()
    chunk.path.write_bytes(old_bytes)
    after.path.write_bytes(new_bytes)
    box = open_outbox()
    kept = box.chunk(chunk.id)
    assert (kept.path, kept.sha256, kept.org_recipient) == (chunk.path, chunk.sha256, None)
    assert chunk.path.read_bytes() == old_bytes
    assert not after.path.exists()  # the orphan went at the open
    assert "reconcile_unindexed_deleted" in _actions(data_dir)


def test_a_crash_after_the_row_switched_removes_the_old_file_at_the_next_open(
    open_outbox, tone_chunks, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """The row points at the new file and the process dies before the old file is erased."""
    box = open_outbox()
    _, chunk, flac = _recording_with_chunk(box, tone_chunks)
    assert chunk.path is not None
    old_bytes = chunk.path.read_bytes()
    org = pyrage.x25519.Identity.generate()
    after = box.reseal_chunk(chunk.id, str(org.to_public()))
    box.close()
    chunk.path.write_bytes(old_bytes)  # the old file as it was before the erase
    box = open_outbox()
    assert box.chunk(chunk.id) == after
    assert not chunk.path.exists()
    assert after.path is not None and unseal(after.path.read_bytes(), [org]) == flac
