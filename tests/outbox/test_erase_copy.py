"""Crypto-erase: a byte-for-byte copy of the data dir taken BEFORE a recording is erased holds
nothing that decrypts with any key the device still holds afterwards (read straight from the
real Secret Service), while the other recording in the same copy still does (the control)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pyrage
import pytest
from keyring_probe import secret_service_entries
from outbox_helpers import encode_flac

from crypto.errors import CryptoError
from crypto.journal import read_journal
from crypto.keys import DeviceKeys
from crypto.keystore import KeyStore

pytestmark = pytest.mark.realkeyring


def _record(box, signal: np.ndarray, chunks: int, title: str):  # type: ignore[no-untyped-def]
    rec = box.begin_recording(
        title=title, sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    sealed = []
    for i in range(chunks):
        part = signal[i * 48000 : (i + 1) * 48000]
        sealed.append(box.seal_chunk(rec.id, i, encode_flac(part), started_at=0.0, duration=1.0))
    # A journal of the chunk being recorded: encrypted PCM under the recording's key.
    journal = box.open_journal(rec.id, chunks)
    journal.append(signal[chunks * 48000 : chunks * 48000 + 24000].tobytes())
    journal.close()
    return rec, sealed


def _opens(data: bytes, identities: list[object]) -> bool:
    try:
        pyrage.decrypt(data, identities)
    except Exception:
        return False
    return True


def test_copy_taken_before_erase_cannot_be_decrypted_after(
    open_outbox,
    real_store: KeyStore,
    service_name: str,
    test_signal: np.ndarray,
    tmp_path: Path,
    data_dir: Path,
) -> None:  # type: ignore[no-untyped-def]
    keys = DeviceKeys(real_store)
    org = pyrage.x25519.Identity.generate()  # the organisation's: never on the device
    box = open_outbox(keys=keys, org_recipient=str(org.to_public()))
    erased, erased_chunks = _record(box, test_signal, 3, "to erase")
    kept, _ = _record(box, test_signal[200_000:], 2, "to keep")
    backup = tmp_path / "backup"
    box.close()
    shutil.copytree(data_dir, backup)  # e.g. a nightly backup of the home directory
    box = open_outbox(keys=keys)

    for c in erased_chunks:
        box.set_upload(c.id, url="https://h/f/" + c.id, offset=0)
        box.mark_uploaded(c.id)
        box.confirm(c.id, sha256=c.sha256, size=c.size)
    box.finish_recording(erased.id, time.time())
    for c in erased_chunks:
        box.erase_chunk(c.id)
    assert box.recording(erased.id).state.value == "erased"
    box.close()

    # Every key the device still holds, straight from the Secret Service.
    held = secret_service_entries(service_name)
    assert f"recording/{erased.id}" not in held
    assert f"recording/{kept.id}" in held
    identities = [
        pyrage.x25519.Identity.from_str(v) for k, v in held.items() if k.startswith("recording/")
    ]
    fresh = DeviceKeys(real_store)  # a new instance: nothing cached in memory
    journal_keys = [fresh.journal_key(kept.id), fresh.audit_key()]
    assert fresh.recording_identity(erased.id) is None

    files = [p for p in backup.rglob("*") if p.is_file()]
    erased_files = [p for p in files if erased.id in p.parts]
    assert len([p for p in erased_files if p.suffix == ".age"]) == 3
    assert len([p for p in erased_files if p.suffix == ".journal"]) == 1
    for path in files:
        data = path.read_bytes()
        if erased.id in path.parts or not (erased.id in path.parts or kept.id in path.parts):
            # Chunks, journals, the index, its WAL, the audit log: none opens any more.
            assert not _opens(data, identities), path
            for key in journal_keys:
                with pytest.raises(CryptoError):
                    read_journal(path, key, recording_id=kept.id)
                with pytest.raises(CryptoError):
                    read_journal(path, key, recording_id=erased.id)
    # The control: the same copy's other recording still opens, so the check can fail.
    kept_chunks = [p for p in files if kept.id in p.parts and p.suffix == ".age"]
    assert kept_chunks and all(_opens(p.read_bytes(), identities) for p in kept_chunks)
    kept_journal = next(p for p in files if kept.id in p.parts and p.suffix == ".journal")
    assert read_journal(kept_journal, fresh.journal_key(kept.id), recording_id=kept.id).frames
    # And the organisation's identity (held by the organisation, not the device) still opens
    # the erased recording's chunks in the copy: the server-side copy is unaffected.
    assert all(_opens(p.read_bytes(), [org]) for p in erased_files if p.suffix == ".age")
