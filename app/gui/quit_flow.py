"""Closing the main window and quitting the app.

Closing the window while recording asks whether to keep recording in the tray (or minimised),
stop and quit, or cancel. Quitting with uploads pending says that they resume at the next
start; a running recording is stopped and sealed first; then the core closes off the GUI thread
and the application quits.
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from app.gui import record_panel as rp
from app.gui.prompts import CANCEL, KEEP_IN_TRAY
from app.gui.tray import Tray
from app.gui.window_parts import WindowParts

RUNNING = (rp.RECORDING, rp.PAUSED, rp.STARTING)


class QuitFlow:
    """The steps of closing and quitting for one window (`window.quitting` says how far)."""

    def __init__(self, window: WindowParts) -> None:
        self.w = window

    def close_requested(self, event: QCloseEvent) -> None:
        """The window's close button: quit, keep recording out of sight, or stay."""
        w = self.w
        if w.quitting:
            event.accept()
            return
        event.ignore()
        if w.panel.phase in RUNNING:
            choice = w.prompts.close_while_recording(Tray.available())
            if choice == CANCEL:
                return
            if choice == KEEP_IN_TRAY:
                if Tray.available():
                    w.hide()
                else:
                    w.showMinimized()
                return
        self.request_quit()

    def request_quit(self) -> None:
        """Quits: says that pending uploads resume at the next start; stops a recording first."""
        w = self.w
        if w.quitting:
            return
        if w.pending_parts and not w.prompts.quit_with_pending(w.pending_parts):
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
