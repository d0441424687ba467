"""What every settings page shares: the list of settings it edits and how locked ones look."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.gui import theme
from app.settings import Settings

MANAGED_PREFIX = "set by your administrator in "


def locked_text(reason: str) -> str:
    """Why a field is locked (`Settings.locked`'s reason), in the current language."""
    if reason.startswith(MANAGED_PREFIX):
        return QCoreApplication.translate(
            "SettingsPage", "Locked: set by your administrator in {path}"
        ).format(path=reason[len(MANAGED_PREFIX) :])
    return QCoreApplication.translate("SettingsPage", "Locked: {reason}").format(reason=reason)


class SettingsPage(QWidget):
    """One page. Subclasses set KEYS, build their widgets, and implement load/values/retranslate."""

    KEYS: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locked: dict[str, str] = {}
        self._lock_labels: dict[str, QLabel] = {}

    def title(self) -> str:
        """The page's name in the list on the left."""
        raise NotImplementedError

    def load(self, settings: Settings) -> None:
        """Shows the values of `settings` and disables the locked fields."""
        self._locked = {k: v for k, v in dict(settings.locked).items() if k in self.KEYS}
        self._apply_locks()

    def values(self) -> dict[str, Any]:
        """The values of this page's unlocked fields as the user left them."""
        raise NotImplementedError

    def editor(self, key: str) -> QWidget:
        """The widget that edits `key`."""
        raise NotImplementedError

    def lock_label(self, key: str) -> QLabel:
        """A small label under a field, shown only when the field is locked."""
        label = QLabel()
        label.setWordWrap(True)
        theme.keep_text_colour(label, "muted")  # readable in light and dark palettes
        label.setVisible(False)
        self._lock_labels[key] = label
        return label

    def help_text(self, key: str) -> str:
        """The tooltip of `key`'s field while it is not locked (none unless a page says)."""
        return ""

    def is_locked(self, key: str) -> bool:
        """True if the administrator fixed `key`."""
        return key in self._locked

    def lock_text(self, key: str) -> str:
        """Why a field is locked, in the current language."""
        return locked_text(self._locked.get(key, ""))

    def _apply_locks(self) -> None:
        for key in self.KEYS:
            locked = self.is_locked(key)
            editor = self.editor(key)
            editor.setEnabled(not locked)
            editor.setToolTip(self.lock_text(key) if locked else self.help_text(key))
            label = self._lock_labels.get(key)
            if label is not None:
                label.setVisible(locked)
                label.setText(self.lock_text(key) if locked else "")
                label.setAccessibleName(
                    QCoreApplication.translate("SettingsPage", "Why this setting is locked")
                )

    def retranslate(self) -> None:
        """Texts in the current language (subclasses call this last)."""
        self._apply_locks()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
