"""The app's side of proxies (Qt-free): the settings turned into one `uploader.ProxyResolver`
shared by uploads, sign-in and update downloads, and the proxy's Basic credentials, which live
in the OS keyring only (never in config.toml, never in a log)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.settings import Settings
from app.system_proxy import read_system_proxy
from crypto import KeyStore
from uploader import (
    HTTPTransport,
    ProxyCredentials,
    ProxyResolver,
    ProxySettings,
    host_port,
)

log = logging.getLogger(__name__)

#: The keyring entry that holds {"proxy": "host:port", "user": ..., "password": ...}.
PROXY_CREDENTIALS_KEY = "proxy/credentials"


def proxy_settings(settings: Settings) -> ProxySettings:
    """The resolver's settings from the app's."""
    return ProxySettings(
        mode=settings.proxy_mode,
        pac_url=settings.proxy_pac_url,
        server=settings.proxy_server,
        ca_file=Path(settings.ca_file) if settings.ca_file else None,
    )


def load_credentials(store: KeyStore) -> ProxyCredentials | None:
    """The stored proxy credentials, or None (none stored, or an entry we cannot read)."""
    raw = store.get(PROXY_CREDENTIALS_KEY)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return ProxyCredentials(str(data["proxy"]), str(data["user"]), str(data["password"]))
    except (ValueError, KeyError, TypeError):
        log.warning("the stored proxy credentials are unreadable; ignored")
        return None


def save_credentials(store: KeyStore, credentials: ProxyCredentials) -> None:
    """Keeps `credentials` in the keyring (replacing any)."""
    data = {"proxy": credentials.proxy, "user": credentials.user}
    data["password"] = credentials.password
    store.set(PROXY_CREDENTIALS_KEY, json.dumps(data))


def forget_credentials(store: KeyStore) -> bool:
    """Deletes the stored credentials; True if there were any."""
    had = store.get(PROXY_CREDENTIALS_KEY) is not None
    store.delete(PROXY_CREDENTIALS_KEY)
    return had


def build_resolver(settings: Settings, credentials: ProxyCredentials | None) -> ProxyResolver:
    """A resolver for `settings` (the OS's settings read by app.system_proxy)."""
    return ProxyResolver(
        proxy_settings(settings), system=read_system_proxy, credentials=credentials
    )


def sign_in_to_proxy(
    resolver: ProxyResolver, store: KeyStore, proxy: str, user: str, password: str
) -> ProxyCredentials:
    """Keeps Basic credentials for `proxy` (host:port) in the keyring and uses them from the
    next request on."""
    credentials = ProxyCredentials(host_port(proxy), user, password)
    save_credentials(store, credentials)
    resolver.set_credentials(credentials)
    return credentials


def forget_proxy(resolver: ProxyResolver, store: KeyStore) -> bool:
    """Deletes the proxy credentials from the keyring and stops using them."""
    resolver.set_credentials(None)
    return forget_credentials(store)


def proxy_for(resolver: ProxyResolver, url: str | None) -> str | None:
    """host:port of the proxy `url` goes through, or None (direct, or no URL)."""
    return resolver.route(url).proxy_host if url else None


@dataclass(frozen=True)
class ProxyCheck:
    """One request sent through a resolver: where it went and the HTTP status it got."""

    url: str
    route: str  # "DIRECT" or "PROXY host:port"
    status: int


def check_proxy(resolver: ProxyResolver, settings: Settings, url: str) -> ProxyCheck:
    """Sends one HEAD request to `url` through `resolver` with the uploads' TLS rules (network:
    never on the GUI thread). Raises the uploader's errors (proxy_auth_needed, offline, ...)."""
    route = resolver.route(url)
    transport = HTTPTransport(
        ca_file=Path(settings.ca_file) if settings.ca_file else None,
        spki_pin=settings.spki_pin,
        client_version=__version__,
        proxy=resolver,
        timeout=(10.0, 20.0),
    )
    try:
        reply = transport.request("HEAD", url)
    finally:
        transport.close()
    return ProxyCheck(url, route.describe(), reply.status)
