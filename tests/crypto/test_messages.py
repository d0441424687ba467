"""Every CryptoError code has user-facing text that says what to do, with its fields filled."""

from __future__ import annotations

import importlib
import pkgutil
import string

import pytest

import app
from app.messages import describe
from app.messages_crypto import MESSAGES
from crypto.errors import CODES, CryptoError


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_has_text_with_its_fields(code: str) -> None:
    assert code in MESSAGES
    used = {f for _, f, _, _ in string.Formatter().parse(MESSAGES[code]) if f}
    assert used <= set(CODES[code])
    fields = {name: f"<{name}>" for name in CODES[code]}
    text = describe(CryptoError("developer text", code=code, **fields))
    assert "developer text" not in text
    for name in used:
        assert f"<{name}>" in text
    assert "{" not in text


def test_no_text_for_unknown_codes() -> None:
    assert set(MESSAGES) <= set(CODES)


def test_error_carries_code_and_fields() -> None:
    err = CryptoError("x", code="keyring_locked", backend="b")
    assert (err.code, err.fields, str(err)) == ("keyring_locked", {"backend": "b"}, "x")
    assert CryptoError("y").code == "crypto_error"


def test_codes_do_not_collide_with_other_areas() -> None:
    # app.messages merges every area's dict into one: a shared code would show the wrong text.
    for mod in pkgutil.iter_modules(app.__path__):
        if mod.name.startswith("messages_") and mod.name != "messages_crypto":
            other = getattr(importlib.import_module(f"app.{mod.name}"), "MESSAGES", {})
            assert not set(other) & set(CODES), mod.name
