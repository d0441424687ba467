"""Field validation shared by the JSON endpoints and tus metadata. Every check raises
`ServerError(code="invalid_field", field=...)` with a message that says what is expected."""

from __future__ import annotations

import math
import re
import uuid
from typing import Any

from server.errors import invalid

# No leading dot: account names become directory names under DATA/recordings/.
USER_RE = re.compile(r"[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}")
DEVICE_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")
VERSION_RE = re.compile(r"[A-Za-z0-9.+-]{1,32}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def string(
    obj: dict[str, Any],
    field: str,
    *,
    min_len: int = 0,
    max_len: int,
    pattern: re.Pattern[str] | None = None,
    required: bool = True,
    allow_control: bool = False,
) -> str | None:
    """A string field within length bounds, optionally matching `pattern` fully."""
    value = obj.get(field)
    if value is None:
        if required:
            raise invalid(field, f"'{field}' is required")
        return None
    if not isinstance(value, str):
        raise invalid(field, f"'{field}' must be a string")
    if not min_len <= len(value) <= max_len:
        raise invalid(field, f"'{field}' must have {min_len} to {max_len} characters")
    if pattern is not None and not pattern.fullmatch(value):
        raise invalid(field, f"'{field}' has characters that are not allowed")
    if not allow_control and _CONTROL_RE.search(value):
        raise invalid(field, f"'{field}' must not contain control characters")
    return value


def req_string(obj: dict[str, Any], field: str, **kw: Any) -> str:
    """`string` for a required field (never None)."""
    value = string(obj, field, required=True, **kw)
    assert value is not None
    return value


def integer(
    obj: dict[str, Any], field: str, *, lo: int, hi: int, required: bool = True
) -> int | None:
    """An integer field (bool refused) in [lo, hi]."""
    value = obj.get(field)
    if value is None:
        if required:
            raise invalid(field, f"'{field}' is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(field, f"'{field}' must be an integer")
    if not lo <= value <= hi:
        raise invalid(field, f"'{field}' must be between {lo} and {hi}")
    return value


def number(
    obj: dict[str, Any], field: str, *, lo: float, hi: float, required: bool = True
) -> float | None:
    """A finite number field (int or float, bool refused) in [lo, hi]."""
    value = obj.get(field)
    if value is None:
        if required:
            raise invalid(field, f"'{field}' is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(field, f"'{field}' must be a number")
    if not math.isfinite(value) or not lo <= value <= hi:
        raise invalid(field, f"'{field}' must be between {lo} and {hi}")
    return float(value)


def uuid_str(value: object, field: str) -> str:
    """A canonical lowercase UUID string."""
    if not isinstance(value, str) or len(value) != 36:
        raise invalid(field, f"'{field}' must be a UUID")
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise invalid(field, f"'{field}' must be a UUID") from None
    if str(parsed) != value.lower():
        raise invalid(field, f"'{field}' must be a UUID")
    return value.lower()


def sha256_hex(value: object, field: str) -> str:
    """A lowercase hex sha256 digest."""
    if not isinstance(value, str) or not SHA256_RE.fullmatch(value):
        raise invalid(field, f"'{field}' must be 64 lowercase hex characters (sha256)")
    return value


def int_text(value: str, field: str, *, lo: int, hi: int) -> int:
    """An integer given as decimal text (headers, tus metadata): digits only, no sign."""
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        raise invalid(field, f"'{field}' must be a non-negative integer")
    number_ = int(value)
    if not lo <= number_ <= hi:
        raise invalid(field, f"'{field}' must be between {lo} and {hi}")
    return number_


def float_text(value: str, field: str, *, lo: float, hi: float) -> float:
    """A finite decimal number given as text (tus metadata)."""
    if len(value) > 32:
        raise invalid(field, f"'{field}' must be a number")
    try:
        number_ = float(value)
    except ValueError:
        raise invalid(field, f"'{field}' must be a number") from None
    if not math.isfinite(number_) or not lo <= number_ <= hi:
        raise invalid(field, f"'{field}' must be between {lo} and {hi}")
    return number_
