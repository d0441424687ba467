"""The ingest server holds only the organisation's public recipient (issue 13, item 13): `serve`
takes `--org-recipient` or a file holding only the public key; the identity is for `export`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyrage
from serverkit import SERVER_BIN, Client, launch


def _secret_files(data: Path) -> list[Path]:
    return [p for p in data.rglob("*") if p.is_file() and b"AGE-SECRET-KEY" in p.read_bytes()]


def _serve(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [str(SERVER_BIN), "serve", "--data", str(data), "--port", "0", *extra]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def test_serve_with_a_recipient_never_sees_the_identity(tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    data = tmp_path / "data"
    s = launch(data, "--org-recipient", recipient, org=False)
    try:
        c = Client(s)
        assert c.login().status_code == 201
        assert c.login_body["org_recipient"] == recipient
        assert _secret_files(data) == []
    finally:
        assert s.stop() == 0


def test_serve_with_a_recipient_file(tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    public = tmp_path / "org.pub"
    public.write_text(f"# the organisation's recipient\n{identity.to_public()}\n")
    s = launch(tmp_path / "data", "--org-recipient-file", str(public), org=False)
    try:
        c = Client(s)
        assert c.login().status_code == 201
        assert c.login_body["org_recipient"] == str(identity.to_public())
    finally:
        assert s.stop() == 0


def test_serve_refuses_private_keys_and_missing_recipients(tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    secret = tmp_path / "org.txt"
    secret.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
    r = _serve(tmp_path / "a", "--org-recipient-file", str(secret))
    assert r.returncode == 1 and "public key only" in r.stderr, r.stderr
    r = _serve(tmp_path / "b", "--org-recipient", "age1notakey")
    assert r.returncode == 1 and "age1" in r.stderr and "Traceback" not in r.stderr
    r = _serve(tmp_path / "c")
    assert r.returncode == 1 and "--org-recipient" in r.stderr, r.stderr
    # A data directory that still holds the identity (older versions made one) is refused.
    legacy = tmp_path / "d"
    legacy.mkdir()
    (legacy / "org-identity.txt").write_text(f"{identity}\n")
    r = _serve(legacy, "--org-recipient", str(identity.to_public()))
    assert r.returncode == 1 and "private key" in r.stderr, r.stderr


def test_demo_mode_keeps_the_demo_identity_outside_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    s = launch(data, org=False)
    try:
        c = Client(s)
        assert c.login().status_code == 201
        assert _secret_files(data) == []
        kept = tmp_path / "demo.org-identity.txt"
        assert kept.stat().st_mode & 0o777 == 0o600
        assert f"# public key: {c.login_body['org_recipient']}" in kept.read_text()
        assert (data / "org-recipient.txt").read_text().strip() == c.login_body["org_recipient"]
    finally:
        assert s.stop() == 0
    # A restart keeps the same recipient.
    s = launch(data, org=False)
    try:
        c2 = Client(s)
        assert c2.login().status_code == 201
        assert c2.login_body["org_recipient"] == c.login_body["org_recipient"]
    finally:
        assert s.stop() == 0
