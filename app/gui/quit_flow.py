"""Closing the main window and quitting the app.

Closing the window while a recording runs or parts wait to upload keeps the app working: the
window goes to the tray (minimised where there is no tray) and a notification says so the first
time. With nothing to finish, closing quits. Quitting asks only when it would interrupt
something (a running recording, parts not uploaded yet); a running recording is stopped and
sealed first; then the core closes off the GUI thread and the application quits.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from app.gui import record_panel as rp
from app.gui.notices import Notice
from app.gui.tray import Tray
from app.gui.window_parts import WindowParts

RUNNING = (rp.RECORDING, rp.PAUSED, rp.STARTING)
TRAY_WAIT_S, TRAY_POLL_MS = 60.0, 1000  # how long a start at login waits for a tray


class QuitFlow:
    """The steps of closing and quitting for one window (`window.quitting` says how far)."""

    def __init__(self, window: WindowParts) -> None:
        self.w = window
        self.told_in_background = False  # the "still running" notification, once per run

    def busy(self) -> bool:
        """True while closing the window would leave work undone: a recording runs (or is being
        saved) or parts wait to upload."""
        return self.w.panel.phase in (*RUNNING, rp.STOPPING) or self.w.pending_parts > 0

    def close_requested(self, event: QCloseEvent) -> None:
        """The window's close button: out of sight while busy, else quit."""
        w = self.w
        if w.quitting:
            event.accept()
            return
        event.ignore()
        if self.busy():
            self.go_to_background()
        else:
            self.request_quit()

    def go_to_background(self) -> None:
        """Hides the window into the tray (minimises it where there is no tray); the first time,
        a notification says that the app keeps working."""
        w = self.w
        if Tray.available():
            w.hide()
        else:
            w.showMinimized()
        if not self.told_in_background:
            self.told_in_background = True
            w.tell(still_running(in_tray=Tray.available()))

    def start_hidden(self) -> None:
        """A start at login: only the tray icon; where there is no tray (yet), the window
        minimised, so that it stays reachable."""
        if not Tray.available():
            self.w.showMinimized()
            self.hide_when_tray_appears()

    def hide_when_tray_appears(self) -> None:
        """A start at login found no tray and minimised the window: the desktop's tray often
        comes up a little later, so the window moves into it if it does within a minute (and
        the user has not opened the window meanwhile)."""
        timer = QTimer(self.w.tray)
        deadline = time.monotonic() + TRAY_WAIT_S

        def check() -> None:
            if not self.w.isMinimized() or time.monotonic() > deadline:
                timer.stop()
            elif Tray.available():
                timer.stop()
                self.w.hide()

        timer.timeout.connect(check)
        timer.start(TRAY_POLL_MS)

    def request_quit(self) -> None:
        """Quits; asks first only if that interrupts a recording or leaves parts not uploaded
        (they resume at the next start). A running recording is stopped and saved first."""
        w = self.w
        if w.quitting:
            return
        if w.panel.phase in RUNNING:
            if not w.prompts.quit_while_recording():
                return
        elif w.pending_parts and not w.prompts.quit_with_pending(w.pending_parts):
            return
        w.quitting = True
        if w.panel.phase in RUNNING:
            w.stop()  # the recording's end calls recording_ended(), which shuts down
        elif w.panel.phase != rp.STOPPING:
            self.shut_down()

    def recording_ended(self) -> None:
        """A recording ended: if the user asked to quit meanwhile, shut down now."""
        if self.w.quitting:
            self.shut_down()

    def shut_down(self) -> None:
        """Stops the timers and the events, closes the core off the GUI thread, then quits."""
        w = self.w
        w.disk_timer.stop()
        w.mic_timer.stop()
        w.bridge.detach()
        w.tasks.run(
            w.core.close,
            success=lambda _r: self._finish(),
            failure=lambda _e: self._finish(),
        )

    def _finish(self) -> None:
        w = self.w
        w.tray.dispose()
        w.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


def still_running(*, in_tray: bool) -> Notice:
    """The window was closed while busy: the app goes on in the tray, or minimised where there
    is no tray (a desktop notification only)."""
    text = (
        QCoreApplication.translate(
            "MainWindow",
            "LogMeets Recorder keeps recording and uploading in the background. Open it from "
            "the tray; choose Quit there to end it.",
        )
        if in_tray
        else QCoreApplication.translate(
            "MainWindow",
            "LogMeets Recorder keeps recording and uploading while its window is minimised. "
            "Choose Quit in its File menu to end it.",
        )
    )
    return Notice(
        text,
        QCoreApplication.translate("MainWindow", "Still running"),
        in_window=False,
    )
