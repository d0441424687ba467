"""Log files rotate in the data dir, and secret-looking text never reaches them."""

from __future__ import annotations

import logging
from pathlib import Path

from app.logs import setup_logging


def test_secrets_are_redacted_in_the_log_file(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, "DEBUG")
    log = logging.getLogger("logmeets.test")
    log.info("login ok with password=%s and Bearer %s", "hunter2", "eyJabc.def")
    log.info('refresh {"refresh_token": "r-123456"} key AGE-SECRET-KEY-1QQQQQQQQQQ')
    log.info("chunk %s sealed", "7f9c")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text()
    assert path.parent == tmp_path / "logs"
    for secret in ("hunter2", "eyJabc.def", "r-123456", "AGE-SECRET-KEY-1QQ"):
        assert secret not in text, secret
    assert text.count("[redacted]") == 4
    assert "chunk 7f9c sealed" in text
