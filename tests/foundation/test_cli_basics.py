"""`logmeets --version`, `--help` and the error path, through the installed entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app import __version__
from app.exit_codes import EXITS

LOGMEETS = str(Path(sys.executable).with_name("logmeets"))


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOGMEETS_HOME": str(home)}
    return subprocess.run([LOGMEETS, *args], capture_output=True, text=True, env=env, timeout=60)


def test_version(tmp_path: Path) -> None:
    r = run("--version", home=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"logmeets {__version__}"


def test_help_lists_the_commands(tmp_path: Path) -> None:
    r = run("--help", home=tmp_path)
    assert r.returncode == 0
    for command in ("devices", "record", "list", "sync", "audit"):
        assert command in r.stdout, command


def test_broken_config_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("chunk_seconds = 1\n")
    r = run("devices", home=tmp_path)
    assert r.returncode == 1
    assert "chunk_seconds" in r.stderr and "between 5 and 300" in r.stderr
    assert "Traceback" not in r.stderr


def test_no_display_is_a_clear_message(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["LOGMEETS_HOME"] = str(tmp_path)
    r = subprocess.run([LOGMEETS], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "no graphical display" in r.stderr and "logmeets --help" in r.stderr


def test_help_documents_every_exit_status_and_readme_repeats_them(tmp_path: Path) -> None:
    r = run("--help", home=tmp_path)
    assert r.returncode == 0 and "exit statuses:" in r.stdout
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for cause in EXITS:
        assert f"{cause.status:>3}  {cause.meaning}" in r.stdout, cause
        assert f"| {cause.status} | {cause.meaning} |" in readme, cause
    assert len({c.status for c in EXITS}) == len(EXITS)


def test_data_dir_is_used_before_and_after_the_command_over_logmeets_home(tmp_path: Path) -> None:
    home, chosen, later = tmp_path / "home", tmp_path / "chosen", tmp_path / "later"
    later.mkdir(mode=0o777)
    later.chmod(0o777)  # made by hand, loose: made private like LOGMEETS_HOME is
    assert run("--data-dir", str(chosen), "list", "--json", home=home).returncode == 0
    assert run("list", "--json", "--data-dir", str(later), home=home).returncode == 0
    assert (chosen / "device.json").is_file() and (later / "device.json").is_file()
    assert not (home / "device.json").exists()
    assert chosen.stat().st_mode & 0o777 == later.stat().st_mode & 0o777 == 0o700


def test_sync_without_a_server_has_its_own_exit_status(tmp_path: Path) -> None:
    r = run("sync", "--once", home=tmp_path)
    assert r.returncode == 4, r.stderr
    assert "logmeets login" in r.stderr and "Traceback" not in r.stderr


def test_no_keyring_has_its_own_exit_status(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env |= {
        "LOGMEETS_HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    r = subprocess.run([LOGMEETS, "verify"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
