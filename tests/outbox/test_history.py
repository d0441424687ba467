"""The history (outbox.history): a recording's title, start, duration and markers stay readable
after crypto-erase, sealed to their own key in the real keyring; removing an entry re-keys the
file so that a copy of the old one opens no more."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from outbox_helpers import encode_flac

from crypto.container import unseal
from crypto.errors import CryptoError
from crypto.keys import DeviceKeys, recording_entry_name
from crypto.keystore import KeyStore, MemoryKeyStore
from outbox import (
    HISTORY_IDENTITY_NAME,
    HISTORY_NAME,
    HISTORY_NEXT_NAME,
    History,
    HistoryEntry,
    Marker,
    OutboxError,
    RecordingState,
)


def _uploaded(box, tone_chunks, title: str, markers=()):  # type: ignore[no-untyped-def]
    """A recording of two 1 s chunks, uploaded, erased and its manifest accepted."""
    rec = box.begin_recording(
        title=title, sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    for m in markers:
        box.add_marker(rec.id, m)
    for i, audio in enumerate(tone_chunks(2)):
        chunk = box.seal_chunk(rec.id, i, encode_flac(audio), started_at=i, duration=1.0)
        box.set_upload(chunk.id, url="https://h/f/" + chunk.id, offset=0)
        box.mark_uploaded(chunk.id)
        box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)
        box.erase_chunk(chunk.id)
    box.finish_recording(rec.id, time.time())
    box.mark_manifest_sent(rec.id)
    return rec


@pytest.mark.realkeyring
def test_the_title_outlives_crypto_erase_under_its_own_key(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, real_keys: DeviceKeys, real_store: KeyStore, data_dir: Path
) -> None:
    box = open_outbox(keys=real_keys)
    marks = (Marker(0.5, "budget agreed"),)
    rec = _uploaded(box, tone_chunks, "Quarterly planning", marks)
    # Crypto-erase happened: the recording's key is gone, the index holds no words.
    assert real_store.get(recording_entry_name(rec.id)) is None
    assert box.recording(rec.id).title == ""
    [shown] = box.recordings()
    assert (shown.state, shown.title, shown.markers, shown.in_history) == (
        RecordingState.ERASED,
        "Quarterly planning",
        marks,
        True,
    )
    # Sealed: no plaintext on disk; it opens with the identity in the keyring, not another.
    raw = (data_dir / HISTORY_NAME).read_bytes()
    assert raw.startswith(b"age-encryption.org/v1") and b"Quarterly" not in raw
    import pyrage

    identity = pyrage.x25519.Identity.from_str(str(real_store.get(HISTORY_IDENTITY_NAME)))
    doc = json.loads(unseal(raw, [identity]))
    assert (doc["format"], doc["version"]) == ("logmeets-history", 1)
    assert doc["entries"][0]["title"] == "Quarterly planning"
    assert doc["entries"][0]["duration"] == 2.0
    with pytest.raises(CryptoError):
        unseal(raw, [pyrage.x25519.Identity.generate()])
    # A new process (a read-only `logmeets list`) reads it too.
    box.close()
    reader = open_outbox(keys=DeviceKeys(real_store), exclusive=False)
    assert [r.title for r in reader.recordings()] == ["Quarterly planning"]


@pytest.mark.realkeyring
def test_removing_an_entry_rekeys_so_a_backup_copy_opens_no_more(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, real_keys: DeviceKeys, real_store: KeyStore, data_dir: Path
) -> None:
    box = open_outbox(keys=real_keys)
    gone = _uploaded(box, tone_chunks, "Salary review")
    kept = _uploaded(box, tone_chunks, "Team lunch")
    backup = data_dir.parent / "history-backup.age"
    shutil.copy(data_dir / HISTORY_NAME, backup)
    old_identity = real_store.get(HISTORY_IDENTITY_NAME)

    box.remove_from_history(gone.id)

    assert [r.title for r in box.recordings()] == ["Team lunch"]
    assert [r.id for r in box.recordings()] == [kept.id]
    assert box.chunks(gone.id) == []  # its rows are gone from the index too
    new_identity = real_store.get(HISTORY_IDENTITY_NAME)
    assert new_identity and new_identity != old_identity
    assert real_store.get(HISTORY_NEXT_NAME) is None
    import pyrage

    # The backup was sealed to the old identity, which the keyring no longer holds.
    with pytest.raises(CryptoError):
        unseal(backup.read_bytes(), [pyrage.x25519.Identity.from_str(new_identity)])
    assert b"Salary" not in (data_dir / HISTORY_NAME).read_bytes()
    for f in data_dir.glob("index.sqlite3*"):
        assert gone.id.encode() not in f.read_bytes(), f
    audit = (data_dir / "audit.log").read_text()
    assert '"history_removed"' in audit


def test_only_an_uploaded_erased_recording_can_be_removed(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks
) -> None:
    box = open_outbox()
    rec = box.begin_recording(
        title="Still here", sample_rate=48000, channels=1, subtype="PCM_16", started_at=1.0
    )
    box.seal_chunk(rec.id, 0, encode_flac(tone_chunks(1)[0]), started_at=1.0, duration=1.0)
    with pytest.raises(OutboxError) as err:
        box.remove_from_history(rec.id)
    assert err.value.code == "history_not_removable"
    assert err.value.fields == {"recording_id": rec.id, "state": "recording"}
    assert [r.title for r in box.recordings()] == ["Still here"]
    with pytest.raises(OutboxError) as unknown:
        box.remove_from_history("00000000-0000-4000-8000-000000000000")
    assert unknown.value.code == "unknown_recording"


def test_a_crash_between_the_rekeyed_file_and_its_key_is_finished_at_the_next_read(
    tmp_path: Path,
) -> None:
    store = MemoryKeyStore()
    history = History(tmp_path, store)
    history.put(HistoryEntry("a", "One", 1.0, 2.0))
    history.put(HistoryEntry("b", "Two", 3.0, 4.0))
    # The crash: the new identity is staged and the file sealed to it, the old one still set.
    import pyrage

    fresh = pyrage.x25519.Identity.generate()
    store.set(HISTORY_NEXT_NAME, str(fresh))
    history._write({"b": HistoryEntry("b", "Two", 3.0, 4.0)}, fresh)
    again = History(tmp_path, store)
    assert list(again.entries()) == ["b"]
    assert store.get(HISTORY_IDENTITY_NAME) == str(fresh)
    assert store.get(HISTORY_NEXT_NAME) is None


def test_a_damaged_history_leaves_the_list_working_untitled(  # type: ignore[no-untyped-def]
    open_outbox, tone_chunks, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    box = open_outbox()
    rec = _uploaded(box, tone_chunks, "Board meeting")
    path = data_dir / HISTORY_NAME
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(OutboxError) as err:
        History(data_dir, box.keys.store).entries()
    assert err.value.code == "history_unreadable"
    [shown] = box.recordings()
    assert (shown.id, shown.title, shown.in_history) == (rec.id, "", False)
    assert "history is not readable" in caplog.text
    # The next upload starts a new history rather than failing the erase.
    later = _uploaded(box, tone_chunks, "Next meeting")
    assert {r.id: r.title for r in box.recordings()} == {rec.id: "", later.id: "Next meeting"}


def test_a_reader_follows_a_rekey_made_by_another_process(tmp_path: Path) -> None:
    store = MemoryKeyStore()
    writer, reader = History(tmp_path, store), History(tmp_path, store)
    writer.put(HistoryEntry("a", "One", 1.0, 2.0))
    writer.put(HistoryEntry("b", "Two", 3.0, 4.0))
    assert set(reader.entries()) == {"a", "b"}  # the reader caches the identity
    assert writer.remove("a")
    assert set(reader.entries()) == {"b"}  # re-read under the key store's new identity
