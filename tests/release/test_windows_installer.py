"""The Windows installer is built with makensis around a small payload of real PE files (pip's
launcher stubs), signed with osslsigncode and a throw-away code-signing certificate, and
`osslsigncode verify` accepts it and rejects it once a single byte is flipped."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pip
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "installer" / "windows" / "build.py"
SIGN = REPO / "installer" / "windows" / "sign.py"
STUBS = Path(pip.__file__).parent / "_vendor" / "distlib"
PASSWORD = "throw-away"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="osslsigncode path (Linux CI)")


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    missing = [t for t in ("makensis", "osslsigncode") if not shutil.which(t)]
    assert not missing, f"{missing} missing: run tests/env/provision-debian.sh test"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed code-signing certificate: (PKCS#12 file, the certificate as PEM)."""
    folder = tmp_path_factory.mktemp("cert")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LogMeets throw-away signer")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "signer.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())
        )
    )
    pem = folder / "signer.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def payload(folder: Path) -> Path:
    """A bundle-shaped folder: a GUI and a console exe, a DLL and a PYD (all real PE files), and
    a data file that must stay as it is."""
    bundle = folder / "LogMeets"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy(STUBS / "w64.exe", bundle / "LogMeets.exe")
    shutil.copy(STUBS / "t64.exe", bundle / "logmeets-cli.exe")
    shutil.copy(STUBS / "t64.exe", bundle / "_internal" / "python3.dll")
    shutil.copy(STUBS / "w64.exe", bundle / "_internal" / "_speedups.pyd")
    (bundle / "_internal" / "base_library.zip").write_bytes(b"not a PE file")
    return bundle


def verify(path: Path, ca: Path | None) -> subprocess.CompletedProcess[str]:
    cmd = ["osslsigncode", "verify", "-in", str(path)]
    if ca is not None:
        cmd += ["-CAfile", str(ca)]
    return subprocess.run(cmd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def installer(
    tmp_path_factory: pytest.TempPathFactory, certificate: tuple[Path, Path]
) -> tuple[Path, Path]:
    """The signed installer built by installer/windows/build.py, and its bundle."""
    p12, pem = certificate
    folder = tmp_path_factory.mktemp("win")
    bundle = payload(folder)
    out = folder / "dist" / "LogMeets-0.1.0-Setup.exe"
    env = {**os.environ, "LOGMEETS_SIGN_PKCS12": str(p12), "LOGMEETS_SIGN_PASSWORD": PASSWORD}
    env.pop("LOGMEETS_SIGN_TIMESTAMP_URL", None)  # no network here
    cmd = [sys.executable, str(BUILD), "--bundle", str(bundle), "--version", "0.1.0"]
    subprocess.run([*cmd, "--out", str(out), "--ca", str(pem)], check=True, env=env)
    return out, bundle


def test_installer_and_every_pe_file_verify(
    installer: tuple[Path, Path], certificate: tuple[Path, Path]
) -> None:
    out, bundle = installer
    _, pem = certificate
    assert out.stat().st_size > 100_000
    for path in [out, *(p for p in bundle.rglob("*") if p.suffix in (".exe", ".dll", ".pyd"))]:
        result = verify(path, pem)
        assert result.returncode == 0, (path, result.stdout, result.stderr)
        assert "Signature verification: ok" in result.stdout
    assert (bundle / "_internal" / "base_library.zip").read_bytes() == b"not a PE file"


def test_a_flipped_byte_is_rejected(
    installer: tuple[Path, Path], certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    out, _ = installer
    _, pem = certificate
    data = bytearray(out.read_bytes())
    data[len(data) // 3] ^= 0x01  # inside the compressed payload, well before the signature
    tampered = tmp_path / out.name
    tampered.write_bytes(bytes(data))
    assert verify(tampered, pem).returncode != 0
    bad = subprocess.run(
        [sys.executable, str(SIGN), "verify", str(tampered), "--ca", str(pem)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
    assert "BAD signature" in bad.stderr


def test_untrusted_signer_is_rejected(installer: tuple[Path, Path]) -> None:
    # Verified against the system's roots, the throw-away certificate does not chain.
    out, _ = installer
    assert verify(out, None).returncode != 0


def test_signing_needs_a_key(tmp_path: Path) -> None:
    bundle = payload(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGMEETS_SIGN_")}
    cmd = [sys.executable, str(BUILD), "--bundle", str(bundle), "--version", "0.1.0"]
    result = subprocess.run(
        [*cmd, "--out", str(tmp_path / "x.exe")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "LOGMEETS_SIGN_PKCS12" in result.stderr
    assert not (tmp_path / "x.exe").exists()
