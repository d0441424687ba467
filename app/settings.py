"""Settings: every option declared once, typed, validated, with its default.

Sources, later ones winning: the defaults below, `config.toml` at the top of the data dir (the
user's, written by the settings dialog and `logmeets login`), and the managed file an
administrator deploys (`managed_config_path()`), whose fields are also *locked*: the GUI shows
them disabled with the reason, and `save_user_settings` refuses to change them.

A broken file never brings the app down with a traceback: `SettingsError` names the file and the
field and says what to do; the CLI prints it and the GUI shows it.
"""

from __future__ import annotations

import math
import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crypto.files import write_atomic

CONFIG_NAME = "config.toml"
AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
LANGUAGES = ("system", "en", "ja")
SAMPLE_FORMATS = ("PCM_16", "PCM_24")


class SettingsError(Exception):
    """A settings file that cannot be used. `code` is stable; fields name the file and the key."""

    code = "settings_invalid"

    def __init__(self, message: str, *, path: Path, key: str | None = None) -> None:
        super().__init__(message)
        self.fields = {"path": str(path), "key": key or ""}
        self.path = path
        self.key = key


@dataclass(frozen=True)
class Option:
    """One setting: its type, default, validator and a line of help for docs and errors."""

    name: str
    type: type
    default: Any
    help: str
    check: Callable[[Any], str | None] = lambda _v: None
    optional: bool = False


def _range(lo: float, hi: float) -> Callable[[Any], str | None]:
    return lambda v: None if lo <= v <= hi else f"must be between {lo:g} and {hi:g}"


def _one_of(*allowed: Any) -> Callable[[Any], str | None]:
    return lambda v: None if v in allowed else "must be one of " + ", ".join(map(str, allowed))


def _url(v: str) -> str | None:
    return None if re.match(r"^https?://[^\s/]+", v) else "must be an http(s) URL"


def _recipient(v: str) -> str | None:
    return None if AGE_RECIPIENT.match(v) else "must be an age X25519 recipient (age1…)"


def _pin(v: str) -> str | None:
    ok = re.fullmatch(r"(sha256/)?[A-Za-z0-9+/]{43}=", v) or re.fullmatch(r"[0-9a-fA-F]{64}", v)
    return None if ok else "must be a SHA-256 SPKI pin (base64 or hex)"


OPTIONS: tuple[Option, ...] = (
    Option("language", str, "system", "UI language: system, en or ja", _one_of(*LANGUAGES)),
    Option("device", str, None, "input device name (None: the system default)", optional=True),
    Option("sample_rate", int, 48_000, "samples per second", _range(8_000, 192_000)),
    Option("channels", int, 1, "1 (mono) or 2 (stereo)", _one_of(1, 2)),
    Option("sample_format", str, "PCM_16", "FLAC sample format", _one_of(*SAMPLE_FORMATS)),
    Option("chunk_seconds", int, 30, "length of one chunk in seconds", _range(5, 300)),
    Option(
        "disk_reserve_mb", int, 200, "stop recording below this much free disk", _range(50, 100_000)
    ),
    Option("org_recipient", str, None, "organisation's age recipient", _recipient, optional=True),
    Option("server_url", str, None, "LogMeets server base URL", _url, optional=True),
    Option("server_user", str, None, "user name at the server", optional=True),
    Option("tus_endpoint", str, None, "plain tus server creation URL", _url, optional=True),
    Option("ca_file", str, None, "extra CA certificate file (PEM) to trust", optional=True),
    Option("spki_pin", str, None, "pin of the server's public key", _pin, optional=True),
    Option("bandwidth_limit_kbps", int, 0, "upload limit in kbit/s, 0 for none", _range(0, 10**7)),
    Option("log_level", str, "INFO", "log level", _one_of("DEBUG", "INFO", "WARNING", "ERROR")),
)
OPTION_BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}


@dataclass(frozen=True)
class Settings:
    """The effective settings. `locked` maps each field the administrator fixed to the reason."""

    language: str = "system"
    device: str | None = None
    sample_rate: int = 48_000
    channels: int = 1
    sample_format: str = "PCM_16"
    chunk_seconds: int = 30
    disk_reserve_mb: int = 200
    org_recipient: str | None = None
    server_url: str | None = None
    server_user: str | None = None
    tus_endpoint: str | None = None
    ca_file: str | None = None
    spki_pin: str | None = None
    bandwidth_limit_kbps: int = 0
    log_level: str = "INFO"
    locked: Mapping[str, str] = field(default_factory=dict)
    source: Path | None = None


def managed_config_path() -> Path:
    """Where an administrator's managed file lives on this OS (`LOGMEETS_MANAGED_CONFIG` wins)."""
    override = os.environ.get("LOGMEETS_MANAGED_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "LogMeets" / "managed.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/LogMeets/managed.toml")
    return Path("/etc/logmeets/managed.toml")


def validate(raw: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """Checks every key of one file; returns the typed values. Unknown keys are errors too, so a
    typo is not silently ignored."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        opt = OPTION_BY_NAME.get(key)
        if opt is None:
            known = ", ".join(sorted(OPTION_BY_NAME))
            raise SettingsError(
                f"{path}: unknown setting '{key}'. Remove it or use one of: {known}.",
                path=path,
                key=key,
            )
        if opt.optional and value == "":
            out[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, opt.type):
            if opt.type is int and isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise SettingsError(
                    f"{path}: '{key}' must be {_type_name(opt.type)}, not {value!r}. "
                    f"It is the {opt.help}.",
                    path=path,
                    key=key,
                )
        problem = opt.check(value)
        if problem:
            raise SettingsError(f"{path}: '{key}' {problem} (got {value!r}).", path=path, key=key)
        out[key] = value
    return out


def _type_name(t: type) -> str:
    return {int: "a whole number", str: "a text in quotes", float: "a number"}.get(t, t.__name__)


def read_toml(path: Path) -> dict[str, Any]:
    """Reads one TOML file; a missing file is empty, a broken one a SettingsError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise SettingsError(f"{path}: cannot be read ({e.strerror}).", path=path) from e
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError(
            f"{path}: is not valid TOML ({e}). Fix the file, or move it away to start from "
            "the defaults.",
            path=path,
        ) from e


def load_settings(data_dir: Path, managed: Path | None = None) -> Settings:
    """The effective settings for `data_dir`: defaults, then config.toml, then the managed file."""
    user_path = data_dir / CONFIG_NAME
    managed_path = managed if managed is not None else managed_config_path()
    user = validate(read_toml(user_path), user_path)
    admin = validate(read_toml(managed_path), managed_path)
    reason = f"set by your administrator in {managed_path}"
    return Settings(**{**user, **admin}, locked={k: reason for k in admin}, source=user_path)


def save_user_settings(data_dir: Path, managed: Path | None = None, **changes: Any) -> Settings:
    """Validates `changes`, merges them into config.toml atomically, returns the new settings.

    A value of None removes the key (back to the default). Locked fields are refused.
    """
    current = load_settings(data_dir, managed)
    user_path = data_dir / CONFIG_NAME
    for key in changes:
        if key in current.locked:
            raise SettingsError(
                f"'{key}' is {current.locked[key]}; ask them to change it.", path=user_path, key=key
            )
    stored = read_toml(user_path)
    stored.update(changes)
    stored = {k: v for k, v in stored.items() if v is not None}
    validate(stored, user_path)
    data_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(user_path, dump_toml(stored).encode("utf-8"))
    return load_settings(data_dir, managed)


def dump_toml(values: Mapping[str, Any]) -> str:
    """Writes flat top-level keys of str/int/float/bool: all our settings need."""
    lines = ["# LogMeets Recorder settings. `logmeets --help` and docs/settings.md list the keys."]
    for key in sorted(values):
        lines.append(f"{key} = {_toml_value(values[key])}")
    return "\n".join(lines) + "\n"


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float) and math.isfinite(v):
        return repr(v)
    if isinstance(v, str):
        escaped = v.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped)
        return f'"{escaped}"'
    raise TypeError(f"cannot write {type(v).__name__} to TOML")
