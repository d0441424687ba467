"""The facade's class: `Core` owns the outbox, the running recorder, the microphone test and
(through `AccountAndSync`) the sync engine of one front end."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from app.context import AUDIT_NAME, Context
from app.core.account import AccountAndSync
from app.core.errors import CoreError
from app.core.results import AuditCheck, Changes, Outcome, Snapshot
from app.settings import SettingsError
from outbox import (
    ExportReport,
    Marker,
    Outbox,
    OutboxError,
    VerifyResult,
    export_recording,
    verify_chunks,
)
from outbox import verify_audit_log as _verify_audit_log
from recorder import (
    Capture,
    InputDevice,
    LevelReading,
    PortAudioStreams,
    Recorder,
    RecordingOptions,
    SystemSource,
    list_input_devices,
    list_system_sources,
    rescan_devices,
    sample_format,
    seconds_left,
)
from uploader import SyncScheduler

log = logging.getLogger(__name__)

# The level of the microphone test is read this often by the GUI (a cheap, lock-free read).
MIC_TEST_BLOCK_SECONDS = 0.02


class Core(AccountAndSync):
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
                self.ctx.proxy()  # its keyring read here, not later on the network pool
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
                    rescan_devices()
                except Exception:  # a failed rescan leaves the old list: still usable
                    log.warning("device rescan failed", exc_info=True)
            return list_input_devices()

    def export_flac(
        self,
        recording_id: str,
        out: Path,
        progress: Callable[[int, int], None] | None = None,
        *,
        mix: bool = False,
    ) -> ExportReport:
        """Decrypts a recording's local chunks into one tagged FLAC file at `out`; `progress`
        gets (chunks done, chunks in all); `mix`: one channel, the channels' average."""
        return export_recording(
            self._outbox(),
            recording_id,
            Path(out),
            device_id=self.ctx.device_id,
            progress=progress,
            mix=mix,
        )

    def system_sources(self) -> list[SystemSource]:
        """The system-audio sources (the outputs' loopbacks), listed by a child process."""
        return list_system_sources()

    def verify(self) -> Outcome[list[VerifyResult]]:
        """Decrypts and checks every local chunk; damaged ones are quarantined."""
        return Outcome(verify_chunks(self._outbox()), Changes(chunks=True))

    def forget_recording(self, recording_id: str) -> Changes:
        """Crypto-erases a recording whose quarantined chunks would keep its key forever (see
        `forgettable`): its key leaves the keyring, its quarantined files are erased, and it is
        marked erased. Exports nothing: export what is readable first. Refused with CoreError
        code `recording_not_forgettable` while it records or has chunks still to upload."""
        outbox = self._outbox()
        rec = outbox.recording(recording_id)  # OutboxError unknown_recording
        if not outbox.forget_quarantined(rec.id):
            raise CoreError(
                f"recording {rec.id} cannot be forgotten: it is {rec.state.value}, or has chunks "
                "still to upload, or none quarantined",
                code="recording_not_forgettable",
                recording_id=rec.id,
            )
        return Changes(recordings=True, chunks=True)

    def remove_from_history(self, recording_id: str) -> Changes:
        """Removes an uploaded, erased recording from this computer's history (re-keyed, so a
        copy of the old file opens no more) and from the list. OutboxError unknown_recording,
        or history_not_removable while anything of it is still here or unsent."""
        self._outbox().remove_from_history(recording_id)
        return Changes(recordings=True, chunks=True)

    def check_audit_log(self) -> AuditCheck:
        """Checks the HMAC chain of the audit log."""
        path = self.ctx.data_dir / AUDIT_NAME
        entries = path.read_bytes().count(b"\n") if path.exists() else 0
        key = self.ctx.device_keys().existing_audit_key()
        if key is None:
            # Checking under a fresh key would call every line tampered: say what is wrong.
            if path.exists() and path.stat().st_size > 0:
                raise OutboxError(
                    "the audit key is not in the keyring", code="audit_key_missing", path=str(path)
                )
            return AuditCheck(path, 0, [])
        problems = _verify_audit_log(path, key, anchor=self.ctx.audit_anchor())
        return AuditCheck(path, entries, [(p.line, p.reason, p.code) for p in problems])

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
        system_audio: str | None = None,
    ) -> RecordingOptions:
        """The options of a new recording: what is given over the settings (no I/O).
        `system_audio`: "off", "default" or a source name; None: off, unless the administrator
        locked the setting (the locked value applies then, and nothing else is allowed)."""
        s = self.ctx.settings
        if "system_audio" in s.locked:
            if system_audio is not None and system_audio != s.system_audio:
                raise SettingsError(
                    f"'system_audio' is {s.locked['system_audio']}; ask them to change it.",
                    path=s.source or self.ctx.data_dir,
                    key="system_audio",
                )
            system_audio = s.system_audio
        return RecordingOptions(
            device=(device if device is not None else s.device) or None,
            system_audio=None if system_audio in (None, "", "off") else system_audio,
            sample_rate=sample_rate if sample_rate is not None else s.sample_rate,
            channels=channels if channels is not None else s.channels,
            subtype=subtype if subtype is not None else s.sample_format,
            chunk_seconds=float(chunk_seconds if chunk_seconds is not None else s.chunk_seconds),
            title=title,
            duration=duration,
            disk_reserve_mb=float(s.disk_reserve_mb),
            silence_warning_seconds=float(s.silence_warning_seconds),
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

    # ---- shutdown (serial worker) ----------------------------------------------------------
    def close(self) -> None:
        """Stops sync and closes the outbox (a recording must have been stopped first)."""
        with self._lock:
            self._stop_mic_test_locked()
            try:
                self._replace_sync(None)
            finally:
                # `outbox` goes None only once it is closed: "shut down" means its lock is free.
                if self.outbox is not None:
                    try:
                        self.outbox.close()
                    finally:
                        self.outbox = None

    def __enter__(self) -> Core:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
