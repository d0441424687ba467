"""Where LogMeets keeps its data: `LOGMEETS_HOME`, else the platform's user data dir."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "LogMeets"
APP_AUTHOR = "LogMeets"
#: Directories of ours (the data dir, its logs) are the owner's alone.
PRIVATE_DIR_MODE = 0o700


def data_dir() -> Path:
    """The data directory, created if missing, and owner-only (see `private_dir`)."""
    override = os.environ.get("LOGMEETS_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return private_dir(path)


def private_dir(path: Path) -> Path:
    """Creates `path` if missing and makes it 0700 where the OS has modes, whatever the umask and
    even when it already existed looser (a `LOGMEETS_HOME` made by hand, an old install): other
    local users must not list or read what is in it. Returns `path`."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path
