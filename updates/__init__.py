"""Signed updates over TUF (tufup on python-tuf): the client that checks, downloads, verifies,
stages and applies a new version. Imports `uploader` (its TLS rules) and `outbox` (the data
dir's single-instance lock); never Qt.

The repository side (`updates.repo`, `updates.release_cli`: the `logmeets-release` command) is
for the vendor's release host and is left out of the app bundle.
"""

from updates.client import CHANNELS, Staged, UpdateClient, UpdateConfig, UpdateInfo, staged
from updates.errors import CODES, UpdateError
from updates.install import apply_staged, can_install

__all__ = [
    "CHANNELS",
    "CODES",
    "Staged",
    "UpdateClient",
    "UpdateConfig",
    "UpdateError",
    "UpdateInfo",
    "apply_staged",
    "can_install",
    "staged",
]
