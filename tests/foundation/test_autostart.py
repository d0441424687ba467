"""Start at login, per OS behind one interface: the Linux autostart entry on real files (with
XDG_CONFIG_HOME), the macOS LaunchAgent plist on real files, the Windows Run value through a fake
`winreg` (the OS call faked at the lowest level); the setting's default (on for installed
builds, untouched from source); failures as a coded message."""

from __future__ import annotations

import plistlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import autostart
from app.autostart import (
    AutostartError,
    LaunchAgent,
    WindowsRunKey,
    XdgAutostart,
    exec_quote,
    exec_unquote,
    split_command_line,
    sync_with,
)
from app.messages import describe

# Arguments a path or command may contain: spaces, quotes, a percent, a dollar, backslashes.
AWKWARD = [
    "/opt/Log Meets/logmeets",
    "--hidden",
    'a "quoted" word',
    "100%",
    "$HOME",
    "back\\slash",
    "trailing\\",
    "",
]


def _desktop_fields(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:])


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG desktops")
def test_linux_entry_follows_the_setting_under_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = autostart.for_platform()
    path = tmp_path / "config" / "autostart" / "logmeets.desktop"
    assert isinstance(entry, XdgAutostart) and entry.path == path
    command = autostart.launch_command()
    assert command == [sys.executable, "-m", "app", "--hidden"]  # run from source

    assert sync_with(True) is True
    fields = _desktop_fields(path)
    assert fields["Type"] == "Application" and fields["Name"] == "LogMeets Recorder"
    assert fields["Exec"].endswith(" -m app --hidden")
    assert entry.command() == command
    assert sync_with(True) is False  # already as wanted: the file is left alone
    # The program moved (a new install): the entry follows.
    assert sync_with(True, command=["/new/logmeets", "--hidden"]) is True
    assert _desktop_fields(path)["Exec"] == "/new/logmeets --hidden"
    # Unset and run from source: the entry an installed build made is not touched.
    assert sync_with(None, installed=False) is False and path.exists()
    assert sync_with(False) is True and not path.exists()
    assert sync_with(False) is False
    # Unset in an installed build: on.
    assert sync_with(None, installed=True) is True and path.exists()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG desktops")
def test_linux_without_xdg_config_home_uses_dot_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for value in (None, "", "relative/dir"):  # unset, empty or relative: ignored (the spec)
        if value is None:
            monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CONFIG_HOME", value)
        entry = autostart.for_platform()
        assert isinstance(entry, XdgAutostart)
        assert entry.path == tmp_path / ".config" / "autostart" / "logmeets.desktop"


def test_exec_quoting_round_trips_awkward_arguments(tmp_path: Path) -> None:
    entry = XdgAutostart(tmp_path / "autostart")
    entry.enable(AWKWARD)
    assert entry.command() == AWKWARD
    assert exec_quote("/usr/bin/logmeets") == "/usr/bin/logmeets"
    assert exec_quote("100%") == "100%%"  # a field code otherwise
    # A quoted backslash is four in the file: the string escape, then the Exec quoting.
    assert exec_quote("a\\b") == '"a\\\\\\\\b"'
    assert exec_unquote(exec_quote('say "hi" $x')) == ['say "hi" $x']


def test_macos_launch_agent_on_real_files(tmp_path: Path) -> None:
    agents = tmp_path / "Library" / "LaunchAgents"
    entry = LaunchAgent(agents)
    assert entry.command() is None
    command = ["/Applications/LogMeets Recorder.app/Contents/MacOS/logmeets", "--hidden"]
    assert sync_with(True, entry, command) is True
    agent = plistlib.loads((agents / "com.logmeets.recorder.plist").read_bytes())
    assert agent["Label"] == "com.logmeets.recorder"
    assert agent["ProgramArguments"] == command
    assert agent["RunAtLoad"] is True and agent["LimitLoadToSessionType"] == "Aqua"
    assert entry.command() == command
    assert sync_with(True, entry, command) is False
    assert sync_with(False, entry, command) is True and not entry.path.exists()
    # A damaged plist counts as none and is replaced.
    agents.joinpath("com.logmeets.recorder.plist").write_bytes(b"not a plist")
    assert entry.command() is None
    assert sync_with(True, entry, command) is True and entry.command() == command


class FakeWinreg:
    """The winreg functions the Run value needs, over a dict: keys by path, values by name.
    Missing keys and values raise FileNotFoundError as winreg does; `refuse` raises
    PermissionError from the writes (a policy that forbids the Run key)."""

    HKEY_CURRENT_USER = 0x80000001
    KEY_READ = 0x20019
    KEY_SET_VALUE = 0x0002
    REG_SZ = 1
    REG_EXPAND_SZ = 2

    def __init__(self) -> None:
        self.keys: dict[tuple[int, str], dict[str, tuple[Any, int]]] = {}
        self.open_handles = 0
        self.refuse = False

    def CreateKeyEx(self, root: int, sub: str, reserved: int, access: int) -> tuple[int, str]:
        assert access & self.KEY_SET_VALUE
        if self.refuse:
            raise PermissionError(13, "Access is denied")
        self.keys.setdefault((root, sub), {})
        self.open_handles += 1
        return (root, sub)

    def OpenKey(self, root: int, sub: str, reserved: int, access: int) -> tuple[int, str]:
        if (root, sub) not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        self.open_handles += 1
        return (root, sub)

    def QueryValueEx(self, key: tuple[int, str], name: str) -> tuple[Any, int]:
        values = self.keys[key]
        if name not in values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return values[name]

    def SetValueEx(self, key: tuple[int, str], name: str, _r: Any, kind: int, value: Any) -> None:
        self.keys[key][name] = (value, kind)

    def DeleteValue(self, key: tuple[int, str], name: str) -> None:
        if self.refuse:
            raise PermissionError(13, "Access is denied")
        if name not in self.keys[key]:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del self.keys[key][name]

    def CloseKey(self, key: tuple[int, str]) -> None:
        self.open_handles -= 1


RUN = (FakeWinreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Run")


def test_windows_run_value_through_winreg() -> None:
    reg = FakeWinreg()
    entry = WindowsRunKey(reg)
    assert entry.command() is None  # no Run key at all
    command = [r"C:\Program Files\LogMeets\logmeets.exe", "--hidden"]
    assert sync_with(True, entry, command) is True
    value, kind = reg.keys[RUN]["LogMeets Recorder"]
    assert kind == reg.REG_SZ
    assert value == r'"C:\Program Files\LogMeets\logmeets.exe" --hidden'
    assert entry.command() == command
    assert sync_with(True, entry, command) is False
    assert sync_with(False, entry, command) is True
    assert "LogMeets Recorder" not in reg.keys[RUN]
    entry.disable()  # nothing to delete: no error
    assert reg.open_handles == 0  # every key handle closed
    # Another program's value of another type is not taken for ours.
    reg.keys[RUN]["LogMeets Recorder"] = ("%ProgramFiles%\\x.exe", reg.REG_EXPAND_SZ)
    assert entry.command() is None


def test_windows_command_lines_round_trip() -> None:
    for args in (AWKWARD, ["C:\\dir with space\\", "x"], ['\\\\server\\share\\"q"']):
        line = subprocess.list2cmdline(args)
        assert split_command_line(line) == args, line


def test_a_refused_write_is_a_coded_message(tmp_path: Path) -> None:
    reg = FakeWinreg()
    reg.refuse = True
    with pytest.raises(AutostartError) as refused:
        sync_with(True, WindowsRunKey(reg), ["logmeets.exe", "--hidden"])
    assert refused.value.code == "autostart_failed"
    text = describe(refused.value)
    assert "CurrentVersion\\Run\\LogMeets Recorder" in text and "Access is denied" in text
    assert "Settings › General" in text
    # Linux: the autostart folder cannot be made (a file is in its place).
    (tmp_path / "autostart").write_text("not a folder")
    with pytest.raises(AutostartError) as blocked:
        sync_with(True, XdgAutostart(tmp_path / "autostart"), ["logmeets", "--hidden"])
    assert str(tmp_path / "autostart" / "logmeets.desktop") in describe(blocked.value)


def test_installed_builds_start_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert autostart.is_installed_build()
    assert autostart.launch_command() == [sys.executable, "--hidden"]
    assert autostart.wanted(None) is True and autostart.wanted(False) is False
    monkeypatch.setattr(sys, "frozen", False)
    assert autostart.wanted(None) is None and autostart.wanted(True) is True
