"""`app.i18n_build.tool` finds the PySide6 translation tools beside the interpreter on every OS:
a Windows venv has `Scripts\\pyside6-lrelease.exe` beside `python.exe`. The OS is faked only by
`sys.platform` and `sys.executable`; the files are real."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import pytest

from app.i18n_build import tool


def venv_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, python: str) -> Path:
    """A fake venv bin folder as sys.executable's; PATH leads nowhere."""
    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    (scripts / python).write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(scripts / python))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    return scripts


def test_windows_finds_the_exe_beside_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = venv_bin(tmp_path, monkeypatch, "python.exe")
    (scripts / "pyside6-lrelease.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "platform", "win32")
    assert tool("pyside6-lrelease") == str(scripts / "pyside6-lrelease.exe")


def test_posix_finds_the_script_beside_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = venv_bin(tmp_path, monkeypatch, "python")
    (scripts / "pyside6-lrelease").write_bytes(b"#!")
    (scripts / "pyside6-lrelease.exe").write_bytes(b"MZ")  # not taken outside Windows
    monkeypatch.setattr(sys, "platform", "linux")
    assert tool("pyside6-lrelease") == str(scripts / "pyside6-lrelease")


def test_a_missing_tool_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venv_bin(tmp_path, monkeypatch, "python.exe")
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(SystemExit, match="pyside6-lrelease not found"):
        tool("pyside6-lrelease")


def test_windows_finds_the_exe_in_a_system_pythons_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A Python installed for all users (CI's setup-python) keeps python.exe in its prefix and the
    # console scripts in <prefix>\Scripts, which sysconfig names; PATH may not have it.
    prefix = tmp_path / "Python311"
    (prefix / "Scripts").mkdir(parents=True)
    (prefix / "python.exe").write_bytes(b"MZ")
    (prefix / "Scripts" / "pyside6-lrelease.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "executable", str(prefix / "python.exe"))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    real_get_path = sysconfig.get_path
    monkeypatch.setattr(
        sysconfig,
        "get_path",
        lambda name, *a, **k: str(prefix / "Scripts") if name == "scripts" else real_get_path(name),
    )
    assert tool("pyside6-lrelease") == str(prefix / "Scripts" / "pyside6-lrelease.exe")
