"""Reads the real Secret Service directly, through secretstorage and not through our code: what
"the keys the device still holds" are, for the crypto-erase tests of crypto/ and outbox/."""

from __future__ import annotations


def secret_service_entries(service: str) -> dict[str, str]:
    """Every entry the real Secret Service holds for `service` (name -> value)."""
    import secretstorage

    conn = secretstorage.dbus_init()
    try:
        out: dict[str, str] = {}
        for item in secretstorage.search_items(conn, {"service": service}):
            out[item.get_attributes()["username"]] = item.get_secret().decode("utf-8")
        return out
    finally:
        conn.close()
