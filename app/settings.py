"""Settings: every option declared once, typed, validated, with its default.

Sources, later ones winning: the defaults below, `config.toml` at the top of the data dir (the
user's, written by the settings dialog and `logmeets login`), and the managed file an
administrator deploys at the OS's fixed path (`managed_config_path()`), whose fields are also
*locked*: the GUI shows them disabled with the reason, and `save_user_settings` refuses to change
them.

A broken file never brings the app down with a traceback: `SettingsError` names the file and the
field and says what to do; the CLI prints it and the GUI shows it.
"""

from __future__ import annotations

import math
import re
import sys
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

from crypto.files import write_atomic

CONFIG_NAME = "config.toml"
AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
#: The languages the UI speaks; the `language` setting may also say "system".
UI_LANGUAGES = ("en", "ja")
LANGUAGES = ("system", *UI_LANGUAGES)
SAMPLE_FORMATS = ("PCM_16", "PCM_24")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
UPDATE_CHANNELS = ("stable", "beta")
#: How requests find their proxy (uploader.proxy.MODES).
PROXY_MODES = ("system", "pac", "manual", "none")


class SettingsError(Exception):
    """A settings file that cannot be used. `code` is stable; fields name the file and the key."""

    code = "settings_invalid"

    def __init__(self, message: str, *, path: Path, key: str | None = None) -> None:
        super().__init__(message)
        self.fields = {"path": str(path), "key": key or ""}
        self.path = path
        self.key = key


class Check(Protocol):
    """A value check: None if `value` is allowed, else the problem ("must be ..."). `str()` says
    what is allowed, for the table of docs/settings.md."""

    def __call__(self, value: Any) -> str | None: ...


@dataclass(frozen=True)
class Between:
    """A number from `lo` to `hi`, both included."""

    lo: int
    hi: int

    def __call__(self, value: Any) -> str | None:
        return (
            None if self.lo <= value <= self.hi else f"must be between {self.lo:g} and {self.hi:g}"
        )

    def __str__(self) -> str:
        return f"{self.lo} to {self.hi}"


@dataclass(frozen=True)
class OneOf:
    """One of a few values."""

    allowed: tuple[Any, ...]

    def __call__(self, value: Any) -> str | None:
        return None if value in self.allowed else "must be one of " + str(self)

    def __str__(self) -> str:
        return ", ".join(map(str, self.allowed))


@dataclass(frozen=True)
class Matches:
    """A text that `pattern` matches from its start; `what` names it ("an http(s) URL")."""

    pattern: str
    what: str

    def __call__(self, value: Any) -> str | None:
        return None if re.match(self.pattern, value) else f"must be {self}"

    def __str__(self) -> str:
        return self.what


def option(default: Any, help: str, check: Check | None = None) -> Any:
    """Declares one setting as a field of `Settings`: its default, a line of help for docs and
    errors, and the check of its value (its type is the field's annotation)."""
    return field(default=default, metadata={"help": help, "check": check})


_URL = Matches(r"^https?://[^\s/]+", "an http(s) URL")
_PIN = Matches(
    r"(?:(sha256/)?[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})\Z", "a SHA-256 SPKI pin (base64 or hex)"
)


@dataclass(frozen=True)
class Settings:
    """The effective settings. Each field declared with `option()` is one setting, declared
    only here with its type, default, check and help (Picard's option registry: `OPTIONS` is
    read from these fields). `locked` maps each field the administrator fixed to the reason."""

    language: str = option("system", "UI language: system, en or ja", OneOf(LANGUAGES))
    device: str | None = option(None, "input device name (None: the system default)")
    system_audio: str = option(
        "default",
        "record the computer's output (other participants) as channel 2: off, default (the "
        "default output) or a source name from `logmeets devices`; Settings › Audio and the "
        "window's switch, and the CLI's when locked",
    )
    sample_rate: int = option(48_000, "samples per second", Between(8_000, 192_000))
    channels: int = option(1, "1 (mono) or 2 (stereo)", OneOf((1, 2)))
    sample_format: str = option("PCM_16", "FLAC sample format", OneOf(SAMPLE_FORMATS))
    chunk_seconds: int = option(30, "length of one chunk in seconds", Between(5, 300))
    disk_reserve_mb: int = option(
        200, "stop recording below this much free disk", Between(50, 100_000)
    )
    silence_warning_seconds: int = option(
        10, "warn after this many seconds of a silent microphone, 0 for never", Between(0, 3600)
    )
    recording_reminder_minutes: float = option(
        180.0, "remind after a recording has run this many minutes, 0 for never", Between(0, 1440)
    )
    org_recipient: str | None = option(
        None,
        "organisation's age recipient",
        Matches(AGE_RECIPIENT.pattern, "an age X25519 recipient (age1…)"),
    )
    server_url: str | None = option(None, "LogMeets server base URL", _URL)
    server_user: str | None = option(None, "user name at the server")
    tus_endpoint: str | None = option(None, "plain tus server creation URL", _URL)
    ca_file: str | None = option(None, "extra CA certificate file (PEM) to trust")
    spki_pin: str | None = option(None, "pin of the server's public key", _PIN)
    bandwidth_limit_kbps: int = option(0, "upload limit in kbit/s, 0 for none", Between(0, 10**7))
    updates: str = option(
        "on", "check for, download and install new versions: on or off", OneOf(("on", "off"))
    )
    update_channel: str = option(
        "stable", "which versions to update to: stable, or beta too", OneOf(UPDATE_CHANNELS)
    )
    update_url: str | None = option(None, "update server base URL (TUF repository)", _URL)
    update_spki_pin: str | None = option(None, "pin of the update server's public key", _PIN)
    proxy_mode: str = option(
        "system",
        "proxy for uploads and updates: system (the OS's settings), pac, manual or none",
        OneOf(PROXY_MODES),
    )
    proxy_pac_url: str | None = option(
        None,
        "proxy auto-config (PAC) file for proxy_mode pac",
        Matches(r"^(https?|file)://\S+", "an http(s):// or file:// URL"),
    )
    proxy_server: str | None = option(
        None,
        "proxy host:port for proxy_mode manual",
        Matches(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}\Z", "host:port"),
    )
    log_level: str = option("INFO", "log level", OneOf(LOG_LEVELS))
    start_at_login: bool | None = option(
        None,
        "start hidden in the tray when the user logs in (none: on for installed builds)",
    )
    offer_to_record: bool = option(
        True, "offer to record when a meeting app (Zoom, Teams, Meet…) starts using the microphone"
    )
    welcome_shown: bool = option(
        False, "the first-run welcome (microphone, sign in or record) was shown; it shows once"
    )
    locked: Mapping[str, str] = field(default_factory=dict)
    source: Path | None = None


@dataclass(frozen=True)
class Option:
    """One setting as the registry lists it, read from its `Settings` field."""

    name: str
    type: type
    default: Any
    help: str
    check: Check | None
    #: True when the type admits None (the setting may be absent; "" in a file means None).
    optional: bool


def _options() -> tuple[Option, ...]:
    hints = typing.get_type_hints(Settings)
    out = []
    for f in fields(Settings):
        if "help" not in f.metadata:
            continue  # locked, source: not settings
        kind = hints[f.name]
        optional = isinstance(kind, types.UnionType) and type(None) in typing.get_args(kind)
        if optional:
            kind = next(t for t in typing.get_args(kind) if t is not type(None))
        out.append(
            Option(f.name, kind, f.default, f.metadata["help"], f.metadata["check"], optional)
        )
    return tuple(out)


#: The registry: every setting, in declaration order.
OPTIONS: tuple[Option, ...] = _options()
OPTION_BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}


def managed_config_path() -> Path:
    """Where an administrator's managed file lives on this OS.

    Nothing the user controls (an environment variable, an argument) can move it: a user who
    could point it at a file of their own would unlock every field the administrator locked.
    Tests name another file through the `managed` parameter of `load_settings` and `Context`.
    """
    if sys.platform == "win32":
        return _windows_program_data() / "LogMeets" / "managed.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/LogMeets/managed.toml")
    return Path("/etc/logmeets/managed.toml")


def _windows_program_data() -> Path:
    """%ProgramData% as the shell knows it (FOLDERID_ProgramData), not from the environment,
    where the user could set PROGRAMDATA to a folder of their own."""
    if sys.platform == "win32":
        import ctypes
        import uuid
        from ctypes import wintypes

        class Guid(ctypes.Structure):
            _fields_ = [("data", ctypes.c_ubyte * 16)]

        folder = Guid()
        folder.data[:] = uuid.UUID("{62AB5D82-FDC1-4DC3-A9DD-070D1D495D97}").bytes_le
        out = wintypes.LPWSTR()
        shell32, ole32 = ctypes.windll.shell32, ctypes.windll.ole32
        if shell32.SHGetKnownFolderPath(ctypes.byref(folder), 0, None, ctypes.byref(out)) == 0:
            try:
                return Path(str(out.value))
            finally:
                ole32.CoTaskMemFree(out)
    return Path(r"C:\ProgramData")


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
        # TOML's true/false are Python bools, which are ints too: only a bool setting takes one.
        if isinstance(value, bool) != (opt.type is bool) or not isinstance(value, opt.type):
            if opt.type is int and isinstance(value, float) and value.is_integer():
                value = int(value)
            elif opt.type is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # `= 180` for a number of minutes
            else:
                raise SettingsError(
                    f"{path}: '{key}' must be {_type_name(opt.type)}, not {value!r}. "
                    f"It is the {opt.help}.",
                    path=path,
                    key=key,
                )
        problem = opt.check(value) if opt.check is not None else None
        if problem:
            raise SettingsError(f"{path}: '{key}' {problem} (got {value!r}).", path=path, key=key)
        out[key] = value
    return out


def _type_name(t: type) -> str:
    names = {
        int: "a whole number",
        str: "a text in quotes",
        float: "a number",
        bool: "true or false",
    }
    return names.get(t, t.__name__)


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
