"""The transport and its environment: proxies are read explicitly (with no_proxy), `~/.netrc`
never replaces the bearer header, and an answer's body is capped. Against the real server
behind the fault proxy (which records the Authorization header it received)."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path

import pytest
from faultproxy import Fault, FaultProxy, make_ca, on

from uploader import HTTPTransport, ProtocolError
from uploader.transport import MAX_ANSWER


def test_netrc_does_not_replace_the_bearer_header(
    proxy: FaultProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".netrc").write_text(netrc.read_text())
    (tmp_path / ".netrc").chmod(0o600)
    t = HTTPTransport(ca_file=proxy.ca_file)
    t.request("OPTIONS", proxy.url + "/files/", headers={"Authorization": "Bearer tok"})
    t.request("HEAD", proxy.url + "/files/nothing")  # no header of ours: netrc must not add one
    first, second = proxy.requests()
    assert first.authorization == "Bearer tok"
    assert second.authorization is None


def test_no_proxy_is_honoured(proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch):
    # A proxy that does not exist: a request through it fails, one that bypasses it works.
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1")
    assert HTTPTransport(ca_file=proxy.ca_file).request("OPTIONS", proxy.url + "/files/").status
    assert len(proxy.requests("OPTIONS")) == 1


def test_a_large_answer_is_refused(proxy: FaultProxy):
    proxy.add(Fault(on("GET"), respond=(200, {}, b"x" * (MAX_ANSWER + 1))))
    with pytest.raises(ProtocolError) as err:
        HTTPTransport(ca_file=proxy.ca_file).request("GET", proxy.url + "/api/v1/chunks/x")
    assert err.value.code == "answer_too_large"
    proxy.add(Fault(on("GET"), respond=(200, {}, b"x" * MAX_ANSWER)))
    reply = HTTPTransport(ca_file=proxy.ca_file).request("GET", proxy.url + "/api/v1/chunks/x")
    assert len(reply.body) == MAX_ANSWER


class Flood:
    """An HTTPS listener that answers every request with an endless body (chunked, or with a
    huge Content-Length) and counts the bytes it managed to send."""

    def __init__(self, cert_dir: Path, *, chunked: bool) -> None:
        self.ca, leaf, key = make_ca(cert_dir)
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(leaf, key)
        self.chunked = chunked
        self.sent = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        raw, _ = self.sock.accept()
        try:
            conn = self.ctx.wrap_socket(raw, server_side=True)
            head = b""
            while b"\r\n\r\n" not in head:
                head += conn.recv(4096)
            if self.chunked:
                conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                block = b"%x\r\n" % 65536 + b"y" * 65536 + b"\r\n"
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 8589934592\r\n\r\n")
                block = b"y" * 65536
            while self.sent < 1 << 30:  # a gigabyte at most, should the client keep reading
                conn.sendall(block)
                self.sent += len(block)
        except OSError:
            return


@pytest.mark.parametrize("chunked", [True, False])
def test_an_endless_answer_is_cut_at_the_cap(tmp_path: Path, chunked: bool):
    flood = Flood(tmp_path / "ca", chunked=chunked)
    with pytest.raises(ProtocolError) as err:
        HTTPTransport(ca_file=flood.ca, timeout=(5.0, 5.0)).request("GET", flood.url + "/x")
    assert err.value.code == "answer_too_large"
    assert flood.sent < MAX_ANSWER + 16 * 1024 * 1024  # what the socket buffers took, no more
