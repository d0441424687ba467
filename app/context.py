"""The wiring of one `logmeets` process: data dir, settings, logging, keys, audit log, outbox.

Front ends (the CLI commands and the GUI) get a `Context` and ask it for the core objects; each
is built on first use, so `logmeets devices` never touches the keyring and the GUI can show its
window before the keyring self-test has finished.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from app.device_id import device_identity
from app.logs import setup_logging
from app.paths import data_dir as default_data_dir
from app.paths import private_dir
from app.settings import Settings, load_settings, managed_config_path
from crypto import DeviceKeys, KeyStore
from outbox import AuditLog, EventBus, HeadAnchor, Outbox
from recorder import recover_all
from uploader import ProxyResolver

AUDIT_NAME = "audit.log"


@dataclass
class Context:
    """Everything a front end needs, created lazily and at most once per process."""

    data_dir: Path
    settings: Settings
    device_id: str
    device_name: str
    log_path: Path
    #: The administrator's managed file (the OS's fixed path; tests pass their own).
    managed: Path = field(default_factory=managed_config_path)
    events: EventBus = field(default_factory=EventBus)
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _keystore: KeyStore | None = field(default=None, repr=False)
    _keys: DeviceKeys | None = field(default=None, repr=False)
    _audit: AuditLog | None = field(default=None, repr=False)
    _proxy: ProxyResolver | None = field(default=None, repr=False)

    @classmethod
    def create(cls, data_dir: Path | None = None, managed: Path | None = None) -> Context:
        """Reads settings (may raise SettingsError), sets up logging and the device id.

        `managed` names the administrator's file for a test; the app never passes it, so that
        only the OS's fixed path can lock settings (docs/threat-model.md §8)."""
        home = private_dir(data_dir) if data_dir is not None else default_data_dir()
        admin = managed if managed is not None else managed_config_path()
        settings = load_settings(home, admin)
        log_path = setup_logging(home, settings.log_level)
        device_id, device_name = device_identity(home)
        return cls(home, settings, device_id, device_name, log_path, admin)

    def keystore(self) -> KeyStore:
        """The OS key store, chosen explicitly for this OS and self-tested once."""
        with self._lock:
            if self._keystore is None:
                store = KeyStore.for_platform()
                store.self_test()
                self._keystore = store
            return self._keystore

    def proxy(self) -> ProxyResolver:
        """The one proxy resolver of this process (uploads, sign-in, updates), built on first
        use with the proxy credentials the keyring holds (none when there is no keyring).
        Call it first where the keyring may be touched (the CLI, the GUI's serial worker)."""
        from app.core.proxy import build_resolver, load_credentials, proxy_settings

        with self._lock:
            old = self._proxy
            if old is None or old.settings != proxy_settings(self.settings):
                if old is not None:  # new settings: the credentials in memory carry over
                    old.close()
                    credentials = old.credentials
                else:
                    try:
                        credentials = load_credentials(self.keystore())
                    except Exception:  # no keyring: no proxy credentials, the rest works
                        credentials = None
                old = self._proxy = build_resolver(self.settings, credentials)
            return old

    def built_proxy(self) -> ProxyResolver | None:
        """The proxy resolver if it was built already (never touches the keyring)."""
        return self._proxy

    def device_keys(self) -> DeviceKeys:
        """Per-purpose keys over the key store."""
        with self._lock:
            if self._keys is None:
                self._keys = DeviceKeys(self.keystore())
            return self._keys

    def audit(self) -> AuditLog:
        """The HMAC-chained audit log of this data dir."""
        from outbox import AuditLog

        with self._lock:
            if self._audit is None:
                keys = self.device_keys()
                self._audit = AuditLog(
                    self.data_dir / AUDIT_NAME,
                    keys.audit_key(),
                    device_id=self.device_id,
                    anchor=self.audit_anchor(),
                )
                if self.settings.server_user:
                    self._audit.set_user(self.settings.server_user)
            return self._audit

    def audit_anchor(self) -> HeadAnchor:
        """Where the audit log's head record is kept beyond the data dir: the keyring."""
        return HeadAnchor(self.device_keys(), self.device_id)

    def open_outbox(self, exclusive: bool = True) -> Outbox:
        """Opens the outbox. An exclusive opener (the app, `record`, `sync`, `recover`) holds the
        single-instance lock and first turns leftover crash journals into recovered chunks."""
        from outbox import Outbox

        outbox = Outbox.open(
            self.data_dir,
            keys=self.device_keys(),
            audit=self.audit(),
            org_recipient=self.settings.org_recipient,
            events=self.events,
            exclusive=exclusive,
        )
        if exclusive:
            try:
                recover_all(outbox)
            except BaseException:
                outbox.close()
                raise
        return outbox
