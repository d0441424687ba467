"""The chunk container: age v1 (age-encryption.org/v1) with X25519 recipients, through pyrage.

Any file sealed here opens with the standard `age`/`rage` tools and the identity of any one of
its recipients. Nothing is added around the age file: the organisation decrypts it into the
FLAC bytes with `age -d -i org.key`. Sealing is done once per chunk; the ciphertext is immutable
afterwards (age uses a fresh file key per file, so sealing twice never gives the same bytes, and
a resumed upload depends on the bytes not changing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import pyrage

from crypto.errors import CryptoError

__all__ = ["parse_recipient", "seal", "sha256_hex", "unseal"]


def parse_recipient(recipient: str) -> Any:
    """Parse an `age1…` X25519 recipient; CryptoError(code="bad_recipient") if it is not one."""
    text = recipient.strip()
    try:
        return pyrage.x25519.Recipient.from_str(text)
    except Exception as exc:  # pyrage raises RecipientError/ValueError depending on the flaw
        raise CryptoError(
            "not an age X25519 recipient", code="bad_recipient", recipient=text[:80]
        ) from exc


def seal(plaintext: bytes, recipients: Sequence[str]) -> bytes:
    """Encrypt `plaintext` into one age v1 file readable by each of `recipients` (`age1…`)."""
    if isinstance(recipients, str):
        # A lone string is a Sequence[str] of characters: a classic slip, refused loudly.
        raise TypeError("recipients must be a sequence of age1… strings, not one string")
    parsed = [parse_recipient(r) for r in dict.fromkeys(recipients)]
    if not parsed:
        raise CryptoError("no recipient to seal to", code="no_recipients")
    try:
        out = pyrage.encrypt(bytes(plaintext), parsed)
    except Exception as exc:
        raise CryptoError("age encryption failed", code="seal_failed", reason=str(exc)) from exc
    return bytes(out)


def unseal(ciphertext: bytes, identities: Sequence[Any]) -> bytes:
    """Decrypt an age v1 file with any of `identities` (pyrage.x25519.Identity).

    Every failure (wrong key, flipped bit, truncation, not an age file) is
    CryptoError(code="chunk_corrupt"): age authenticates the header and every 64 KiB payload
    chunk, and marks the last one, so no damaged file decrypts to partial plaintext.
    """
    if not identities:
        raise CryptoError(
            "no identity to open the chunk with", code="chunk_corrupt", reason="no identity"
        )
    try:
        out = pyrage.decrypt(bytes(ciphertext), list(identities))
    except Exception as exc:
        # pyrage's messages say which check failed; they contain no key material.
        raise CryptoError(
            "the chunk cannot be decrypted", code="chunk_corrupt", reason=str(exc)
        ) from exc
    return bytes(out)


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of a ciphertext: the value the index and the server receipt compare."""
    return hashlib.sha256(data).hexdigest()
