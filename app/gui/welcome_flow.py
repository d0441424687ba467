"""When and how the first-run welcome shows: once, on the first start with the window visible
and nobody signed in, after the microphones are listed.

While it is open, the chosen microphone runs as a monitor stream (`Core.start_mic_test`, the
record panel's "Test microphone" path) and its real level feeds the dialog's meter ten times a
second. Closing it stops the stream and saves `welcome_shown` and the microphone on the serial
worker; "Sign in…" then opens the sign-in dialog.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from app.context import Context
from app.core import Core
from app.gui.messages import describe
from app.gui.tasks import TaskManager
from app.gui.welcome_dialog import SIGN_IN, WelcomeDialog
from app.settings import Settings, save_user_settings
from recorder import InputDevice

LEVEL_MS = 100


class WelcomeHost(Protocol):
    """What the flow uses of the main window."""

    core: Core
    ctx: Context
    tasks: TaskManager
    devices: list[InputDevice]

    def isVisible(self) -> bool: ...
    def isMinimized(self) -> bool: ...
    def sign_in(self) -> None: ...
    def apply_settings(self, settings: Settings) -> None: ...


def is_first_run(settings: Settings) -> bool:
    """True until the welcome was shown; never for someone already signed in (an upgrade)."""
    return not settings.welcome_shown and not settings.server_user


class WelcomeFlow:
    """Shows the welcome once for one window."""

    def __init__(self, window: WelcomeHost, dialog_parent: QWidget) -> None:
        self.w = window
        self._parent = dialog_parent
        self.dialog: WelcomeDialog | None = None
        self._timer = QTimer(dialog_parent)
        self._timer.setInterval(LEVEL_MS)
        self._timer.timeout.connect(self._show_level)

    def maybe_show(self) -> bool:
        """Shows the welcome if this is the first run and the window can be seen."""
        w = self.w
        if self.dialog is not None or not is_first_run(w.ctx.settings):
            return False
        if not w.isVisible() or w.isMinimized():  # a start at login: wait for a visible start
            return False
        self.show()
        return True

    def show(self) -> None:
        """Opens the welcome and the chosen microphone's monitor stream."""
        dialog = WelcomeDialog(self._parent, self.w.devices, self.w.ctx.settings.device)
        dialog.device_chosen.connect(self._monitor)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        self._monitor(dialog.chosen_device())

    def _monitor(self, device: str | None) -> None:
        core = self.w.core
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.meter.reset()
            self.dialog.show_mic_problem(None)
        self.w.tasks.run(
            lambda: core.start_mic_test(device),
            success=lambda _name: self._started(),
            failure=self._mic_failed,
        )

    def _started(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self._timer.start()

    def _show_level(self) -> None:
        reading = self.w.core.mic_level()
        if reading is not None and self.dialog is not None:
            self.dialog.meter.set_level(reading.peak_dbfs, reading.rms_dbfs, reading.clipped)

    def _mic_failed(self, error: BaseException) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_mic_problem(describe(error))

    def _closed(self, dialog: WelcomeDialog) -> None:
        self._timer.stop()
        w = self.w
        core, data_dir, managed = w.core, w.ctx.data_dir, w.ctx.managed
        changes: dict[str, object] = {"welcome_shown": True}
        if "device" not in w.ctx.settings.locked:
            changes["device"] = dialog.chosen_device()
        w.tasks.run(core.stop_mic_test)
        w.tasks.run(
            lambda: save_user_settings(data_dir, managed, **changes), success=w.apply_settings
        )
        if dialog.choice == SIGN_IN:
            w.sign_in()
