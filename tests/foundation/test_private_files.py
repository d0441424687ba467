"""The data directory and the logs are the owner's alone (0700 directories, 0600 files) whatever
the umask, even when they already exist with looser modes; the app process writes no core dump."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logs import setup_logging

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def open_umask() -> Iterator[None]:
    """The loosest umask a user could have."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture()
def log_handlers() -> Iterator[None]:
    """Leaves the root logger as it found it."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for h in [h for h in root.handlers if h not in before]:
        root.removeHandler(h)
        h.close()


def test_an_existing_loose_data_dir_is_made_private(
    data_dir: Path, open_umask: None, log_handlers: None
) -> None:
    from app.paths import data_dir as find_data_dir

    data_dir.chmod(0o777)
    assert find_data_dir() == data_dir
    assert mode(data_dir) == 0o700


def test_a_new_data_dir_is_private_whatever_the_umask(
    tmp_path: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.paths import data_dir as find_data_dir

    home = tmp_path / "new" / "home"
    monkeypatch.setenv("LOGMEETS_HOME", str(home))
    assert find_data_dir() == home and mode(home) == 0o700


def test_logs_are_private_whatever_the_umask_and_after_rotation(
    tmp_path: Path, open_umask: None, log_handlers: None
) -> None:
    (tmp_path / "logs").mkdir(mode=0o777)
    # Another process's file, and one of the shared file older versions wrote.
    (tmp_path / "logs" / "logmeets-1.log").write_text("old line\n")
    (tmp_path / "logs" / "logmeets-1.log").chmod(0o666)
    (tmp_path / "logs" / "logmeets.log.1").write_text("older line\n")
    (tmp_path / "logs" / "logmeets.log.1").chmod(0o644)
    path = setup_logging(tmp_path, "INFO")
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600 and mode(path.with_name("logmeets-1.log")) == 0o600
    assert mode(path.with_name("logmeets.log.1")) == 0o600
    [handler] = [h for h in logging.getLogger().handlers if getattr(h, "_logmeets", False)]
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    logging.getLogger("logmeets.test").warning("after the rollover")
    handler.flush()
    assert "after the rollover" in path.read_text()
    for file in path.parent.iterdir():
        assert mode(file) == 0o600, file


def test_the_app_process_writes_no_core_dump(tmp_path: Path) -> None:
    """`logmeets` turns core dumps off before anything else (RLIMIT_CORE 0, soft and hard),
    even when started with them allowed."""
    import resource

    def allow_core_dumps() -> None:
        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))

    probe = (
        "import resource, sys\n"
        "from app.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE), file=sys.stderr)\n"
    )
    env = {**os.environ, "LOGMEETS_HOME": str(tmp_path)}
    r = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=allow_core_dumps,
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().splitlines()[-1] == "(0, 0)"
