"""The organisation's key pair, split by where each half may live (docs/protocol.md §9, §10).

The ingest server only ever holds the public recipient: from `--org-recipient age1…`, from
`--org-recipient-file` (a file holding only the public key), or from `DATA/org-recipient.txt`.
The identity (private key) is read only by `export`, which runs where the organisation keeps
it. For demos (`serve --demo-user` with no recipient configured) a key pair is made once and
its identity written beside the data directory, never inside it."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pyrage

from server.errors import ServerError
from server.storage import write_atomic

RECIPIENT_FILE = "org-recipient.txt"
# Older versions kept the identity here, inside the ingest data directory.
LEGACY_IDENTITY_FILE = "org-identity.txt"
log = logging.getLogger("server")


def demo_identity_path(data_dir: Path) -> Path:
    """Where demo mode keeps the organisation identity: beside `data_dir`, not in it."""
    return data_dir.parent / f"{data_dir.name}.org-identity.txt"


def parse_recipient(text: str, source: str) -> str:
    """An age X25519 recipient (`age1…`) in canonical form, or `org_recipient_invalid`."""
    try:
        return str(pyrage.x25519.Recipient.from_str(text.strip()))
    except (pyrage.RecipientError, ValueError):
        raise ServerError(
            f"{source} is not an age X25519 recipient (age1…, as age-keygen -y prints).",
            code="org_recipient_invalid",
        ) from None


def read_recipient_file(path: Path) -> str:
    """The one recipient of a public-key file (`#` comments allowed). A file that holds a
    private key is refused: the ingest server must never read one."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ServerError(
            f"Cannot read the organisation recipient file {path}: {exc}",
            code="org_recipient_invalid",
        ) from exc
    if "AGE-SECRET-KEY-" in text.upper():
        raise ServerError(
            f"{path} holds a private key: give the ingest server the public key only "
            "(age1…, as age-keygen -y prints), and keep the identity where you run export.",
            code="org_recipient_file_secret",
        )
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if len(lines) != 1:
        raise ServerError(
            f"{path} must hold exactly one recipient line (age1…).", code="org_recipient_invalid"
        )
    return parse_recipient(lines[0], str(path))


def _write_identity(path: Path, identity: pyrage.x25519.Identity) -> None:
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"# created: {created}\n# public key: {identity.to_public()}\n{identity}\n"
    write_atomic(path, text.encode("ascii"), mode=0o600)
    if os.name == "posix":
        os.chmod(path, 0o600)


def resolve_recipient(
    data_dir: Path, *, given: str | None, given_file: Path | None, demo: bool
) -> str:
    """The recipient `serve` announces; also recorded in `DATA/org-recipient.txt`."""
    legacy = data_dir / LEGACY_IDENTITY_FILE
    if legacy.exists():
        public = load_identity(legacy).to_public()
        raise ServerError(
            f"{legacy} holds the organisation's private key, which the ingest server must not "
            "hold. Move it to where you run 'logmeets-server export' and start the server with "
            f"--org-recipient {public}",
            code="org_identity_on_server",
        )
    stored = data_dir / RECIPIENT_FILE
    if given is not None:
        recipient = parse_recipient(given, "--org-recipient")
    elif given_file is not None:
        recipient = read_recipient_file(given_file)
    elif stored.exists():
        return read_recipient_file(stored)
    elif demo:
        kept = demo_identity_path(data_dir)
        if kept.exists():
            identity = load_identity(kept)
            if os.name == "posix":
                os.chmod(kept, 0o600)  # e.g. moved here from an older data dir by hand
        else:
            identity = pyrage.x25519.Identity.generate()
            _write_identity(kept, identity)
        log.warning("demo mode: the organisation identity is in %s (outside the data dir)", kept)
        recipient = str(identity.to_public())
    else:
        raise ServerError(
            "Give the organisation's recipient: --org-recipient age1… or --org-recipient-file "
            "FILE (public key only). The identity stays where you run export.",
            code="org_recipient_missing",
        )
    write_atomic(stored, f"{recipient}\n".encode("ascii"), mode=0o644)
    return recipient


def load_recipient(data_dir: Path, given: str | None) -> str:
    """The recipient for `create_app`: `given`, else the one recorded in the data dir."""
    if given is not None:
        return parse_recipient(given, "the organisation recipient")
    path = data_dir / RECIPIENT_FILE
    if not path.exists():
        raise ServerError(
            "No organisation recipient is configured (ServerConfig.org_recipient).",
            code="org_recipient_missing",
        )
    return read_recipient_file(path)


def load_identity(path: Path) -> pyrage.x25519.Identity:
    """An organisation identity file (the age-keygen format), for `export`."""
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
