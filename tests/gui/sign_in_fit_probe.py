"""Shows the sign-in dialog with every error message, in each language, and prints as JSON how
many labels it checked and which were clipped (`app.gui.fit.clipped_labels`).

Run in a process of its own, since the scale (`QT_SCALE_FACTOR`) and the screen are fixed when
Qt starts: `python -m tests.gui.sign_in_fit_probe --languages en,ja` with `QT_SCALE_FACTOR=2`
and an offscreen screen from `QT_QPA_PLATFORM=offscreen:configfile=...`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

LONG_URL = "https://recordings.example-organisation.internal:8443/logmeets/"
LONG_CA = "/home/someone/Documents/certificates/example-organisation-root-ca-2026.pem"
# A value for every field a message may name; long ones, as real paths and addresses are.
FIELDS: dict[str, Any] = {
    "path": "/home/someone/.local/share/logmeets/recordings/2026-12-06/chunk-0042.flac.age",
    "url": LONG_URL + "files/5f2c9a7e",
    "location": LONG_URL + "files/5f2c9a7e",
    "reason": "[Errno 28] No space left on device",
    "message": "the server closed the connection",
    "status": 503,
    "recording_id": "r-20261206-0915-7c1e",
    "chunk_id": "c-20261206-0915-7c1e-0042",
    "index": 42,
    "n": 3,
    "seconds": 30,
    "code": "some_new_code",
    "detail": "../../outside/file",
    "recipient": "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs2ulc3",
    "role": "timestamp",
    "key": "server_url",
    "actual_size": 1048576,
    "expected_size": 1049600,
    "title": "Weekly planning with the whole product team",
    "version": "1.4.0",
    "device": "USB Audio Device Analog Stereo",
}


def run(languages: list[str], locked: bool) -> dict[str, Any]:
    """Checks every message in every language; returns {"checked": n, "clipped": [lines]}."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.core import Changes
    from app.gui.fit import clipped_labels
    from app.gui.i18n import Translations
    from app.gui.messages import describe_code
    from app.gui.sign_in_dialog import SignInDialog
    from app.gui.tasks import TaskManager
    from app.messages import all_messages

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tasks = TaskManager()
    translations = Translations()
    checked, clipped = 0, []

    def settle() -> None:
        for _ in range(3):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)

    def no_log_in(_request: Any) -> Any:
        raise AssertionError("not signing in here")

    lock = {k: "set by your administrator in /etc/logmeets/managed.toml" for k in ("server_url",)}
    for language in languages:
        translations.apply(language)
        for code in [None, *sorted(all_messages())]:
            for advanced in (False, True):
                dialog = SignInDialog(
                    None,
                    tasks,
                    no_log_in,
                    lambda _li: Changes(),
                    server_url=LONG_URL,
                    user="someone",
                    ca_file=LONG_CA if advanced else None,
                    locked=lock if locked else None,
                )
                dialog.show()
                settle()
                if code is not None:
                    dialog._show_error(describe_code(code, FIELDS))
                    settle()
                where = f"{language} {code or 'no error'}{' +CA' if advanced else ''}"
                problems = clipped_labels(dialog)
                if advanced and dialog.ca_edit.isVisible():
                    least = 25 * dialog.ca_edit.fontMetrics().averageCharWidth()
                    if dialog.ca_edit.width() < least:
                        problems.append(f"CA file field {dialog.ca_edit.width()} px < {least}")
                clipped += [f"{where}: {p}" for p in problems]
                checked += 1
                dialog.close()
                dialog.deleteLater()
        settle()
    translations.apply("en")
    tasks.wait_idle(5000)
    return {"checked": checked, "clipped": clipped}


def main() -> int:
    """Command line: prints the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--languages", default="en,ja")
    parser.add_argument("--locked", action="store_true", help="the server set by managed config")
    args = parser.parse_args()
    print(json.dumps(run(args.languages.split(","), args.locked)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
