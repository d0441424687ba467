"""English texts for `crypto.errors.CryptoError` codes (see crypto.errors.CODES).

Each text says what happened and what the user can do; `{field}` placeholders are filled from
the error's fields. Every text is marked for the translation catalogues (app.messages.marker).
"""

from __future__ import annotations

from app.messages.marker import QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    "crypto_error": QT_TRANSLATE_NOOP(
        "Messages",
        "An encryption step failed. Restart LogMeets Recorder; if it happens again, "
        "contact your IT support.",
    ),
    "no_secure_keyring": QT_TRANSLATE_NOOP(
        "Messages",
        "No secure key store is available ({backend}), so LogMeets Recorder "
        "cannot protect recordings and will not record. To fix it: {hint}.",
    ),
    "keyring_timeout": QT_TRANSLATE_NOOP(
        "Messages",
        "The system key store did not answer within {timeout} seconds. Unlock "
        "your keyring (or sign in to your desktop session) and try again.",
    ),
    "keyring_locked": QT_TRANSLATE_NOOP(
        "Messages",
        "The system key store is locked. Unlock it (it usually opens with your "
        "login password) and try again.",
    ),
    "keyring_unavailable": QT_TRANSLATE_NOOP(
        "Messages",
        "The system key store is not working ({reason}). Make sure it is "
        "running and unlocked, then try again.",
    ),
    "keyring_entry_invalid": QT_TRANSLATE_NOOP(
        "Messages", "A key store entry ({name}) cannot be used: {reason}. Contact your IT support."
    ),
    "bad_recipient": QT_TRANSLATE_NOOP(
        "Messages",
        'The organisation\'s encryption key "{recipient}" is not a valid age '
        "recipient (it must start with age1). Ask your IT support for the correct org_recipient.",
    ),
    "no_recipients": QT_TRANSLATE_NOOP(
        "Messages",
        "There is no key to encrypt the recording to. Sign in again or ask your "
        "IT support to configure the organisation's recipient.",
    ),
    "seal_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "A recording chunk could not be encrypted ({reason}). Recording has stopped; "
        "restart LogMeets Recorder.",
    ),
    "chunk_corrupt": QT_TRANSLATE_NOOP(
        "Messages",
        "A recording chunk is damaged and cannot be decrypted ({reason}). It has "
        "been set aside and will not be uploaded or deleted; contact your IT support.",
    ),
    "chunk_misplaced": QT_TRANSLATE_NOOP(
        "Messages",
        "Chunk {index} of recording {recording_id} was saved as chunk {found_index} of "
        "recording {found_recording_id}: its file was moved, copied or swapped. It is not used "
        "as audio; leave the data folder as it is and tell your IT support.",
    ),
    "binding_invalid": QT_TRANSLATE_NOOP(
        "Messages",
        "A recording chunk does not say clearly where it belongs ({reason}). It is not used as "
        "audio; leave the data folder as it is and tell your IT support.",
    ),
    "recording_key_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "The key of recording {recording_id} is no longer on this "
        "computer (it was erased after upload). The organisation's copy is not affected.",
    ),
    "journal_corrupt": QT_TRANSLATE_NOOP(
        "Messages",
        "The crash journal {path} is damaged ({reason}) and cannot be recovered. "
        "It has been kept as is; contact your IT support if the recording matters.",
    ),
    "journal_exists": QT_TRANSLATE_NOOP(
        "Messages",
        "A crash journal already exists at {path}. Let LogMeets Recorder recover "
        "it first (restart the app), then record again.",
    ),
    "journal_closed": QT_TRANSLATE_NOOP(
        "Messages", "The crash journal {path} was already closed. Restart the recording."
    ),
    "record_too_large": QT_TRANSLATE_NOOP(
        "Messages",
        "A block of audio was too large to journal ({size} bytes, limit {limit}). "
        "Choose a lower sample rate or fewer channels.",
    ),
    "file_write_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "Could not write {path}: {reason}. Free some disk space or check the "
        "folder's permissions, then try again.",
    ),
    "erase_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "Could not delete the uploaded file {path} ({reason}). It is encrypted and "
        "its key has been or will be deleted; close programs that may hold it open and try again.",
    ),
}
