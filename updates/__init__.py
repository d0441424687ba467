"""Signed updates over TUF (tufup on python-tuf): the client that checks, downloads, verifies,
stages and applies a new version. Imports `uploader` for its TLS rules only; never Qt.

The repository side (`updates.repo`, `updates.release_cli`: the `logmeets-release` command) is
for the vendor's release host and is left out of the app bundle.
"""

from updates.errors import CODES, UpdateError

__all__ = ["CODES", "UpdateError"]
