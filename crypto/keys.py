"""Per-purpose keys of this device, kept in the KeyStore.

- One age X25519 identity per recording (`recording/<id>`): its chunks are sealed to it (plus the
  organisation). Deleting that one entry is the crypto-erase of the recording.
- The journal key of a recording is derived from that identity (HKDF-SHA256, own info label), so
  it dies with it: no separate entry to forget.
- The audit-log key (`audit/key`): 32 random bytes, independent of any recording.
- The audit log's head (`audit/head/<log id>`, the log id being the data directory's device id):
  the seq and MAC of the last entry written, kept where a rollback or deletion in the data
  directory cannot reach it (not secret; the audit key MACs it).
- Credentials are the uploader's, under its own names.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
import uuid
from typing import Any

import pyrage
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.errors import CryptoError
from crypto.keystore import KeyStore

__all__ = [
    "AUDIT_KEY_NAME",
    "DeviceKeys",
    "audit_head_entry_name",
    "recording_entry_name",
]

AUDIT_KEY_NAME = "audit/key"
_AUDIT_HEAD_PREFIX = "audit/head/"
_RECORDING_PREFIX = "recording/"
_JOURNAL_INFO = b"LogMeets journal key v1\x00"


def recording_entry_name(recording_id: str) -> str:
    """Keyring entry name of a recording's identity (the id must be a UUID)."""
    return _uuid_entry_name(_RECORDING_PREFIX, recording_id, "recording ids are UUIDs")


def audit_head_entry_name(log_id: str) -> str:
    """Keyring entry name of an audit log's head record (the log id must be a UUID)."""
    return _uuid_entry_name(_AUDIT_HEAD_PREFIX, log_id, "audit log ids are UUIDs")


def _uuid_entry_name(prefix: str, value: str, reason: str) -> str:
    try:
        canonical = str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise CryptoError(
            "keyring entry id is not a UUID",
            code="keyring_entry_invalid",
            name=str(value)[:40],
            reason=reason,
        ) from exc
    return prefix + canonical


class DeviceKeys:
    """Creates, finds and forgets this device's keys in a KeyStore.

    Identities are cached in memory after the first keyring read (a Secret Service round trip
    costs ~0.1 s); `forget_recording` drops the cache entry together with the keyring entry.
    """

    def __init__(self, store: KeyStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._identities: dict[str, Any] = {}

    @property
    def store(self) -> KeyStore:
        """The KeyStore the keys live in."""
        return self._store

    def audit_key(self) -> bytes:
        """The 32-byte audit-log key, created at random on first use."""
        with self._lock:
            key = self._stored_audit_key()
            if key is not None:
                return key
            key = secrets.token_bytes(32)
            self._store.set(AUDIT_KEY_NAME, base64.b64encode(key).decode("ascii"))
            return key

    def existing_audit_key(self) -> bytes | None:
        """The audit-log key if the keyring holds one; never creates it (for checking a log)."""
        with self._lock:
            return self._stored_audit_key()

    def audit_head(self, log_id: str) -> str | None:
        """The head record of audit log `log_id` as last stored by `set_audit_head`, or None."""
        return self._store.get(audit_head_entry_name(log_id))

    def set_audit_head(self, log_id: str, value: str) -> None:
        """Replace the head record of audit log `log_id` (written after each of its entries)."""
        self._store.set(audit_head_entry_name(log_id), value)

    def new_recording_identity(self, recording_id: str) -> str:
        """Create the recording's X25519 identity and return its `age1…` recipient.

        Idempotent: if the recording already has an identity it is kept (overwriting it would
        make its sealed chunks unreadable) and its recipient is returned.
        """
        name = recording_entry_name(recording_id)
        with self._lock:
            existing = self._load(recording_id, name)
            if existing is not None:
                return str(existing.to_public())
            identity = pyrage.x25519.Identity.generate()
            self._store.set(name, str(identity))
            self._identities[name] = identity
            return str(identity.to_public())

    def recording_identity(self, recording_id: str) -> Any | None:
        """The recording's pyrage.x25519.Identity, or None once forgotten (or never created)."""
        name = recording_entry_name(recording_id)
        with self._lock:
            return self._load(recording_id, name)

    def journal_key(self, recording_id: str) -> bytes:
        """32-byte journal key: HKDF-SHA256 of the recording identity, salted with its id.

        Raises CryptoError(code="recording_key_missing") once the recording is forgotten.
        """
        identity = self.recording_identity(recording_id)
        if identity is None:
            raise CryptoError(
                "the recording's key is gone",
                code="recording_key_missing",
                recording_id=recording_id,
            )
        canonical = str(uuid.UUID(recording_id))
        hkdf = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=canonical.encode("ascii"),
            info=_JOURNAL_INFO + canonical.encode("ascii"),
        )
        return hkdf.derive(str(identity).encode("ascii"))

    def forget_recording(self, recording_id: str) -> None:
        """Delete the recording's identity: its chunks and journals can no longer be opened here.

        Idempotent; the organisation's copy (sealed to its own recipient) is unaffected.
        """
        name = recording_entry_name(recording_id)
        with self._lock:
            self._identities.pop(name, None)
            self._store.delete(name)

    # -- private --------------------------------------------------------------------------------

    def _stored_audit_key(self) -> bytes | None:
        stored = self._store.get(AUDIT_KEY_NAME)
        if stored is None:
            return None
        try:
            key = base64.b64decode(stored, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CryptoError(
                "audit key in the keyring is damaged",
                code="keyring_entry_invalid",
                name=AUDIT_KEY_NAME,
                reason="not base64",
            ) from exc
        if len(key) != 32:
            raise CryptoError(
                "audit key in the keyring is damaged",
                code="keyring_entry_invalid",
                name=AUDIT_KEY_NAME,
                reason="not 32 bytes",
            )
        return key

    def _load(self, recording_id: str, name: str) -> Any | None:
        cached = self._identities.get(name)
        if cached is not None:
            return cached
        text = self._store.get(name)
        if text is None:
            return None
        try:
            identity = pyrage.x25519.Identity.from_str(text.strip())
        except Exception as exc:
            raise CryptoError(
                "recording key in the keyring is damaged",
                code="keyring_entry_invalid",
                name=name,
                reason="not an age identity",
            ) from exc
        self._identities[name] = identity
        return identity
