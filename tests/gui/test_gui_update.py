"""The update button of the status bar: "Update available" or "Restart to update", in English
and Japanese; a restart never interrupts a recording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.updates import UpdateStatus
from app.gui import record_panel as rp

pytestmark = pytest.mark.realkeyring


def test_restart_to_update_waits_for_the_recording(
    window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = window.update_flow
    assert not flow.button.isVisible()
    flow.show(UpdateStatus(staged="0.1.1", notes="Quieter fans", mode="in_place"))
    assert flow.button.isVisible()
    assert flow.button.text() == "Restart to update (0.1.1)"
    assert flow.button.toolTip() == "Quieter fans"
    quits: list[bool] = []
    monkeypatch.setattr(window, "request_quit", lambda: quits.append(True))
    window.panel.set_phase(rp.RECORDING)
    qtbot.mouseClick(flow.button, Qt.MouseButton.LeftButton)
    assert "Stop the recording first" in window.notice.text()
    assert (quits, flow.restart_requested) == ([], False)
    window.panel.set_phase(rp.IDLE)
    qtbot.mouseClick(flow.button, Qt.MouseButton.LeftButton)
    assert (quits, flow.restart_requested) == ([True], True)


def test_update_available_in_japanese(window: Any, qtbot: Any) -> None:
    flow = window.update_flow
    flow.show(UpdateStatus(available="0.2.0", mode="package_manager"))
    window.translations.apply("ja")
    qtbot.waitUntil(lambda: flow.button.text() == "更新があります: 0.2.0")
    qtbot.mouseClick(flow.button, Qt.MouseButton.LeftButton)
    assert "パッケージマネージャー" in window.notice.text()


@pytest.fixture()
def locked_channel(managed: Path) -> Path:
    managed.write_text('update_channel = "stable"\n', encoding="utf-8")
    return managed


def test_updates_page_saves_and_shows_the_administrators_lock(
    locked_channel: Path, window: Any, qtbot: Any, data_dir: Path
) -> None:
    import tomllib

    from PySide6.QtWidgets import QDialogButtonBox

    from app.gui.settings_pages.updates import UpdatesPage

    qtbot.waitUntil(lambda: window.ready, timeout=30_000)
    window.settings_action.trigger()
    dialog = window.settings_dialog
    page = dialog.page(UpdatesPage)
    assert page.enabled.isChecked() and page.enabled.isEnabled()
    assert not page.channel.isEnabled() and str(locked_channel) in page.channel.toolTip()
    page.enabled.setChecked(False)
    assert dialog.changes() == {"updates": "off"}
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    stored = tomllib.loads((data_dir / "config.toml").read_text(encoding="utf-8"))
    assert stored["updates"] == "off" and "update_channel" not in stored
    assert window.ctx.settings.updates == "off"
