"""TLS: verification always on, an extra CA file that wins over REQUESTS_CA_BUNDLE, the SPKI
pin, and plain http refused except to loopback. Against the real server over HTTPS."""

from __future__ import annotations

import contextlib
import ssl
from pathlib import Path

import pytest
from uphelp import ServerProc

from uploader import HTTPTransport, InsecureURLError, TLSError, check_url
from uploader.transport import normalise_pin, spki_sha256


def server_pin(server: ServerProc) -> str:
    pem = (server.data / "tls" / "server.pem").read_text()
    return spki_sha256(ssl.PEM_cert_to_DER_cert(pem))


def test_untrusted_certificate_is_refused(server: ServerProc):
    t = HTTPTransport()  # the OS trust store only: the test CA is not in it
    with pytest.raises(TLSError) as err:
        t.request("OPTIONS", server.url + "/files/")
    assert err.value.code == "tls_untrusted"


def test_extra_ca_file_wins_over_the_environments_bundle(
    server: ServerProc, monkeypatch: pytest.MonkeyPatch
):
    # requests would let these replace Session.verify; the transport must not.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    reply = HTTPTransport(ca_file=server.ca).request("OPTIONS", server.url + "/files/")
    assert reply.status == 204
    assert "checksum" in reply.headers["Tus-Extension"]


def test_environment_bundle_cannot_add_trust(server: ServerProc, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca))
    with pytest.raises(TLSError):
        HTTPTransport().request("OPTIONS", server.url + "/files/")


def test_spki_pin_match_and_mismatch(server: ServerProc):
    pin = server_pin(server)
    ok = HTTPTransport(ca_file=server.ca, spki_pin=f"sha256/{pin}")
    assert ok.request("OPTIONS", server.url + "/files/").status == 204
    wrong = HTTPTransport(ca_file=server.ca, spki_pin="A" * 43 + "=")
    with pytest.raises(TLSError) as err:
        wrong.request("OPTIONS", server.url + "/files/")
    assert err.value.code == "tls_pin_mismatch"


def test_pin_forms_are_equivalent():
    b64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    hexed = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert normalise_pin(b64) == normalise_pin("sha256/" + b64) == normalise_pin(hexed) == b64


@pytest.mark.parametrize(
    "url",
    ["http://example.com/files/", "http://10.0.0.1:8080/", "ftp://127.0.0.1/", "file:///etc"],
)
def test_plain_http_refused_except_loopback(url: str):
    with pytest.raises(InsecureURLError):
        check_url(url)
    with pytest.raises(InsecureURLError):
        HTTPTransport().request("GET", url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:1/", "http://localhost:1/x", "http://[::1]:1/", "https://a.b/"]
)
def test_loopback_http_and_https_allowed(url: str):
    check_url(url)


def test_session_refuses_http_server(tmp_path: Path):
    from crypto import MemoryKeyStore
    from uploader import SignInSession

    with pytest.raises(InsecureURLError):
        SignInSession(HTTPTransport(), "http://logmeets.example.com", MemoryKeyStore())


def test_unreadable_ca_file_is_a_clear_error(tmp_path: Path):
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate")
    for path in (junk, tmp_path / "missing.pem"):
        with pytest.raises(TLSError) as err:
            HTTPTransport(ca_file=path)
        assert err.value.code == "ca_file_unreadable"
        assert err.value.fields["path"] == str(path)


class ConnectProxy:
    """A minimal HTTP CONNECT proxy (a corporate proxy stand-in) that counts tunnels."""

    def __init__(self) -> None:
        import socket
        import threading

        self.tunnels: list[str] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            head = b""
            while b"\r\n\r\n" not in head:
                head += client.recv(4096)
            target = head.split()[1].decode()
            self.tunnels.append(target)
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")

            def pipe(a: socket.socket, b: socket.socket) -> None:
                try:
                    while data := a.recv(65536):
                        b.sendall(data)
                except OSError:
                    pass
                finally:
                    for s in (a, b):
                        with contextlib.suppress(OSError):
                            s.shutdown(socket.SHUT_RDWR)

            threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


def test_proxy_from_the_environment_with_pin(server: ServerProc, monkeypatch: pytest.MonkeyPatch):
    proxy = ConnectProxy()
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    t = HTTPTransport(ca_file=server.ca, spki_pin=server_pin(server))
    assert t.request("OPTIONS", server.url + "/files/").status == 204
    assert proxy.tunnels == [f"127.0.0.1:{server.port}"]  # it went through the proxy
    wrong = HTTPTransport(ca_file=server.ca, spki_pin="A" * 43 + "=")
    with pytest.raises(TLSError) as err:  # the pin is checked inside the tunnel too
        wrong.request("OPTIONS", server.url + "/files/")
    assert err.value.code == "tls_pin_mismatch"
