"""CI's reduced form of `make package`: the one-folder bundle builds from this tree with
build.spec, and the frozen `logmeets-cli --selftest --strict` passes in the test environment (the
full form, with the .deb, signatures and a clean root, is `make package`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

QUIET = ("--noconfirm", "--log-level", "WARN")


def build_in(work: Path) -> tuple[str, ...]:
    return ("--workpath", str(work), "build.spec")


pytestmark = [pytest.mark.slow, pytest.mark.realaudio, pytest.mark.realkeyring]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/LogMeets built from this tree with build.spec (once for the module)."""
    tmp = tmp_path_factory.mktemp("bundle")
    dist, work = tmp / "dist", tmp / "build"
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", *QUIET, "--distpath", str(dist), *build_in(work)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    return dist / "LogMeets"


def test_bundle_builds_and_its_selftest_passes(
    bundle: Path, virtual_mic: str, real_keyring: object
) -> None:
    cli = bundle / "logmeets-cli"
    assert cli.exists(), sorted(p.name for p in bundle.iterdir())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(cli), "--selftest", "--strict"],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "selftest: passed"
    assert "ok   resources" in result.stdout and "ok   translations" in result.stdout


def test_the_frozen_bundle_updates_itself_through_tuf(bundle: Path, tmp_path: Path) -> None:
    from bundle_update import run_update_flow

    found = run_update_flow(bundle, tmp_path)
    assert (found["current"], found["available"], found["install"]) == (
        "0.1.0",
        "0.1.1",
        "in_place",
    )
    print(f"full archive of the real bundle: {found['full_bytes']} bytes")
