"""The device's secret store: small named entries in the OS keyring, and nowhere else.

`KeyStore.for_platform()` picks the backend explicitly per OS (entry-point discovery does not
survive a frozen app): macOS Keychain, Windows Credential Manager (WinVaultKeyring), Linux Secret
Service then KWallet. Anything else (keyrings.alt's plaintext files, the `fail` backend, a
chainer) is refused with CryptoError(code="no_secure_keyring"): there is no plaintext fallback.

Entry names are namespaced by their owner, e.g. `recording/<id>`, `audit/key`,
`uploader/refresh-token`; each value stays well under Windows' 2,560-byte credential limit.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sys
import threading
from typing import Any

from crypto.errors import CryptoError

__all__ = ["DEFAULT_SERVICE", "MAX_ENTRY_BYTES", "KeyStore", "MemoryKeyStore", "is_secure_backend"]

DEFAULT_SERVICE = "LogMeets Recorder"

#: Windows stores a credential blob of at most 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE) and
#: keyring writes it as UTF-16: values are measured in UTF-16 bytes so that a value accepted on
#: Linux is also accepted on Windows.
MAX_ENTRY_BYTES = 2560

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$")

# Fully qualified class names of the backends trusted to keep a secret encrypted at rest and
# scoped to the user. Checked by isinstance on the lazily imported classes, so a test subclass
# used for fault injection passes while keyrings.alt, fail and chainer never do.
_SECURE_BACKENDS = (
    ("keyring.backends.SecretService", "Keyring"),
    ("keyring.backends.kwallet", "DBusKeyring"),
    ("keyring.backends.macOS", "Keyring"),
    ("keyring.backends.Windows", "WinVaultKeyring"),
)

_LINUX_HINT = (
    "install gnome-keyring (or KWallet) and run it in a desktop session with a D-Bus session "
    "bus; the keyring must be unlocked"
)
_MACOS_HINT = "the login Keychain must be available and unlocked"
_WINDOWS_HINT = "Windows Credential Manager must be available for this user"


def _platform_hint() -> str:
    if sys.platform == "darwin":
        return _MACOS_HINT
    if sys.platform == "win32":
        return _WINDOWS_HINT
    return _LINUX_HINT


def _backend_label(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_secure_backend(backend: Any) -> bool:
    """True if `backend` is one of the OS keyrings this app trusts (never a plaintext one)."""
    import importlib

    for module_name, class_name in _SECURE_BACKENDS:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except Exception:  # noqa: S112 - a backend that cannot load on this OS is not this one
            continue
        if isinstance(backend, cls):
            return True
    return False


def _platform_candidates() -> list[Any]:
    """The backend classes to try on this OS, in order (per-OS part, named)."""
    if sys.platform == "darwin":
        from keyring.backends import macOS

        return [macOS.Keyring]
    if sys.platform == "win32":
        from keyring.backends import Windows

        return [Windows.WinVaultKeyring]
    from keyring.backends import SecretService, kwallet

    return [SecretService.Keyring, kwallet.DBusKeyring]


class KeyStore:
    """Named secrets in one OS keyring backend, under one service name.

    Keyring calls can block (a locked keyring, a stuck D-Bus): call them off the GUI thread,
    and run `self_test()` once at start-up before recording.
    """

    def __init__(self, backend: Any, service: str = DEFAULT_SERVICE) -> None:
        if not is_secure_backend(backend):
            raise CryptoError(
                f"refusing insecure keyring backend {_backend_label(backend)}",
                code="no_secure_keyring",
                backend=_backend_label(backend),
                hint=_platform_hint(),
            )
        self._backend = backend
        self._service = service

    @classmethod
    def for_platform(cls, service: str = DEFAULT_SERVICE) -> KeyStore:
        """The OS keyring of this platform, chosen explicitly (no entry-point discovery).

        PYTHON_KEYRING_BACKEND is honoured only so that tests can force a backend (the `fail`
        backend, which is then refused); whatever it names must still pass the secure check.
        """
        forced = os.environ.get("PYTHON_KEYRING_BACKEND")
        if forced:
            from keyring.core import load_keyring

            try:
                backend = load_keyring(forced)
            except Exception as exc:
                raise CryptoError(
                    f"cannot load keyring backend {forced}",
                    code="no_secure_keyring",
                    backend=forced,
                    hint=_platform_hint(),
                ) from exc
            return cls(backend, service)
        tried: list[str] = []
        for backend_cls in _platform_candidates():
            label = f"{backend_cls.__module__}.{backend_cls.__qualname__}"
            tried.append(label)
            # `viable` probes the backend (D-Bus reachable, API present) without touching secrets.
            if backend_cls.viable:
                return cls(backend_cls(), service)
        raise CryptoError(
            "no secure OS keyring is available",
            code="no_secure_keyring",
            backend=", ".join(tried),
            hint=_platform_hint(),
        )

    @property
    def backend_name(self) -> str:
        """Module-qualified class name of the backend, for diagnostics."""
        return _backend_label(self._backend)

    # -- public interface -------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """The value stored under `name`, or None when there is none."""
        self._check_name(name)
        value: str | None = self._call(self._get, name)
        return value

    def set(self, name: str, value: str) -> None:
        """Store `value` under `name`, replacing any previous value."""
        self._check_name(name)
        size = len(value.encode("utf-16-le"))
        if size > MAX_ENTRY_BYTES:
            raise CryptoError(
                f"keyring entry {name} too large ({size} bytes)",
                code="keyring_entry_invalid",
                name=name,
                reason=f"{size} bytes as UTF-16, limit {MAX_ENTRY_BYTES}",
            )
        self._call(self._set, name, value)

    def delete(self, name: str) -> None:
        """Remove `name`; deleting an absent entry is not an error."""
        self._check_name(name)
        self._call(self._delete, name)

    def self_test(self, timeout: float = 10.0) -> None:
        """Write, read back and delete a random canary entry on a worker thread.

        Raises CryptoError with code keyring_timeout (no answer within `timeout` seconds, e.g. an
        unlock prompt nobody can see), keyring_locked, or keyring_unavailable.
        """
        outcome: dict[str, BaseException | None] = {}
        done = threading.Event()

        def canary() -> None:
            name = f"selftest/{secrets.token_hex(8)}"
            value = secrets.token_urlsafe(24)
            try:
                self.set(name, value)
                try:
                    read = self.get(name)
                finally:
                    self.delete(name)
                if read != value:
                    raise CryptoError(
                        "keyring returned a different value than written",
                        code="keyring_unavailable",
                        backend=self.backend_name,
                        reason="canary mismatch",
                    )
                if self.get(name) is not None:
                    raise CryptoError(
                        "keyring did not delete the canary",
                        code="keyring_unavailable",
                        backend=self.backend_name,
                        reason="canary not deleted",
                    )
                outcome["error"] = None
            except BaseException as exc:  # handed to the caller's thread below
                outcome["error"] = exc
            finally:
                done.set()

        # Daemon: a keyring call stuck in D-Bus must not keep the process alive at exit.
        threading.Thread(target=canary, name="keyring-self-test", daemon=True).start()
        if not done.wait(timeout):
            raise CryptoError(
                f"keyring did not answer within {timeout:g} s",
                code="keyring_timeout",
                backend=self.backend_name,
                timeout=timeout,
            )
        error = outcome.get("error")
        if error is not None:
            raise error

    # -- backend primitives (MemoryKeyStore replaces these) --------------------------------------

    def _get(self, name: str) -> str | None:
        value = self._backend.get_password(self._service, name)
        return None if value is None else str(value)

    def _set(self, name: str, value: str) -> None:
        self._backend.set_password(self._service, name, value)

    def _delete(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        # Absent already is fine: delete is idempotent, which forget/erase retries rely on.
        with contextlib.suppress(PasswordDeleteError):
            self._backend.delete_password(self._service, name)

    # -- helpers --------------------------------------------------------------------------------

    @staticmethod
    def _check_name(name: str) -> None:
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise CryptoError(
                "invalid keyring entry name",
                code="keyring_entry_invalid",
                name=str(name)[:40],
                reason="1-128 characters of A-Z a-z 0-9 . _ : @ / -",
            )

    def _call(self, fn: Any, *args: str) -> Any:
        """Run one primitive, translating keyring's exceptions into CryptoError codes."""
        from keyring.errors import KeyringLocked

        try:
            return fn(*args)
        except CryptoError:
            raise
        except KeyringLocked as exc:
            raise CryptoError(
                "the keyring is locked", code="keyring_locked", backend=self.backend_name
            ) from exc
        except Exception as exc:
            # Secret values never reach exception text: keyring's messages name the service only.
            raise CryptoError(
                "the keyring failed",
                code="keyring_unavailable",
                backend=self.backend_name,
                reason=type(exc).__name__,
            ) from exc


class MemoryKeyStore(KeyStore):
    """The same interface held in a dict: for unit tests that are about something else."""

    def __init__(self, service: str = DEFAULT_SERVICE) -> None:
        # Deliberately skips KeyStore.__init__'s secure-backend check: there is no backend.
        self._service = service
        self._entries: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def backend_name(self) -> str:
        return "memory"

    def _get(self, name: str) -> str | None:
        with self._lock:
            return self._entries.get(name)

    def _set(self, name: str, value: str) -> None:
        with self._lock:
            self._entries[name] = value

    def _delete(self, name: str) -> None:
        with self._lock:
            self._entries.pop(name, None)

    def names(self) -> list[str]:
        """Every entry name held (tests use it to enumerate 'every key the device still holds')."""
        with self._lock:
            return sorted(self._entries)
