"""The pause key clashes with no Qt standard key (`QKeySequence.StandardKey`: Print is Ctrl+P
everywhere) on each keyboard scheme this machine can produce: Windows' (the offscreen platform's
default theme), X11's (xcb, generic theme) and GNOME's (xcb, GNOME theme), each queried in a
process of its own. macOS's scheme exists only on a Mac."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.gui.window_layout import SHORTCUTS

PROBE = (
    "import json, sys\n"
    "from PySide6.QtGui import QGuiApplication, QKeySequence\n"
    "app = QGuiApplication(sys.argv)\n"
    "keys = {k.toString() for s in QKeySequence.StandardKey for k in QKeySequence.keyBindings(s)}\n"
    "print(json.dumps(sorted(keys)))\n"
)
XCB = {"QT_QPA_PLATFORM": "xcb"}
# Each scheme, and a binding only it has among these three, to prove it was the one queried.
SCHEMES = {
    "windows": ({"QT_QPA_PLATFORM": "offscreen"}, "Alt+Backspace"),  # Undo
    "x11": ({**XCB, "QT_QPA_PLATFORMTHEME": "generic"}, "Ctrl+E"),  # MoveToEndOfLine
    "gnome": ({**XCB, "QT_QPA_PLATFORMTHEME": "gnome"}, "Ctrl+H"),  # Replace
}


def standard_keys(env: dict[str, str]) -> set[str]:
    """Every key sequence bound to a standard key under `env`'s platform and theme."""
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA")}
    if env["QT_QPA_PLATFORM"] == "xcb":
        display = os.environ.get("LOGMEETS_TEST_DISPLAY")
        if not display:
            pytest.fail("no Xvfb: run inside tests/env/with-testenv.sh", pytrace=False)
        run_env["DISPLAY"] = display
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**run_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pause_clashes_with_no_standard_key(scheme: str) -> None:
    env, only_here = SCHEMES[scheme]
    keys = standard_keys(env)
    assert only_here in keys, f"not the {scheme} scheme"
    assert "Ctrl+P" in keys  # Print: the reason pause left it
    assert SHORTCUTS["pause"] not in keys


def test_each_action_has_its_own_key() -> None:
    assert len(set(SHORTCUTS.values())) == len(SHORTCUTS)
