"""The Debian `Depends` of the bundle: the system libraries it links to but does not carry.

    python installer/linux/depends.py PKGROOT/opt/logmeets   -> prints "libc6 (>= 2.35), ..."

The bundle must sit in the package's staging tree (PKGROOT with its DEBIAN/ folder), so that
dpkg-shlibdeps knows the bundle's own libraries as part of the package. It reads every ELF file
and names the packages (with the minimum versions their symbols need) of each library found
outside the bundle. Libraries the app opens at run
time rather than links (PortAudio, through sounddevice's ctypes) are added by name. A library
found nowhere (a plugin whose dependency was left out of the bundle) is an error.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

# Opened with ctypes / cffi at run time, so no ELF file names them: PortAudio (sounddevice) and
# libpulse (soundcard, system audio).
RUNTIME = ["libportaudio2", "libpulse0"]
# Wanted for a usable desktop app, not linked: the Secret Service and CJK fonts.
RECOMMENDS = ["gnome-keyring | kwalletmanager", "fonts-noto-cjk"]


def elf_files(bundle: Path) -> list[Path]:
    """Every ELF file under `bundle` (not symlinks: they point at files also listed)."""
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def library_dirs(files: list[Path]) -> list[Path]:
    """The folders of the bundle's own shared libraries, for resolving links between them."""
    return sorted({p.parent for p in files if ".so" in p.name})


def missing_libraries(files: list[Path], dirs: list[Path]) -> dict[str, list[str]]:
    """Libraries that neither the bundle nor this system provides, by the file needing them."""
    env = {"LD_LIBRARY_PATH": ":".join(map(str, dirs)), "PATH": "/usr/bin:/bin"}
    missing: dict[str, list[str]] = {}
    for path in files:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        gone = [line.split()[0] for line in out.splitlines() if "not found" in line]
        if gone:
            missing[str(path)] = gone
    return missing


def shlibdeps(files: list[Path], dirs: list[Path]) -> list[str]:
    """dpkg-shlibdeps' answer for `files`, as a list of dependency clauses."""
    with tempfile.TemporaryDirectory() as work:
        # dpkg-shlibdeps wants to run inside a source package.
        (Path(work) / "debian").mkdir()
        (Path(work) / "debian" / "control").write_text(
            "Source: logmeets\n\nPackage: logmeets\nArchitecture: any\n"
        )
        cmd = ["dpkg-shlibdeps", "-O", "--warnings=0", *(f"-l{d.resolve()}" for d in dirs)]
        result = subprocess.run(
            [*cmd, "-e", *(str(f.resolve()) for f in files)],
            cwd=work,
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise SystemExit(f"depends: dpkg-shlibdeps failed:\n{result.stderr}")
    out = result.stdout
    value = out.strip().partition("shlibs:Depends=")[2]
    return [clause.strip() for clause in value.split(",") if clause.strip()]


def depends(bundle: Path) -> list[str]:
    """The Depends clauses of a .deb carrying `bundle`; raises SystemExit if a library is
    missing from both the bundle and the system."""
    if not any((parent / "DEBIAN").is_dir() for parent in bundle.resolve().parents):
        raise SystemExit(f"depends: {bundle} is not inside a package tree with a DEBIAN/ folder")
    files = elf_files(bundle)
    dirs = library_dirs(files)
    missing = missing_libraries(files, dirs)
    if missing:
        lines = [f"  {f}: {', '.join(libs)}" for f, libs in missing.items()]
        raise SystemExit("depends: libraries found nowhere:\n" + "\n".join(lines))
    clauses = shlibdeps(files, dirs)
    names = {c.split()[0] for c in clauses}
    return clauses + [p for p in RUNTIME if p not in names]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: depends.py PKGROOT/opt/logmeets")
    print(", ".join(depends(Path(sys.argv[1]))))
