"""The update button of the status bar: "Update available" or "Restart to update", in English
and Japanese; a restart never interrupts a recording."""

from __future__ import annotations

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
