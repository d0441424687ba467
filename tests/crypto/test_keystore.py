"""KeyStore on the real Secret Service, refusal of insecure backends, and the self-test codes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import keyring.backend
import pytest
from keyring.backends import SecretService, chainer, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from crypto.errors import CryptoError
from crypto.keystore import MAX_ENTRY_BYTES, KeyStore, MemoryKeyStore

pytestmark = pytest.mark.realkeyring

Entries = Callable[[str], dict[str, str]]


def test_round_trip_through_real_secret_service(
    real_store: KeyStore, service_name: str, ss_entries: Entries
) -> None:
    assert real_store.backend_name == "keyring.backends.SecretService.Keyring"
    assert real_store.get("uploader/refresh-token") is None
    real_store.set("uploader/refresh-token", "tok-1")
    real_store.set("uploader/refresh-token", "tok-2")  # replaces
    assert real_store.get("uploader/refresh-token") == "tok-2"
    # Seen by the Secret Service itself, under our service name (not only a cache of ours).
    assert ss_entries(service_name) == {"uploader/refresh-token": "tok-2"}
    real_store.delete("uploader/refresh-token")
    assert real_store.get("uploader/refresh-token") is None
    real_store.delete("uploader/refresh-token")  # idempotent
    assert ss_entries(service_name) == {}


def test_for_platform_picks_secret_service_and_self_test_passes(
    monkeypatch: pytest.MonkeyPatch, service_name: str, ss_entries: Entries
) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    store = KeyStore.for_platform(service=service_name)
    assert store.backend_name == "keyring.backends.SecretService.Keyring"
    store.self_test(timeout=30)
    assert ss_entries(service_name) == {}  # the canary is gone


def test_fail_backend_forced_by_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    with pytest.raises(CryptoError) as info:
        KeyStore.for_platform()
    assert info.value.code == "no_secure_keyring"
    assert info.value.fields["backend"] == "keyring.backends.fail.Keyring"
    assert "gnome-keyring" in info.value.fields["hint"]
    assert "D-Bus" in info.value.fields["hint"]


def test_no_dbus_session_is_refused_with_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without a session bus neither Secret Service nor KWallet is reachable: refuse, no fallback.
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with pytest.raises(CryptoError) as info:
        KeyStore.for_platform()
    assert info.value.code == "no_secure_keyring"
    assert "SecretService" in info.value.fields["backend"]
    assert "kwallet" in info.value.fields["backend"]


class _PlaintextLike(keyring.backend.KeyringBackend):
    """Stands in for keyrings.alt's PlaintextKeyring (which must never be installed)."""

    @keyring.backend.properties.classproperty
    def priority(cls) -> float:  # never chosen by keyring's own discovery
        raise RuntimeError("test backend")

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), _PlaintextLike(), chainer.ChainerBackend()],
    ids=["fail", "null", "plaintext", "chainer"],
)
def test_insecure_backends_are_refused(backend: Any) -> None:
    with pytest.raises(CryptoError) as info:
        KeyStore(backend)
    assert info.value.code == "no_secure_keyring"


@pytest.mark.parametrize("name", ["", "a b", "x" * 129, "é", "/lead"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(CryptoError) as info:
        MemoryKeyStore().set(name, "v")
    assert info.value.code == "keyring_entry_invalid"


def test_entry_size_limit_is_windows_credential_limit(real_store: KeyStore) -> None:
    # 1,280 UTF-16 code units = 2,560 bytes: the largest blob Windows Credential Manager stores.
    real_store.set("uploader/big", "x" * (MAX_ENTRY_BYTES // 2))
    assert real_store.get("uploader/big") == "x" * (MAX_ENTRY_BYTES // 2)
    with pytest.raises(CryptoError) as info:
        real_store.set("uploader/big", "x" * (MAX_ENTRY_BYTES // 2 + 1))
    assert info.value.code == "keyring_entry_invalid"


# -- self-test failure codes: the real backend class with one fault injected ---------------------


class _Hanging(SecretService.Keyring):
    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)  # an unlock prompt nobody can answer


class _Locked(SecretService.Keyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class _Broken(SecretService.Keyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise OSError("dbus connection reset")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("not found")


def test_self_test_times_out_without_blocking_the_caller(real_keyring: object) -> None:
    backend = _Hanging()
    store = KeyStore(backend, service="LogMeets Recorder test timeout")
    with pytest.raises(CryptoError) as info:
        store.self_test(timeout=0.5)
    backend.release.set()
    assert info.value.code == "keyring_timeout"
    assert info.value.fields["timeout"] == 0.5


def test_self_test_reports_locked_keyring(real_keyring: object) -> None:
    with pytest.raises(CryptoError) as info:
        KeyStore(_Locked(), service="LogMeets Recorder test locked").self_test(timeout=30)
    assert info.value.code == "keyring_locked"


def test_self_test_reports_unavailable_keyring(real_keyring: object) -> None:
    with pytest.raises(CryptoError) as info:
        KeyStore(_Broken(), service="LogMeets Recorder test broken").self_test(timeout=30)
    assert info.value.code == "keyring_unavailable"
    assert info.value.fields["reason"] == "OSError"
    assert "dbus" not in str(info.value)  # backend text is not passed through


def test_memory_store_has_the_same_interface() -> None:
    store = MemoryKeyStore()
    store.self_test(timeout=5)
    store.set("audit/key", "v")
    assert store.get("audit/key") == "v"
    store.delete("audit/key")
    store.delete("audit/key")
    assert store.get("audit/key") is None
    assert store.names() == []


def test_the_test_keyring_comes_back_unlocked_with_its_entries_after_its_daemon_aborts(
    real_store: KeyStore,
) -> None:
    """gnome-keyring aborts now and then when a client is SIGKILLed mid-call, as the crash tests
    do; the test environment's D-Bus activation must then start it again, unlocked, or every later
    keyring test fails (a CI run lost 21 tests so)."""
    import os
    import signal
    import subprocess
    import time

    def daemon_pid() -> int:
        out = subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.GetConnectionUnixProcessID",
                "string:org.freedesktop.secrets",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(out.split()[-1])

    real_store.set("survivor", "kept")
    first = daemon_pid()
    os.kill(first, signal.SIGABRT)
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{first}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert real_store.get("survivor") == "kept"
    assert daemon_pid() != first
