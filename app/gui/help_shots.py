"""The screenshots of Help › About and of the proxy sign-in for docs/gui.md, taken from the
main window that `app.screenshots` has run through its day (`make screenshots`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.gui.main_window import MainWindow
from app.gui.proxy_sign_in_dialog import ProxySignInDialog

#: The proxy named in the sign-in picture (what a 407 from the office proxy shows).
SHOWN_PROXY = "proxy.corp.example:8080"


def _pump(app: QApplication, seconds: float, until: Callable[[], bool] = lambda: False) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not until():
        app.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, out: Path) -> None:
    widget.grab().save(str(out))
    print(f"wrote {out}")


def render_help_dialogs(app: QApplication, window: MainWindow, language: str, out: Path) -> None:
    """about-LANG.png after "Copy diagnostics", and proxy-sign-in-LANG.png."""
    window.about_action.trigger()
    about = window.about_dialog
    _pump(app, 0.5)
    about.copy_button.click()
    _pump(app, 20.0, until=lambda: bool(about.copied.text()))
    _pump(app, 0.3)
    _save(about, out / f"about-{language}.png")
    about.reject()

    dialog = ProxySignInDialog(
        window, window.tasks, SHOWN_PROXY, lambda _user, _password: None, user="taro.yamada"
    )
    dialog.open()
    _pump(app, 0.5)
    _save(dialog, out / f"proxy-sign-in-{language}.png")
    dialog.reject()
