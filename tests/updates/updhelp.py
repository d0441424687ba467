"""Helpers for the update tests: a real TUF repository made by `updates.repo`, bundle-shaped
folders, and an HTTPS static file server on loopback (the server's own self-signed CA) whose
answers a test can replace to play the attacker."""

from __future__ import annotations

import http.server
import random
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.tls import ensure_self_signed
from updates import UpdateClient, UpdateConfig
from updates.repo import ReleaseRepository


def make_bundle(folder: Path, version: str, size: int = 300_000) -> Path:
    """A folder shaped like the one-folder bundle: an executable, a library, the version."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_internal").mkdir(exist_ok=True)
    # The same "library" in every version, as in real releases, so a patch stays small.
    lib = random.Random(0).randbytes(size)  # incompressible, like the bundle's libraries
    (folder / "_internal" / "libcore.so").write_bytes(lib)
    (folder / "VERSION").write_text(version, encoding="utf-8")
    exe = folder / "LogMeets"
    exe.write_text(f"#!/bin/sh\necho LogMeets {version}\n", encoding="utf-8")
    exe.chmod(0o755)
    return folder


def release_repo(root: Path) -> ReleaseRepository:
    """A repository whose keys are outside it, as `logmeets-release` requires."""
    return ReleaseRepository(root / "repo", root / "keys")


#: A hook: (path of the request) -> bytes (or an iterator of bytes) to send instead, or None.
Override = Callable[[str], "bytes | Iterator[bytes] | None"]


class StaticHTTPS:
    """Serves `root` over HTTPS on 127.0.0.1 with a certificate of its own CA (`ca`)."""

    def __init__(self, root: Path, tls_dir: Path) -> None:
        self.root = root
        self.ca, cert, key = ensure_self_signed(tls_dir)
        self.override: Override | None = None
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.path)
                body: Any = outer.override(self.path) if outer.override else None
                if body is None:
                    file = outer.root / self.path.lstrip("/")
                    if not file.is_file():
                        self.send_error(404)
                        return
                    body = file.read_bytes()
                self.send_response(200)
                if isinstance(body, bytes):
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.end_headers()  # no length: the stream ends when the server says so
                try:
                    for piece in body:
                        self.wfile.write(piece)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def resign(path: Path, key_files: list[Path], change: Callable[[Any], None] | None = None) -> None:
    """Rewrites the metadata file `path`: `change(signed)`, then signatures by `key_files` only
    (what an attacker with those keys, or none of ours, can produce)."""
    from securesystemslib.interface import import_ed25519_privatekey_from_file
    from securesystemslib.signer import SSlibSigner
    from tuf.api.metadata import Metadata
    from tuf.api.serialization.json import JSONSerializer

    md = Metadata.from_file(str(path))
    if change is not None:
        change(md.signed)
    md.signatures.clear()
    for key in key_files:
        md.sign(SSlibSigner(import_ed25519_privatekey_from_file(str(key))), append=True)
    md.to_file(str(path), serializer=JSONSerializer(compact=False))


def new_key(folder: Path, name: str) -> Path:
    """A fresh ed25519 key pair nobody trusts; returns the private key's path."""
    from securesystemslib.interface import generate_and_write_unencrypted_ed25519_keypair

    folder.mkdir(parents=True, exist_ok=True)
    return Path(generate_and_write_unencrypted_ed25519_keypair(filepath=str(folder / name)))


@dataclass
class World:
    tmp: Path
    repo: ReleaseRepository
    server: StaticHTTPS
    install: Path
    data: Path
    trusted_root: bytes
    #: The metadata as it was with 0.1.0 only (what a replaying attacker kept).
    old_metadata: Path

    @property
    def cache(self) -> Path:
        return self.data / "updates"

    def client(self, **overrides: object) -> UpdateClient:
        config = UpdateConfig(
            url=self.server.url,
            cache_dir=self.cache,
            current_version=(self.install / "VERSION").read_text(encoding="utf-8"),
            trusted_root=self.trusted_root,
            ca_file=self.server.ca,
        )
        for key, value in overrides.items():
            object.__setattr__(config, key, value)
        return UpdateClient(config)

    def publish(self, version: str, notes: str = "") -> None:
        self.repo.add_release(make_bundle(self.tmp / f"b{version}", version), version, notes=notes)

    def installed(self) -> str:
        return (self.install / "VERSION").read_text(encoding="utf-8")
