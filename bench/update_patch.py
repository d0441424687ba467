"""Patch against full archive for an update (issue 16: a patch release's download is at most 15%
of the full archive). Two releases of a bundle-shaped folder are published with
`logmeets-release` code (updates.repo): the same third-party libraries (numpy and its shared
libraries from this venv, standing in for the bundle's Qt/numpy/Python files), and our own
packages, changed in the second release as a patch release changes them. Prints the archive,
the patch, the ratio against the 15% goal, and the time tufup's bsdiff took.

    .venv/bin/python bench/update_patch.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy  # noqa: E402

from updates.repo import ReleaseRepository  # noqa: E402

GOAL = 0.15
OURS = ("app", "recorder", "uploader", "outbox", "crypto", "updates")


def bundle(folder: Path, version: str) -> Path:
    """A bundle-shaped folder: libraries as they are, our packages with a version stamp in
    every module (what a patch release changes: a few lines here and there)."""
    lib = folder / "_internal"
    site = Path(numpy.__file__).parent
    shutil.copytree(site, lib / "numpy")
    libs = site.with_name("numpy.libs")
    if libs.is_dir():
        shutil.copytree(libs, lib / "numpy.libs")
    for package in OURS:
        for src in (REPO / package).rglob("*.py"):
            dst = lib / src.relative_to(REPO)
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(src.read_text(encoding="utf-8") + f"\n# release {version}\n")
    (folder / "VERSION").write_text(version)
    return folder


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        repo = ReleaseRepository(root / "repo", root / "keys")
        repo.init()
        repo.add_release(bundle(root / "b1", "0.1.0"), "0.1.0")
        start = time.perf_counter()
        added = repo.add_release(bundle(root / "b2", "0.1.1"), "0.1.1")
        took = time.perf_counter() - start
        sizes = {p.suffix: p.stat().st_size for p in added}
        archive, patch = sizes[".gz"], sizes[".patch"]
        ratio = patch / archive
        print(f"full archive      {archive / 2**20:8.2f} MiB")
        print(f"patch             {patch / 2**10:8.1f} KiB")
        verdict = "met" if ratio <= GOAL else "MISSED"
        print(f"patch / archive   {ratio:8.2%}  goal <= {GOAL:.0%} {verdict}")
        print(f"archive + patch made in {took:.1f} s (bsdiff over the uncompressed tar)")
        return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
