"""Start at login: one small interface (`Autostart`), one implementation per OS.

- Linux and other XDG desktops: `$XDG_CONFIG_HOME/autostart/logmeets.desktop` (`~/.config` when
  unset), read by the session manager at login.
- macOS: a LaunchAgent, `~/Library/LaunchAgents/com.logmeets.recorder.plist` (`RunAtLoad`),
  loaded by launchd at the next login.
- Windows: the value `LogMeets Recorder` under
  `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`.

Each entry runs `logmeets --hidden`: the app starts in the tray. The `start_at_login` setting
decides (`wanted`): on or off when the user set it, else on for an installed (frozen) build and
left alone when run from source, so that a developer's checkout never removes or replaces the
installed app's entry. `sync_with` makes the OS match; the GUI calls it at each start and after
the settings are saved, on its serial worker (files and the registry, never the GUI thread).
"""

from __future__ import annotations

import logging
import os
import plistlib
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from crypto.errors import CryptoError
from crypto.files import write_atomic

log = logging.getLogger(__name__)

APP_NAME = "LogMeets Recorder"
DESKTOP_NAME = "logmeets.desktop"
AGENT_LABEL = "com.logmeets.recorder"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
HIDDEN_FLAG = "--hidden"


class AutostartError(Exception):
    """Starting at login could not be switched on or off (`where`: the file or key)."""

    code = "autostart_failed"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"cannot change starting at login in {where}: {reason}")
        self.fields = {"where": where, "reason": reason}


class Autostart(Protocol):
    """Starting the app at login, the OS's way."""

    where: str  # the file or registry value, for messages and logs

    def command(self) -> list[str] | None:
        """The command the OS runs at login (None: not enabled)."""
        ...

    def enable(self, command: Sequence[str]) -> None:
        """Makes the OS run `command` at login (replacing another command of ours)."""
        ...

    def disable(self) -> None:
        """Removes the entry; nothing happens if there is none."""
        ...


def is_installed_build() -> bool:
    """True in the frozen bundle an installer puts on the machine (not a source checkout)."""
    return bool(getattr(sys, "frozen", False))


def launch_command() -> list[str]:
    """This program, started hidden in the tray."""
    if is_installed_build():
        return [sys.executable, HIDDEN_FLAG]
    return [sys.executable, "-m", "app", HIDDEN_FLAG]


def wanted(setting: bool | None, installed: bool | None = None) -> bool | None:
    """What the OS should do at login: the user's setting, else on for an installed build;
    None leaves the entry as it is (run from source with the setting unset)."""
    if setting is not None:
        return setting
    installed = is_installed_build() if installed is None else installed
    return True if installed else None


def sync_with(
    setting: bool | None,
    entry: Autostart | None = None,
    command: Sequence[str] | None = None,
    installed: bool | None = None,
) -> bool:
    """Makes the OS's entry match `setting` (see `wanted`). Returns True if it changed.
    Raises AutostartError when the file or the registry refuses."""
    want = wanted(setting, installed)
    if want is None:
        return False
    entry = for_platform() if entry is None else entry
    command = list(launch_command() if command is None else command)
    try:
        current = entry.command()
        if want and current != command:
            entry.enable(command)
        elif not want and current is not None:
            entry.disable()
        else:
            return False
    except OSError as e:
        raise AutostartError(entry.where, e.strerror or type(e).__name__) from e
    log.info("start at login %s (%s)", "on" if want else "off", entry.where)
    return True


def for_platform() -> Autostart:
    """The implementation for this OS, at the user's usual places."""
    if sys.platform == "win32":
        import winreg

        return WindowsRunKey(winreg)
    if sys.platform == "darwin":
        return LaunchAgent(Path.home() / "Library" / "LaunchAgents")
    config = os.environ.get("XDG_CONFIG_HOME") or ""
    # The spec says a relative value is invalid and is to be ignored.
    base = Path(config) if os.path.isabs(config) else Path.home() / ".config"
    return XdgAutostart(base / "autostart")


# ---- Linux and other XDG desktops ----------------------------------------------------------
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_quote(arg: str) -> str:
    """One argument of a desktop entry's Exec key (Desktop Entry Specification, "The Exec
    key"): quoted where needed, `%` doubled, and the string escape of backslashes applied."""
    arg = arg.replace("%", "%%")
    if arg and not _RESERVED.intersection(arg):
        return arg
    quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return quoted.replace("\\", "\\\\")


def exec_unquote(line: str) -> list[str]:
    """The arguments of an Exec value written by `exec_quote` (for `command()`)."""
    args = split_args(line.replace("\\\\", "\\"), _exec_escape)
    return [a.replace("%%", "%") for a in args]


def _exec_escape(line: str, i: int, quoted: bool) -> tuple[str, int] | None:
    # Inside quotes a backslash takes the next character as it is.
    if quoted and line[i] == "\\" and i + 1 < len(line):
        return line[i + 1], 2
    return None


class XdgAutostart:
    """`logmeets.desktop` in an XDG autostart folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DESKTOP_NAME
        self.where = str(self.path)

    def command(self) -> list[str] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        for line in text.splitlines():
            if line.startswith("Exec="):
                return exec_unquote(line[len("Exec=") :])
        return None

    def enable(self, command: Sequence[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Records meetings and uploads them to your organisation",
            "Exec=" + " ".join(exec_quote(a) for a in command),
            "Icon=logmeets",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
        ]
        _write(self.path, "\n".join(lines) + "\n")

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


# ---- macOS ---------------------------------------------------------------------------------
class LaunchAgent:
    """A per-user LaunchAgent plist that launchd runs at login."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / f"{AGENT_LABEL}.plist"
        self.where = str(self.path)

    def command(self) -> list[str] | None:
        try:
            agent = plistlib.loads(self.path.read_bytes())
        except (FileNotFoundError, plistlib.InvalidFileException, ValueError):
            return None
        args = agent.get("ProgramArguments") if isinstance(agent, dict) else None
        if isinstance(args, list) and all(isinstance(a, str) for a in args):
            return list(args)
        return None

    def enable(self, command: Sequence[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        agent = {
            "Label": AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",  # a GUI login, not an ssh session
        }
        _write(self.path, plistlib.dumps(agent).decode("utf-8"))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


def _write(path: Path, text: str) -> None:
    try:
        # Readable by the session manager or launchd (the user's own processes): 0644 is the
        # usual mode of these files; they hold a command line, nothing secret.
        write_atomic(path, text.encode("utf-8"), mode=0o644)
    except CryptoError as e:  # file_write_failed: its cause is the OSError to report
        raise e.__cause__ if isinstance(e.__cause__, OSError) else OSError(str(e)) from e


# ---- Windows -------------------------------------------------------------------------------
class Registry(Protocol):
    """The part of the `winreg` module used here (tests pass a fake with these functions).
    The names are winreg's."""

    @property
    def HKEY_CURRENT_USER(self) -> int: ...
    @property
    def KEY_READ(self) -> int: ...
    @property
    def KEY_SET_VALUE(self) -> int: ...
    @property
    def REG_SZ(self) -> int: ...

    def CreateKeyEx(self, key: Any, sub_key: str, reserved: int, access: int, /) -> Any: ...
    def OpenKey(self, key: Any, sub_key: str, reserved: int, access: int, /) -> Any: ...
    def QueryValueEx(self, key: Any, name: str, /) -> tuple[Any, int]: ...
    def SetValueEx(self, key: Any, name: str, reserved: Any, type: int, value: Any, /) -> None: ...
    def DeleteValue(self, key: Any, value: str, /) -> None: ...
    def CloseKey(self, hkey: Any, /) -> None: ...


class WindowsRunKey:
    """The value `LogMeets Recorder` under HKCU's Run key (a command line, REG_SZ)."""

    def __init__(self, registry: Registry) -> None:
        self.reg = registry
        self.where = "HKEY_CURRENT_USER\\" + RUN_KEY + "\\" + APP_NAME

    def command(self) -> list[str] | None:
        reg = self.reg
        try:
            key = reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ)
        except FileNotFoundError:
            return None
        try:
            value, kind = reg.QueryValueEx(key, APP_NAME)
        except FileNotFoundError:
            return None
        finally:
            reg.CloseKey(key)
        return split_command_line(value) if isinstance(value, str) and kind == reg.REG_SZ else None

    def enable(self, command: Sequence[str]) -> None:
        reg = self.reg
        key = reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE)
        try:
            reg.SetValueEx(key, APP_NAME, 0, reg.REG_SZ, subprocess.list2cmdline(command))
        finally:
            reg.CloseKey(key)

    def disable(self) -> None:
        reg = self.reg
        try:
            key = reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE)
        except FileNotFoundError:
            return
        try:
            reg.DeleteValue(key, APP_NAME)
        except FileNotFoundError:
            pass
        finally:
            reg.CloseKey(key)


def split_command_line(line: str) -> list[str]:
    """The arguments of a Windows command line as `subprocess.list2cmdline` writes it (the
    rules of the Microsoft C runtime: backslashes escape only before a double quote)."""
    return split_args(line, _windows_escape)


def _windows_escape(line: str, i: int, quoted: bool) -> tuple[str, int] | None:
    if line[i] != "\\":
        return None
    n = len(line) - i - len(line[i:].lstrip("\\"))
    if i + n < len(line) and line[i + n] == '"':
        # 2k backslashes and a quote: k backslashes, then the quote delimits; 2k+1: k and a "
        return "\\" * (n // 2) + '"' * (n % 2), n + n % 2
    return "\\" * n, n


def split_args(line: str, escape: Callable[[str, int, bool], tuple[str, int] | None]) -> list[str]:
    """Splits a command line at unquoted blanks; double quotes group. `escape(line, i, quoted)`
    reads an escape sequence at `i`: (its text, the characters it takes), or None."""
    args: list[str] = []
    current, quoted, started, i = "", False, False, 0
    while i < len(line):
        escaped = escape(line, i, quoted)
        if escaped is not None:
            text, used = escaped
            current, started, i = current + text, True, i + used
            continue
        c = line[i]
        if c == '"':
            quoted, started = not quoted, True
        elif c in " \t" and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + c, True
        i += 1
    if started:
        args.append(current)
    return args
