"""The organisation's age identity: created at first start in the data dir (mode 0600), or
read from a file given with `--org-identity` (the `age-keygen` format)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pyrage

from server.errors import ServerError
from server.storage import write_atomic

FILE_NAME = "org-identity.txt"


def _parse(path: Path) -> pyrage.x25519.Identity:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ServerError(
            f"Cannot read the organisation identity file {path}: {exc}",
            code="org_identity_unreadable",
            path=str(path),
        ) from exc
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-1"):
            try:
                return pyrage.x25519.Identity.from_str(line)
            except pyrage.IdentityError:
                break
    raise ServerError(
        f"{path} holds no age X25519 identity (a line AGE-SECRET-KEY-1…, as age-keygen writes).",
        code="org_identity_invalid",
        path=str(path),
    )


def load_or_create(data_dir: Path, given: Path | None = None) -> pyrage.x25519.Identity:
    """The organisation identity: from `given`, else `DATA/org-identity.txt` (made if absent)."""
    if given is not None:
        return _parse(given)
    path = data_dir / FILE_NAME
    if path.exists():
        return _parse(path)
    identity = pyrage.x25519.Identity.generate()
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = (f"# created: {created}\n# public key: {identity.to_public()}\n{identity}\n").encode(
        "ascii"
    )
    write_atomic(path, text, mode=0o600)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return identity
