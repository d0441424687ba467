"""The update flow on a real frozen bundle (tests/release/test_bundle.py): the bundle is
installed into a per-user folder with the trusted root of a fresh TUF repository (what
`logmeets-release export-root` puts in before a release build), published as 0.1.0, a 0.1.1
is published, and the installed copy's own `logmeets-cli update check --json` and `update apply`
bring it in; the new files are there and the updated copy still starts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "updates"))

from updhelp import StaticHTTPS  # noqa: E402

from app.settings import dump_toml  # noqa: E402
from updates.repo import ReleaseRepository  # noqa: E402

MARK = Path("_internal") / "app" / "resources" / "RELEASE-0.1.1"


def run_update_flow(bundle: Path, tmp: Path) -> dict[str, object]:
    """Runs the scenario; returns what `update check --json` printed."""
    repo = ReleaseRepository(tmp / "repo", tmp / "keys")
    root = repo.init()
    install = tmp / "install" / "LogMeets"
    shutil.copytree(bundle, install, symlinks=True)
    shutil.copy(root, install / "_internal" / "app" / "resources" / "update-root.json")
    # The full archives only: bsdiff over two real bundles takes minutes and gigabytes
    # (bench/update_patch.py measures patches).
    repo.add_release(install, "0.1.0", patch=False)
    newer = tmp / "b0.1.1"
    shutil.copytree(install, newer, symlinks=True)
    (newer / MARK).write_text("0.1.1\n")
    repo.add_release(newer, "0.1.1", notes="A real bundle", patch=False)
    server = StaticHTTPS(repo.repo_dir, tmp / "tls")
    try:
        home = tmp / "home"
        home.mkdir()
        settings = {"update_url": server.url, "ca_file": str(server.ca)}
        (home / "config.toml").write_text(dump_toml(settings), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["LOGMEETS_HOME"] = str(home)
        cli = install / "logmeets-cli"

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(cli), *args], env=env, capture_output=True, text=True, timeout=300
            )

        check = run("update", "check", "--json")
        assert check.returncode == 0, check.stderr
        found: dict[str, object] = json.loads(check.stdout)
        assert not (install / MARK).exists()
        applied = run("update", "apply")
        assert applied.returncode == 0, applied.stderr
        assert (install / MARK).read_text() == "0.1.1\n"
        again = run("--version")
        assert again.returncode == 0 and again.stdout.startswith("logmeets "), again.stderr
        return found
    finally:
        server.close()
