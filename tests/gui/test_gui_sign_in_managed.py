"""A server set by the administrator's managed config: the sign-in dialog asks only for the
user and the password, shows the server locked, and signs in with the managed CA file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.settings import dump_toml
from tests.gui.guihelp import wait_ready

pytestmark = pytest.mark.realkeyring
USER, PASSWORD = "u", "p"  # the demo user of the `server` fixture


@pytest.fixture()
def managed_server(managed: Path, server: Any) -> Any:
    """The managed file sets the server and its CA (written before the window starts)."""
    managed.write_text(dump_toml({"server_url": server.url, "ca_file": str(server.ca)}))
    return server


def test_managed_server_asks_only_for_user_and_password(
    managed_server: Any, window: Any, qtbot: Any
) -> None:
    w = window
    wait_ready(qtbot, w)
    w.sign_in_action.trigger()
    dialog = w.sign_in_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.managed
    assert not dialog.server_edit.isVisible()  # nothing to type for the server
    assert dialog.server_value.isVisible() and dialog.server_value.text() == managed_server.url
    assert dialog.server_lock.isVisible()
    assert "administrator" in dialog.server_lock.text()
    assert "managed.toml" in dialog.server_value.toolTip()
    assert not dialog.advanced.isVisible()  # CA, pin, organisation key: the administrator's
    assert dialog.user_edit.isVisible() and dialog.password_edit.isVisible()
    dialog.user_edit.setText(USER)
    dialog.password_edit.setText(PASSWORD)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    # Only the managed CA makes the server's self-signed certificate trusted.
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert w.core.signed_in()
    assert w.ctx.settings.server_url == managed_server.url
    assert w.ctx.settings.server_user == USER


def test_own_server_keeps_the_server_field(window: Any, qtbot: Any) -> None:
    w = window
    wait_ready(qtbot, w)
    w.sign_in_action.trigger()
    dialog = w.sign_in_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert not dialog.managed
    assert dialog.server_edit.isVisible() and dialog.server_edit.isEnabled()
    assert not dialog.server_value.isVisible() and not dialog.server_lock.isVisible()
    assert dialog.advanced.isVisible()
    dialog.reject()
