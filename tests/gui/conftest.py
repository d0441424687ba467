"""Fixtures for the GUI tests: the real main window on Qt's offscreen platform over a real
Context (Secret Service keyring, outbox, virtual microphone), a local `logmeets-server` over
HTTPS, scripted answers to the window's questions, a guard that fails a test if any core call
ran on the GUI thread, and one that fails it if outbox or keyring work ran on the network pool."""

from __future__ import annotations

import functools
import inspect
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_BIN = REPO / ".venv" / "bin" / "logmeets-server"
USER, PASSWORD = "u", "p"

# Core calls that are cheap reads of in-memory state, allowed on the GUI thread.
NON_BLOCKING = {"mic_level", "signed_in", "seconds_left", "recording_options", "sync_config"}
# TaskManager's network pool (its threads are named after this prefix).
NETWORK_POOL = "gui-network"


@pytest.fixture(scope="session", autouse=True)
def translations_built() -> None:
    """The .qm catalogues, built from the .ts sources as `make translations` does."""
    from app.i18n_build import build

    build()


@pytest.fixture()
def managed(tmp_path: Path) -> Path:
    """The administrator's managed file for this test (absent unless a test writes it), handed
    to `Context.create`: no environment variable can move it (docs/threat-model.md §8)."""
    return tmp_path / "managed.toml"


@pytest.fixture()
def write_config(data_dir: Path) -> Any:
    """Writes config.toml in the test's data dir."""
    from app.settings import dump_toml

    def write(**values: Any) -> None:
        # The first-run welcome is tested on its own; here it would cover the window.
        values = {"welcome_shown": True, **values}
        (data_dir / "config.toml").write_text(dump_toml(values), encoding="utf-8")

    return write


@pytest.fixture()
def gui_ctx(data_dir: Path, managed: Path, write_config: Any, real_keyring: object) -> Any:
    """A real Context over the test environment (English, the virtual mic, 5 s chunks)."""
    from app.context import Context

    config = data_dir / "config.toml"
    if not config.exists():
        write_config(language="en", chunk_seconds=5)
    return Context.create(data_dir, managed)


@dataclass
class ScriptedPrompts:
    """Answers the window's questions as the test says, and records what was asked."""

    quit_answer: bool = False
    export_to: str | None = None
    forget_answer: bool = False
    remove_answer: bool = False
    asked: list[tuple[str, Any]] = field(default_factory=list)

    def quit_while_recording(self) -> bool:
        self.asked.append(("quit_while_recording", None))
        return self.quit_answer

    def quit_with_pending(self, pending: int) -> bool:
        self.asked.append(("quit_with_pending", pending))
        return self.quit_answer

    def export_path(self, suggested: str) -> str | None:
        self.asked.append(("export_path", suggested))
        return self.export_to

    def remove_from_history(self, title: str) -> bool:
        self.asked.append(("remove_from_history", title))
        return self.remove_answer

    def forget_recording(self, title: str, damaged: int) -> bool:
        self.asked.append(("forget_recording", (title, damaged)))
        return self.forget_answer

    def error(self, title: str, text: str) -> None:
        self.asked.append(("error", text))

    def info(self, title: str, text: str) -> None:
        self.asked.append(("info", text))


class GuiThreadGuard:
    """Wraps every blocking Core method to note calls made on the GUI thread."""

    def __init__(self, core: Any) -> None:
        self.gui_thread = threading.current_thread()
        self.violations: list[str] = []
        self.calls: list[str] = []
        self.gate = threading.Event()  # calls off the GUI thread wait until it is set
        self.gate.set()
        for name in dir(type(core)):
            if name.startswith("_") or name in NON_BLOCKING:
                continue
            attr = getattr(core, name)
            if callable(attr):
                setattr(core, name, self._wrap(name, attr))

    def _wrap(self, name: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            if threading.current_thread() is self.gui_thread:
                self.violations.append(name)
            else:
                self.gate.wait(60)
            return fn(*args, **kwargs)

        return wrapper


class WorkerGuard:
    """Notes every outbox method and keyring primitive that runs on the network pool: the
    serial worker alone may do that work (app/gui/tasks.py). Patched on the classes, so the
    objects the recorder and the uploader hold are watched too; their own threads may."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from crypto import KeyStore
        from outbox import Outbox

        self.violations: list[str] = []
        for name in ("_get", "_set", "_delete"):  # the real backend; MemoryKeyStore overrides
            self._watch(monkeypatch, KeyStore, name)
        for name in dir(Outbox):
            attr = inspect.getattr_static(Outbox, name)
            if not name.startswith("_") and inspect.isfunction(attr):
                self._watch(monkeypatch, Outbox, name)

    def _watch(self, monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> None:
        fn = getattr(cls, name)
        label = f"{cls.__name__}.{name}"

        @functools.wraps(fn)
        def watched(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread().name.startswith(NETWORK_POOL):
                self.violations.append(label)
            return fn(*args, **kwargs)

        monkeypatch.setattr(cls, name, watched)


@pytest.fixture()
def window(
    gui_ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """The real main window, started (window shown, start-up running in the background).
    At the end it checks that no core call ran on the GUI thread and no outbox or keyring
    work on the network pool, and shuts down cleanly. A test marked `held_start_up` gets it
    with the start-up's core calls waiting until `window.guard.gate.set()`."""
    from app.gui.main import create_window

    workers = WorkerGuard(monkeypatch)
    w = create_window(gui_ctx)
    w.prompts = ScriptedPrompts()
    guard = GuiThreadGuard(w.core)
    w.guard = guard
    w.workers = workers
    if request.node.get_closest_marker("held_start_up"):
        guard.gate.clear()
    w.start()
    yield w
    guard.gate.set()
    w.quitting = True
    w.tasks.wait_idle(60_000)
    violations = list(guard.violations)  # the teardown below may block: it is not the GUI
    on_pool = list(workers.violations)
    w.bridge.detach()
    w.core.stop_recording()
    w.core.close()
    w.tray.dispose()
    w.translations.apply("en")  # the next test starts in English whatever this one chose
    w.close()
    w.deleteLater()
    assert not violations, f"core calls on the GUI thread: {violations}"
    assert not on_pool, f"outbox or keyring work on the network pool: {on_pool}"


@dataclass
class ServerProc:
    """A running `logmeets-server serve` on loopback with the demo user u:p."""

    data: Path
    proc: subprocess.Popen[bytes] | None = None
    url: str = ""
    port: int = 0  # 0 at first; a restart keeps the port the client knows

    @property
    def ca(self) -> Path:
        return self.data / "tls" / "ca.pem"

    def start(self) -> ServerProc:
        cmd = [
            str(SERVER_BIN), "serve", "--data", str(self.data), "--tls-self-signed",
            "--port", str(self.port), "--demo-user", f"{USER}:{PASSWORD}",
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode().strip()
        assert line.startswith("LISTENING https://"), f"server said {line!r}"
        self.url = line.split(" ", 1)[1]
        self.port = int(self.url.rsplit(":", 1)[1].rstrip("/"))
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)
        self.proc = None


@pytest.fixture()
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerProc]:
    """The reference server over real HTTPS on loopback (its own self-signed CA)."""
    # This machine sets CA bundle variables that would override the test CA.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    s = ServerProc(tmp_path / "server").start()
    yield s
    s.stop()
