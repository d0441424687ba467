"""Settings page "Audio": microphone, sample rate, channels, sample format, chunk length, and
when to warn about a silent microphone or remind of a long recording."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from app.gui.settings_pages.base import SettingsPage
from app.settings import OPTION_BY_NAME, SAMPLE_FORMATS, Between, Settings

RATES = (16_000, 22_050, 32_000, 44_100, 48_000, 96_000)


class AudioPage(SettingsPage):
    """Edits device, sample_rate, channels, sample_format, chunk_seconds,
    silence_warning_seconds and recording_reminder_minutes."""

    KEYS = (
        "device",
        "sample_rate",
        "channels",
        "sample_format",
        "chunk_seconds",
        "silence_warning_seconds",
        "recording_reminder_minutes",
    )

    def __init__(self, devices: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.device = QComboBox()
        self.device.addItem("", None)  # "System default", text set in retranslate
        for d in devices:
            self.device.addItem(d.name, d.name)
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
            "sample_rate": self.rate,
            "channels": self.channels,
            "sample_format": self.sample_format,
            "chunk_seconds": self.chunk,
            "silence_warning_seconds": self.silence,
            "recording_reminder_minutes": self.reminder,
        }
        self.form = QFormLayout()
        self._labels = {}
        for key, editor in self._editors.items():
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(editor)
            column.addWidget(self.lock_label(key))
            self.form.addRow("", column)
            self._labels[key] = self.form.labelForField(column)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Audio")

    def editor(self, key: str) -> QWidget:
        return self._editors[key]

    def load(self, settings: Settings) -> None:
        _select(self.device, settings.device, add_missing=True)
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
            "sample_rate": self.tr("Sample rate:"),
            "channels": self.tr("Channels:"),
            "sample_format": self.tr("Sample format:"),
            "chunk_seconds": self.tr("Chunk length:"),
            "silence_warning_seconds": self.tr("Warn of a silent microphone after:"),
            "recording_reminder_minutes": self.tr("Remind me of a recording after:"),
        }
        for key, label in self._labels.items():
            if label is not None:
                label.setText(names[key])  # type: ignore[attr-defined]
            self._editors[key].setAccessibleName(names[key].rstrip(":："))
        self.device.setItemText(0, self.tr("System default"))
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
