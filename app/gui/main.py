"""Starts the desktop app: `logmeets` with no subcommand calls `run_gui(ctx)`."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from app import __version__
from app.core import Core
from app.gui import theme
from app.gui.i18n import Translations, choose_language
from app.gui.main_window import MainWindow
from app.gui.single_instance import InstanceServer, hand_over, server_name
from app.gui.tasks import TaskManager

if TYPE_CHECKING:
    from app.context import Context

log = logging.getLogger(__name__)

SWITCH_INTERVAL = 0.001  # seconds


def application() -> QApplication:
    """The process's QApplication, created once with the app's names."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("LogMeets Recorder")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("LogMeets")
    app.setDesktopFileName("logmeets")
    # Closing the window while recording may keep the app in the tray: quit only on request.
    app.setQuitOnLastWindowClosed(False)
    theme.setup(app)  # follow the system's light or dark palette
    # The GUI thread, the PortAudio callback and the workers share the GIL; a shorter switch
    # interval (default 5 ms) bounds how long a busy worker keeps the GUI thread waiting.
    sys.setswitchinterval(SWITCH_INTERVAL)
    return app


def create_window(ctx: Context) -> MainWindow:
    """The main window for `ctx`, in the chosen language, not yet started."""
    app = application()
    translations = Translations()
    translations.apply(choose_language(ctx.settings.language))
    tasks = TaskManager(app)
    return MainWindow(Core(ctx), tasks, translations)


def come_forward(window: MainWindow, show: bool) -> None:
    """Another launch for this data folder handed over to this one: the window comes forward
    (not for a start at login, `show` False)."""
    if show and not window.quitting:
        window.bring_to_front()
        log.info(
            "window brought forward by another launch (visible %s, minimised %s)",
            window.isVisible(),
            window.isMinimized(),
        )


def run_gui(ctx: Context, *, hidden: bool = False) -> int:
    """Shows the window at once (slow start-up work runs in the background) and runs the event
    loop until the user quits. Returns the process exit code.

    If the app already runs for this user and data folder, that one brings its window forward
    (not when `hidden`: a start at login) and this launch returns 0 at once. `hidden` starts
    in the tray (minimised where there is none)."""
    app = application()
    name = server_name(ctx.data_dir)
    if hand_over(name, hidden=hidden):
        log.info("LogMeets Recorder already runs for this data folder: handed over to it")
        return 0
    instance = InstanceServer(name, app)
    if not instance.listen():
        if hand_over(name, hidden=hidden):  # another launch won the race to listen
            return 0
        # The data folder's lock still keeps a second instance from opening the outbox.
        log.warning("cannot listen for later launches: %s", instance.server.errorString())
    window = create_window(ctx)
    instance.activated.connect(lambda show: come_forward(window, show))
    window.start(hidden=hidden)
    log.info("GUI started (version %s)%s", __version__, " hidden" if hidden else "")
    code = app.exec()
    instance.close()
    window.tasks.wait_idle(30_000)
    restart = window.update_flow.restart_requested
    # Destroy Qt's objects before Python finalises (else PySide6 may crash in its last GC).
    app.shutdown()
    if restart:
        # "Restart to update": the new process applies the staged version as it starts.
        os.execv(sys.executable, [sys.executable])  # noqa: S606
    return int(code)
