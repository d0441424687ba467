"""The first-run welcome: pick the microphone while its level moves, read in one sentence where
recordings go, then "Sign in…" or "Record now, upload later".

The dialog only shows and asks; `welcome_flow.py` opens the microphone, feeds the meter and
saves what was chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import fit, theme
from app.gui.level_meter import LevelMeter
from recorder import InputDevice

SIGN_IN, RECORD = "sign_in", "record"


class WelcomeDialog(QDialog):
    """Modal welcome. `device_chosen(name or None)` when the picker changes; `choice` is
    SIGN_IN or RECORD once the dialog closes (RECORD also when it is just closed)."""

    device_chosen = Signal(object)

    def __init__(
        self, parent: QWidget | None, devices: list[InputDevice], chosen: str | None
    ) -> None:
        super().__init__(parent)
        self.choice = RECORD
        self.heading = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        self.heading.setFont(big)
        self.heading.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.device_label = QLabel()
        self.device_combo = QComboBox()
        self.device_combo.addItem("", None)  # "System default", named in retranslate()
        for d in devices:
            self.device_combo.addItem(d.name, d.name)
        index = self.device_combo.findData(chosen) if chosen else 0
        self.device_combo.setCurrentIndex(max(0, index))
        self.device_combo.currentIndexChanged.connect(
            lambda _i: self.device_chosen.emit(self.chosen_device())
        )
        self.device_label.setBuddy(self.device_combo)
        self.meter = LevelMeter()
        self.mic_problem = theme.problem_label()
        self.where = QLabel()
        self.where.setWordWrap(True)

        self.sign_in_button = QPushButton()
        self.sign_in_button.setDefault(True)
        self.record_button = QPushButton()
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(lambda: self._close_with(SIGN_IN))
        self.record_button.clicked.connect(lambda: self._close_with(RECORD))

        mic_row = QHBoxLayout()
        mic_row.addWidget(self.device_label)
        mic_row.addWidget(self.device_combo, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(mic_row)
        layout.addWidget(self.meter)
        layout.addWidget(self.mic_problem)
        layout.addSpacing(fit.em(self) // 2)
        layout.addWidget(self.where)
        layout.addWidget(self.buttons)
        fit.FitOnResize(self)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(self.tr("Welcome"))
        self.heading.setText(self.tr("Welcome to LogMeets Recorder"))
        self.intro.setText(
            self.tr("Choose your microphone and speak: the bar moves when it hears you.")
        )
        self.device_label.setText(self.tr("&Microphone:"))
        self.device_combo.setItemText(0, self.tr("System default"))
        self.device_combo.setAccessibleName(self.tr("Microphone"))
        self.meter.setAccessibleName(self.tr("Microphone level"))
        self.meter.setToolTip(self.tr("The level of the chosen microphone, live"))
        self.where.setText(
            self.tr(
                "Recordings are encrypted on this computer as you record and are uploaded to "
                "your organisation's server once you sign in; each part is erased here after "
                "the server confirms it has it."
            )
        )
        self.where.setAccessibleName(self.tr("Where recordings go"))
        self.sign_in_button.setText(self.tr("Sign in…"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.record_button.setText(self.tr("Record now, upload later"))
        self.record_button.setAccessibleName(self.tr("Record now, upload later"))
        self.record_button.setToolTip(
            self.tr("Recordings wait on this computer, encrypted, until you sign in")
        )
        self.mic_problem.setAccessibleName(self.tr("Microphone problem"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.isVisible():
                fit.fit(self)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit.fit(self)

    def chosen_device(self) -> str | None:
        """The device name picked, or None for the system default."""
        data = self.device_combo.currentData()
        return str(data) if data else None

    def show_mic_problem(self, text: str | None) -> None:
        """Says why the microphone cannot be heard (None: hides it)."""
        self.mic_problem.setText(text or "")
        self.mic_problem.setVisible(bool(text))
        if self.isVisible():
            fit.fit(self)

    def _close_with(self, choice: str) -> None:
        self.choice = choice
        if choice == SIGN_IN:
            self.accept()
        else:
            self.reject()
