"""Update downloads go through the same proxy resolver as uploads: a proxy that asks for a
password stops the check with `proxy_auth_needed`; with the credentials the whole check and
download (real TUF metadata over real HTTPS) runs through the proxy's tunnel."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from authproxy import AuthProxy
from updhelp import World

from uploader import ProxyCredentials, ProxyError, ProxyResolver, ProxySettings


@pytest.fixture()
def authproxy() -> Iterator[AuthProxy]:
    p = AuthProxy().start()
    yield p
    p.stop()


def test_updates_use_the_proxy_and_its_sign_in(world: World, authproxy: AuthProxy) -> None:
    world.publish("0.1.1")
    resolver = ProxyResolver(ProxySettings("manual", server=authproxy.address))
    with pytest.raises(ProxyError) as err:
        world.client(proxy=resolver).check()
    assert err.value.code == "proxy_auth_needed"
    assert not authproxy.tunnels()

    resolver.set_credentials(ProxyCredentials(authproxy.address, "proxyuser", "proxy-pass"))
    client = world.client(proxy=resolver)
    assert client.check().available == "0.1.1"
    got = client.download()
    assert got is not None and got.version == "0.1.1"
    port = world.server.url.rsplit(":", 1)[1]
    assert authproxy.tunnels() and set(authproxy.tunnels()) == {f"127.0.0.1:{port}"}
    assert world.server.requests  # the server saw the requests the tunnels carried
