"""Audio lost to a crash: `logmeets record` on the virtual microphone is killed with SIGKILL
mid-chunk, `logmeets recover` finishes the recording from its journal, and the recovered audio is
compared with a SIGTERM-stopped recording of the same length (the baseline: a clean stop keeps
everything). Floor: at most 1.0 s lost. Runs the crash tests of tests/recorder/test_recorder_cli.py
(the same code path, on the real PortAudio stream) and prints their figures.

    tests/env/with-testenv.sh .venv/bin/python bench/crash.py
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTEST_ARGS = ["-k", "sigkill", "-s", "-q", "-p", "no:cacheprovider"]
LINE = re.compile(r"missing at the end (?P<lost>[0-9.]+) s")


def main() -> int:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/recorder/test_recorder_cli.py", *PYTEST_ARGS],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    figures = [line.strip() for line in result.stdout.splitlines() if LINE.search(line)]
    for line in figures:
        print(line)
    if result.returncode != 0 or not figures:
        print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
        print("crash: the SIGKILL runs failed")
        return 1
    worst = max(float(m["lost"]) for line in figures if (m := LINE.search(line)))
    print(f"crash: worst loss to SIGKILL {worst:.3f} s (floor 1.0 s), {len(figures)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
