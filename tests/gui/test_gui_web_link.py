"""Open in LogMeets: the recordings list's context menu opens the page the server linked for a
recording (kept in the encrypted history), through the real `QDesktopServices.openUrl`; a URL
handler registered with Qt stands in for the browser (the OS call). Without a link the action
is disabled."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest
from guihelp import uploaded_recording, wait_ready
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from app.gui.recordings_view import open_web_link

pytestmark = [pytest.mark.realkeyring, pytest.mark.realaudio]

LINK = "https://logmeets.example/r/"


class Browser(QObject):
    """Receives what `QDesktopServices.openUrl` would hand to the OS."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture()
def browser() -> Iterator[Browser]:
    b = Browser()
    for scheme in ("https", "http", "file", "javascript"):
        QDesktopServices.setUrlHandler(scheme, b, "open")
    yield b
    for scheme in ("https", "http", "file", "javascript"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture()
def uploaded(gui_ctx: Any) -> tuple[str, str]:
    """Two recordings uploaded and erased here: one the server linked, one it did not."""
    with closing(gui_ctx.open_outbox(exclusive=True)) as box:
        linked = uploaded_recording(box, "Linked", link_base=LINK)
        return linked, uploaded_recording(box, "Unlinked")


def web_action(w: Any, rid: str) -> Any:
    [action] = [a for a in w.recordings.build_menu(rid).actions() if a.text() == "Open in LogMeets"]
    return action


def test_open_in_logmeets_opens_the_servers_page(
    uploaded: tuple[str, str], window: Any, qtbot: Any, browser: Browser
) -> None:
    w, (linked, unlinked) = window, uploaded
    wait_ready(qtbot, w)
    model = w.recordings.recordings
    qtbot.waitUntil(lambda: model.recording(unlinked) is not None, timeout=10_000)
    assert model.recording(linked).title == "Linked"  # from the history, after erase

    without = web_action(w, unlinked)
    assert not without.isEnabled() and without.toolTip()
    without.trigger()
    assert browser.opened == []

    action = web_action(w, linked)
    assert action.isEnabled()
    action.trigger()
    assert browser.opened == [LINK + linked]


def test_only_web_links_reach_the_os(qapp: Any, browser: Browser) -> None:
    assert not open_web_link("javascript:alert(1)")
    assert not open_web_link("file:///etc/passwd")
    assert browser.opened == []
    assert open_web_link(LINK + "x")
    assert browser.opened == [LINK + "x"]
