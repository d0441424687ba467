"""Settings page "Audio": microphone, computer audio (channel 2), sample rate, channels, sample
format, chunk length, and when to warn about a silent microphone or remind of a long recording."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.gui.settings_pages.base import SettingsPage
from app.settings import OPTION_BY_NAME, SAMPLE_FORMATS, Between, Settings
from recorder import SystemSource

RATES = (16_000, 22_050, 32_000, 44_100, 48_000, 96_000)


class AudioPage(SettingsPage):
    """Edits device, system_audio, sample_rate, channels, sample_format, chunk_seconds,
    silence_warning_seconds and recording_reminder_minutes."""

    KEYS = (
        "device",
        "system_audio",
        "sample_rate",
        "channels",
        "sample_format",
        "chunk_seconds",
        "silence_warning_seconds",
        "recording_reminder_minutes",
    )

    def __init__(
        self,
        devices: list[Any],
        parent: QWidget | None = None,
        system_sources: list[SystemSource] | None = None,
    ) -> None:
        super().__init__(parent)
        self.device = QComboBox()
        self.device.addItem("", None)  # "System default", text set in retranslate
        for d in devices:
            self.device.addItem(d.name, d.name)
        # Off, the default output, then each source by its description (the name the setting
        # stores is the tooltip, as `logmeets devices` prints it); texts set in retranslate.
        self.system_audio = QComboBox()
        self.system_audio.addItem("", "off")
        self.system_audio.addItem("", "default")
        for src in system_sources or ():
            if src.name in ("off", "default"):  # macOS lists one source, named "default"
                continue
            self.system_audio.addItem(src.description or src.name, src.name)
            self.system_audio.setItemData(
                self.system_audio.count() - 1, src.name, Qt.ItemDataRole.ToolTipRole
            )
        self._missing_source: str | None = None  # the saved source that is not listed now
        self.rate = QComboBox()
        for r in RATES:
            self.rate.addItem(f"{r:,} Hz".replace(",", " "), r)
        self.channels = QComboBox()
        self.channels.addItem("", 1)
        self.channels.addItem("", 2)
        self.sample_format = QComboBox()
        for fmt in SAMPLE_FORMATS:
            self.sample_format.addItem("", fmt)
        self.chunk = QSpinBox()
        chunk_range = OPTION_BY_NAME["chunk_seconds"].check
        assert isinstance(chunk_range, Between)
        self.chunk.setRange(chunk_range.lo, chunk_range.hi)
        self.chunk.setSingleStep(5)
        self.silence = _never_spin("silence_warning_seconds", step=5)
        self.reminder = _never_spin("recording_reminder_minutes", step=30)
        self._editors: dict[str, QWidget] = {
            "device": self.device,
            "system_audio": self.system_audio,
            "sample_rate": self.rate,
            "channels": self.channels,
            "sample_format": self.sample_format,
            "chunk_seconds": self.chunk,
            "silence_warning_seconds": self.silence,
            "recording_reminder_minutes": self.reminder,
        }
        self.form = QFormLayout()
        # Labels made here: QFormLayout.labelForField() of a layout row returns None.
        self._labels: dict[str, QLabel] = {}
        for key, editor in self._editors.items():
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(editor)
            column.addWidget(self.lock_label(key))
            label = QLabel()
            label.setBuddy(editor)
            self.form.addRow(label, column)
            self._labels[key] = label
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Audio")

    def editor(self, key: str) -> QWidget:
        return self._editors[key]

    def help_text(self, key: str) -> str:
        if key == "system_audio":
            return self.tr(
                "What the computer plays (the other side of an online meeting), recorded as a "
                "second channel beside the microphone. The switch beside the microphone in the "
                "main window follows this choice."
            )
        return ""

    def load(self, settings: Settings) -> None:
        _select(self.device, settings.device, add_missing=True)
        if self.system_audio.findData(settings.system_audio) < 0:
            self._missing_source = settings.system_audio
        _select(self.system_audio, settings.system_audio, add_missing=True)
        self._name_missing_source()
        _select(self.rate, settings.sample_rate, add_missing=True)
        _select(self.channels, settings.channels)
        _select(self.sample_format, settings.sample_format)
        self.chunk.setValue(int(settings.chunk_seconds))
        self.silence.setValue(int(settings.silence_warning_seconds))
        self.reminder.setValue(round(settings.recording_reminder_minutes))
        super().load(settings)

    def values(self) -> dict[str, Any]:
        out = {
            "device": self.device.currentData(),
            "system_audio": str(self.system_audio.currentData()),
            "sample_rate": int(self.rate.currentData()),
            "channels": int(self.channels.currentData()),
            "sample_format": str(self.sample_format.currentData()),
            "chunk_seconds": int(self.chunk.value()),
            "silence_warning_seconds": int(self.silence.value()),
            "recording_reminder_minutes": float(self.reminder.value()),
        }
        return {k: v for k, v in out.items() if not self.is_locked(k)}

    def retranslate(self) -> None:
        names = {
            "device": self.tr("Microphone:"),
            "system_audio": self.tr("Computer audio:"),
            "sample_rate": self.tr("Sample rate:"),
            "channels": self.tr("Channels:"),
            "sample_format": self.tr("Sample format:"),
            "chunk_seconds": self.tr("Chunk length:"),
            "silence_warning_seconds": self.tr("Warn of a silent microphone after:"),
            "recording_reminder_minutes": self.tr("Remind me of a recording after:"),
        }
        for key, label in self._labels.items():
            label.setText(names[key])
            self._editors[key].setAccessibleName(names[key].rstrip(":："))
        self.device.setItemText(0, self.tr("System default"))
        self.system_audio.setItemText(0, self.tr("Off"))
        self.system_audio.setItemText(1, self.tr("Default output (follows the system's output)"))
        self._name_missing_source()
        self.channels.setItemText(0, self.tr("Mono"))
        self.channels.setItemText(1, self.tr("Stereo"))
        formats = {
            "PCM_16": self.tr("16-bit (smaller files)"),
            "PCM_24": self.tr("24-bit (more headroom)"),
        }
        for i, fmt in enumerate(SAMPLE_FORMATS):
            self.sample_format.setItemText(i, formats[fmt])
        self.chunk.setSuffix(self.tr(" s"))
        self.silence.setSuffix(self.tr(" s"))
        self.reminder.setSuffix(self.tr(" min"))
        for spin in (self.silence, self.reminder):
            spin.setSpecialValueText(self.tr("Never"))
        super().retranslate()

    def _name_missing_source(self) -> None:
        """The saved source that is not listed now keeps its name, marked as absent."""
        if self._missing_source is not None:
            self.system_audio.setItemText(
                self.system_audio.findData(self._missing_source),
                self.tr("{name} (not available now)").format(name=self._missing_source),
            )


def _never_spin(key: str, *, step: int) -> QSpinBox:
    """A spin box over the setting's range whose 0 reads "Never" (text set in retranslate)."""
    spin = QSpinBox()
    allowed = OPTION_BY_NAME[key].check
    assert isinstance(allowed, Between)
    spin.setRange(int(allowed.lo), int(allowed.hi))
    spin.setSingleStep(step)
    return spin


def _select(combo: QComboBox, value: Any, *, add_missing: bool = False) -> None:
    index = combo.findData(value)
    if index < 0 and add_missing and value is not None:
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(0, index))
