"""Uploads through a real proxy on loopback (tests/authproxy.py) to the real HTTPS server: a
proxy that asks for Basic credentials (407), a PAC file that picks the proxy for one host and
DIRECT for the others, and PAC files that cannot be used. TLS is checked inside the tunnel."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from authproxy import AuthProxy, PacServer, pac_for
from uphelp import PASSWORD, USER, ServerProc

from crypto import MemoryKeyStore
from uploader import (
    HTTPTransport,
    ProxyCredentials,
    ProxyError,
    ProxyResolver,
    ProxySettings,
    SignInSession,
    TLSError,
)
from uploader.proxy import fetch_pac


@pytest.fixture()
def authproxy() -> Iterator[AuthProxy]:
    p = AuthProxy().start()
    yield p
    p.stop()


def manual(proxy: AuthProxy, credentials: ProxyCredentials | None = None) -> ProxyResolver:
    return ProxyResolver(ProxySettings("manual", server=proxy.address), credentials=credentials)


def test_a_407_is_proxy_auth_needed_and_credentials_let_the_upload_api_through(
    server: ServerProc, authproxy: AuthProxy
):
    resolver = manual(authproxy)
    t = HTTPTransport(ca_file=server.ca, proxy=resolver)
    with pytest.raises(ProxyError) as err:
        t.request("OPTIONS", server.url + "/files/")
    assert err.value.code == "proxy_auth_needed"
    assert err.value.fields["proxy"] == authproxy.address
    assert authproxy.connects[-1].credentials is None and not authproxy.tunnels()

    wrong = ProxyCredentials(authproxy.address, "proxyuser", "not-it")
    resolver.set_credentials(wrong)
    with pytest.raises(ProxyError):
        t.request("OPTIONS", server.url + "/files/")
    assert authproxy.connects[-1].credentials == "proxyuser:not-it"

    resolver.set_credentials(ProxyCredentials(authproxy.address, "proxyuser", "proxy-pass"))
    session = SignInSession(t, server.url, MemoryKeyStore(), device_id="d1", device_name="test")
    info = session.login(USER, PASSWORD)  # the password goes through the tunnel, TLS intact
    assert info.tus_endpoint
    assert authproxy.tunnels() and set(authproxy.tunnels()) == {f"127.0.0.1:{server.port}"}


def test_credentials_go_to_their_own_proxy_only(server: ServerProc, authproxy: AuthProxy):
    other = ProxyCredentials("10.9.9.9:3128", "proxyuser", "proxy-pass")
    t = HTTPTransport(ca_file=server.ca, proxy=manual(authproxy, other))
    with pytest.raises(ProxyError):
        t.request("OPTIONS", server.url + "/files/")
    assert authproxy.connects[-1].credentials is None  # never sent to another proxy


def test_tls_is_checked_through_the_proxy(server: ServerProc, authproxy: AuthProxy, tmp_path):
    creds = ProxyCredentials(authproxy.address, "proxyuser", "proxy-pass")
    other_ca = ServerProc(tmp_path / "other").start()
    try:
        t = HTTPTransport(ca_file=other_ca.ca, proxy=manual(authproxy, creds))  # wrong CA
        with pytest.raises(TLSError) as err:
            t.request("OPTIONS", server.url + "/files/")
        assert err.value.code == "tls_untrusted"
    finally:
        other_ca.stop()


def test_pac_picks_the_proxy_for_the_servers_host_and_direct_for_others(
    server: ServerProc, authproxy: AuthProxy
):
    pac = PacServer(pac_for(authproxy.address, "localhost")).start()
    creds = ProxyCredentials(authproxy.address, "proxyuser", "proxy-pass")
    resolver = ProxyResolver(ProxySettings("pac", pac_url=pac.url), credentials=creds)
    try:
        t = HTTPTransport(ca_file=server.ca, proxy=resolver)
        for _ in range(3):
            assert t.request("OPTIONS", f"https://localhost:{server.port}/files/").status == 204
        assert authproxy.tunnels() == [f"localhost:{server.port}"]  # one kept-alive tunnel
        before = len(authproxy.connects)
        assert t.request("OPTIONS", f"https://127.0.0.1:{server.port}/files/").status == 204
        assert len(authproxy.connects) == before  # DIRECT: the proxy saw nothing
        assert resolver.route(f"https://localhost:{server.port}/").describe() == (
            f"PROXY {authproxy.address}"
        )
        assert pac.downloads == 1  # fetched once, then cached
    finally:
        resolver.close()
        pac.stop()


def test_a_pac_that_cannot_be_fetched_or_run_is_a_clear_error(tmp_path: Path):
    gone = "http://127.0.0.1:9/proxy.pac"
    with pytest.raises(ProxyError) as err:
        ProxyResolver(ProxySettings("pac", pac_url=gone)).route("https://example.com/")
    assert err.value.code == "proxy_pac_failed" and err.value.fields["url"] == gone
    broken = tmp_path / "broken.pac"
    broken.write_text("function FindProxyForURL(url, host) { return ; ")  # a syntax error
    resolver = ProxyResolver(ProxySettings("pac", pac_url=broken.as_uri()))
    with pytest.raises(ProxyError) as err:
        resolver.route("https://example.com/")
    assert err.value.code == "proxy_pac_invalid"
    with pytest.raises(ProxyError) as err:
        fetch_pac(str(tmp_path / "missing.pac"))
    assert err.value.code == "proxy_pac_failed"


def test_a_looping_pac_is_stopped_and_the_process_keeps_running(tmp_path: Path):
    script = tmp_path / "loop.pac"
    script.write_text(
        "function FindProxyForURL(url, host) {\n"
        '  if (host == "loop.example") { while (true) {} }\n'
        '  return "DIRECT";\n}\n'
    )
    resolver = ProxyResolver(ProxySettings("pac", pac_url=script.as_uri()), pac_timeout=1.0)
    try:
        assert resolver.route("https://fine.example/").proxy is None
        ticks: list[float] = []
        stop = threading.Event()

        def tick() -> None:
            while not stop.is_set():
                ticks.append(time.monotonic())
                time.sleep(0.05)

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        started = time.monotonic()
        with pytest.raises(ProxyError) as err:
            resolver.route("https://loop.example/")
        took = time.monotonic() - started
        stop.set()
        ticker.join()
        assert err.value.code == "proxy_pac_timeout" and err.value.fields["seconds"] == "1"
        assert took < 10.0
        # Other threads ran meanwhile: the JavaScript did not hold this process's GIL.
        assert len([t for t in ticks if started < t < started + took]) >= 5
    finally:
        resolver.close()
