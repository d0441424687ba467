"""Authenticode signing for the Windows bundle and its installer.

    python installer/windows/sign.py tree dist/LogMeets      every .exe, .dll and .pyd inside
    python installer/windows/sign.py file dist/LogMeets-Setup.exe
    python installer/windows/sign.py verify FILE [--ca CA.pem]

signtool on Windows, osslsigncode elsewhere (the same Authenticode signature). The key never sits
in the repository; the environment names it:

    LOGMEETS_SIGN_PKCS12           a PKCS#12 (.p12/.pfx) file holding key and certificate chain
    LOGMEETS_SIGN_PASSWORD         its password (optional)
or, with a hardware token / HSM:
    LOGMEETS_SIGN_PKCS11_MODULE    the token's PKCS#11 module (osslsigncode)
    LOGMEETS_SIGN_PKCS11_KEY       the key's PKCS#11 URI (osslsigncode)
    LOGMEETS_SIGN_CERTS            the certificate chain, PEM (osslsigncode with a token)
    LOGMEETS_SIGN_CERT_SHA1        the certificate's thumbprint in the Windows store (signtool;
                                   a token's minidriver puts it there)
and optionally:
    LOGMEETS_SIGN_TIMESTAMP_URL    an RFC 3161 time-stamping server (a release always sets one:
                                   the signature then outlives the certificate)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SIGNED_SUFFIXES = (".exe", ".dll", ".pyd")
DESCRIPTION = "LogMeets Recorder"


class SigningError(Exception):
    """Signing is not configured, or a tool refused."""


def _windows() -> bool:
    return sys.platform == "win32"


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def signtool_args() -> list[str]:
    """signtool's key, digest and timestamp options from the environment."""
    args = ["/fd", "sha256", "/d", DESCRIPTION]
    if pkcs12 := _env("LOGMEETS_SIGN_PKCS12"):
        args += ["/f", pkcs12]
        if password := _env("LOGMEETS_SIGN_PASSWORD"):
            args += ["/p", password]
    elif thumbprint := _env("LOGMEETS_SIGN_CERT_SHA1"):
        args += ["/sha1", thumbprint]
    else:
        raise SigningError("set LOGMEETS_SIGN_PKCS12 or LOGMEETS_SIGN_CERT_SHA1")
    if url := _env("LOGMEETS_SIGN_TIMESTAMP_URL"):
        args += ["/tr", url, "/td", "sha256"]
    return args


def osslsigncode_args() -> list[str]:
    """osslsigncode's key, digest and timestamp options from the environment."""
    args = ["-h", "sha256", "-n", DESCRIPTION]
    if pkcs12 := _env("LOGMEETS_SIGN_PKCS12"):
        args += ["-pkcs12", pkcs12]
        if password := _env("LOGMEETS_SIGN_PASSWORD"):
            args += ["-pass", password]
    elif module := _env("LOGMEETS_SIGN_PKCS11_MODULE"):
        key, certs = _env("LOGMEETS_SIGN_PKCS11_KEY"), _env("LOGMEETS_SIGN_CERTS")
        if not key or not certs:
            raise SigningError("a PKCS#11 token needs LOGMEETS_SIGN_PKCS11_KEY and _CERTS too")
        args += ["-pkcs11module", module, "-key", key, "-certs", certs]
        if password := _env("LOGMEETS_SIGN_PASSWORD"):
            args += ["-pass", password]
    else:
        raise SigningError("set LOGMEETS_SIGN_PKCS12 or LOGMEETS_SIGN_PKCS11_MODULE")
    if url := _env("LOGMEETS_SIGN_TIMESTAMP_URL"):
        args += ["-ts", url]
    return args


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise SigningError(f"{name} not found on PATH")
    return found


def sign_file(path: Path) -> None:
    """Signs `path` in place (replacing any earlier signature)."""
    if _windows():
        subprocess.run([_tool("signtool"), "sign", *signtool_args(), str(path)], check=True)
        return
    # osslsigncode writes a new file; the original is replaced only once signing succeeded.
    fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    os.close(fd)
    try:
        Path(tmp).unlink()
        subprocess.run(
            [_tool("osslsigncode"), "sign", *osslsigncode_args(), "-in", str(path), "-out", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def signable(folder: Path) -> list[Path]:
    """Every EXE, DLL and PYD under `folder`, deepest first (inside-out)."""
    found = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SIGNED_SUFFIXES]
    return sorted(found, key=lambda p: (-len(p.parts), str(p)))


def sign_tree(folder: Path) -> list[Path]:
    """Signs every EXE, DLL and PYD of a bundle folder; returns them."""
    files = signable(folder)
    for path in files:
        sign_file(path)
    return files


def verify(path: Path, ca: Path | None = None) -> bool:
    """True if `path` carries a valid Authenticode signature (chained to `ca` if given, else to
    the system's roots)."""
    if _windows():
        cmd = [_tool("signtool"), "verify", "/pa", "/all", str(path)]
    else:
        cmd = [_tool("osslsigncode"), "verify", "-in", str(path)]
        if ca is not None:
            cmd += ["-CAfile", str(ca)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
    return result.returncode == 0


def main(argv: list[str] | None = None) -> int:
    """Command line: tree, file or verify."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tree", help="sign every EXE, DLL and PYD of a folder").add_argument("folder")
    sub.add_parser("file", help="sign one file (the installer)").add_argument("files", nargs="+")
    v = sub.add_parser("verify", help="check signatures; non-zero if any is bad")
    v.add_argument("files", nargs="+")
    v.add_argument("--ca", type=Path, help="trust anchor (PEM), e.g. a test certificate")
    args = parser.parse_args(argv)
    try:
        if args.command == "tree":
            for path in sign_tree(Path(args.folder)):
                print(f"signed {path}")
        elif args.command == "file":
            for name in args.files:
                sign_file(Path(name))
                print(f"signed {name}")
        else:
            bad = [f for f in args.files if not verify(Path(f), args.ca)]
            for name in bad:
                print(f"BAD signature: {name}", file=sys.stderr)
            return 1 if bad else 0
    except (SigningError, subprocess.CalledProcessError) as exc:
        print(f"sign: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
