"""The settings dialog over the real settings module: load, change widgets, save, check the
stored values; fields the administrator locked are disabled and say why."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from guihelp import wait_ready
from PySide6.QtWidgets import QDialogButtonBox

from app.gui.settings_pages.audio import AudioPage
from app.gui.settings_pages.general import GeneralPage
from app.gui.settings_pages.language import LanguagePage
from app.gui.settings_pages.network import NetworkPage

pytestmark = [pytest.mark.realkeyring, pytest.mark.realaudio]


@pytest.fixture()
def locked_rate(managed: Path) -> Path:
    managed.write_text("sample_rate = 44100\nbandwidth_limit_kbps = 512\n", encoding="utf-8")
    return managed


def test_settings_saves_changes_and_shows_locked_fields(
    locked_rate: Path, window: Any, qtbot: Any, data_dir: Path, virtual_mic: str
) -> None:
    w = window
    wait_ready(qtbot, w)
    w.settings_action.trigger()
    dialog = w.settings_dialog
    audio, network, language = (
        dialog.page(AudioPage),
        dialog.page(NetworkPage),
        dialog.page(LanguagePage),
    )
    pages = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert pages == ["Audio", "Network", "Proxy", "Language", "General", "Updates"]

    # Locked by the managed file: shown with its value, disabled, with the reason.
    assert audio.rate.currentData() == 44_100
    assert not audio.rate.isEnabled()
    assert str(locked_rate) in audio.rate.toolTip()
    assert "administrator" in audio.rate.toolTip()
    assert not audio._lock_labels["sample_rate"].isHidden()
    assert not network.limit.isEnabled() and network.limit.value() == 512
    assert audio.chunk.isEnabled() and audio._lock_labels["chunk_seconds"].isHidden()

    # The virtual microphones are offered.
    assert audio.device.findData(virtual_mic) >= 0
    audio.device.setCurrentIndex(audio.device.findData(virtual_mic))
    audio.chunk.setValue(10)
    audio.channels.setCurrentIndex(audio.channels.findData(2))
    audio.sample_format.setCurrentIndex(audio.sample_format.findData("PCM_24"))
    assert (audio.silence.value(), audio.reminder.value()) == (10, 180)  # the defaults
    audio.silence.setValue(0)
    assert audio.silence.text() == "Never"
    audio.reminder.setValue(90)
    assert "sample_rate" not in dialog.changes() and "bandwidth_limit_kbps" not in dialog.changes()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    stored = tomllib.loads((data_dir / "config.toml").read_text(encoding="utf-8"))
    assert stored["chunk_seconds"] == 10
    assert stored["channels"] == 2
    assert stored["sample_format"] == "PCM_24"
    assert stored["device"] == virtual_mic
    assert stored["silence_warning_seconds"] == 0
    assert stored["recording_reminder_minutes"] == 90.0
    assert "sample_rate" not in stored and "bandwidth_limit_kbps" not in stored
    assert w.ctx.settings.chunk_seconds == 10 and w.ctx.settings.sample_rate == 44_100
    # The picker in the main window follows the saved microphone.
    assert w.panel.chosen_device() == virtual_mic
    assert language.combo.currentData() == "en"


def test_a_bad_value_is_explained_and_nothing_is_written(
    window: Any, qtbot: Any, data_dir: Path
) -> None:
    w = window
    wait_ready(qtbot, w)
    before = (data_dir / "config.toml").read_text(encoding="utf-8")
    w.settings_action.trigger()
    dialog = w.settings_dialog
    audio = dialog.page(AudioPage)
    audio.rate.addItem("7 Hz", 7)  # below what the settings module accepts
    audio.rate.setCurrentIndex(audio.rate.count() - 1)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10_000)
    assert dialog.isVisible()
    assert "sample_rate" in dialog.error_label.text()
    assert (data_dir / "config.toml").read_text(encoding="utf-8") == before
    dialog.reject()


@pytest.fixture()
def xdg_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's XDG_CONFIG_HOME: the start-at-login entry is written there, not in ~."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


def test_start_at_login_is_switched_from_settings(
    xdg_config: Path, window: Any, qtbot: Any, data_dir: Path
) -> None:
    w = window
    wait_ready(qtbot, w)
    entry = xdg_config / "autostart" / "logmeets.desktop"
    # Run from source with the setting unset: nothing is written, the box shows off.
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=10_000)
    assert not entry.exists()

    def settings_page() -> Any:
        w.settings_action.trigger()
        return w.settings_dialog, w.settings_dialog.page(GeneralPage)

    dialog, page = settings_page()
    assert not page.start_at_login.isChecked() and page.start_at_login.isEnabled()
    assert "start_at_login" not in dialog.changes()  # unset stays unset
    page.start_at_login.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(entry.exists, timeout=10_000)
    assert entry.read_text(encoding="utf-8").count("--hidden") == 1
    stored = tomllib.loads((data_dir / "config.toml").read_text(encoding="utf-8"))
    assert stored["start_at_login"] is True

    dialog, page = settings_page()
    assert page.start_at_login.isChecked()
    page.start_at_login.setChecked(False)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not entry.exists(), timeout=10_000)
    stored = tomllib.loads((data_dir / "config.toml").read_text(encoding="utf-8"))
    assert stored["start_at_login"] is False


@pytest.fixture()
def start_locked_on(managed: Path) -> Path:
    managed.write_text("start_at_login = true\n", encoding="utf-8")
    return managed


def test_start_at_login_set_by_the_administrator_is_applied_at_start(
    xdg_config: Path, start_locked_on: Path, window: Any, qtbot: Any
) -> None:
    w = window
    entry = xdg_config / "autostart" / "logmeets.desktop"
    qtbot.waitUntil(entry.exists, timeout=10_000)  # at start, without opening the settings
    assert "Exec=" in entry.read_text(encoding="utf-8")
    wait_ready(qtbot, w)
    w.settings_action.trigger()
    page = w.settings_dialog.page(GeneralPage)
    assert page.start_at_login.isChecked() and not page.start_at_login.isEnabled()
    assert str(start_locked_on) in page.start_at_login.toolTip()
    assert "start_at_login" not in w.settings_dialog.changes()


@pytest.fixture()
def autostart_blocked(xdg_config: Path, managed: Path) -> Path:
    """Start at login is on, but a file sits where the autostart folder should be."""
    xdg_config.mkdir(parents=True)
    (xdg_config / "autostart").write_text("not a folder", encoding="utf-8")
    managed.write_text("start_at_login = true\n", encoding="utf-8")
    return xdg_config / "autostart"


def test_a_refused_start_at_login_is_explained_in_the_window(
    autostart_blocked: Path, window: Any, qtbot: Any
) -> None:
    w = window
    qtbot.waitUntil(lambda: w.notice.isVisible(), timeout=10_000)
    text = w.notice.text()
    assert "starts when you log in" in text and str(autostart_blocked) in text
    assert "Recording and uploading are not affected" in text
    wait_ready(qtbot, w)  # the rest of the start-up is not held up
    assert w.panel.record_button.isEnabled()
