"""A real HTTP CONNECT proxy on loopback that asks for Basic credentials (a corporate proxy
stand-in), and a PAC file served over HTTP on loopback.

The proxy answers a CONNECT without the right `Proxy-Authorization` with 407 and a
`Proxy-Authenticate: Basic` challenge, and with the right one opens a tunnel to the target: the
client's TLS goes through it untouched (it never sees the plaintext). It records every CONNECT:
its target and whether it was authorised. `user=None` accepts anyone.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import socket
import threading
from dataclasses import dataclass


@dataclass
class Connect:
    """One CONNECT the proxy read."""

    target: str
    authorised: bool
    credentials: str | None  # "user:password" as sent, or None


class AuthProxy:
    """The proxy. `start()` binds 127.0.0.1 on a free port; `stop()` closes everything."""

    def __init__(self, user: str | None = "proxyuser", password: str = "proxy-pass") -> None:
        self.user = user
        self.password = password
        self.connects: list[Connect] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        """host:port, as settings and the keyring name it."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> AuthProxy:
        threading.Thread(target=self._accept, name="authproxy", daemon=True).start()
        return self

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()
        with self._lock:
            for s in self._open:
                with contextlib.suppress(OSError):
                    s.close()

    def tunnels(self) -> list[str]:
        """Targets of the CONNECTs it let through."""
        return [c.target for c in self.connects if c.authorised]

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                self._open.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                data = client.recv(4096)
                if not data:
                    return
                head += data
            lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            method, target = lines[0].split()[:2]
            creds = None
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "proxy-authorization":
                    scheme, _, token = value.strip().partition(" ")
                    if scheme.lower() == "basic":
                        creds = base64.b64decode(token).decode("utf-8", "replace")
            ok = self.user is None or creds == f"{self.user}:{self.password}"
            self.connects.append(Connect(target, ok and method == "CONNECT", creds))
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            if not ok:
                client.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b'Proxy-Authenticate: Basic realm="corp"\r\n'
                    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
                )
                return
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=10)
            upstream.settimeout(None)
            with self._lock:
                self._open.append(upstream)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
            _pipe(client, upstream)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_WR)


def _pipe(a: socket.socket, b: socket.socket) -> None:
    try:
        while data := a.recv(65536):
            b.sendall(data)
    except OSError:
        pass
    finally:
        for s in (a, b):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


def pac_for(proxy: str, host: str) -> str:
    """A PAC script that sends `host` through `proxy` and everything else direct."""
    return (
        "function FindProxyForURL(url, host) {\n"
        f'  if (host == "{host}" || dnsDomainIs(host, ".{host}")) return "PROXY {proxy}";\n'
        '  return "DIRECT";\n'
        "}\n"
    )


class PacServer:
    """Serves one PAC script over plain HTTP on loopback, counting the downloads."""

    def __init__(self, script: str) -> None:
        self.script = script.encode()
        self.downloads = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.downloads += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ns-proxy-autoconfig")
                self.send_header("Content-Length", str(len(outer.script)))
                self.end_headers()
                self.wfile.write(outer.script)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/proxy.pac"

    def start(self) -> PacServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
