"""The Qt-free marker that puts a text into the translation catalogues where it is written.

`pyside6-lupdate` reads every call named `QT_TRANSLATE_NOOP("Context", "text")` in the files it
is given (see `app.i18n_build.sources`), whatever the function is; this one returns its text
unchanged, so the core's message texts stay plain English strings and this package never
imports Qt. Translation happens later, when the GUI passes Qt's translator to `describe()`.
"""

from __future__ import annotations

#: The catalogue context of every core message text (lupdate needs it written out literally
#: in each call, so the modules repeat the string rather than use this name).
CONTEXT = "Messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` (in `context`) for pyside6-lupdate and returns it unchanged."""
    return text
