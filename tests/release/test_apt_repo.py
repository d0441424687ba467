"""installer/linux/apt-repo.sh: the signed apt repository that `/opt` installs update from. In a
clean Debian root (mmdebstrap), 0.1.0 installs from the repository over file:// with
`signed-by`; 0.1.1 is published and `apt-get update && apt-get install --only-upgrade logmeets`
upgrades; a repository whose InRelease was edited is refused by apt. Tiny packages stand in
for the real .deb (the same script; `make package` runs it on the real one)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APT_REPO = REPO / "installer" / "linux" / "apt-repo.sh"
SOURCES = "deb [signed-by=/usr/share/keyrings/logmeets-archive-keyring.gpg] file:/srv/apt ./\n"

pytestmark = pytest.mark.slow


def tiny_deb(folder: Path, version: str) -> Path:
    root = folder / f"root-{version}"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "opt" / "logmeets").mkdir(parents=True)
    (root / "opt" / "logmeets" / "VERSION").write_text(version)
    (root / "DEBIAN" / "control").write_text(
        f"Package: logmeets\nVersion: {version}\nArchitecture: all\n"
        "Maintainer: test <test@logmeets.invalid>\nDescription: test package\n"
    )
    deb = folder / f"logmeets_{version}_all.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "--build", str(root), str(deb)],
        check=True,
        capture_output=True,
    )
    return deb


@pytest.fixture()
def signing_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """One archive key for every publication (as on the release host)."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(
        ["gpg", "--batch", "--quiet", "--passphrase", "", "--quick-generate-key",
         "LogMeets test archive <test@logmeets.invalid>", "ed25519", "sign", "1d"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    listing = subprocess.run(
        ["gpg", "--batch", "--with-colons", "--list-secret-keys"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    env["LOGMEETS_GPG_KEY"] = next(
        line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:")
    )
    yield env
    subprocess.run(["gpgconf", "--kill", "all"], env=env, check=False)


@pytest.fixture()
def clean_root(tmp_path: Path) -> Iterator[Path]:
    missing = [
        t for t in ("mmdebstrap", "apt-ftparchive", "gpg", "dpkg-deb") if not shutil.which(t)
    ]
    assert not missing, f"{missing} missing: run tests/env/provision-debian.sh test"
    if os.geteuid() != 0:
        pytest.fail("mmdebstrap --mode=root needs root: run these tests as root", pytrace=False)
    root = tmp_path / "root"
    subprocess.run(
        ["mmdebstrap", "--quiet", "--variant=apt", "--mode=root", "bookworm", str(root)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    yield root
    shutil.rmtree(root, ignore_errors=True)


def publish(root: Path, deb: Path, env: dict[str, str]) -> None:
    repo = root / "srv" / "apt"
    subprocess.run([str(APT_REPO), str(repo), str(deb)], env=env, check=True, capture_output=True)
    for path in [repo, *repo.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # apt reads file: sources as _apt


def in_root(root: Path, *cmd: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(
        ["chroot", str(root), *cmd], env=env, capture_output=True, text=True, timeout=300
    )


def installed(root: Path) -> str:
    return in_root(root, "dpkg-query", "-W", "-f=${Version}", "logmeets").stdout


def test_install_upgrade_and_tampered_inrelease(
    clean_root: Path, signing_env: dict[str, str], tmp_path: Path
) -> None:
    root = clean_root
    publish(root, tiny_deb(tmp_path, "0.1.0"), signing_env)
    keyrings = root / "usr" / "share" / "keyrings"
    shutil.copy(root / "srv" / "apt" / "logmeets-archive-keyring.gpg", keyrings)
    (root / "etc" / "apt" / "sources.list.d" / "logmeets.list").write_text(SOURCES)
    assert in_root(root, "apt-get", "update", "-qq").returncode == 0
    done = in_root(root, "apt-get", "install", "-y", "-qq", "logmeets")
    assert done.returncode == 0, done.stderr
    assert installed(root) == "0.1.0"

    publish(root, tiny_deb(tmp_path, "0.1.1"), signing_env)
    assert in_root(root, "apt-get", "update", "-qq").returncode == 0
    done = in_root(root, "apt-get", "install", "-y", "-qq", "--only-upgrade", "logmeets")
    assert done.returncode == 0, done.stderr
    assert installed(root) == "0.1.1"
    assert (root / "opt" / "logmeets" / "VERSION").read_text() == "0.1.1"

    # 0.1.2 published, then its InRelease edited after signing (a mirror that lies).
    publish(root, tiny_deb(tmp_path, "0.1.2"), signing_env)
    inrelease = root / "srv" / "apt" / "InRelease"
    text = inrelease.read_text()
    inrelease.write_text(text.replace("Suite: stable", "Suite: stablE", 1))
    # --error-on=any: a bad signature is an error, not the warning it is with older lists kept.
    refused = in_root(root, "apt-get", "update", "--error-on=any")
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "BADSIG" in said, said
    policy = in_root(root, "apt-cache", "policy", "logmeets").stdout
    assert "Candidate: 0.1.1" in policy, policy
    in_root(root, "apt-get", "install", "-y", "-qq", "--only-upgrade", "logmeets")
    assert installed(root) == "0.1.1"
