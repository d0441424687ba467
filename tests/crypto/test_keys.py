"""Per-purpose device keys in the real Secret Service."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from crypto.container import seal, unseal
from crypto.errors import CryptoError
from crypto.keys import AUDIT_KEY_NAME, DeviceKeys, recording_entry_name
from crypto.keystore import MAX_ENTRY_BYTES, KeyStore

pytestmark = pytest.mark.realkeyring
Entries = Callable[[str], dict[str, str]]


def test_recording_identity_lives_in_the_keyring(
    real_store: KeyStore, service_name: str, ss_entries: Entries
) -> None:
    rid = str(uuid.uuid4())
    recipient = DeviceKeys(real_store).new_recording_identity(rid)
    assert recipient.startswith("age1")
    entries = ss_entries(service_name)
    assert list(entries) == [f"recording/{rid}"]
    assert entries[f"recording/{rid}"].startswith("AGE-SECRET-KEY-1")
    assert len(entries[f"recording/{rid}"].encode("utf-16-le")) < MAX_ENTRY_BYTES
    # A fresh DeviceKeys (no cache: a restarted app) finds the same identity.
    identity = DeviceKeys(real_store).recording_identity(rid)
    assert identity is not None and str(identity.to_public()) == recipient
    assert unseal(seal(b"pcm", [recipient]), [identity]) == b"pcm"


def test_new_recording_identity_never_replaces_an_existing_one(real_store: KeyStore) -> None:
    rid = str(uuid.uuid4())
    first = DeviceKeys(real_store).new_recording_identity(rid)
    assert DeviceKeys(real_store).new_recording_identity(rid) == first


def test_journal_key_is_per_recording_and_dies_with_it(real_store: KeyStore) -> None:
    keys = DeviceKeys(real_store)
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    keys.new_recording_identity(a)
    keys.new_recording_identity(b)
    ka = keys.journal_key(a)
    assert len(ka) == 32
    assert DeviceKeys(real_store).journal_key(a) == ka  # derived, stable across restarts
    assert keys.journal_key(b) != ka
    assert ka not in {str(keys.recording_identity(a)).encode()}
    keys.forget_recording(a)
    assert keys.recording_identity(a) is None
    assert DeviceKeys(real_store).recording_identity(a) is None
    with pytest.raises(CryptoError) as info:
        keys.journal_key(a)
    assert info.value.code == "recording_key_missing"
    keys.forget_recording(a)  # idempotent
    assert keys.journal_key(b)  # the other recording is untouched


def test_audit_key_is_random_stable_and_separate(
    real_store: KeyStore, service_name: str, ss_entries: Entries
) -> None:
    k1 = DeviceKeys(real_store).audit_key()
    assert len(k1) == 32
    assert DeviceKeys(real_store).audit_key() == k1
    assert AUDIT_KEY_NAME in ss_entries(service_name)
    other = f"{service_name} other"
    try:
        k2 = DeviceKeys(KeyStore(real_store._backend, service=other)).audit_key()
        assert k2 != k1
    finally:
        KeyStore(real_store._backend, service=other).delete(AUDIT_KEY_NAME)


def test_damaged_audit_entry_is_reported(real_store: KeyStore) -> None:
    real_store.set(AUDIT_KEY_NAME, "not base64 at all!")
    with pytest.raises(CryptoError) as info:
        DeviceKeys(real_store).audit_key()
    assert info.value.code == "keyring_entry_invalid"


def test_recording_ids_must_be_uuids() -> None:
    with pytest.raises(CryptoError):
        recording_entry_name("../../etc")
    rid = uuid.uuid4()
    assert recording_entry_name(str(rid).upper()) == f"recording/{rid}"
