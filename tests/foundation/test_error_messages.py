"""Every coded error of the core packages has a user-facing text that uses only the fields the
error carries, fills them, and hides the developer's own wording; no text is left without a code."""

from __future__ import annotations

import string

import pytest

import app.messages.crypto
import app.messages.outbox
import app.messages.updates
import crypto.errors
import outbox
import updates.errors
from app.messages import describe

# area: (the package's codes with their fields, its exception class, the area's texts)
CODED: dict[str, tuple[dict[str, tuple[str, ...]], type[Exception], dict[str, str]]] = {
    "crypto": (crypto.errors.CODES, crypto.errors.CryptoError, app.messages.crypto.MESSAGES),
    "outbox": (outbox.CODES, outbox.OutboxError, app.messages.outbox.MESSAGES),
    "updates": (updates.errors.CODES, updates.errors.UpdateError, app.messages.updates.MESSAGES),
}
CASES = [(area, code) for area, (codes, _, _) in CODED.items() for code in sorted(codes)]


@pytest.mark.parametrize(("area", "code"), CASES)
def test_each_code_has_text_with_its_fields(area: str, code: str) -> None:
    codes, error, messages = CODED[area]
    assert code in messages
    used = {f for _, f, _, _ in string.Formatter().parse(messages[code]) if f}
    assert used <= set(codes[code])
    fields = {name: f"<{name}>" for name in codes[code]}
    text = describe(error("developer text", code=code, **fields))  # type: ignore[call-arg]
    assert "developer text" not in text
    for name in used:
        assert f"<{name}>" in text
    assert "{" not in text


@pytest.mark.parametrize("area", sorted(CODED))
def test_no_text_for_unknown_codes(area: str) -> None:
    codes, _, messages = CODED[area]
    # dotted keys (outbox's verify.*, audit.*) describe problems found, not raised codes
    assert {m for m in messages if "." not in m} <= set(codes)
