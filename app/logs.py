"""Logging: rotating files in the data dir. Nothing secret and no audio is ever logged; as a
second line of defence a filter masks anything that looks like a token, key or password."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
from pathlib import Path

from app.paths import private_dir

LOG_NAME = "logmeets.log"
#: Log files are the owner's alone: they name recordings, devices and servers.
LOG_FILE_MODE = 0o600
_SECRET = re.compile(
    r"(AGE-SECRET-KEY-1[0-9A-Z]+"
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/=-]+"
    r"|(?i:(?:password|token|secret|authorization)[\"']?\s*[:=]\s*)[\"']?[^\s\"',}]+)"
)


class RedactSecrets(logging.Filter):
    """Replaces secret-looking substrings in the final message with `[redacted]`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _SECRET.sub("[redacted]", message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose every file (the first, and each one after a rollover) is
    created 0600 whatever the umask, and made 0600 if it already existed looser."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(self.baseFilename, flags, LOG_FILE_MODE)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, LOG_FILE_MODE)
            return open(fd, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise


def setup_logging(data_dir: Path, level: str = "INFO") -> Path:
    """Sends our loggers to `<data_dir>/logs/logmeets.log` (5 × 2 MB). Returns the file's path.

    The logs directory is 0700 and every log file 0600, whatever the umask and whatever modes an
    older install left (docs/threat-model.md §8)."""
    log_dir = private_dir(data_dir / "logs")
    path = log_dir / LOG_NAME
    if os.name == "posix":
        for existing in log_dir.glob(LOG_NAME + "*"):
            if existing.is_file() and not existing.is_symlink():
                existing.chmod(LOG_FILE_MODE)
    handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_logmeets", False)]:
        root.removeHandler(old)
        old.close()
    handler._logmeets = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Libraries that log request URLs or headers stay at WARNING: URLs can carry upload ids.
    for noisy in ("urllib3", "keyring", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
