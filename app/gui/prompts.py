"""The questions the main window asks the user, in one place. Tests replace this object with one
that answers as scripted; the app uses these message boxes and file dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Prompts(QObject):
    """Modal questions on `parent`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent

    def quit_while_recording(self) -> bool:
        """Quitting while recording: the recording is stopped and saved, parts not uploaded
        resume at the next start. True to stop and quit."""
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Recording in progress"))
        box.setText(
            self.tr(
                "A recording is running. Quitting stops and saves it; what is not uploaded yet "
                "stays encrypted on this computer and is uploaded the next time you start "
                "LogMeets Recorder."
            )
        )
        stop = box.addButton(self.tr("Stop and quit"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is stop

    def quit_with_pending(self, pending: int) -> bool:
        """Quitting with uploads pending: says they resume at the next start. True to quit."""
        return self._ok_or_cancel(
            QMessageBox.question,
            self.tr("Uploads pending"),
            self.tr(
                "{n} part(s) of your recordings are not uploaded yet. They stay encrypted on "
                "this computer, and uploading resumes the next time you start LogMeets Recorder."
            ).format(n=pending),
            default=QMessageBox.StandardButton.Ok,
        )

    def export_path(self, suggested: str) -> str | None:
        """Where to save an exported FLAC file (None: cancelled)."""
        path, _ = QFileDialog.getSaveFileName(
            self._parent, self.tr("Export to FLAC"), suggested, self.tr("FLAC audio (*.flac)")
        )
        return path or None

    def forget_recording(self, title: str, damaged: int) -> bool:
        """Forgetting a recording with damaged parts: says what is lost and how to export
        first. True to forget."""
        return self._ok_or_cancel(
            QMessageBox.warning,
            self.tr("Forget recording"),
            self.tr(
                "“{title}” has {n} damaged part(s) that can never be uploaded. Forgetting it "
                "erases its key from this computer: nothing of it can be read here any more. "
                "The copy on your organisation's server is not affected.\n\nThis does not "
                "export anything: to keep what is still readable, cancel and choose Export to "
                "FLAC… first."
            ).format(title=title, n=damaged),
            default=QMessageBox.StandardButton.Cancel,
        )

    def remove_from_history(self, title: str) -> bool:
        """Removing an uploaded recording from the history. True to remove."""
        return self._ok_or_cancel(
            QMessageBox.question,
            self.tr("Remove from history"),
            self.tr(
                "Remove “{title}” from this computer's history? Its title, time and markers "
                "are deleted here for good. The copy on your organisation's server is not "
                "affected."
            ).format(title=title),
            default=QMessageBox.StandardButton.Cancel,
        )

    def _ok_or_cancel(
        self,
        ask: Callable[..., QMessageBox.StandardButton],
        title: str,
        text: str,
        *,
        default: QMessageBox.StandardButton,
    ) -> bool:
        """`ask` (`QMessageBox.question` or `.warning`) with OK and Cancel; True for OK."""
        buttons = QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
        return ask(self._parent, title, text, buttons, default) == QMessageBox.StandardButton.Ok

    def error(self, title: str, text: str) -> None:
        """Shows an error that needs the user's attention."""
        QMessageBox.warning(self._parent, title, text)

    def info(self, title: str, text: str) -> None:
        """Shows a piece of information."""
        QMessageBox.information(self._parent, title, text)
