"""Logging: one rotating file per process in the data dir, old ones pruned. Nothing secret and no
audio is ever logged; as a second line of defence a filter masks anything that looks like a token,
key or password.

One file per process because Windows cannot rename a file that another process holds open: the
GUI and a `logmeets sync` sharing one rotating file would fail every rollover there.
"""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import re
import time
from pathlib import Path

from app.paths import private_dir

#: Every log file of ours, this version's (`logmeets-<pid>.log[.N]`) and the shared
#: `logmeets.log[.N]` of older versions, matches this pattern.
LOG_GLOB = "logmeets*.log*"
#: Log files untouched for longer are deleted at start...
LOG_KEEP_DAYS = 14
#: ...and of the rest only the newest are kept (this process's among them).
LOG_KEEP_FILES = 20
#: Log files are the owner's alone: they name recordings, devices and servers.
LOG_FILE_MODE = 0o600
_SECRET = re.compile(
    r"(AGE-SECRET-KEY-1[0-9A-Z]+"
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/=-]+"
    r"|(?i:(?:password|token|secret|authorization)[\"']?\s*[:=]\s*)[\"']?[^\s\"',}]+)"
)


def redact(text: str) -> str:
    """`text` with secret-looking substrings (keys, bearer tokens, passwords) masked."""
    return _SECRET.sub("[redacted]", text)


class RedactSecrets(logging.Filter):
    """Replaces secret-looking substrings in the final message with `[redacted]`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
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


def log_name(pid: int) -> str:
    """The log file name of process `pid`."""
    return f"logmeets-{pid}.log"


def prune_logs(log_dir: Path, keep: Path, *, now: float | None = None) -> list[Path]:
    """Deletes our log files older than LOG_KEEP_DAYS, then all but the LOG_KEEP_FILES newest;
    never `keep` (this process's). Returns what was deleted. A file another process still holds
    open on Windows cannot be deleted and is left for a later start."""
    now = time.time() if now is None else now
    files = []
    for path in log_dir.glob(LOG_GLOB):
        try:
            if path.is_file() and not path.is_symlink() and path != keep:
                files.append((path.stat().st_mtime, path))
        except OSError:
            continue  # gone meanwhile (another process pruning too)
    files.sort(reverse=True)  # newest first
    room = LOG_KEEP_FILES - 1  # one place is `keep`'s
    deleted = []
    for rank, (mtime, path) in enumerate(files):
        if rank < room and now - mtime <= LOG_KEEP_DAYS * 86_400:
            continue
        try:
            path.unlink()
        except OSError:
            continue
        deleted.append(path)
    return deleted


def setup_logging(data_dir: Path, level: str = "INFO") -> Path:
    """Sends our loggers to `<data_dir>/logs/logmeets-<pid>.log` (5 × 2 MB), after pruning old
    log files (`prune_logs`). Returns the file's path.

    The logs directory is 0700 and every log file 0600, whatever the umask and whatever modes an
    older install left (docs/threat-model.md §8)."""
    log_dir = private_dir(data_dir / "logs")
    path = log_dir / log_name(os.getpid())
    prune_logs(log_dir, keep=path)
    if os.name == "posix":
        for existing in log_dir.glob(LOG_GLOB):
            if existing.is_file() and not existing.is_symlink():
                # Another process may prune it meanwhile.
                with contextlib.suppress(FileNotFoundError):
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
