"""The GUI's one door into the core packages.

Every method here may block (disk, keyring, audio, network): the windows call them only through
`app.gui.tasks.TaskManager`, never on the GUI thread. Nothing here imports Qt, so the same
calls are what the CLI commands make; it exists so that the windows depend on one small surface
and the core's names appear in one place.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.context import Context

log = logging.getLogger(__name__)

# The level of the microphone test is read this often by the GUI (a cheap, lock-free read).
MIC_TEST_BLOCK_SECONDS = 0.02


@dataclass(frozen=True)
class Snapshot:
    """What the recordings list and the status need from the outbox, read in one go."""

    recordings: list[Any] = field(default_factory=list)
    chunks: list[Any] = field(default_factory=list)
    free_bytes: int | None = None


class Core:
    """Owns the outbox, the recorder session and the sync engine of the running app."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.outbox: Any | None = None
        self.session: Any | None = None  # the recorder session while recording
        self.sync: Any | None = None  # the uploader's scheduler while signed in
        self._mic_test: Any | None = None  # a level-only input stream ("test microphone")
        self._lock = threading.RLock()

    # ---- start-up -----------------------------------------------------------------------
    def open(self) -> Snapshot:
        """Keyring self-test, outbox (single-instance lock, crash recovery): the slow start."""
        with self._lock:
            if self.outbox is None:
                self.ctx.keystore()
                self.outbox = self.ctx.open_outbox(exclusive=True)
            return self.snapshot()

    def devices(self) -> list[Any]:
        """The input devices PortAudio sees now (rescanned when no stream is open)."""
        from recorder import devices

        with self._lock:
            if self.session is None:
                try:
                    devices.rescan()
                except Exception:  # a failed rescan leaves the old list: still usable
                    log.warning("device rescan failed", exc_info=True)
            return devices.list_input_devices()

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
        """How long `free_bytes` above the reserve lasts at the configured format."""
        from recorder import sample_format, seconds_left

        s = self.ctx.settings
        return seconds_left(
            free_bytes,
            reserve_mb=s.disk_reserve_mb,
            sample_rate=s.sample_rate,
            channels=s.channels,
            fmt=sample_format(s.sample_format),
            chunk_seconds=s.chunk_seconds,
        )

    # ---- recording ----------------------------------------------------------------------
    def start_recording(self, device: str | None, title: str) -> str:
        """Opens the microphone and starts a recording; returns its id once the device is open.
        Raises RecorderError (no_microphone, disk_full, ...) before anything is written."""
        from recorder import Recorder, RecordingOptions

        with self._lock:
            if self.outbox is None:
                raise RuntimeError("outbox not open")
            if self.session is not None:
                raise RuntimeError("already recording")
            self._stop_mic_test_locked()
            s = self.ctx.settings
            options = RecordingOptions(
                device=device if device is not None else s.device,
                sample_rate=s.sample_rate,
                channels=s.channels,
                subtype=s.sample_format,
                chunk_seconds=float(s.chunk_seconds),
                title=title,
                disk_reserve_mb=float(s.disk_reserve_mb),
            )
            recorder = Recorder(self.outbox, options, events=self.ctx.events)
            info = recorder.start()
            self.session = recorder
            return str(info.id)

    def pause(self) -> None:
        """Pauses the running recording (a gap is recorded)."""
        if self.session is not None:
            self.session.pause()

    def resume(self) -> None:
        """Resumes after `pause()`."""
        if self.session is not None:
            self.session.resume()

    def add_marker(self, label: str) -> Any:
        """Bookmarks the current moment; returns the Marker."""
        if self.session is None:
            raise RuntimeError("not recording")
        return self.session.add_marker(label)

    def set_title(self, title: str) -> None:
        """Renames the running recording."""
        if self.session is not None:
            self.session.set_title(title)

    def stop_recording(self) -> str | None:
        """Stops the recording and waits until everything captured is sealed."""
        with self._lock:
            recorder, self.session = self.session, None
        if recorder is None:
            return None
        recorder.stop("user")
        return str(recorder.recording_id)

    def release_recording(self) -> None:
        """After a recording ended on its own (disk full, device gone): joins its thread."""
        with self._lock:
            recorder, self.session = self.session, None
        if recorder is not None:
            recorder.wait(30.0)

    # ---- microphone test ----------------------------------------------------------------
    def start_mic_test(self, device: str | None) -> str:
        """Opens `device` for level display only (nothing is kept); returns its name."""
        from recorder import Capture, PortAudioStreams, sample_format

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

    def mic_level(self) -> Any | None:
        """The test level since the last call (non-blocking: safe on the GUI thread)."""
        capture = self._mic_test
        if capture is None:
            return None
        while True:  # discard the audio: the test keeps nothing
            try:
                capture.queue.get_nowait()
            except Exception:
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

    def pending_count(self) -> int:
        """Chunks still waiting for a receipt (asked before quitting)."""
        with self._lock:
            return 0 if self.outbox is None else len(self.outbox.pending_chunks())

    def export_flac(self, recording_id: str, out: Path) -> Any:
        """Decrypts a recording's local chunks into one FLAC file at `out`."""
        with self._lock:
            if self.outbox is None:
                raise RuntimeError("outbox not open")
            return self.outbox.export_flac(recording_id, out)

    # ---- account and sync ---------------------------------------------------------------
    def signed_in(self) -> bool:
        """True while the sync engine runs with a session that was not taken over (no I/O)."""
        sync = self.sync
        if sync is None:
            return False
        session = getattr(sync, "signin", None)
        return session is None or not session.superseded

    def _sync_config(self, **overrides: Any) -> Any:
        from app import __version__
        from uploader import SyncConfig

        s = self.ctx.settings
        values: dict[str, Any] = {
            "server_url": s.server_url,
            "tus_endpoint": s.tus_endpoint,
            "ca_file": s.ca_file,
            "spki_pin": s.spki_pin,
            "bandwidth_limit_kbps": s.bandwidth_limit_kbps,
            "device_id": self.ctx.device_id,
            "device_name": self.ctx.device_name,
            "client_version": __version__,
        }
        values.update(overrides)
        ca = values["ca_file"]
        values["ca_file"] = Path(ca) if ca else None
        return SyncConfig(**values)

    def _replace_sync(self, scheduler: Any | None) -> None:
        with self._lock:
            old, self.sync = self.sync, scheduler
        if old is not None:
            old.stop()
        if scheduler is not None:
            scheduler.start()

    def sign_in(self, request: Any) -> str:
        """Signs in at the server (network + keyring), saves server and user in config.toml,
        and (re)starts uploading. Raises UploadError (bad_credentials, TLS, network...)."""
        from app.settings import save_user_settings
        from uploader import SyncScheduler

        if self.outbox is None:
            raise RuntimeError("outbox not open")
        store = self.ctx.keystore()
        config = self._sync_config(server_url=request.server_url, ca_file=request.ca_file)
        scheduler = SyncScheduler(self.outbox, config, store, events=self.ctx.events)
        assert scheduler.signin is not None
        info = scheduler.signin.login(request.user, request.password)
        s = self.ctx.settings
        changes = {
            "server_url": request.server_url,
            "server_user": request.user,
            "ca_file": request.ca_file,
        }
        if info.org_recipient and not s.org_recipient:
            changes["org_recipient"] = info.org_recipient
        changes = {k: v for k, v in changes.items() if k not in s.locked}
        self.ctx.settings = save_user_settings(self.ctx.data_dir, **changes)
        self.outbox.set_org_recipient(self.ctx.settings.org_recipient or info.org_recipient)
        self.ctx.audit().set_user(request.user)
        self._replace_sync(scheduler)
        return str(request.user)

    def sign_out(self) -> None:
        """Ends the session at the server (best effort) and forgets the tokens; chunks stay
        and upload after the next sign-in."""
        with self._lock:
            sync, self.sync = self.sync, None
        if sync is None:
            return
        try:
            if sync.signin is not None:
                sync.signin.logout()
        finally:
            sync.stop()

    def resume_sync(self) -> bool:
        """At start-up: resumes uploading with the session stored in the keyring, if any.
        Returns True if the sync engine runs."""
        from uploader import REFRESH_TOKEN_KEY, SyncScheduler

        s = self.ctx.settings
        if self.outbox is None or not (s.server_url or s.tus_endpoint):
            return False
        store = self.ctx.keystore()
        if s.server_url and not store.get(REFRESH_TOKEN_KEY):
            return False
        scheduler = SyncScheduler(self.outbox, self._sync_config(), store, events=self.ctx.events)
        self._replace_sync(scheduler)
        return True

    def settings_changed(self) -> None:
        """New settings saved: the sync engine restarts with them (bandwidth limit, CA)."""
        if self.sync is not None:
            self.resume_sync()

    # ---- shutdown -----------------------------------------------------------------------
    def close(self) -> None:
        """Stops sync and closes the outbox (a recording must have been stopped first)."""
        with self._lock:
            self._stop_mic_test_locked()
            if self.sync is not None:
                try:
                    self.sync.stop()
                finally:
                    self.sync = None
            if self.outbox is not None:
                try:
                    self.outbox.close()
                finally:
                    self.outbox = None
