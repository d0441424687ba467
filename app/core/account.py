"""The account half of the facade: signing in and out, and the sync engine.

Sign-in and sign-out are split so that the network pool never touches the keyring or the outbox
(app/gui/tasks.py): `log_in` and `end_session` talk to the server, and the keyring writes they
cause wait in a `StagedKeyStore` until the serial steps (`finish_sign_in`, `forget_session`)
commit or drop them.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.context import Context
from app.core.results import NOTHING, Changes, Outcome
from app.settings import save_user_settings
from crypto import KeyStore, MemoryKeyStore
from outbox import Outbox
from uploader import (
    REFRESH_TOKEN_KEY,
    CustodyError,
    HTTPTransport,
    PassSummary,
    SessionInfo,
    SignInSession,
    SyncConfig,
    SyncScheduler,
    UploadError,
    check_announced_recipient,
    check_url,
)


class StagedKeyStore(MemoryKeyStore):
    """Holds keyring writes in memory until `commit(target)`; from then on it forwards every
    call to `target`. Lets a network step on the pool sign in without touching the keyring."""

    def __init__(self, entries: dict[str, str] | None = None) -> None:
        super().__init__()
        self._entries.update(entries or {})
        self._target: KeyStore | None = None

    def commit(self, target: KeyStore) -> None:
        """Writes what is staged into `target` (deleting what was deleted) and forwards."""
        with self._lock:
            staged, self._entries = dict(self._entries), {}
            self._target = target
        for name, value in staged.items():
            target.set(name, value)

    def _get(self, name: str) -> str | None:
        target = self._target
        return target.get(name) if target is not None else super()._get(name)

    def _set(self, name: str, value: str) -> None:
        target = self._target
        if target is not None:
            target.set(name, value)
        else:
            super()._set(name, value)

    def _delete(self, name: str) -> None:
        target = self._target
        if target is not None:
            target.delete(name)
        else:
            super()._delete(name)


@dataclass(frozen=True)
class LoggedIn:
    """A sign-in the server accepted (network step); `Core.finish_sign_in` keeps it."""

    server_url: str
    user: str
    ca_file: str | None
    info: SessionInfo
    store: StagedKeyStore  # holds the new refresh token until the serial step commits it
    scheduler: SyncScheduler | None  # built over the staged store when an outbox is open


@dataclass(frozen=True)
class SignOut:
    """A session being ended: `end_session` (network) between two serial steps."""

    server_url: str
    session: SignInSession | None  # None: nobody was signed in
    scheduler: SyncScheduler | None  # the running sync engine, stopped after the logout
    transport: HTTPTransport | None  # ours to close when no scheduler owns the session


class AccountAndSync:
    """Signing in and out and the sync engine; `Core` inherits it with the state below."""

    ctx: Context
    outbox: Outbox | None
    sync: SyncScheduler | None  # while uploading
    _lock: threading.RLock

    def signed_in(self) -> bool:
        """True while the sync engine runs with a session not taken over (no I/O)."""
        sync = self.sync
        if sync is None:
            return False
        return sync.signin is None or not sync.signin.superseded

    def sync_config(self, server_url: str | None = None, ca_file: str | None = None) -> SyncConfig:
        """The uploader's configuration from the settings (and a sign-in's server and CA)."""
        s = self.ctx.settings
        ca = ca_file if server_url is not None else s.ca_file
        return SyncConfig(
            server_url=server_url if server_url is not None else s.server_url,
            tus_endpoint=s.tus_endpoint,
            ca_file=Path(ca) if ca else None,
            spki_pin=s.spki_pin,
            bandwidth_limit_kbps=s.bandwidth_limit_kbps,
            pinned_org_recipient=s.org_recipient if "org_recipient" in s.locked else None,
            device_id=self.ctx.device_id,
            device_name=self.ctx.device_name,
            client_version=__version__,
            proxy=self.ctx.proxy(),
        )

    def require_server(self) -> None:
        """Raises UploadError(no_server) when no server is configured (no I/O)."""
        s = self.ctx.settings
        if not s.server_url and not s.tus_endpoint:
            raise UploadError("no server configured", code="no_server")

    def log_in(self, server_url: str, user: str, password: str, ca_file: str | None) -> LoggedIn:
        """Network step of a sign-in (pool): the server checks the password. Touches neither
        the keyring nor the outbox. Raises UploadError (bad_credentials, TLS, network...)."""
        server_url = server_url.rstrip("/")
        check_url(server_url)  # refuse http:// to a non-loopback host before sending a password
        store = StagedKeyStore()
        config = self.sync_config(server_url=server_url, ca_file=ca_file)
        outbox = self.outbox
        if outbox is not None:
            # The engine that will upload: its session is the one signing in now.
            scheduler = SyncScheduler(outbox, config, store, events=self.ctx.events)
            assert scheduler.signin is not None
            try:
                info = scheduler.signin.login(user, password)
                self._check_org_recipient(scheduler.signin, config, info)
            except BaseException:
                scheduler.stop()
                raise
            return LoggedIn(server_url, user, ca_file, info, store, scheduler)
        transport = HTTPTransport(
            ca_file=config.ca_file,
            spki_pin=config.spki_pin,
            client_version=__version__,
            proxy=config.proxy,
        )
        try:
            session = self._sign_in_session(transport, server_url, store)
            info = session.login(user, password)
            self._check_org_recipient(session, config, info)
        finally:
            transport.close()
        return LoggedIn(server_url, user, ca_file, info, store, None)

    @staticmethod
    def _check_org_recipient(session: SignInSession, config: SyncConfig, info: SessionInfo) -> None:
        """CustodyError(org_recipient_changed) when the server announces another organisation
        recipient than the administrator pinned: the sign-in is ended and nothing is kept."""
        try:
            check_announced_recipient(config.pinned_org_recipient, info.org_recipient)
        except CustodyError:
            with contextlib.suppress(UploadError):
                session.logout()  # best effort: the tokens are staged only, and dropped
            raise

    def finish_sign_in(self, login: LoggedIn) -> Changes:
        """Serial step of a sign-in: the refresh token into the keyring, server and user into
        config.toml (the organisation's recipient when none is set), the audit log's user, and
        uploading (re)started when the outbox is open."""
        login.store.commit(self.ctx.keystore())
        s = self.ctx.settings
        org = login.info.org_recipient
        changes: dict[str, str | None] = {
            "server_url": login.server_url,
            "server_user": login.user,
            "ca_file": login.ca_file,
        }
        if org and not s.org_recipient:
            changes["org_recipient"] = org
        changes = {k: v for k, v in changes.items() if k not in s.locked}
        self.ctx.settings = save_user_settings(self.ctx.data_dir, self.ctx.managed, **changes)
        audit = self.ctx.audit()
        audit.set_user(login.info.user_id)
        audit.append("login", user_id=login.info.user_id, server=login.server_url)
        if self.outbox is not None:
            self.outbox.set_org_recipient(self.ctx.settings.org_recipient or org)
        if login.scheduler is not None:
            self._replace_sync(login.scheduler)
        return Changes(settings=True, session=True)

    def begin_sign_out(self) -> SignOut:
        """Serial step 1 of a sign-out: takes the sync engine out of service and reads the
        refresh token, so that `end_session` needs no keyring."""
        with self._lock:
            sync, self.sync = self.sync, None
        s = self.ctx.settings
        url = s.server_url or ""
        if sync is not None and sync.signin is None:  # a plain tus server: no session
            return SignOut(url, None, sync, None)
        token = self.ctx.keystore().get(REFRESH_TOKEN_KEY)
        staged = StagedKeyStore({REFRESH_TOKEN_KEY: token} if token else None)
        if sync is not None and sync.signin is not None:
            sync.signin.keystore = staged  # the sync thread stops after the logout
            return SignOut(url, sync.signin, sync, None)
        if not url:
            return SignOut(url, None, None, None)
        transport = HTTPTransport(
            ca_file=Path(s.ca_file) if s.ca_file else None,
            spki_pin=s.spki_pin,
            client_version=__version__,
            proxy=self.ctx.proxy(),
        )
        return SignOut(url, self._sign_in_session(transport, url, staged), None, transport)

    def _sign_in_session(
        self, transport: HTTPTransport, server_url: str, store: KeyStore
    ) -> SignInSession:
        """A sign-in session of this device, outside any sync engine."""
        return SignInSession(
            transport,
            server_url,
            store,
            device_id=self.ctx.device_id,
            device_name=self.ctx.device_name,
            client_version=__version__,
        )

    def end_session(self, sign_out: SignOut) -> UploadError | None:
        """Network step (pool): ends the session at the server, best effort. Returns the
        error when the server was not reached (the tokens are forgotten anyway)."""
        try:
            if sign_out.session is not None:
                sign_out.session.logout()
            return None
        except UploadError as exc:
            return exc
        finally:
            if sign_out.scheduler is not None:
                sign_out.scheduler.stop()
            if sign_out.transport is not None:
                sign_out.transport.close()

    def forget_session(self, sign_out: SignOut) -> Changes:
        """Serial step 3: deletes the tokens from the keyring and notes it in the audit log."""
        if sign_out.session is None and sign_out.scheduler is None:
            return Changes(session=True)  # nobody was signed in: nothing to forget
        self.ctx.keystore().delete(REFRESH_TOKEN_KEY)
        audit = self.ctx.audit()
        audit.append("logout", server=sign_out.server_url)
        audit.set_user(None)
        return Changes(session=True)

    def new_scheduler(self) -> SyncScheduler:
        """A sync engine over the open outbox with the settings' server (not started)."""
        return SyncScheduler(
            self._outbox(), self.sync_config(), self.ctx.keystore(), events=self.ctx.events
        )

    def resume_sync(self) -> Outcome[bool]:
        """At start-up, and after new settings: (re)starts uploading with the session stored
        in the keyring, if any. The value says whether the sync engine runs."""
        s = self.ctx.settings
        if self.outbox is None or not (s.server_url or s.tus_endpoint):
            return Outcome(False, NOTHING)
        if s.server_url and not self.ctx.keystore().get(REFRESH_TOKEN_KEY):
            return Outcome(False, NOTHING)
        self._replace_sync(self.new_scheduler())
        return Outcome(True, Changes(session=True))

    def settings_changed(self) -> Changes:
        """New settings saved: a running sync engine restarts with them (bandwidth, CA)."""
        self.ctx.proxy()  # rebuilt here (serial worker) when the proxy settings changed
        if self.sync is None:
            return Changes(settings=True)
        return Changes(settings=True) | self.resume_sync().changes

    def run_sync_once(self) -> PassSummary:
        """Uploads until drained or stuck, on this thread (`logmeets sync --once`)."""
        scheduler = self.new_scheduler()
        try:
            return scheduler.run_once()
        finally:
            scheduler.stop()

    def start_sync(self) -> Changes:
        """Starts uploading in the background whatever the keyring holds (`logmeets sync`)."""
        self._replace_sync(self.new_scheduler())
        return Changes(session=True)

    def _replace_sync(self, scheduler: SyncScheduler | None) -> None:
        with self._lock:
            old, self.sync = self.sync, scheduler
        if old is not None:
            old.stop()
        if scheduler is not None:
            scheduler.start()

    def _outbox(self) -> Outbox:
        outbox = self.outbox
        if outbox is None:
            raise RuntimeError("outbox not open")
        return outbox
