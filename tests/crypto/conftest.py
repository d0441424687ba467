"""Fixtures of the crypto tests: a KeyStore on the real Secret Service, scoped to one test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest

from crypto.keystore import KeyStore


def secret_service_entries(service: str) -> dict[str, str]:
    """Every entry the real Secret Service holds for `service` (name -> value), read directly
    through secretstorage, not through our code: what 'the keys the device still holds' are."""
    import secretstorage

    conn = secretstorage.dbus_init()
    try:
        out: dict[str, str] = {}
        for item in secretstorage.search_items(conn, {"service": service}):
            attrs = item.get_attributes()
            out[attrs["username"]] = item.get_secret().decode("utf-8")
        return out
    finally:
        conn.close()


@pytest.fixture()
def ss_entries(real_keyring: object) -> Callable[[str], dict[str, str]]:
    """`secret_service_entries`, as a fixture (test folders are not packages here)."""
    return secret_service_entries


@pytest.fixture()
def service_name() -> str:
    """A keyring service name of this test alone, so tests never see each other's entries."""
    return f"LogMeets Recorder test {uuid.uuid4()}"


@pytest.fixture()
def real_store(real_keyring: object, service_name: str) -> Iterator[KeyStore]:
    """A KeyStore over the test environment's gnome-keyring; its entries are removed after."""
    store = KeyStore(real_keyring, service=service_name)
    yield store
    for name in secret_service_entries(service_name):
        store.delete(name)
