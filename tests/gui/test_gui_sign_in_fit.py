"""The sign-in dialog never clips a text: every error message, in English and Japanese, at
100 % and 200 % scale, each label at least as big as its size hint (height-for-width for the
wrapped ones), and the CA file field wide enough to read a path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from app.gui import fit
from app.messages import all_messages

REPO = Path(__file__).resolve().parents[2]
# The same desktop at 100 % and at 200 %: 1366 x 900 logical pixels.
SCREENS = {1: (1366, 900), 2: (2732, 1800)}


def _probe(tmp_path: Path, scale: int, *extra: str) -> dict[str, Any]:
    width, height = SCREENS[scale]
    screen = tmp_path / f"screen-{scale}.json"
    screen.write_text(
        json.dumps(
            {"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                          "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
        )
    )  # fmt: skip
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": str(scale),
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.sign_in_fit_probe", "--languages", "en,ja", *extra],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("locked", [False, True], ids=["own server", "managed server"])
@pytest.mark.parametrize("scale", [1, 2])
def test_sign_in_dialog_shows_every_message_whole(tmp_path: Path, scale: int, locked: bool) -> None:
    result = _probe(tmp_path, scale, *(["--locked"] if locked else []))
    # No error and every message, with and without the CA field, in two languages.
    assert result["checked"] == (len(all_messages()) + 1) * 2 * 2
    clipped = result["clipped"]
    assert not clipped, f"{len(clipped)} clipped at {scale}x:\n" + "\n".join(clipped[:30])


def test_clipped_labels_sees_a_cut_message(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    label = QLabel("A message long enough to need several lines at this width. " * 4)
    label.setWordWrap(True)
    QVBoxLayout(dialog).addWidget(label)
    dialog.show()
    dialog.setFixedSize(160, 40)  # what a window that does not follow height-for-width does
    qtbot.waitUntil(lambda: dialog.height() == 40)
    assert fit.clipped_labels(dialog)
    dialog.setMinimumSize(0, 0)
    dialog.setMaximumSize(10_000, 10_000)
    fit.fit(dialog)
    qtbot.waitUntil(lambda: not fit.clipped_labels(dialog))
    assert dialog.width() >= fit.READABLE_EM * fit.em(dialog) - 1


def test_narrowing_the_window_keeps_the_text_whole(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    label = QLabel("Words that wrap onto more lines when the window gets narrower. " * 5)
    label.setWordWrap(True)
    QVBoxLayout(dialog).addWidget(label)
    fit.FitOnResize(dialog)
    dialog.show()
    fit.fit(dialog)
    tall_enough = dialog.minimumHeight()
    dialog.resize(dialog.width() // 2, dialog.height())
    qtbot.waitUntil(lambda: dialog.minimumHeight() > tall_enough)
    qtbot.waitUntil(lambda: not fit.clipped_labels(dialog))
