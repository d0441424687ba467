"""Builds the signed Windows installer around a one-folder bundle.

    python installer/windows/build.py --bundle dist/LogMeets --version 0.1.0 \\
        --out dist/LogMeets-0.1.0-Setup.exe [--ca CA.pem] [--unsigned]

Order: sign every EXE, DLL and PYD of the bundle (inside-out), build the installer with makensis
(which signs the uninstaller it embeds), sign the installer, then verify every signature and fail
if one does not verify. The key comes from the environment (see sign.py); `--unsigned` is for a
developer's local build only.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import sign

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "logmeets.nsi"


def makensis() -> str:
    """makensis on PATH, or in NSIS's default Windows folder."""
    found = shutil.which("makensis")
    for candidate in (
        r"C:\Program Files (x86)\NSIS\makensis.exe",
        r"C:\Program Files\NSIS\makensis.exe",
    ):
        if not found and Path(candidate).is_file():
            found = candidate
    if not found:
        raise SystemExit("build: makensis not found (Debian: apt-get install nsis)")
    return found


def build_installer(bundle: Path, version: str, out: Path, *, signed: bool) -> None:
    """Runs makensis over `bundle`; with `signed`, the uninstaller is signed as it is written."""
    cmd = [
        makensis(),
        "-V2",
        "-WX",  # a warning (a missing file, a bad option) fails the release
        f"-DBUNDLE={bundle.resolve()}",
        f"-DVERSION={version}",
        f"-DOUTFILE={out.resolve()}",
    ]
    if signed:
        signer = [sys.executable, str(HERE / "sign.py"), "file"]
        quote = subprocess.list2cmdline if sys.platform == "win32" else shlex.join
        cmd.append(f"-DSIGN_COMMAND={quote(signer)}")
    subprocess.run([*cmd, str(SCRIPT)], check=True)


def main(argv: list[str] | None = None) -> int:
    """Command line; non-zero if a build step or a verification fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, required=True, help="the one-folder bundle")
    parser.add_argument("--version", required=True, help="x.y.z")
    parser.add_argument("--out", type=Path, required=True, help="the installer to write")
    parser.add_argument("--ca", type=Path, help="trust anchor for verification (tests)")
    parser.add_argument("--unsigned", action="store_true", help="skip signing (local only)")
    args = parser.parse_args(argv)
    if not (args.bundle / "LogMeets.exe").is_file():
        raise SystemExit(f"build: {args.bundle} has no LogMeets.exe")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        signed = [] if args.unsigned else sign.sign_tree(args.bundle)
        build_installer(args.bundle, args.version, args.out, signed=not args.unsigned)
        if args.unsigned:
            print(f"built {args.out} (UNSIGNED)")
            return 0
        sign.sign_file(args.out)
    except (sign.SigningError, subprocess.CalledProcessError) as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    bad = [p for p in [*signed, args.out] if not sign.verify(p, args.ca)]
    for path in bad:
        print(f"build: BAD signature on {path}", file=sys.stderr)
    if not bad:
        print(f"built and signed {args.out} ({len(signed)} bundle files signed)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
