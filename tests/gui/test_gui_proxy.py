"""Help › About (folders, Copy diagnostics without secrets), Settings › Proxy (save, Test
through a real proxy) and the proxy sign-in a 407 opens, in the real window under the real Qt
event loop, with the real keyring, server and proxy."""

from __future__ import annotations

import dataclasses
import json
import logging
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from authproxy import AuthProxy
from guihelp import choose_device, wait_ready
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from app import __version__
from app.core.proxy import PROXY_CREDENTIALS_KEY, sign_in_to_proxy
from app.gui import record_panel as rp
from app.gui.settings_pages.proxy import ProxyPage
from app.messages import describe_code
from uploader import REFRESH_TOKEN_KEY

pytestmark = [pytest.mark.realkeyring]

TOKEN = "refresh-T0ken-5ecret-77"
PROXY_PASSWORD = "pr0xy-Pa55-in-keyring"


@pytest.fixture()
def authproxy() -> Iterator[AuthProxy]:
    p = AuthProxy().start()
    yield p
    p.stop()


@pytest.fixture()
def clean_keyring(gui_ctx: Any) -> Iterator[None]:
    """No proxy credentials or session in the app's keyring service before and after."""
    store = gui_ctx.keystore()
    for name in (PROXY_CREDENTIALS_KEY, REFRESH_TOKEN_KEY):
        store.delete(name)
    yield
    for name in (PROXY_CREDENTIALS_KEY, REFRESH_TOKEN_KEY):
        store.delete(name)


def settle(qtbot: Any, w: Any) -> None:
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=30_000)


def test_about_shows_the_folders_and_copies_diagnostics_without_secrets(
    clean_keyring: None, window: Any, qtbot: Any, data_dir: Path, gui_ctx: Any
) -> None:
    w = window
    wait_ready(qtbot, w)
    store = gui_ctx.keystore()
    store.set(REFRESH_TOKEN_KEY, TOKEN)
    sign_in_to_proxy(gui_ctx.proxy(), store, "127.0.0.1:3128", "alice", PROXY_PASSWORD)
    logging.getLogger("test").warning("refresh failed: token=%s", TOKEN)
    (gui_ctx.log_path.parent / "logmeets-1.log").write_text(
        f"2026-12-06 00:00:00,000 ERROR sync uploader: the proxy said {PROXY_PASSWORD}\n"
    )
    QGuiApplication.clipboard().setText("")

    w.about_action.trigger()
    about = w.about_dialog
    qtbot.waitUntil(about.isVisible, timeout=5000)
    assert __version__ in about.version.text()
    assert about.data_path.text() == str(data_dir)
    assert about.log_path.text() == str(gui_ctx.log_path.parent)
    opened: list[Path] = []
    about._opener = lambda path: opened.append(path) or True
    qtbot.mouseClick(about.open_data, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(about.open_logs, Qt.MouseButton.LeftButton)
    assert opened == [data_dir, gui_ctx.log_path.parent]

    qtbot.mouseClick(about.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "diagnostics" in QGuiApplication.clipboard().text(), timeout=20_000)
    text = QGuiApplication.clipboard().text()
    for part in (__version__, str(data_dir), "[audio_devices]", "[settings]", "Qt:"):
        assert part in text, part
    assert "refresh failed" in text and "the proxy said" in text  # the last errors
    assert "credentials: stored for 127.0.0.1:3128" in text
    for secret in (TOKEN, PROXY_PASSWORD):
        assert secret not in text
    assert about.copied.text().startswith("Copied.")
    about.reject()


def test_proxy_page_tests_the_values_on_it_and_saves_them(
    clean_keyring: None,
    authproxy: AuthProxy,
    server: Any,
    write_config: Any,
    window: Any,
    qtbot: Any,
    data_dir: Path,
) -> None:
    w = window
    wait_ready(qtbot, w)
    w.ctx.settings = dataclasses.replace(
        w.ctx.settings, server_url=server.url, ca_file=str(server.ca)
    )
    w.settings_action.trigger()
    dialog = w.settings_dialog
    page = dialog.page(ProxyPage)
    dialog.list.setCurrentRow(dialog.pages.index(page))
    assert page.mode.currentData() == "system"
    assert not page.pac.isEnabled() and not page.server.isEnabled()
    page.mode.setCurrentIndex(page.mode.findData("manual"))
    assert page.server.isEnabled() and not page.pac.isEnabled()
    page.server.setText(authproxy.address)

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.test_button.isEnabled, timeout=30_000)
    assert page.result.text() == describe_code("proxy_auth_needed", {"proxy": authproxy.address})

    page._credentials = _creds(authproxy)  # signed in to the proxy: the Test goes through
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.test_button.isEnabled, timeout=30_000)
    assert f"reached PROXY {authproxy.address}" in page.result.text(), page.result.text()
    assert authproxy.tunnels() == [f"127.0.0.1:{server.port}"]

    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    saved = tomllib.loads((data_dir / "config.toml").read_text())
    assert saved["proxy_mode"] == "manual" and saved["proxy_server"] == authproxy.address
    settle(qtbot, w)
    assert w.ctx.proxy().route(server.url).proxy_host == authproxy.address


@pytest.mark.slow
@pytest.mark.realaudio
def test_a_407_opens_the_proxy_sign_in_and_uploading_resumes(
    clean_keyring: None,
    authproxy: AuthProxy,
    server: Any,
    window: Any,
    qtbot: Any,
    virtual_mic: str,
) -> None:
    w = window
    wait_ready(qtbot, w)
    # Signed in directly, then the network puts a proxy that wants a password in the way.
    login = _run(qtbot, w, lambda: w.core.log_in(server.url, "u", "p", str(server.ca)), True)
    _run(qtbot, w, lambda: w.core.finish_sign_in(login))
    _run(qtbot, w, lambda: _use_proxy(w, authproxy.address))

    choose_device(w, virtual_mic)
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    qtbot.wait(6000)
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)

    qtbot.waitUntil(
        lambda: w.proxy_flow.dialog is not None and w.proxy_flow.dialog.isVisible(),
        timeout=60_000,
    )
    dialog = w.proxy_flow.dialog
    assert authproxy.address in dialog.intro.text()
    assert not authproxy.tunnels()
    dialog.user_edit.setText("proxyuser")
    dialog.password_edit.setText("proxy-pass")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    stored = json.loads(w.ctx.keystore().get(PROXY_CREDENTIALS_KEY) or "{}")
    assert stored["proxy"] == authproxy.address and stored["user"] == "proxyuser"
    qtbot.waitUntil(lambda: w.sync_state == "all_confirmed", timeout=90_000)
    assert set(authproxy.tunnels()) == {f"127.0.0.1:{server.port}"}


def _creds(proxy: AuthProxy) -> Any:
    from uploader import ProxyCredentials

    return ProxyCredentials(proxy.address, "proxyuser", "proxy-pass")


def _use_proxy(w: Any, address: str) -> None:
    """Serial worker: what Settings › Proxy does when saved."""
    from app.settings import save_user_settings

    w.ctx.settings = save_user_settings(
        w.ctx.data_dir, w.ctx.managed, proxy_mode="manual", proxy_server=address
    )
    w.core.settings_changed()


def _run(qtbot: Any, w: Any, op: Any, network: bool = False) -> Any:
    """Runs `op` through the window's task manager and waits for its result."""
    out: list[Any] = []
    w.tasks.run(op, success=out.append, failure=out.append, network=network)
    qtbot.waitUntil(lambda: bool(out), timeout=60_000)
    assert not isinstance(out[0], BaseException), out[0]
    return out[0]
