"""The top of the main window: microphone picker with a test level, the big Record / Pause /
Stop controls, elapsed time, level meter, title and marker entry, and free-disk time left.

The panel only shows state and emits what the user asked for; the main window decides what the
core does. Every control has an accessible name and a tooltip.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import pause_icon, record_icon, resume_icon, stop_icon
from app.gui.level_meter import LevelMeter
from app.gui.settings_pages.base import locked_text
from app.settings import Settings
from recorder import InputDevice, SystemSource

# The phases the panel shows; the main window moves between them.
LOADING, IDLE, STARTING, RECORDING, PAUSED, STOPPING = (
    "loading",
    "idle",
    "starting",
    "recording",
    "paused",
    "stopping",
)


def format_elapsed(seconds: float) -> str:
    """Elapsed recording time as H:MM:SS."""
    s = max(0, int(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class RecordPanel(QWidget):
    """The recording controls. Signals say what the user asked for."""

    record_clicked = Signal()
    pause_clicked = Signal()
    stop_clicked = Signal()
    marker_requested = Signal(str)
    title_edited = Signal(str)
    test_toggled = Signal(bool)
    device_chosen = Signal(object)  # device name, or None for the system default
    system_audio_chosen = Signal(str)  # the user flipped the switch: "off" or the source to use

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = LOADING
        self._devices: list[InputDevice] = []
        self._wanted: str | None = None  # the microphone picked, kept while it is unplugged
        self._disk_seconds: float | None = None
        self._overflows = 0
        self._markers = 0
        self._build()
        self.retranslate()
        self.set_phase(LOADING)

    # ---- construction -------------------------------------------------------------------
    def _build(self) -> None:
        self.device_label = QLabel()
        self.device_combo = QComboBox()
        self.device_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.device_combo.setMinimumContentsLength(24)
        self.device_combo.activated.connect(self._on_device_activated)
        self.device_combo.currentIndexChanged.connect(self._on_device_changed)
        self.device_label.setBuddy(self.device_combo)
        self.test_button = QPushButton()
        self.test_button.setCheckable(True)
        self.test_button.toggled.connect(self.test_toggled)
        self.test_meter = LevelMeter(compact=True)
        self.test_meter.setVisible(False)
        # Channel 2: the computer's output. Shown once a source is known; on by default.
        self.system_audio_box = QCheckBox()
        self.system_audio_box.setVisible(False)
        self.system_audio_box.clicked.connect(self._on_system_audio_clicked)  # the user only
        self._system_sources: list[SystemSource] = []
        self._system_locked = ""  # the administrator's reason, "" when not locked
        self._system_on = "default"  # what "on" records: the last source the setting named

        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.25)
        big.setBold(True)
        self.record_button = self._big_button(record_icon(), big)
        self.pause_button = self._big_button(pause_icon(), big)
        self.stop_button = self._big_button(stop_icon(), big)
        self.record_button.clicked.connect(self.record_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)

        self.elapsed_label = QLabel(format_elapsed(0))
        clock = QFont(self.font())
        clock.setPointSizeF(clock.pointSizeF() * 2.2)
        clock.setStyleHint(QFont.StyleHint.Monospace)
        clock.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self.elapsed_label.setFont(clock)
        self.elapsed_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.phase_label = QLabel()
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.level_meter = LevelMeter()

        self.title_label = QLabel()
        self.title_edit = QLineEdit()
        self.title_edit.setClearButtonEnabled(True)
        self.title_edit.editingFinished.connect(
            lambda: self.title_edited.emit(self.title_edit.text())
        )
        self.title_label.setBuddy(self.title_edit)
        self.marker_label = QLabel()
        self.marker_edit = QLineEdit()
        self.marker_edit.returnPressed.connect(self._emit_marker)
        self.marker_label.setBuddy(self.marker_edit)
        self.marker_button = QPushButton()
        self.marker_button.clicked.connect(self._emit_marker)
        self.marker_count_label = QLabel()

        self.disk_label = QLabel()
        self.overflow_label = QLabel()
        self.overflow_label.setVisible(False)

        device_row = QHBoxLayout()
        device_row.addWidget(self.device_label)
        device_row.addWidget(self.device_combo, 1)
        device_row.addWidget(self.test_button)
        device_row.addWidget(self.test_meter, 1)
        device_row.addWidget(self.system_audio_box)

        controls = QGridLayout()
        controls.addWidget(self.record_button, 0, 0, 2, 1)
        controls.addWidget(self.pause_button, 0, 1, 2, 1)
        controls.addWidget(self.stop_button, 0, 2, 2, 1)
        controls.setColumnStretch(3, 1)
        controls.addWidget(self.elapsed_label, 0, 4)
        controls.addWidget(self.phase_label, 1, 4)

        form = QFormLayout()
        form.addRow(self.title_label, self.title_edit)
        marker_row = QHBoxLayout()
        marker_row.addWidget(self.marker_edit, 1)
        marker_row.addWidget(self.marker_button)
        marker_row.addWidget(self.marker_count_label)
        form.addRow(self.marker_label, marker_row)

        status_row = QHBoxLayout()
        status_row.addWidget(self.disk_label, 1)
        status_row.addWidget(self.overflow_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(device_row)
        layout.addLayout(controls)
        layout.addWidget(self.level_meter)
        layout.addLayout(form)
        layout.addLayout(status_row)

    def _big_button(self, icon: QIcon, font: QFont) -> QPushButton:
        b = QPushButton()
        b.setFont(font)
        b.setIcon(icon)
        b.setIconSize(QSize(28, 28))
        b.setMinimumSize(QSize(132, 56))
        b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return b

    # ---- texts --------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the panel in the current language."""
        self.device_label.setText(self.tr("&Microphone:"))
        self.device_combo.setAccessibleName(self.tr("Microphone"))
        self.device_combo.setToolTip(self.tr("The input device to record from"))
        self.test_button.setText(self.tr("Test microphone"))
        self.test_button.setAccessibleName(self.tr("Test microphone"))
        self.test_button.setToolTip(
            self.tr("Show the level of the chosen microphone without recording")
        )
        self.test_meter.setAccessibleName(self.tr("Microphone test level"))
        system_audio_text = self.tr("Record computer audio (other participants)")
        self.system_audio_box.setText(system_audio_text)
        self.system_audio_box.setAccessibleName(system_audio_text)
        self._system_audio_tooltip()
        self.record_button.setText(self.tr("Record"))
        self.record_button.setAccessibleName(self.tr("Record"))
        self.pause_button.setAccessibleName(self.tr("Pause or resume"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop recording; everything recorded is kept"))
        self.elapsed_label.setAccessibleName(self.tr("Elapsed time"))
        self.phase_label.setAccessibleName(self.tr("Recording state"))
        self.level_meter.setAccessibleName(self.tr("Input level"))
        self.level_meter.setToolTip(
            self.tr("Input level: bar = average, line = peak, red lamp = clipping")
        )
        self.title_label.setText(self.tr("&Title:"))
        self.title_edit.setAccessibleName(self.tr("Recording title"))
        self.title_edit.setPlaceholderText(self.tr("Name of the meeting"))
        self.marker_label.setText(self.tr("M&arker:"))
        self.marker_edit.setAccessibleName(self.tr("Marker text"))
        self.marker_edit.setPlaceholderText(self.tr("What is happening now (optional)"))
        self.marker_button.setText(self.tr("Add marker"))
        self.marker_button.setAccessibleName(self.tr("Add marker"))
        self.marker_button.setToolTip(self.tr("Mark this moment in the recording"))
        self.marker_count_label.setAccessibleName(self.tr("Markers added"))
        self.disk_label.setAccessibleName(self.tr("Free disk space"))
        self.overflow_label.setAccessibleName(self.tr("Dropped audio"))
        if self._devices:
            self.device_combo.setItemText(0, self.tr("System default"))
        elif self.device_combo.count():
            self.device_combo.setItemText(0, self.tr("No microphone found"))
        self._refresh_texts()

    def _system_audio_tooltip(self) -> None:
        self.system_audio_box.setToolTip(
            locked_text(self._system_locked)
            if self._system_locked
            else self.tr(
                "Also record what the computer plays (the other side of an online meeting) as a "
                "second channel beside the microphone. On macOS this needs the Screen and System "
                "Audio Recording permission."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _refresh_texts(self) -> None:
        paused = self.phase == PAUSED
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setIcon(resume_icon() if paused else pause_icon())
        self.pause_button.setToolTip(
            self.tr("Continue recording")
            if paused
            else self.tr("Pause without ending the recording")
        )
        self.record_button.setToolTip(self.tr("Start a new recording"))
        phase_texts = {
            LOADING: self.tr("Starting up…"),
            IDLE: self.tr("Ready"),
            STARTING: self.tr("Opening the microphone…"),
            RECORDING: self.tr("Recording"),
            PAUSED: self.tr("Paused"),
            STOPPING: self.tr("Saving…"),
        }
        self.phase_label.setText(phase_texts[self.phase])
        dropped = self.tr("Dropped audio blocks: {n}").format(n=self._overflows)
        self.overflow_label.setText(dropped if self._overflows else "")
        seconds = self._disk_seconds
        if seconds is None:
            self.disk_label.setText(self.tr("Free disk space: checking…"))
        elif math.isinf(seconds) or seconds > 99 * 3600:
            self.disk_label.setText(self.tr("Disk space left for more than 99 hours of recording"))
        else:
            self.disk_label.setText(
                self.tr("Disk space left for about {time} of recording").format(
                    time=self._duration_text(seconds)
                )
            )
        self.marker_count_label.setText(
            self.tr("Markers: {n}").format(n=self._markers) if self._markers else ""
        )

    def _duration_text(self, seconds: float) -> str:
        minutes = int(seconds // 60)
        if minutes < 60:
            return self.tr("{m} min").format(m=minutes)
        return self.tr("{h} h {m} min").format(h=minutes // 60, m=minutes % 60)

    # ---- state in -----------------------------------------------------------------------
    def set_phase(self, phase: str) -> None:
        """Enables what makes sense in `phase`."""
        self.phase = phase
        active = phase in (RECORDING, PAUSED)
        self.record_button.setEnabled(phase == IDLE)
        self.pause_button.setEnabled(active)
        self.stop_button.setEnabled(active or phase == STARTING)
        self.device_combo.setEnabled(phase in (IDLE, LOADING) and bool(self._devices))
        self.test_button.setEnabled(phase == IDLE and bool(self._devices))
        self.system_audio_box.setEnabled(
            phase in (IDLE, LOADING) and bool(self._system_sources) and not self._system_locked
        )
        self.marker_edit.setEnabled(active)
        self.marker_button.setEnabled(active)
        self.title_edit.setEnabled(phase != STOPPING)
        if phase in (IDLE, LOADING):
            self.level_meter.reset()
        self._refresh_texts()

    def set_system_sources(self, sources: list[SystemSource], settings: Settings) -> None:
        """Shows the computer-audio switch when a source exists: on unless the setting says
        "off"; fixed when the administrator locked it."""
        self._system_sources = list(sources)
        self.follow_settings(settings)

    def follow_settings(self, settings: Settings) -> None:
        """The computer-audio switch shows `system_audio` as saved (at start, after Settings)."""
        self._system_locked = settings.locked.get("system_audio", "")
        if settings.system_audio != "off":
            self._system_on = settings.system_audio
        sources = bool(self._system_sources)
        self.system_audio_box.setVisible(sources)
        self.system_audio_box.setChecked(sources and settings.system_audio != "off")
        self._system_audio_tooltip()  # says why when locked
        self.set_phase(self.phase)

    def system_sources(self) -> list[SystemSource]:
        """The system-audio sources last found (the Settings dialog offers them)."""
        return list(self._system_sources)

    def system_audio_choice(self, settings: Settings) -> str | None:
        """`system_audio` for the next recording: None when locked (the facade applies the
        administrator's value), else "off", or the setting's source ("default" unless named).
        The switch wins over a setting whose save is still on its way."""
        if self._system_locked:
            return None
        if not (self._system_sources and self.system_audio_box.isChecked()):
            return "off"
        return settings.system_audio if settings.system_audio != "off" else self._system_on

    def set_devices(self, devices: list[InputDevice], chosen: str | None) -> None:
        """Fills the picker: "System default" first, then each input device by name, with
        `chosen` (None: the system default) selected."""
        self._wanted = chosen
        self.update_devices(devices)

    def update_devices(self, devices: list[InputDevice]) -> None:
        """Fills the picker with a new list and keeps the user's pick: while its device is
        missing the system default shows, and the pick comes back with the device."""
        self._devices = list(devices)
        combo = self.device_combo
        combo.blockSignals(True)  # refilling is not the user picking
        combo.clear()
        if devices:
            combo.addItem(self.tr("System default"), None)
            for d in devices:
                combo.addItem(d.name, d.name)
            combo.setCurrentIndex(max(0, combo.findData(self._wanted) if self._wanted else 0))
        else:
            combo.addItem(self.tr("No microphone found"), None)
        combo.blockSignals(False)
        self.set_phase(self.phase)

    def chosen_device(self) -> str | None:
        """The device name the user picked, or None for the system default."""
        data = self.device_combo.currentData()
        return str(data) if data else None

    def set_elapsed(self, seconds: float) -> None:
        """Shows the elapsed recording time."""
        self.elapsed_label.setText(format_elapsed(seconds))

    def set_disk_seconds(self, seconds: float | None) -> None:
        """Shows how long the free disk space lasts at the current format."""
        self._disk_seconds = seconds
        self._refresh_texts()

    def set_marker_count(self, n: int) -> None:
        """Shows how many markers this recording has."""
        self._markers = n
        self._refresh_texts()

    def set_overflows(self, total: int) -> None:
        """Shows that audio was dropped (input overflows), if it was."""
        self._overflows = total
        self.overflow_label.setVisible(total > 0)
        self._refresh_texts()

    # ---- user input ---------------------------------------------------------------------
    def _emit_marker(self) -> None:
        if not self.marker_button.isEnabled():
            return
        self.marker_requested.emit(self.marker_edit.text().strip())
        self.marker_edit.clear()

    def _on_device_activated(self, _index: int) -> None:
        self.device_chosen.emit(self.chosen_device())

    def _on_device_changed(self, _index: int) -> None:
        if self._devices:
            self._wanted = self.chosen_device()

    def _on_system_audio_clicked(self, checked: bool) -> None:
        self.system_audio_chosen.emit(self._system_on if checked else "off")
