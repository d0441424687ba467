"""Error code -> translated text for the GUI: `app.messages` with Qt's translator passed in.

The texts and the one `describe()` live in `app.messages` (Qt-free); this module only binds
`QCoreApplication.translate`, so the windows call `describe(error)` / `describe_code(code)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from app import messages
from app.messages import all_messages as english_catalogue

__all__ = ["describe", "describe_code", "english_catalogue", "qt_translate"]


def qt_translate(context: str, text: str) -> str:
    """`text` in the installed Qt catalogue's language (the text itself if it has none)."""
    return QCoreApplication.translate(context, text)


def describe(err: BaseException) -> str:
    """The translated text for a core error (any exception with `code` and `fields`)."""
    return messages.describe(err, qt_translate)


def describe_code(code: str | None, fields: Mapping[str, Any] | None = None) -> str:
    """The translated, filled text for an error code, or a generic translated text."""
    return messages.describe_code(code, fields, qt_translate)
