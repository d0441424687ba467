"""Behind HAProxy the login throttle counts the real client's address (docs/deploy.md §2):
`X-Forwarded-For` and `-Proto` are honoured from the trusted proxies only (127.0.0.1 and ::1,
or the addresses in `FORWARDED_ALLOW_IPS`). Any other peer that sends them is counted by its
own address, so a forged header cannot dodge the per-address lock. Real server subprocesses;
the peers are two loopback addresses (127.0.0.1 and 127.0.0.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter
from serverkit import DEMO, Client, ServerProc

PER_ADDRESS = 20  # ServerConfig.login_failures_per_address
pytestmark = pytest.mark.slow  # ~45 sign-ins, one scrypt each


class _From(HTTPAdapter):
    """Connections from a chosen local address."""

    def __init__(self, source: str) -> None:
        self._source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


def _peer(server: ServerProc, source: str) -> Client:
    c = Client(server)
    c.http.mount("https://", _From(source))
    c.http.mount("http://", _From(source))
    return c


def _login(c: Client, user: str, password: str, **headers: str) -> requests.Response:
    body = {"user": user, "password": password, "device_id": "dev-1", "client_version": "0.1.0"}
    return c.http.post(c.api("session"), json=body, headers=headers, timeout=60)


def _fail(c: Client, user: str, **headers: str) -> int:
    return _login(c, user, "wrong", **headers).status_code


def test_a_forged_header_from_another_peer_does_not_change_the_counted_address(
    start_server: Callable[..., ServerProc],
) -> None:
    s = start_server()
    stranger, proxy = _peer(s, "127.0.0.2"), _peer(s, "127.0.0.1")
    # Every attempt claims another client address: the server counts the peer's own.
    codes = [_fail(stranger, f"a{i}", **{"X-Forwarded-For": f"192.0.2.{i}"}) for i in range(21)]
    assert codes == [401] * PER_ADDRESS + [429], codes
    r = _login(stranger, *DEMO, **{"X-Forwarded-For": "192.0.2.200"})
    assert (r.status_code, r.json()["error"]) == (429, "too_many_requests")
    # The lock is 127.0.0.2's alone: the proxy's own address still signs in.
    assert _login(proxy, *DEMO).status_code == 201


def test_the_trusted_proxy_forwards_the_client_address(
    start_server: Callable[..., ServerProc],
) -> None:
    s = start_server()
    proxy = _peer(s, "127.0.0.1")
    client_a = {"X-Forwarded-For": "198.51.100.7"}
    codes = [_fail(proxy, f"b{i}", **client_a) for i in range(21)]
    assert codes == [401] * PER_ADDRESS + [429], codes
    # Another client behind the same proxy, and the proxy itself, are not locked.
    assert _login(proxy, *DEMO, **{"X-Forwarded-For": "198.51.100.8"}).status_code == 201
    assert _login(proxy, *DEMO).status_code == 201
    # A chain: the address the proxy appended last that it does not trust is the client's.
    chained = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    assert _fail(proxy, "b-chain", **chained) == 429
    # The same forwarded address from an untrusted peer is that peer's, not client A's.
    assert _fail(_peer(s, "127.0.0.2"), "b-other", **client_a) == 401


def test_forwarded_allow_ips_names_the_proxies(
    start_server: Callable[..., ServerProc],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "127.0.0.2")
    s = start_server(tls_self_signed=False)
    proto = {"X-Forwarded-Proto": "https"}
    # Links say https:// only when the trusted proxy says the client used it.
    via_proxy = _login(_peer(s, "127.0.0.2"), *DEMO, **proto)
    assert via_proxy.json()["tus_endpoint"].startswith("https://"), via_proxy.text
    direct = _login(_peer(s, "127.0.0.1"), *DEMO, **proto)
    assert direct.json()["tus_endpoint"].startswith("http://"), direct.text
    # And 127.0.0.1 is no longer trusted: its forged addresses count against itself.
    codes = [
        _fail(_peer(s, "127.0.0.1"), f"c{i}", **{"X-Forwarded-For": f"192.0.2.{i}"})
        for i in range(21)
    ]
    assert codes == [401] * PER_ADDRESS + [429], codes
