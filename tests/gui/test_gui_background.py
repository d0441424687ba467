"""The app keeps working when its window is gone: closing while recording or with parts waiting
to upload keeps it running (minimised here: the offscreen platform has no tray), quitting asks
only when it would interrupt something, a start at login is hidden, and a second launch brings
the first window forward instead of opening another (two real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from guihelp import choose_device, own_window, wait_ready
from PySide6.QtCore import Qt

from app.gui import record_panel as rp
from app.gui.tray import Tray

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring]


def _record(qtbot: Any, w: Any, device: str) -> None:
    wait_ready(qtbot, w)
    choose_device(w, device)
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)


def _still_running(w: Any) -> list[str]:
    return [title for title, _ in w.tray.notifications if title == "Still running"]


def test_closing_while_busy_keeps_recording_and_uploading(
    window: Any, qtbot: Any, virtual_mic: str
) -> None:
    w = window
    assert not Tray.available()  # the offscreen platform: the window is minimised instead
    _record(qtbot, w, virtual_mic)
    w.close()
    qtbot.waitUntil(w.isMinimized, timeout=5000)
    assert w.panel.phase == rp.RECORDING and not w.quitting
    assert w.prompts.asked == []  # closing asks nothing
    assert len(_still_running(w)) == 1
    before = w.panel.elapsed_label.text()
    qtbot.waitUntil(lambda: w.panel.elapsed_label.text() != before, timeout=5000)

    # The tray's Stop ends the recording; its parts now wait to upload (not signed in).
    w.tray.stop_action.trigger()
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
    qtbot.waitUntil(lambda: w.pending_parts >= 1, timeout=10_000)
    w.bring_to_front()
    assert w.isVisible() and not w.isMinimized()
    w.close()  # parts waiting to upload: the app stays
    qtbot.waitUntil(w.isMinimized, timeout=5000)
    assert not w.quitting and w.prompts.asked == []
    assert len(_still_running(w)) == 1  # said once per run


def test_closing_with_nothing_to_finish_quits_without_asking(window: Any, qtbot: Any) -> None:
    w = window
    wait_ready(qtbot, w)
    assert w.pending_parts == 0
    w.close()
    qtbot.waitUntil(lambda: w.core.outbox is None, timeout=30_000)  # shut down cleanly
    assert w.quitting and not w.isVisible()
    assert w.prompts.asked == [] and _still_running(w) == []


def test_quitting_while_recording_asks_then_stops_and_saves(
    window: Any, qtbot: Any, virtual_mic: str
) -> None:
    w = window
    _record(qtbot, w, virtual_mic)
    w.prompts.quit_answer = False
    w.request_quit()
    assert w.prompts.asked == [("quit_while_recording", None)]
    assert not w.quitting and w.panel.phase == rp.RECORDING
    rid = w.recording_id
    w.prompts.quit_answer = True
    w.tray.quit_action.trigger()
    qtbot.waitUntil(lambda: w.core.outbox is None, timeout=60_000)
    # One question per quit, none about pending parts on top of it.
    assert [name for name, _ in w.prompts.asked] == ["quit_while_recording"] * 2
    outbox = w.ctx.open_outbox(exclusive=False)
    try:
        assert outbox.recording(rid).state == "stopped"
        assert outbox.chunks(rid)
    finally:
        outbox.close()


def test_a_start_at_login_shows_no_window(
    gui_ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No tray here: the window is minimised, so that it stays reachable.
    _hidden_start(gui_ctx, qtbot, lambda w: w.isMinimized())
    # Where the desktop has a tray, only its icon shows (the tray's presence is simulated).
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    _hidden_start(gui_ctx, qtbot, lambda w: not w.isVisible())


def test_a_start_at_login_moves_into_a_tray_that_comes_up_later(
    gui_ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with own_window(gui_ctx) as w:
        w.start(hidden=True)
        assert w.isMinimized()  # no tray yet
        wait_ready(qtbot, w)
        # The desktop's tray comes up (simulated: the offscreen platform has none).
        monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
        qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)


def test_a_start_at_login_that_cannot_record_says_so_in_a_notification(
    gui_ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At login the keyring may be missing: the hidden window's notice alone would go unseen.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    with own_window(gui_ctx) as w:
        w.start(hidden=True)
        qtbot.waitUntil(w.notice.isVisible, timeout=30_000)
        assert ("Cannot record", w.notice.text()) in w.tray.notifications
        assert w.notice.text().startswith("No secure key store is available")


def _hidden_start(ctx: Any, qtbot: Any, hidden: Any) -> None:
    from app.gui.main import come_forward

    with own_window(ctx) as w:
        w.start(hidden=True)
        wait_ready(qtbot, w)
        assert hidden(w)
        come_forward(w, False)  # another start at login: stays out of sight
        assert hidden(w)
        come_forward(w, True)  # the user launched it: the window comes forward
        assert w.isVisible() and not w.isMinimized()


def _log_of(home: Path, pid: int) -> str:
    path = home / "logs" / f"logmeets-{pid}.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _wait_for(predicate: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_second_launch_brings_the_first_window_forward(data_dir: Path) -> None:
    # Two real processes of the app on the same data folder (LOGMEETS_HOME, offscreen Qt).
    env = {**os.environ, "LOGMEETS_HOME": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    (data_dir / "config.toml").write_text(
        'language = "en"\nwelcome_shown = true\n', encoding="utf-8"
    )
    app = [sys.executable, "-m", "app"]
    first = subprocess.Popen([*app, "--hidden"], env=env, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: "GUI started" in _log_of(data_dir, first.pid), 60)
        started = time.monotonic()
        second = subprocess.Popen(app, env=env, stderr=subprocess.PIPE, text=True)
        _, errors = second.communicate(timeout=60)
        took = time.monotonic() - started
        assert second.returncode == 0, errors
        assert "handed over" in _log_of(data_dir, second.pid)
        assert "GUI started" not in _log_of(data_dir, second.pid)  # no second window
        _wait_for(lambda: "brought forward" in _log_of(data_dir, first.pid), 10)
        assert "(visible True, minimised False)" in _log_of(data_dir, first.pid)
        assert first.poll() is None  # the first keeps running
        print(f"second launch handed over and exited in {took:.2f} s")
        assert took < 15
    finally:
        first.terminate()
        first.wait(30)


def test_the_instance_socket_is_the_owners_and_reads_one_word(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtNetwork import QLocalSocket

    from app.gui.single_instance import InstanceServer, server_name

    name = server_name(tmp_path)
    assert name == server_name(tmp_path) and name != server_name(tmp_path / "other")
    assert str(tmp_path) not in name  # a digest: the path is not shown in /tmp
    server = InstanceServer(name)
    assert server.listen()
    try:
        if sys.platform != "win32":  # a named pipe there, with the user's access list
            mode = Path(server.server.fullServerName()).stat().st_mode
            assert mode & 0o077 == 0, oct(mode)  # other local users cannot connect
        seen: list[bool] = []
        server.activated.connect(seen.append)
        # Anything but the two words is read and dropped; a long line is cut off unread.
        for junk in (b"raise window now\n", b"x" * 4096):
            sock = QLocalSocket()
            sock.connectToServer(name)
            assert sock.waitForConnected(1000)
            sock.write(junk)
            sock.waitForBytesWritten(1000)
            qtbot.wait(200)
            sock.abort()
        assert seen == []
        with qtbot.waitSignal(server.activated, timeout=5000):
            assert _hand_over_async(qtbot, name)
        assert seen == [True]
    finally:
        server.close()


def _hand_over_async(qtbot: Any, name: str) -> bool:
    # hand_over() blocks on the answer, which this same thread's event loop must produce: run
    # it on a thread (it uses its own QLocalSocket there).
    import threading

    from app.gui.single_instance import hand_over

    result: list[bool] = []
    t = threading.Thread(target=lambda: result.append(hand_over(name, hidden=False)))
    t.start()
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=5000)
    return result == [True]


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets leave a file behind")
def test_a_socket_left_by_a_crashed_instance_is_taken_over(qtbot: Any, tmp_path: Path) -> None:
    import socket

    from PySide6.QtCore import QDir

    from app.gui.single_instance import InstanceServer, hand_over, server_name

    name = server_name(tmp_path)
    stale = Path(QDir.tempPath()) / name
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(stale))  # bound, never listening, closed without unlinking: a crash's rest
    sock.close()
    try:
        assert stale.exists()
        assert not hand_over(name, hidden=False)  # nobody answers there
        server = InstanceServer(name)
        assert server.listen(), server.server.errorString()
        server.close()
    finally:
        stale.unlink(missing_ok=True)
