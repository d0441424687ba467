"""Log files rotate in the data dir, one per process, old ones pruned; secret-looking text never
reaches them."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from app.logs import LOG_KEEP_DAYS, LOG_KEEP_FILES, setup_logging

REPO = Path(__file__).resolve().parents[2]


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


def log_from_a_process(data_dir: Path, text: str) -> int:
    """Runs `setup_logging` in a process of its own and logs `text`; returns its pid."""
    code = (
        "import logging, os, sys; from pathlib import Path; from app.logs import setup_logging; "
        "setup_logging(Path(sys.argv[1])); logging.getLogger('logmeets.t').warning(sys.argv[2]); "
        "print(os.getpid())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), text],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return int(done.stdout)


def test_each_process_logs_to_a_file_of_its_own(tmp_path: Path) -> None:
    # Windows cannot rename a file another process holds open: two processes sharing one
    # rotating file would fail every rollover. One file per process never has that problem.
    first = log_from_a_process(tmp_path, "from the first")
    second = log_from_a_process(tmp_path, "from the second")
    logs = tmp_path / "logs"
    assert sorted(p.name for p in logs.iterdir()) == sorted(
        [f"logmeets-{first}.log", f"logmeets-{second}.log"]
    )
    assert "from the first" in (logs / f"logmeets-{first}.log").read_text()
    assert "from the second" not in (logs / f"logmeets-{first}.log").read_text()
    assert "from the second" in (logs / f"logmeets-{second}.log").read_text()
    assert setup_logging(tmp_path).name == f"logmeets-{os.getpid()}.log"


def test_old_and_surplus_log_files_are_pruned(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    now = time.time()
    day = 86_400.0
    ages = {f"logmeets-{1000 + i}.log": i * 0.1 * day for i in range(LOG_KEEP_FILES + 5)}
    ages["logmeets-9.log"] = (LOG_KEEP_DAYS + 1) * day  # old but would fit in the count
    ages["logmeets.log"] = (LOG_KEEP_DAYS + 2) * day  # the shared file of older versions
    ages["logmeets.log.1"] = (LOG_KEEP_DAYS + 3) * day
    for name, age in ages.items():
        (logs / name).write_text("x\n")
        os.utime(logs / name, (now - age, now - age))
    (logs / "notes.txt").write_text("not ours\n")
    os.utime(logs / "notes.txt", (now - 100 * day, now - 100 * day))
    mine = setup_logging(tmp_path)
    left = {p.name for p in logs.iterdir()}
    assert mine.name in left and "notes.txt" in left
    assert len(left - {"notes.txt"}) == LOG_KEEP_FILES
    # The newest stay (the one of this process among them); the oldest and the stale go.
    newest = sorted((n for n in ages if ages[n] < LOG_KEEP_DAYS * day), key=ages.__getitem__)
    assert left - {"notes.txt"} == {mine.name, *newest[: LOG_KEEP_FILES - 1]}
