"""Logging: rotating files in the data dir. Nothing secret and no audio is ever logged; as a
second line of defence a filter masks anything that looks like a token, key or password."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_NAME = "logmeets.log"
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


def setup_logging(data_dir: Path, level: str = "INFO") -> Path:
    """Sends our loggers to `<data_dir>/logs/logmeets.log` (5 × 2 MB). Returns the file's path."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
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
