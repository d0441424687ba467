"""Turns a core error (a stable `code` plus fields) into text for a person.

Each area keeps its English texts in `app/messages_<area>.py` as `MESSAGES: dict[str, str]` with
`{field}` placeholders; this module merges them. The GUI translates the same texts through Qt
(`app.gui.messages`); the CLI prints the English.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

import app

GENERIC = {
    "settings_invalid": "{message}",
    "unexpected": "Something went wrong that LogMeets did not expect. Nothing recorded has been "
    "deleted. Details are in the log file {log_path}; please send it to your IT support.",
}


@cache
def all_messages() -> dict[str, str]:
    """Every known code's English text, from all `app/messages_*.py` modules."""
    merged = dict(GENERIC)
    for mod in pkgutil.iter_modules(app.__path__):
        if mod.name.startswith("messages_"):
            merged.update(getattr(importlib.import_module(f"app.{mod.name}"), "MESSAGES", {}))
    return merged


def describe(error: BaseException, **extra: Any) -> str:
    """The text for `error`: its code's template filled with its fields, else its own message."""
    code = getattr(error, "code", None)
    fields: dict[str, Any] = {"message": str(error), **getattr(error, "fields", {}), **extra}
    template = all_messages().get(code or "")
    if template is None:
        return str(error) or (code or type(error).__name__)
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return str(error)
