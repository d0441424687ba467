"""installer/linux: sign.sh signs a .deb and SHA256SUMS with a throw-away key when no key is
named, and verify.sh accepts the result against the exported public key, and rejects a flipped
byte, an edited SHA256SUMS, a missing signature and another key. A tiny .deb stands in for the
real one (same scripts, seconds instead of minutes)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SIGN = REPO / "installer" / "linux" / "sign.sh"
VERIFY = REPO / "installer" / "linux" / "verify.sh"
DEB = "logmeets_0.0.1_all.deb"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    missing = [t for t in ("gpg", "gpgv", "dpkg-deb", "sha256sum") if not shutil.which(t)]
    assert not missing, f"{missing} missing: run tests/env/provision-debian.sh test"


def env() -> dict[str, str]:
    """No key named, no GNUPGHOME of the caller's: sign.sh makes its throw-away key."""
    return {k: v for k, v in os.environ.items() if k not in ("LOGMEETS_GPG_KEY", "GNUPGHOME")}


def tiny_deb(folder: Path) -> Path:
    root = folder / "root"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "opt" / "logmeets").mkdir(parents=True)
    (root / "opt" / "logmeets" / "README").write_text("tiny stand-in for the bundle\n" * 200)
    (root / "DEBIAN" / "control").write_text(
        "Package: logmeets\nVersion: 0.0.1\nArchitecture: all\n"
        "Maintainer: test <test@logmeets.invalid>\nDescription: test package\n"
    )
    out = folder / "dist"
    out.mkdir()
    deb = out / DEB
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(root), str(deb)],
        check=True,
        capture_output=True,
    )
    return deb


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as `make package` leaves it: the .deb, its signature, SHA256SUMS(.asc), key."""
    deb = tiny_deb(tmp_path_factory.mktemp("deb"))
    subprocess.run([str(SIGN), str(deb.parent)], check=True, env=env(), capture_output=True)
    return deb.parent


def verify(deb: Path, keyring: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VERIFY), str(deb), str(keyring)], env=env(), capture_output=True, text=True
    )


def copy(signed: Path, to: Path) -> Path:
    shutil.copytree(signed, to)
    return to


def test_signed_artifacts_verify(signed: Path) -> None:
    names = sorted(p.name for p in signed.iterdir())
    key, pub = "logmeets-release-key.gpg", "logmeets-release-pub.asc"
    assert names == sorted([DEB, f"{DEB}.asc", "SHA256SUMS", "SHA256SUMS.asc", key, pub])
    result = verify(signed / DEB, signed / "logmeets-release-key.gpg")
    assert result.returncode == 0, result.stderr
    assert "verify: OK" in result.stdout


def test_a_flipped_byte_fails(signed: Path, tmp_path: Path) -> None:
    folder = copy(signed, tmp_path / "d")
    data = bytearray((folder / DEB).read_bytes())
    data[len(data) // 2] ^= 0x01
    (folder / DEB).write_bytes(bytes(data))
    result = verify(folder / DEB, folder / "logmeets-release-key.gpg")
    assert result.returncode != 0
    assert "FAILED" in result.stderr


def test_an_edited_checksum_list_fails(signed: Path, tmp_path: Path) -> None:
    folder = copy(signed, tmp_path / "d")
    sums = folder / "SHA256SUMS"
    sums.write_text(sums.read_text().replace(DEB, f"{DEB} ", 1))
    result = verify(folder / DEB, folder / "logmeets-release-key.gpg")
    assert result.returncode != 0
    assert "SHA256SUMS is not signed" in result.stderr


def test_a_missing_signature_fails(signed: Path, tmp_path: Path) -> None:
    folder = copy(signed, tmp_path / "d")
    (folder / f"{DEB}.asc").unlink()
    assert verify(folder / DEB, folder / "logmeets-release-key.gpg").returncode != 0


def test_another_key_fails(signed: Path, tmp_path: Path) -> None:
    # An attacker re-signs everything with a key of their own: the published key rejects it.
    other = copy(signed, tmp_path / "other")
    subprocess.run([str(SIGN), str(other)], check=True, env=env(), capture_output=True)
    result = verify(other / DEB, signed / "logmeets-release-key.gpg")
    assert result.returncode != 0


@pytest.mark.parametrize("script", sorted((REPO / "installer").rglob("*.sh")), ids=lambda p: p.name)
def test_every_installer_script_parses(script: Path) -> None:
    subprocess.run(["bash", "-n", str(script)], check=True)


def fingerprints(keyring: Path) -> set[str]:
    shown = subprocess.run(
        ["gpg", "--batch", "--show-keys", "--with-colons", str(keyring)],
        check=True,
        capture_output=True,
        text=True,
        env={**env(), "GNUPGHOME": str(keyring.parent)},
    ).stdout
    return {line.split(":")[9] for line in shown.splitlines() if line.startswith("fpr:")}


def test_one_throw_away_key_signs_the_deb_and_the_apt_repository(tmp_path: Path) -> None:
    """`make package` without a key: users trust one key, not one for the .deb and one for apt."""
    deb = tiny_deb(tmp_path)
    subprocess.run(
        [str(REPO / "installer" / "linux" / "sign-release.sh"), str(deb.parent), str(deb)],
        check=True,
        env=env(),
        capture_output=True,
    )
    release_key = fingerprints(deb.parent / "logmeets-release-key.gpg")
    assert len(release_key) == 1
    assert fingerprints(deb.parent / "apt" / "logmeets-archive-keyring.gpg") == release_key
