"""Keys and ciphertext: the OS key store, the age chunk container, journal sealing, crypto-erase.

Imports nothing of ours. Every error raised here derives from `crypto.errors.CryptoError`.

Modules, one job each (formats: docs/file-format.md; why: docs/threat-model.md):
- `errors`: CryptoError and the table of its codes and fields.
- `keystore`: KeyStore over the OS keyring (explicit backend per OS, self-test), MemoryKeyStore.
- `keys`: DeviceKeys: per-recording age identities, derived journal keys, the audit key.
- `container`: seal/unseal chunks as standard age v1 files.
- `journal`: the sealed, fsync'd crash journal (JournalWriter, read_journal).
- `files`: write_atomic and the per-OS fsync helpers.
- `erase`: overwrite_and_unlink, the defence-in-depth half of erase.
"""

from crypto.keys import DeviceKeys
from crypto.keystore import KeyStore, MemoryKeyStore

__all__ = ["DeviceKeys", "KeyStore", "MemoryKeyStore"]
