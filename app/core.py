"""The one door from both front ends (the `logmeets` commands and the Qt window) into the core.

Nothing here imports Qt (Anki's pylib/aqt split): the CLI calls these methods directly, the
window through `app.gui.tasks.TaskManager`, never on the GUI thread. Writes return a `Changes`
value (Anki's `OpChanges`) saying what the window must refresh.

Which worker runs what (the GUI's promise, checked by tests/gui): everything that touches the
outbox or the OS keyring runs on the serial worker; only `devices`, `log_in` and `end_session`
(PortAudio and the network) run on the pool, and they touch neither. Sign-in and sign-out are
therefore split in two or three steps; the keyring writes of the network step wait in a
`StagedKeyStore` until the serial step commits them.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Generic, TypeVar

from app import __version__
from app.context import AUDIT_NAME, Context
from app.settings import save_user_settings
from crypto import KeyStore, MemoryKeyStore
from outbox import ChunkInfo, ExportReport, Marker, Outbox, RecordingInfo, VerifyResult
from outbox import verify_audit_log as _verify_audit_log
from recorder import (
    Capture,
    InputDevice,
    LevelReading,
    PortAudioStreams,
    Recorder,
    RecordingOptions,
    list_input_devices,
    rescan,
    sample_format,
    seconds_left,
)
from uploader import (
    REFRESH_TOKEN_KEY,
    HTTPTransport,
    PassSummary,
    Session,
    SessionInfo,
    SyncConfig,
    SyncScheduler,
    UploadError,
    check_url,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

# The level of the microphone test is read this often by the GUI (a cheap, lock-free read).
MIC_TEST_BLOCK_SECONDS = 0.02


@dataclass(frozen=True)
class Changes:
    """What a core write changed; a window refreshes only what is flagged."""

    recordings: bool = False  # recordings were added, renamed or changed state
    chunks: bool = False  # chunks were added or changed state
    recording: bool = False  # the running recording started, paused, resumed or ended
    settings: bool = False  # `Context.settings` was replaced
    session: bool = False  # signed in or out; the sync engine started, restarted or stopped

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )


NOTHING = Changes()


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A write's result together with what it changed (Anki's OpChangesWith...)."""

    value: T
    changes: Changes


@dataclass(frozen=True)
class Snapshot:
    """What the recordings list and the status need from the outbox, read in one go."""

    recordings: list[RecordingInfo] = field(default_factory=list)
    chunks: list[ChunkInfo] = field(default_factory=list)
    free_bytes: int | None = None


@dataclass(frozen=True)
class AuditCheck:
    """The audit log's path, its number of entries and what is wrong with its chain."""

    path: Path
    entries: int
    problems: list[tuple[int, str]]


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
    session: Session | None  # None: nobody was signed in
    scheduler: SyncScheduler | None  # the running sync engine, stopped after the logout
    transport: HTTPTransport | None  # ours to close when no scheduler owns the session


class Core:
    """Owns the outbox, the running recorder and the sync engine of one front end."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.outbox: Outbox | None = None
        self.recorder: Recorder | None = None  # while recording
        self.sync: SyncScheduler | None = None  # while uploading
        self._mic_test: Capture | None = None  # a level-only input stream ("test microphone")
        self._lock = threading.RLock()

    # ---- start-up and reads (serial worker) ------------------------------------------------
    def open(self, *, exclusive: bool = True) -> Snapshot:
        """Keyring self-test, then the outbox: exclusively (single-instance lock, crash
        recovery) for the app and the writing commands, shared for `list` and `export`."""
        with self._lock:
            if self.outbox is None:
                self.ctx.keystore()
                self.outbox = self.ctx.open_outbox(exclusive=exclusive)
            return self.snapshot()

    def snapshot(self) -> Snapshot:
        """Recordings, chunks and free space, for the list and the disk estimate."""
        with self._lock:
            if self.outbox is None:
                return Snapshot()
            return Snapshot(
                recordings=list(self.outbox.recordings()),
                chunks=list(self.outbox.chunks()),
                free_bytes=int(self.outbox.free_bytes()),
            )

    def seconds_left(self, free_bytes: int) -> float:
        """How long `free_bytes` above the reserve lasts at the configured format (no I/O)."""
        s = self.ctx.settings
        return seconds_left(
            free_bytes,
            reserve_mb=s.disk_reserve_mb,
            sample_rate=s.sample_rate,
            channels=s.channels,
            fmt=sample_format(s.sample_format),
            chunk_seconds=s.chunk_seconds,
        )

    def devices(self, *, refresh: bool = True) -> list[InputDevice]:
        """The input devices PortAudio sees (rescanned first, when no stream is open)."""
        with self._lock:
            if refresh and self.recorder is None and self._mic_test is None:
                try:
                    rescan()
                except Exception:  # a failed rescan leaves the old list: still usable
                    log.warning("device rescan failed", exc_info=True)
            return list_input_devices()

    def export_flac(self, recording_id: str, out: Path) -> ExportReport:
        """Decrypts a recording's local chunks into one FLAC file at `out`."""
        return self._outbox().export_flac(recording_id, out)

    def verify(self) -> Outcome[list[VerifyResult]]:
        """Decrypts and checks every local chunk; damaged ones are quarantined."""
        return Outcome(self._outbox().verify(), Changes(chunks=True))

    def check_audit_log(self) -> AuditCheck:
        """Checks the HMAC chain of the audit log."""
        path = self.ctx.data_dir / AUDIT_NAME
        problems = _verify_audit_log(path, self.ctx.device_keys().audit_key())
        entries = path.read_bytes().count(b"\n") if path.exists() else 0
        return AuditCheck(path, entries, [(p.line, p.reason) for p in problems])

    # ---- recording (serial worker) ---------------------------------------------------------
    def recording_options(
        self,
        *,
        device: str | None = None,
        title: str = "",
        duration: float | None = None,
        sample_rate: int | None = None,
        channels: int | None = None,
        subtype: str | None = None,
        chunk_seconds: float | None = None,
    ) -> RecordingOptions:
        """The options of a new recording: what is given over the settings (no I/O)."""
        s = self.ctx.settings
        return RecordingOptions(
            device=(device if device is not None else s.device) or None,
            sample_rate=sample_rate if sample_rate is not None else s.sample_rate,
            channels=channels if channels is not None else s.channels,
            subtype=subtype if subtype is not None else s.sample_format,
            chunk_seconds=float(chunk_seconds if chunk_seconds is not None else s.chunk_seconds),
            title=title,
            duration=duration,
            disk_reserve_mb=float(s.disk_reserve_mb),
        ).validated()

    def start_recording(self, options: RecordingOptions) -> Outcome[str]:
        """Opens the microphone and starts a recording; its id once the device is open.
        Raises RecorderError (no_microphone, disk_full, ...) before anything is written."""
        with self._lock:
            outbox = self._outbox()
            if self.recorder is not None:
                raise RuntimeError("already recording")
            self._stop_mic_test_locked()
            recorder = Recorder(outbox, options, events=self.ctx.events)
            info = recorder.start()
            self.recorder = recorder
        return Outcome(str(info.id), Changes(recordings=True, recording=True))

    def pause(self) -> Changes:
        """Pauses the running recording (a gap is recorded)."""
        if self.recorder is not None:
            self.recorder.pause()
        return Changes(recording=True)

    def resume(self) -> Changes:
        """Resumes after `pause()`."""
        if self.recorder is not None:
            self.recorder.resume()
        return Changes(recording=True)

    def add_marker(self, label: str) -> Outcome[Marker]:
        """Bookmarks the current moment."""
        if self.recorder is None:
            raise RuntimeError("not recording")
        return Outcome(self.recorder.add_marker(label), Changes(recordings=True))

    def set_title(self, title: str) -> Changes:
        """Renames the running recording."""
        if self.recorder is not None:
            self.recorder.set_title(title)
        return Changes(recordings=True)

    def stop_recording(self) -> Outcome[Recorder | None]:
        """Stops the recording and waits until everything captured is sealed; the stopped
        recorder (its figures: frames, chunks, overflows, error), or None if none ran."""
        with self._lock:
            recorder, self.recorder = self.recorder, None
        if recorder is not None:
            recorder.stop("user")
        return Outcome(recorder, Changes(recordings=True, chunks=True, recording=True))

    def release_recording(self) -> Changes:
        """After a recording ended on its own (disk full, device gone): joins its thread."""
        with self._lock:
            recorder, self.recorder = self.recorder, None
        if recorder is not None:
            recorder.wait(30.0)
        return Changes(recordings=True, chunks=True, recording=True)

    # ---- microphone test (serial worker; the level read is safe anywhere) -----------------
    def start_mic_test(self, device: str | None) -> str:
        """Opens `device` for level display only (nothing is kept); returns its name."""
        with self._lock:
            self._stop_mic_test_locked()
            s = self.ctx.settings
            fmt = sample_format(s.sample_format)
            capture = Capture(
                PortAudioStreams(),
                device if device is not None else s.device,
                sample_rate=s.sample_rate,
                channels=s.channels,
                dtype=fmt.dtype,
                full_scale=fmt.full_scale,
                blocksize=max(1, round(MIC_TEST_BLOCK_SECONDS * s.sample_rate)),
                max_queue_blocks=8,  # blocks are dropped, not kept: only the level matters
            )
            capture.start()
            self._mic_test = capture
            return str(capture.device_name)

    def mic_level(self) -> LevelReading | None:
        """The test level since the last call (non-blocking: safe on the GUI thread)."""
        capture = self._mic_test
        if capture is None:
            return None
        while True:  # discard the audio: the test keeps nothing
            try:
                capture.queue.get_nowait()
            except queue.Empty:
                break
        return capture.level.take()

    def stop_mic_test(self) -> None:
        """Closes the test stream."""
        with self._lock:
            self._stop_mic_test_locked()

    def _stop_mic_test_locked(self) -> None:
        capture, self._mic_test = self._mic_test, None
        if capture is not None:
            capture.stop()

    # ---- account and sync ------------------------------------------------------------------
    def signed_in(self) -> bool:
        """True while the sync engine runs with a session not taken over (no I/O)."""
        sync = self.sync
        if sync is None:
            return False
        return sync.session is None or not sync.session.superseded

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
            device_id=self.ctx.device_id,
            device_name=self.ctx.device_name,
            client_version=__version__,
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
            assert scheduler.session is not None
            info = scheduler.session.login(user, password)
            return LoggedIn(server_url, user, ca_file, info, store, scheduler)
        transport = HTTPTransport(ca_file=config.ca_file, spki_pin=config.spki_pin)
        try:
            session = Session(
                transport,
                server_url,
                store,
                device_id=self.ctx.device_id,
                device_name=self.ctx.device_name,
                client_version=__version__,
            )
            info = session.login(user, password)
        finally:
            transport.close()
        return LoggedIn(server_url, user, ca_file, info, store, None)

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
        self.ctx.settings = save_user_settings(self.ctx.data_dir, None, **changes)
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
        if sync is not None and sync.session is None:  # a plain tus server: no session
            return SignOut(url, None, sync, None)
        token = self.ctx.keystore().get(REFRESH_TOKEN_KEY)
        staged = StagedKeyStore({REFRESH_TOKEN_KEY: token} if token else None)
        if sync is not None and sync.session is not None:
            sync.session.keystore = staged  # the sync thread stops after the logout
            return SignOut(url, sync.session, sync, None)
        if not url:
            return SignOut(url, None, None, None)
        transport = HTTPTransport(
            ca_file=Path(s.ca_file) if s.ca_file else None, spki_pin=s.spki_pin
        )
        session = Session(
            transport,
            url,
            staged,
            device_id=self.ctx.device_id,
            device_name=self.ctx.device_name,
            client_version=__version__,
        )
        return SignOut(url, session, None, transport)

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

    # ---- shutdown (serial worker) ----------------------------------------------------------
    def close(self) -> None:
        """Stops sync and closes the outbox (a recording must have been stopped first)."""
        with self._lock:
            self._stop_mic_test_locked()
            try:
                self._replace_sync(None)
            finally:
                outbox, self.outbox = self.outbox, None
                if outbox is not None:
                    outbox.close()

    def __enter__(self) -> Core:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _outbox(self) -> Outbox:
        outbox = self.outbox
        if outbox is None:
            raise RuntimeError("outbox not open")
        return outbox
