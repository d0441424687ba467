"""Every UpdateError code has a text in English (and, through the catalogues, Japanese) that says
what happened and what to do, using only the fields the error carries."""

from __future__ import annotations

import string

import pytest

from app.messages import describe
from app.messages.updates import MESSAGES
from updates import CODES, UpdateError


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_has_text_with_its_fields(code: str) -> None:
    assert code in MESSAGES
    used = {f for _, f, _, _ in string.Formatter().parse(MESSAGES[code]) if f}
    assert used <= set(CODES[code])
    fields = {name: f"<{name}>" for name in CODES[code]}
    text = describe(UpdateError("developer text", code=code, **fields))
    assert "developer text" not in text
    for name in used:
        assert f"<{name}>" in text
    assert "{" not in text


def test_no_text_for_unknown_codes() -> None:
    assert set(MESSAGES) <= set(CODES)


def test_japanese_catalogue_has_every_update_text() -> None:
    from pathlib import Path
    from xml.etree import ElementTree as ET

    ts = Path(__file__).resolve().parents[2] / "app/resources/translations/logmeets_ja.ts"
    done = {
        m.findtext("source"): m.find("translation") for m in ET.parse(ts).getroot().iter("message")
    }
    for code, text in MESSAGES.items():
        translation = done.get(text)
        assert translation is not None, code
        assert translation.get("type") != "unfinished" and translation.text, code
