"""What the window tells the user about things that happen on their own: the notice box above
the list and the texts of the desktop notifications (microphone lost, disk low, recording
stopped or recovered, microphone silent). Reminders (app/gui/reminders.py) tell the rest.

The texts keep the "MainWindow" context of the catalogues, where they were first written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from app.gui import theme


@dataclass(frozen=True)
class Notice:
    """A text for the notice box (`in_window`) and/or a desktop notification (`title`)."""

    text: str
    title: str | None = None
    warning: bool = False
    in_window: bool = True
    on_click: Callable[[], None] | None = field(default=None, compare=False)  # the notification


class NoticeBox(QLabel):
    """A message above the list that stays until the next action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("notice")
        theme.on_change(self, self._paint)
        self.setVisible(False)

    def _paint(self) -> None:
        self.setStyleSheet(
            f"#notice {{ background: {theme.css('notice_bg')}; color: {theme.css('notice_fg')};"
            f" border: 1px solid {theme.css('notice_border')}; border-radius: 4px; padding: 6px; }}"
        )

    def show_text(self, text: str) -> None:
        """Shows `text` until `clear()`."""
        self.setText(text)
        self.setVisible(True)

    def clear(self) -> None:
        """Hides the box."""
        self.setVisible(False)


def device_lost(device: str) -> Notice:
    """The microphone stopped delivering audio; the recorder tries to get it back."""
    text = QCoreApplication.translate(
        "MainWindow", "The microphone {device} stopped delivering audio. Trying to reconnect…"
    ).format(device=device)
    return Notice(text, QCoreApplication.translate("MainWindow", "Microphone lost"), True)


def disk_low(seconds_left: float) -> Notice:
    """Free space lasts less than the warning threshold."""
    text = QCoreApplication.translate(
        "MainWindow", "Disk space is low: about {minutes} min of recording left."
    ).format(minutes=int(seconds_left // 60))
    return Notice(text, QCoreApplication.translate("MainWindow", "Disk space low"), True)


def recording_stopped(reason: str) -> Notice | None:
    """A recording that ended on its own, by reason (None: the user stopped it)."""
    texts = {
        "disk_full": QCoreApplication.translate(
            "MainWindow",
            "Recording stopped: the disk is almost full. Everything recorded is saved.",
        ),
        "device_gone": QCoreApplication.translate(
            "MainWindow",
            "Recording stopped: the microphone was lost and did not come back. "
            "Everything recorded is saved.",
        ),
        "error": QCoreApplication.translate(
            "MainWindow",
            "Recording stopped because of an error. Everything recorded until then is saved.",
        ),
        "duration": QCoreApplication.translate(
            "MainWindow", "Recording stopped: the set duration was reached."
        ),
    }
    if reason not in texts:
        return None
    title = QCoreApplication.translate("MainWindow", "Recording stopped")
    return Notice(texts[reason], title, warning=reason != "duration")


def recovered(seconds: float) -> Notice:
    """Crash recovery at start-up turned an unfinished recording's journal into chunks."""
    text = QCoreApplication.translate(
        "MainWindow",
        "LogMeets Recorder stopped unexpectedly during a recording. The last {seconds} s "
        "were recovered from the crash journal and will be uploaded with the rest.",
    ).format(seconds=round(seconds))
    return Notice(text, QCoreApplication.translate("MainWindow", "Recording recovered"))


def silence_detected(device: str, seconds: float) -> Notice:
    """The microphone has delivered only silence or its noise floor for `seconds`."""
    text = QCoreApplication.translate(
        "MainWindow",
        "The microphone {device} has picked up nothing for {seconds} s. Check that it is not "
        "muted (on the headset or in the system settings), that LogMeets Recorder is allowed to "
        "use the microphone (on macOS: System Settings, Privacy and Security, Microphone), and "
        "that the right microphone is chosen. Recording goes on.",
    ).format(device=device, seconds=round(seconds))
    return Notice(text, QCoreApplication.translate("MainWindow", "Microphone silent"), True)
