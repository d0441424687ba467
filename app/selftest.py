"""`logmeets --selftest`: does this installed copy (a frozen bundle above all) have what it needs?

It starts the real main window headless (Qt's offscreen platform unless a display is chosen) and
checks the native pieces a bundle can miss: Qt and its plugins, the translations, PortAudio,
the crypto libraries, the OS keyring backends. It prints one line per check and exits 1 if any
check failed.

A missing piece of the bundle is a failure. What the machine itself lacks (no keyring daemon, no
microphone, as in a build root) is a warning, and a failure only with `--strict`. It does not
touch the user's data or secrets: the window runs over a temporary data directory, and the
keyring check writes and deletes a canary entry only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import __version__, resources

FAIL, WARN, OK = "FAIL", "warn", "ok"


@dataclass
class Check:
    """The outcome of one check."""

    name: str
    status: str
    detail: str


class Unavailable(Exception):
    """The machine lacks something (a keyring daemon, a microphone): not the bundle's fault."""


def process_age() -> float:
    """Seconds since this process started, from /proc on Linux (so the frozen bundle's own
    start-up counts); elsewhere, or without /proc, since this module was imported, and then
    `_clock_note` says so."""
    global _clock_note
    if sys.platform.startswith("linux"):
        try:
            fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
            started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
            uptime = float(Path("/proc/uptime").read_text().split()[0])
            return max(0.0, uptime - started)
        except (OSError, ValueError, IndexError):
            pass
    _clock_note = " (since the selftest module was imported: process start time unknown)"
    return time.monotonic() - _IMPORTED


_clock_note = ""
_IMPORTED = time.monotonic()


def check_resources() -> str:
    """The icons and the built catalogues are package data."""
    missing = [
        str(p)
        for p in (
            resources.icon_path("logmeets"),
            resources.icon_path("logmeets-recording"),
            resources.translations_dir() / "logmeets_ja.qm",
        )
        if not p.is_file()
    ]
    if missing:
        raise RuntimeError(f"missing {', '.join(missing)}")
    return str(resources.resources_dir())


def check_commands() -> str:
    """Every CLI command imports (and with them the core packages and numpy)."""
    from app.commands import commands as discover_commands

    return ", ".join(discover_commands())


def check_flac() -> str:
    """libsndfile encodes FLAC from a numpy buffer, as the recorder's sealer does."""
    import io

    import numpy as np
    import soundfile

    tone = (np.sin(np.linspace(0, 440 * 2 * np.pi, 48_000)) * 0.2).astype(np.float32)
    buffer = io.BytesIO()
    soundfile.write(buffer, np.column_stack([tone, tone]), 48_000, format="FLAC")
    buffer.seek(0)
    back, rate = soundfile.read(buffer, dtype="float32")
    if rate != 48_000 or back.shape != (48_000, 2):
        raise RuntimeError(f"FLAC round trip gave {back.shape} at {rate} Hz")
    return f"{soundfile.__libsndfile_version__}, numpy {np.__version__}"


def check_portaudio() -> str:
    """PortAudio loads (sounddevice's ctypes binding finds the library)."""
    import sounddevice

    inputs = [d for d in sounddevice.query_devices() if d["max_input_channels"] > 0]
    version = sounddevice.get_portaudio_version()[1]
    if not inputs:
        raise Unavailable(f"{version}; no input device on this machine")
    return f"{version}; {len(inputs)} input device(s)"


def check_crypto() -> str:
    """age (pyrage) and the cryptography primitives of the journal work in this process."""
    import pyrage
    from cryptography.hazmat.backends.openssl.backend import backend
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    identity = pyrage.x25519.Identity.generate()
    sealed = pyrage.encrypt(b"selftest", [identity.to_public()])
    if pyrage.decrypt(sealed, [identity]) != b"selftest":
        raise RuntimeError("age round trip returned other bytes")
    key, nonce = ChaCha20Poly1305.generate_key(), os.urandom(12)
    aead = ChaCha20Poly1305(key)
    if aead.decrypt(nonce, aead.encrypt(nonce, b"selftest", None), None) != b"selftest":
        raise RuntimeError("ChaCha20-Poly1305 round trip returned other bytes")
    return f"age round trip, {backend.openssl_version_text()}"


def check_pac() -> str:
    """A PAC script runs in its child process (pypac, dukpy; the bundle's freeze_support)."""
    from uploader.pac import PacScript

    script = PacScript('function FindProxyForURL(url, host) { return "PROXY p.example:3128"; }')
    try:
        answer = script.find("https://selftest.example/", "selftest.example")
    finally:
        script.close()
    if answer != "PROXY p.example:3128":
        raise RuntimeError(f"the PAC engine answered {answer!r}")
    return "PAC evaluated in a child process"


def check_keyring() -> str:
    """The OS keyring backend imports; if a keyring runs here, a canary round trip works."""
    from crypto import KeyStore

    try:
        store = KeyStore.for_platform()
    except Exception as exc:
        raise Unavailable(f"backends load, but no keyring is running here ({exc})") from exc
    store.self_test()
    return store.backend_name


def check_qt_window() -> str:
    """The real main window opens headless (app/gui/selftest_qt.py); records its start time."""
    from app.gui.selftest_qt import check_window

    shown_after, detail = check_window(process_age)
    _window_seconds.append(shown_after)
    return detail


def check_translations() -> str:
    """Every shipped catalogue loads and translates (app/gui/selftest_qt.py)."""
    from app.gui.selftest_qt import check_translations as check

    return check()


def check_icu() -> str:
    """Qt's ICU collation data (app/gui/selftest_qt.py)."""
    from app.gui.selftest_qt import check_icu as check

    return check()


_window_seconds: list[float] = []

# The window first, so that its time from process start counts no other check.
CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("qt", check_qt_window),
    ("resources", check_resources),
    ("translations", check_translations),
    ("icu", check_icu),
    ("commands", check_commands),
    ("flac", check_flac),
    ("crypto", check_crypto),
    ("pac", check_pac),
    ("portaudio", check_portaudio),
    ("keyring", check_keyring),
]


def run_checks() -> list[Check]:
    """Runs every check; an exception is a failure, `Unavailable` a warning."""
    results = []
    for name, check in CHECKS:
        try:
            results.append(Check(name, OK, check()))
        except Unavailable as exc:
            results.append(Check(name, WARN, str(exc)))
        except Exception as exc:
            results.append(Check(name, FAIL, f"{type(exc).__name__}: {exc}"))
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line: prints the checks; exit 1 on a failure (or a warning with --strict)."""
    parser = argparse.ArgumentParser(prog="logmeets --selftest", description=__doc__)
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    args = parser.parse_args(argv)
    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "Python install"
    print(f"LogMeets Recorder {__version__} selftest ({frozen}, {sys.platform})", flush=True)
    results = run_checks()
    for r in results:
        print(f"{r.status:<4} {r.name:<12} {r.detail}", flush=True)
    bad = [r for r in results if r.status == FAIL or (args.strict and r.status == WARN)]
    if _window_seconds:
        print(f"start-to-window: {_window_seconds[0]:.3f} s{_clock_note}", flush=True)
    print("selftest: FAILED" if bad else "selftest: passed", flush=True)
    return 1 if bad else 0
