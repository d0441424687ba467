"""Helpers for the update tests: a real TUF repository made by `updates.repo`, bundle-shaped
folders, and an HTTPS static file server on loopback (the server's own self-signed CA) whose
answers a test can replace to play the attacker."""

from __future__ import annotations

import http.server
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from server.tls import ensure_self_signed
from updates.repo import ReleaseRepository


def make_bundle(folder: Path, version: str, size: int = 300_000) -> Path:
    """A folder shaped like the one-folder bundle: an executable, a library, the version."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_internal").mkdir(exist_ok=True)
    # The same "library" in every version, as in real releases, so a patch stays small.
    lib = bytes((i * 7919) % 251 for i in range(size))
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
