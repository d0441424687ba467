"""Updates in the window: a check at start and every six hours on the network pool
(`app.core.updates.check_and_stage`), and a button in the status bar: "Update available" (a
version this install cannot replace itself: the package manager or IT installs it) or "Restart
to update" (a verified version is staged; it is applied when LogMeets starts again). Restarting
never interrupts a recording: the user is asked to stop it first."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QPushButton

from app.core.updates import UpdateStatus, check_and_stage
from app.gui import record_panel as rp
from app.gui.messages import describe
from app.gui.notices import Notice
from app.gui.window_parts import WindowParts

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 6 * 3600 * 1000
RUNNING = (rp.RECORDING, rp.PAUSED, rp.STARTING, rp.STOPPING)


class UpdateFlow(QObject):
    """The update button of one window and its periodic check."""

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window.statusBar())
        self.w = window
        self.status = UpdateStatus()
        # Set when the user chose "Restart to update": run_gui starts the app again.
        self.restart_requested = False
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.setVisible(False)
        self.button.clicked.connect(self.clicked)
        window.statusBar().addPermanentWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self._last_refusal = ""

    def start(self) -> None:
        """Checks now and every six hours."""
        self.check()
        self.timer.start()

    def check(self) -> None:
        """One check (and download) on the network pool: files under the data dir's updates/,
        never the outbox or the keyring."""
        ctx = self.w.ctx
        self.w.tasks.run(
            lambda: check_and_stage(ctx), success=self.show, failure=self.failed, network=True
        )

    def show(self, status: UpdateStatus) -> None:
        """The button for `status`: hidden when there is nothing to do."""
        self.status = status
        self.retranslate()

    def failed(self, error: BaseException) -> None:
        """A refused or failed check: said once in the status bar (the installed version keeps
        running); the same refusal again is only logged."""
        code = str(getattr(error, "code", type(error).__name__))
        log.warning("update check failed: %s", code)
        if code != self._last_refusal:
            self._last_refusal = code
            self.w.statusBar().showMessage(describe(error), 15_000)

    def clicked(self) -> None:
        """Restart to update (after the recording), or say how a newer version gets here."""
        if self.status.staged is None:
            text = QCoreApplication.translate(
                "MainWindow",
                "LogMeets {version} is available. This installation is updated by your "
                "package manager or your IT support.",
            )
            self.w.tell(Notice(text.format(version=self.status.available or "")))
            return
        if self.w.panel.phase in RUNNING:
            text = QCoreApplication.translate(
                "MainWindow",
                "Stop the recording first; the update is installed when LogMeets restarts.",
            )
            self.w.tell(Notice(text))
            return
        self.restart_requested = True
        self.w.request_quit()

    def retranslate(self) -> None:
        """Texts in the current language."""
        s = self.status
        if s.staged:
            self.button.setText(
                QCoreApplication.translate("MainWindow", "Restart to update ({version})").format(
                    version=s.staged
                )
            )
        elif s.available:
            self.button.setText(
                QCoreApplication.translate("MainWindow", "Update available: {version}").format(
                    version=s.available
                )
            )
        self.button.setToolTip(s.notes)
        self.button.setAccessibleName(QCoreApplication.translate("MainWindow", "Update"))
        self.button.setVisible(bool(s.staged or s.available))
