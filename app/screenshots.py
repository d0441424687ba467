"""Renders the GUI to PNG files for the docs: the first-run welcome, sign-in with an error, the
main window empty (first start), idle, recording, syncing, uploading (a part's progress ring and
the status bar's figures) and offering to record a meeting, Help › About and the
proxy sign-in (app/gui/help_shots.py), in English and Japanese;
the window in a dark palette; and the window and the sign-in dialog at 200 % scale (a second
process: the scale is fixed when Qt starts). `make screenshots` runs
`python -m app.screenshots docs/screenshots` inside the test environment (Xvfb, the virtual
microphone, the Secret Service keyring, CJK fonts).

Nothing is staged: each language gets a fresh data directory and a real `logmeets-server` on
loopback; the window signs in, records from the virtual microphone, and uploads with a low
bandwidth limit so that the syncing state lasts long enough to be captured.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Qt is imported once the display is set up (_display)
    from PySide6.QtWidgets import QApplication, QWidget

SERVER_USER, SERVER_PASSWORD = "demo", "demo-password"
DEVICE = "vmic"  # the test signal looped into PulseAudio: a steady level on the meter
SIZE = (900, 680)
UPLOAD_KBPS = 160  # slow enough that a 5 s chunk takes several seconds to upload


def _display() -> None:
    """Qt on the test environment's Xvfb display, with the xcb platform."""
    display = os.environ.get("LOGMEETS_TEST_DISPLAY")
    if not display:
        raise SystemExit(
            "screenshots: no Xvfb display; run through tests/env/with-testenv.sh "
            "(`make screenshots`)"
        )
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    # The machine's CA bundle variables would override the test server's CA.
    os.environ.pop("REQUESTS_CA_BUNDLE", None)
    os.environ.pop("CURL_CA_BUNDLE", None)


class Server:
    """A `logmeets-server` on loopback with its own self-signed CA."""

    def __init__(self, data: Path) -> None:
        exe = Path(sys.executable).parent / "logmeets-server"
        command = [str(exe)] if exe.exists() else [sys.executable, "-m", "server.cli"]
        self.data = data
        self.proc = subprocess.Popen(
            [
                *command,
                "serve",
                "--data",
                str(data),
                "--tls-self-signed",
                "--port",
                "0",
                "--demo-user",
                f"{SERVER_USER}:{SERVER_PASSWORD}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("LISTENING "):
            raise SystemExit(f"screenshots: the server did not start ({line!r})")
        self.url = line.split(" ", 1)[1]
        self.ca = data / "tls" / "ca.pem"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def _pump(app: QApplication, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _wait(
    app: QApplication, what: str, predicate: Callable[[], bool], timeout: float = 60.0
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        _pump(app, 0.05)


def _save(window: QWidget, out: Path) -> None:
    window.grab().save(str(out))
    print(f"wrote {out}")


def _write_config(home: Path, language: str, **more: object) -> None:
    from app.settings import dump_toml

    home.mkdir()
    values = {"language": language, "chunk_seconds": 5, "device": DEVICE, **more}
    (home / "config.toml").write_text(dump_toml(values), encoding="utf-8")


def _welcome(app: QApplication, window: Any, out: Path | None) -> None:
    """The first-run welcome once the level moves; saved to `out`; closed with "record now"."""
    _wait(app, "the welcome", lambda: window.welcome_flow.dialog is not None)
    dialog = window.welcome_flow.dialog
    _wait(app, "a level", lambda: dialog.meter.rms_dbfs > -50, timeout=30)
    _pump(app, 0.5)
    if out is not None:
        _save(dialog, out)
    dialog.record_button.click()
    _wait(app, "the welcome closed", lambda: window.ctx.settings.welcome_shown)


def _sign_in_error(app: QApplication, window: Any, server: Server, out: Path) -> None:
    """The sign-in dialog after a sign-in without the server's CA: the untrusted-certificate
    message, the longest a first sign-in usually meets."""
    window.sign_in()
    dialog = window.sign_in_dialog
    dialog.server_edit.setText(server.url)
    dialog.user_edit.setText(SERVER_USER)
    dialog.password_edit.setText(SERVER_PASSWORD)
    dialog.submit()
    _wait(app, "the sign-in error", lambda: not dialog.busy and dialog.error_label.isVisible())
    _pump(app, 0.5)
    _save(dialog, out)
    dialog.reject()


def _close(window: Any) -> None:
    window.quitting = True
    window.tasks.wait_idle(60_000)
    window.core.stop_recording()
    window.core.close()
    window.tray.dispose()
    window.close()


def render_language(app: QApplication, language: str, out_dir: Path, work: Path) -> None:
    """Runs the window through empty -> recording -> syncing -> uploading -> all uploaded -> a
    meeting app starting (the offer to record) in `language`."""
    from app.context import Context
    from app.gui import record_panel as rp
    from app.gui.main import create_window

    home = work / f"home-{language}"
    server = Server(work / f"server-{language}")
    _write_config(home, language, bandwidth_limit_kbps=UPLOAD_KBPS)  # a first run
    window = create_window(Context.create(home))
    try:
        window.resize(*SIZE)
        window.start()
        _wait(app, "start-up", lambda: window.ready and bool(window.devices))
        _welcome(app, window, out_dir / f"welcome-{language}.png")
        _sign_in_error(app, window, server, out_dir / f"sign-in-error-{language}.png")
        core = window.core
        window.tasks.run(
            lambda: core.log_in(server.url, SERVER_USER, SERVER_PASSWORD, str(server.ca)),
            success=lambda login: window.tasks.run(
                lambda: core.finish_sign_in(login), success=window.refresh
            ),
            network=True,
        )
        _wait(app, "sign-in", window.core.signed_in)
        _pump(app, 0.5)
        _wait(app, "the empty list", lambda: bool(window.recordings.empty_hint()))
        _save(window, out_dir / f"main-empty-{language}.png")

        titles = {
            "en": ("Weekly planning", "Design review", "Decision: ship on Friday"),
            "ja": ("週次計画ミーティング", "デザインレビュー", "決定：金曜日にリリース"),
        }[language]
        # An earlier meeting, already uploaded, so that the list is not empty.
        window.panel.title_edit.setText(titles[0])
        window.record()
        _wait(app, "recording", lambda: window.panel.phase == rp.RECORDING)
        _pump(app, 6.5)
        window.stop()
        _wait(app, "stop", lambda: window.panel.phase == rp.IDLE)
        _wait(app, "upload", lambda: window.sync.state == "all_confirmed", timeout=120)

        window.panel.title_edit.setText(titles[1])
        window.record()
        _wait(app, "recording", lambda: window.panel.phase == rp.RECORDING)
        _pump(app, 3.0)
        window.add_marker(titles[2])
        _pump(app, 5.0)
        window.recordings.expandAll()
        _save(window, out_dir / f"main-recording-{language}.png")

        _pump(app, 2.0)
        rid = str(window.recording_id)
        window.stop()
        _wait(app, "stop", lambda: window.panel.phase == rp.IDLE)
        model = window.recordings.recordings

        def syncing() -> bool:
            state = model.recording_state(rid)
            return window.sync.state == "syncing" and state.kind in ("waiting", "uploading")

        _wait(app, "syncing", syncing, timeout=60)
        _wait(app, "the last part", lambda: len(model._chunks.get(rid, {})) >= 2, timeout=30)
        _pump(app, 0.5)
        window.recordings.expandAll()
        _save(window, out_dir / f"main-syncing-{language}.png")

        def uploading() -> bool:
            states = [model.chunk_state(c.id) for c in model.chunks_of(rid)]
            going = [s for s in states if s is not None and s.kind == "uploading"]
            return bool(window.transfer.text) and any(
                s.fraction is not None and 0.2 < s.fraction < 0.8 for s in going
            )

        _wait(app, "a part half uploaded", uploading, timeout=60)
        window.recordings.expandAll()
        _pump(app, 0.2)
        _save(window, out_dir / f"main-uploading-{language}.png")

        _wait(app, "all uploaded", lambda: window.sync.state == "all_confirmed", timeout=180)
        window.recordings.collapseAll()
        _pump(app, 0.5)
        _save(window, out_dir / f"main-idle-{language}.png")

        from app.gui.help_shots import render_help_dialogs

        render_help_dialogs(app, window, language, out_dir)

        # A meeting app starts using the microphone: the offer to record it.
        zoom = subprocess.Popen(
            ["parec", "-d", DEVICE, "--raw", "--property=application.name=zoom"],
            stdout=subprocess.DEVNULL,
        )
        try:
            window.meeting_prompt.timer.setInterval(200)
            _wait(app, "the meeting offer", window.meeting_prompt.bar.isVisible, timeout=30)
            _pump(app, 0.3)
            _save(window, out_dir / f"main-meeting-offer-{language}.png")
        finally:
            zoom.terminate()
            zoom.wait(10)
    finally:
        _close(window)
        server.stop()


def render_recording(app: QApplication, out: Path, work: Path, language: str = "en") -> None:
    """The window while recording, with a title and a marker (for the dark and 200 % views)."""
    from app.context import Context
    from app.gui import record_panel as rp
    from app.gui.main import create_window

    home = work / f"home-{out.stem}"
    _write_config(home, language, welcome_shown=True)
    window = create_window(Context.create(home))
    try:
        window.resize(*SIZE)
        window.start()
        _wait(app, "start-up", lambda: window.ready and bool(window.devices))
        title = {"en": "Design review", "ja": "デザインレビュー"}[language]
        window.panel.title_edit.setText(title)
        window.record()
        _wait(app, "recording", lambda: window.panel.phase == rp.RECORDING)
        _pump(app, 2.0)
        window.add_marker(
            {"en": "Decision: ship on Friday", "ja": "決定：金曜日にリリース"}[language]
        )
        _pump(app, 4.0)
        _save(window, out)
        window.stop()
        _wait(app, "stop", lambda: window.panel.phase == rp.IDLE)
    finally:
        _close(window)


def render_dark(app: QApplication, out_dir: Path, work: Path) -> None:
    """The window in a dark palette, as the system's dark mode gives it."""
    from PySide6.QtGui import QPalette

    from app.gui import theme

    before = QPalette(app.palette())
    app.setPalette(theme.dark_palette())
    try:
        render_recording(app, out_dir / "main-dark-en.png", work)
    finally:
        app.setPalette(before)


def render_scaled(app: QApplication, out_dir: Path, work: Path) -> None:
    """At 200 % (run with QT_SCALE_FACTOR=2): the window, and the sign-in error in Japanese."""
    from app.context import Context
    from app.gui.main import create_window

    render_recording(app, out_dir / "main-200-en.png", work)
    server = Server(work / "server-200")
    home = work / "home-200-ja"
    _write_config(home, "ja", welcome_shown=True)
    window = create_window(Context.create(home))
    try:
        window.start()
        _wait(app, "start-up", lambda: window.ready and bool(window.devices))
        _sign_in_error(app, window, server, out_dir / "sign-in-error-200-ja.png")
    finally:
        _close(window)
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m app.screenshots OUT_DIR`."""
    parser = argparse.ArgumentParser(prog="python -m app.screenshots", description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--languages", default="en,ja")
    parser.add_argument("--scaled", action="store_true", help="only the 200 %% pictures")
    args = parser.parse_args(argv)
    _display()
    if args.scaled:
        os.environ["QT_SCALE_FACTOR"] = "2"
    from app.gui.main import application

    app = application()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="logmeets-shots-") as tmp:
            if args.scaled:
                render_scaled(app, args.out_dir, Path(tmp))
                return 0
            for language in args.languages.split(","):
                render_language(app, language, args.out_dir, Path(tmp))
            render_dark(app, args.out_dir, Path(tmp))
    finally:
        # Destroy Qt's objects before Python finalises (else PySide6 may crash in its last GC).
        app.shutdown()
    # The scale is fixed when Qt starts: the 200 % pictures come from a process of their own.
    scaled = [sys.executable, "-m", "app.screenshots", str(args.out_dir), "--scaled"]
    return subprocess.run(scaled, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
