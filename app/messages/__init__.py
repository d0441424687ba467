"""Turns a core error (a stable `code` plus fields) into text for a person.

Each area's English texts live in one module of this package (`crypto`, `outbox`, `recorder`,
`uploader`, `updates`, and `general` for app's own codes) as `MESSAGES: dict[str, str]` with
`{field}` placeholders. Every text is wrapped where it is written in the Qt-free marker
`QT_TRANSLATE_NOOP("Messages", ...)` (`app.messages.marker`), from which `pyside6-lupdate`
extracts it into the .ts catalogues. `describe()` serves both front ends: the CLI prints the
English; the GUI passes Qt's translator in as `translate` (`app.gui.messages`), so this package
never imports Qt.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from app.messages import crypto, general, outbox, recorder, updates, uploader
from app.messages.marker import CONTEXT, QT_TRANSLATE_NOOP

__all__ = [
    "AREAS",
    "CONTEXT",
    "QT_TRANSLATE_NOOP",
    "Translate",
    "all_messages",
    "describe",
    "describe_code",
    "english",
    "fill",
]

log = logging.getLogger(__name__)

#: (context, English text) -> text in the UI language; Qt's `QCoreApplication.translate` fits.
Translate = Callable[[str, str], str]

#: Each area's texts, by module name (a code belongs to one area only; a test checks it).
AREAS: dict[str, dict[str, str]] = {
    "general": general.MESSAGES,
    "crypto": crypto.MESSAGES,
    "outbox": outbox.MESSAGES,
    "recorder": recorder.MESSAGES,
    "uploader": uploader.MESSAGES,
    "updates": updates.MESSAGES,
}


@cache
def all_messages() -> dict[str, str]:
    """Every known code's English text, from all areas."""
    merged: dict[str, str] = {}
    for texts in AREAS.values():
        merged.update(texts)
    return merged


def english(context: str, text: str) -> str:
    """The `Translate` of the CLI: English is the source language, so the text itself."""
    return text


class _KeepMissing(dict[str, Any]):
    """format_map() helper: a placeholder without a field stays as it is instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, fields: Mapping[str, Any]) -> str:
    """`template` with its `{field}` placeholders replaced; a missing field stays visible, and a
    bad template comes back unfilled."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        values = _KeepMissing({k: v for k, v in fields.items() if k in names})
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return template


def describe_code(
    code: str | None, fields: Mapping[str, Any] | None = None, translate: Translate = english
) -> str:
    """The text of an error code in `translate`'s language, filled with `fields`; a code
    without a text gets a generic one naming the code."""
    template = all_messages().get(code or "")
    if template is None:
        return fill(translate(CONTEXT, general.UNKNOWN_CODE), {"code": code or "unknown"})
    return fill(translate(CONTEXT, template), fields or {})


def describe(error: BaseException, translate: Translate | None = None, **extra: Any) -> str:
    """The text for `error` (any exception with `code` and `fields`): its code's template filled
    with its fields and `extra`.

    Without `translate` (the CLI) the text is English, and where no template fits (no code, an
    unknown code, a missing field) the error's own English message is printed instead. With
    `translate` (the GUI) the error's own message is never shown, since it is not translated:
    an unknown code gets a generic translated text, and a missing field stays visible.
    """
    code = getattr(error, "code", None)
    own = getattr(error, "fields", None)
    # `{message}` is the error's own text, for codes whose template is just that (settings).
    fields = {"message": str(error), **(own if isinstance(own, Mapping) else {}), **extra}
    if translate is not None:
        if code is None:
            log.error("error without a code shown to the user", exc_info=error)
        return describe_code(str(code or type(error).__name__), fields, translate)
    template = all_messages().get(code or "")
    if template is None:
        return str(error) or (code or type(error).__name__)
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return str(error)
