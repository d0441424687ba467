"""Sign in to a local logmeets-server through the dialog, watch chunks reach confirmed, and see
the banner when another device takes the session over."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
import requests
from guihelp import choose_device, wait_ready
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.gui import record_panel as rp
from app.gui.messages import describe_code, english_catalogue

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring, pytest.mark.slow]

USER, PASSWORD = "u", "p"


def sign_in(qtbot: Any, w: Any, server: Any, password: str = PASSWORD) -> Any:
    """Fills the sign-in dialog as a user would (CA file under "Advanced") and submits it."""
    w.sign_in_action.trigger()
    dialog = w.sign_in_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    dialog.server_edit.setText(server.url)
    dialog.user_edit.setText(USER)
    dialog.password_edit.setText(password)
    assert not dialog.ca_edit.isVisible()
    dialog.advanced.setChecked(True)
    assert dialog.ca_edit.isVisible()
    dialog.ca_edit.setText(str(server.ca))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return dialog


def record_seconds(qtbot: Any, w: Any, device: str, seconds: float) -> str:
    """Records from `device` for about `seconds`, stops, returns the recording id."""
    choose_device(w, device)
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    rid = str(w.recording_id)
    qtbot.wait(int(seconds * 1000))
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
    return rid


def chunk_kinds(w: Any, rid: str) -> list[str]:
    """The state kind the list shows for each chunk of a recording."""
    model = w.recordings.recordings
    chunks = model._chunks.get(rid, {})
    return [model.chunk_state(cid).kind for cid in chunks]


def test_wrong_password_is_explained_in_the_dialog(window: Any, qtbot: Any, server: Any) -> None:
    w = window
    wait_ready(qtbot, w)
    dialog = sign_in(qtbot, w, server, password="wrong")
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error_label.isVisible(), timeout=30_000)
    assert dialog.isVisible()
    # The uploader's own text for its code, not the generic "something went wrong".
    assert "bad_credentials" in english_catalogue(), "app/messages/uploader.py has no text for it"
    assert dialog.error_label.text() == describe_code("bad_credentials", {"user": USER})
    assert dialog.user_edit.text() == USER  # what was typed is kept
    assert not w.core.signed_in()
    dialog.reject()


def test_sign_in_and_watch_chunks_reach_confirmed(
    window: Any, qtbot: Any, server: Any, virtual_mic: str, data_dir: Any
) -> None:
    w = window
    wait_ready(qtbot, w)
    assert w.account.text() == "Not signed in"
    dialog = sign_in(qtbot, w, server)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30_000)
    host = server.url.removeprefix("https://")
    qtbot.waitUntil(lambda: w.account.text() == f"{USER} at {host}", timeout=10_000)
    config = tomllib.loads((data_dir / "config.toml").read_text())
    assert config["server_url"] == server.url and config["server_user"] == USER
    # Secrets live in the keyring only.
    assert not [k for k in config if "password" in k or "token" in k]
    assert PASSWORD not in config.values()

    rid = record_seconds(qtbot, w, virtual_mic, 7)  # two 5 s chunks
    # Every chunk goes through upload to a receipt and is erased locally.
    qtbot.waitUntil(
        lambda: len(chunk_kinds(w, rid)) >= 2 and set(chunk_kinds(w, rid)) == {"erased"},
        timeout=90_000,
    )
    qtbot.waitUntil(lambda: w.sync.state == "all_confirmed", timeout=30_000)
    assert w.sync.text() == "All recordings uploaded"
    # The recording's upload and "all uploaded" are one notification (app/gui/reminders.py),
    # and "all uploaded" was not said between two parts while it recorded.
    qtbot.waitUntil(
        lambda: any(title == "All recordings uploaded" for title, _ in w.tray.notifications),
        timeout=10_000,
    )
    [text] = [t for title, t in w.tray.notifications if title == "All recordings uploaded"]
    assert text.startswith("“Untitled recording” has been uploaded.")
    qtbot.wait(2000)
    assert "Recording uploaded" not in [title for title, _ in w.tray.notifications]
    state = w.recordings.recordings.recording_state(rid)
    assert state.text == "Uploaded, erased from this computer"
    # "Export" is offered only while audio is on this computer.
    assert not w.recordings.build_menu(rid).actions()[0].isEnabled()


def test_superseded_session_shows_the_banner(
    window: Any, qtbot: Any, server: Any, virtual_mic: str
) -> None:
    w = window
    wait_ready(qtbot, w)
    dialog = sign_in(qtbot, w, server)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30_000)
    assert not w.banner.isVisible()
    # The same account signs in on another device: this session is superseded.
    reply = requests.post(
        f"{server.url}/api/v1/session",
        json={
            "user": USER,
            "password": PASSWORD,
            "device_id": "other-device",
            "device_name": "other laptop",
            "client_version": "test",
        },
        verify=str(server.ca),
        timeout=10,
    )
    assert reply.status_code == 201, reply.text
    # The next upload meets 401 session_superseded.
    record_seconds(qtbot, w, virtual_mic, 6)
    qtbot.waitUntil(w.banner.isVisible, timeout=60_000)
    assert "signed in on another device" in w.banner.label.text()
    assert w.sync.state == "superseded"
    assert any(title == "Sign in again" for title, _ in w.tray.notifications)
    # Nothing was lost: the chunks wait on this computer.
    assert set(chunk_kinds(w, str(w.core.outbox.recordings()[-1].id))) <= {"waiting", "uploading"}
    # Clicking the "Sign in again" notification opens the dialog; signing in there clears the
    # banner and uploading continues.
    w.tray.icon.messageClicked.emit()
    dialog = w.sign_in_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    dialog.password_edit.setText(PASSWORD)
    dialog.advanced.setChecked(True)
    dialog.ca_edit.setText(str(server.ca))
    dialog.submit()
    qtbot.waitUntil(lambda: not w.banner.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: w.sync.state == "all_confirmed", timeout=90_000)


def test_uploads_pending_at_quit_resume_at_the_next_start(
    window: Any, qtbot: Any, server: Any, virtual_mic: str, gui_ctx: Any
) -> None:
    from app.gui.main import create_window

    w = window
    wait_ready(qtbot, w)
    dialog = sign_in(qtbot, w, server)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30_000)
    server.stop()  # the server goes away: what is recorded now cannot be uploaded
    rid = record_seconds(qtbot, w, virtual_mic, 6)
    qtbot.waitUntil(lambda: w.pending_parts >= 1, timeout=30_000)
    qtbot.waitUntil(lambda: w.sync.state in ("offline", "waiting"), timeout=60_000)
    w.prompts.quit_answer = True
    w.request_quit()
    assert ("quit_with_pending", w.pending_parts) in w.prompts.asked
    qtbot.waitUntil(lambda: w.core.outbox is None, timeout=60_000)  # shut down cleanly
    assert not w.isVisible()

    # Next start: the server is back, the session comes from the keyring, uploads resume.
    server.start()
    again = create_window(gui_ctx)
    try:
        again.start()
        qtbot.waitUntil(lambda: again.core.signed_in(), timeout=30_000)
        qtbot.waitUntil(
            lambda: chunk_kinds(again, rid) and set(chunk_kinds(again, rid)) == {"erased"},
            timeout=90_000,
        )
        assert again.account.text().startswith(f"{USER} at ")
    finally:
        again.quitting = True
        again.tasks.wait_idle(60_000)
        again.core.close()
        again.tray.dispose()
        again.close()


def test_sign_out_forgets_the_session_and_keeps_the_recordings(
    window: Any, qtbot: Any, server: Any, virtual_mic: str
) -> None:
    from uploader import REFRESH_TOKEN_KEY

    w = window
    wait_ready(qtbot, w)
    dialog = sign_in(qtbot, w, server)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30_000)
    qtbot.waitUntil(w.sign_out_action.isEnabled, timeout=10_000)
    assert w.ctx.keystore().get(REFRESH_TOKEN_KEY)
    w.sign_out_action.trigger()
    qtbot.waitUntil(lambda: w.account.text() == "Not signed in", timeout=30_000)
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=30_000)
    assert not w.core.signed_in() and not w.sign_out_action.isEnabled()
    assert w.ctx.keystore().get(REFRESH_TOKEN_KEY) is None
    assert w.notice.isHidden()  # the server heard it: nothing to explain
    # Recording still works; the chunks wait for the next sign-in.
    rid = record_seconds(qtbot, w, virtual_mic, 2)
    qtbot.waitUntil(lambda: bool(chunk_kinds(w, rid)), timeout=30_000)
    assert set(chunk_kinds(w, rid)) == {"waiting"}
