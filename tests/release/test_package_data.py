"""The app's data files are package data: a wheel carries the icons, the translations (sources
and built catalogues) and the desktop entry, and a non-editable install finds them through
`app.resources` from site-packages, away from the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXPECTED = {
    "app/resources/icons/logmeets.svg",
    "app/resources/icons/logmeets-recording.svg",
    "app/resources/translations/logmeets_en.ts",
    "app/resources/translations/logmeets_ja.ts",
    "app/resources/translations/logmeets_en.qm",
    "app/resources/translations/logmeets_ja.qm",
    "app/resources/logmeets.desktop",
}


def clean_copy(dest: Path) -> Path:
    """The committed tree plus the built .qm files, so that building the wheel leaves no
    `build/` or `*.egg-info` in the working tree."""
    from app.i18n_build import build

    built = build()  # again: the list of .qm files to copy
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    names = [n.decode() for n in listed if n] + [str(q.relative_to(REPO)) for q in built]
    for name in names:
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of the project, built the way `pip wheel` builds it."""
    src = clean_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(out)],
        check=True,
        timeout=240,
    )
    (whl,) = out.glob("logmeets_recorder-*.whl")
    return whl


def test_wheel_carries_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= EXPECTED, sorted(EXPECTED - names)
    # Nothing lands at the top of site-packages any more (the old `resources/` folder).
    assert not [n for n in names if n.startswith("resources/")]


def test_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        timeout=240,
        # Without the checkout on PYTHONPATH (tests/conftest.py puts it there), where pip would
        # take its .egg-info for an installed copy and install nothing.
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    probe = textwrap.dedent(
        """
        import json
        from app import resources
        print(json.dumps({
            "dir": str(resources.resources_dir()),
            "icon": resources.icon_path("logmeets").is_file(),
            "recording": resources.icon_path("logmeets-recording").is_file(),
            "ja": (resources.translations_dir() / "logmeets_ja.qm").is_file(),
            "desktop": resources.resource_path("logmeets.desktop").is_file(),
        }))
        """
    )
    # -I: neither the current folder nor PYTHONPATH, so only the installed copy is importable.
    out = subprocess.run(
        [str(python), "-I", "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True
    ).stdout
    found = json.loads(out)
    assert "site-packages" in found.pop("dir")
    assert all(found.values()), found
