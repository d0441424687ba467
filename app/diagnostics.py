"""What a support ticket needs, built once for `logmeets diagnostics` and Help › About's "Copy
diagnostics" (Qt-free): versions, OS, folders, audio devices, settings, proxy route and the
last warnings and errors of the log.

Nothing secret goes in: settings hold no secrets by design (they live in the keyring), keyring
values are never read here, and every text taken from a log line or a setting is passed through
the log's redaction (tokens, keys, passwords) plus the secrets the caller knows are in memory
(the proxy password) and any `user:password@` in a URL.
"""

from __future__ import annotations

import importlib.metadata
import locale
import platform
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.logs import LOG_GLOB, redact
from app.settings import OPTIONS

if TYPE_CHECKING:
    from app.context import Context

#: How many warning and error lines of the logs are included, newest last.
LAST_ERRORS = 20
#: Libraries whose versions help to reproduce a problem.
PACKAGES = ("PySide6-Essentials", "sounddevice", "requests", "keyring", "pypac", "dukpy", "tufup")
_LEVEL = re.compile(r"^\S+ \S+ (WARNING|ERROR|CRITICAL) ")
_URL_AUTH = re.compile(r"(://)[^/@\s:]+:[^/@\s]+@")
_SECRET_NAMES = ("password", "token", "secret", "key")
_SECRET_KEEP = ("spki_pin", "update_spki_pin", "org_recipient")  # public by nature


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with known secrets, secret-looking substrings and URL credentials masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return _URL_AUTH.sub(r"\1[redacted]@", redact(text))


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def last_errors(log_dir: Path, count: int = LAST_ERRORS) -> list[str]:
    """The last `count` WARNING/ERROR/CRITICAL lines of our log files, oldest first."""
    lines: list[tuple[float, int, str]] = []
    for path in log_dir.glob(LOG_GLOB):
        try:
            mtime = path.stat().st_mtime
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for n, line in enumerate(text.splitlines()):
            if _LEVEL.match(line):
                lines.append((mtime, n, line))
    lines.sort()
    return [line for _m, _n, line in lines[-count:]]


def build_diagnostics(
    ctx: Context,
    *,
    devices: Callable[[], list[Any]] | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The diagnostics of this install as a JSON-ready dict. `devices` lists the input devices
    (the GUI passes the list it has; None asks PortAudio); `extra` adds lines (Qt's version)."""
    secrets: list[str] = []
    resolver = ctx.built_proxy()  # the one in use; never built here (that reads the keyring)
    if resolver is not None and resolver.credentials is not None:
        secrets.append(resolver.credentials.password)
    settings = ctx.settings
    values: dict[str, str] = {}
    for option in OPTIONS:
        value = getattr(settings, option.name)
        secret = any(w in option.name for w in _SECRET_NAMES) and option.name not in _SECRET_KEEP
        shown = "[set]" if secret and value else repr(value)
        if option.name in settings.locked:
            shown += " (locked by the administrator)"
        values[option.name] = scrub(shown, secrets)
    try:
        if devices is None:
            from recorder import list_input_devices

            devices = list_input_devices
        found = [
            f"{d.name} ({d.host_api}, {d.channels} ch{', default' if d.is_default else ''})"
            for d in devices()
        ]
    except Exception as exc:  # no PortAudio, a broken device list: say so, go on
        found = [f"cannot list devices: {type(exc).__name__}"]
    proxy: dict[str, str] = {"mode": settings.proxy_mode}
    if resolver is not None:
        for name, url in (("server", settings.server_url), ("updates", settings.update_url)):
            if url:
                try:
                    proxy[f"route to {name}"] = resolver.route(url).describe()
                except Exception as exc:  # a PAC that fails: its code is the diagnosis
                    proxy[f"route to {name}"] = str(getattr(exc, "code", type(exc).__name__))
        creds = resolver.credentials
        proxy["credentials"] = f"stored for {creds.proxy}" if creds else "none"
    log_dir = ctx.log_path.parent
    return {
        "versions": {
            "logmeets": __version__,
            "python": sys.version.split()[0],
            **{p: _version(p) for p in PACKAGES},
            **(extra or {}),
        },
        "os": {
            "platform": platform.platform(),
            "machine": platform.machine(),
            "locale": str(locale.getlocale()[0]),
        },
        "folders": {"data": str(ctx.data_dir), "logs": str(log_dir)},
        "audio_devices": found,
        "settings": values,
        "proxy": {k: scrub(v, secrets) for k, v in proxy.items()},
        "last_errors": [scrub(line, secrets) for line in last_errors(log_dir)],
    }


def diagnostics_text(diagnostics: dict[str, Any]) -> str:
    """The dict of `build_diagnostics` as plain text for a support ticket."""
    out = ["LogMeets Recorder diagnostics"]
    for section, body in diagnostics.items():
        out.append("")
        out.append(f"[{section}]")
        if isinstance(body, dict):
            out.extend(f"{k}: {v}" for k, v in body.items())
        else:
            out.extend(str(line) for line in body or ["(none)"])
    return "\n".join(out) + "\n"
