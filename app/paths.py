"""Where LogMeets keeps its data: `LOGMEETS_HOME`, else the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "LogMeets"
APP_AUTHOR = "LogMeets"


def data_dir() -> Path:
    """The data directory, created if missing (owner-only where the OS has modes)."""
    override = os.environ.get("LOGMEETS_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
