"""Helpers of the uploader tests, in a module with a unique name so that test modules import
them reliably whatever other conftest.py files pytest has loaded: the real `logmeets-server` as a
subprocess, a real Outbox with the events it saw, and a scheduler set up for tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crypto import DeviceKeys, MemoryKeyStore
from outbox import AuditLog, ChunkState, EventBus, Outbox
from uploader import SyncConfig, SyncScheduler, SyncState

REPO = Path(__file__).resolve().parents[2]
SERVER_BIN = REPO / ".venv" / "bin" / "logmeets-server"
USER, PASSWORD = "u", "p"


@dataclass
class ServerProc:
    """A running `logmeets-server serve` on loopback."""

    data: Path
    extra: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca(self) -> Path:
        return self.data / "tls" / "ca.pem"

    def start(self) -> ServerProc:
        """Starts it (on the previous port after a stop) and waits for its LISTENING line."""
        cmd = [
            str(SERVER_BIN), "serve", "--data", str(self.data), "--tls-self-signed",
            "--port", str(self.port), "--demo-user", f"{USER}:{PASSWORD}", *self.extra,
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode().strip()
        assert line.startswith("LISTENING https://"), f"server said {line!r}"
        self.port = int(line.rsplit(":", 1)[1])
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stops it (SIGTERM: clean; SIGKILL: a crash)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(20)
        self.proc = None

    def uploads(self) -> list[dict[str, Any]]:
        """Every upload record the server keeps (one per live upload)."""
        d = self.data / "uploads"
        return [json.loads(p.read_text()) for p in sorted(d.glob("*.json"))]

    def stored(self, chunk_id: str) -> bytes:
        """The bytes the server stored for the one complete upload of `chunk_id`."""
        ups = [u for u in self.uploads() if u["chunk_id"] == chunk_id]
        ups = [u for u in ups if u["state"] == "complete"]
        assert len(ups) == 1, f"{len(ups)} complete uploads of {chunk_id}"
        return (self.data / "uploads" / f"{ups[0]['upload_id']}.bin").read_bytes()


@dataclass
class Box:
    """A real outbox, the events it and the uploader published, and the ciphertexts."""

    outbox: Outbox
    events: EventBus
    seen: list[tuple[float, object]]
    keystore: MemoryKeyStore
    ciphertexts: dict[str, bytes] = field(default_factory=dict)

    def add_recording(self, chunks: int, size: int, *, stop: bool = True) -> str:
        """A recording of `chunks` chunks of `size` random bytes (sealed as real age files)."""
        rec = self.outbox.begin_recording(
            title="test", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
        )
        for i in range(chunks):
            info = self.outbox.seal_chunk(
                rec.id, i, os.urandom(size), started_at=time.time(), duration=30.0
            )
            self.ciphertexts[info.id] = self.outbox.read_ciphertext(info.id)
        if stop:
            self.outbox.finish_recording(rec.id, time.time())
        return rec.id

    def events_of(self, kind: type) -> list[Any]:
        return [e for _t, e in self.seen if isinstance(e, kind)]

    def state(self, chunk_id: str) -> ChunkState:
        return self.outbox.chunk(chunk_id).state


def open_box(tmp_path: Path, *, org_recipient: str | None) -> Box:
    """A real outbox under `tmp_path/home` (in-memory key store: keys are not the subject here)
    that seals to `org_recipient` too, recording every event it and the uploader publish."""
    store = MemoryKeyStore()
    keys = DeviceKeys(store)
    audit = AuditLog(tmp_path / "audit.log", keys.audit_key(), device_id="test-device")
    bus = EventBus()
    seen: list[tuple[float, object]] = []
    lock = threading.Lock()

    def record(e: object) -> None:
        with lock:
            seen.append((time.monotonic(), e))

    bus.subscribe(record)
    ob = Outbox.open(
        tmp_path / "home", keys=keys, audit=audit, events=bus, org_recipient=org_recipient
    )
    return Box(ob, bus, seen, store)


def make_scheduler(box: Box, base_url: str, ca: Path, **overrides: Any) -> SyncScheduler:
    """A scheduler for tests: short timeouts and backoffs, signed in as the demo user."""
    cfg: dict[str, Any] = {
        "server_url": base_url,
        "ca_file": ca,
        "device_id": "test-device",
        "timeout": (3.0, 4.0),
        "backoff_base": 0.2,
        "backoff_cap": 2.0,
        "piece_size": 256 * 1024,
        "max_piece_size": 512 * 1024,  # several pieces per chunk, for the faults to hit
    }
    cfg.update(overrides)
    sched = SyncScheduler(box.outbox, SyncConfig(**cfg), box.keystore, events=box.events)
    if sched.signin is not None:
        sched.signin.login(USER, PASSWORD)
    return sched


def run_until_drained(sched: SyncScheduler, box: Box, timeout: float = 90.0) -> None:
    """Runs the sync thread until every chunk is erased and every manifest is accepted."""
    sched.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            drained = (
                not box.outbox.pending_chunks() and not box.outbox.recordings_ready_for_manifest()
            )
            status = sched.status
            if drained and status is not None and status.state is SyncState.all_confirmed:
                return  # drained, and the thread has said so
            time.sleep(0.05)
        raise AssertionError(f"not drained in {timeout}s; status {sched.status}")
    finally:
        sched.stop()
