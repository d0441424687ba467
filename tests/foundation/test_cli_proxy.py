"""`logmeets proxy` and `logmeets diagnostics` through the installed entry point, with the real
keyring: the route the settings give, a sign-in kept in the keyring and never printed, the
diagnostics without secrets. (Requests through a real proxy: tests/uploader/test_proxy_auth.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.proxy import PROXY_CREDENTIALS_KEY
from crypto.keystore import DEFAULT_SERVICE, KeyStore

LOGMEETS = str(Path(sys.executable).with_name("logmeets"))
SECRET = "pr0xy-Secret-9f3a"


def run(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOGMEETS_HOME": str(home)}
    return subprocess.run(
        [LOGMEETS, *args], capture_output=True, text=True, env=env, timeout=60, input=stdin
    )


@pytest.fixture()
def app_store(real_keyring: object) -> Iterator[KeyStore]:
    """The app's own keyring service, without proxy credentials before and after."""
    store = KeyStore(real_keyring, service=DEFAULT_SERVICE)  # type: ignore[arg-type]
    store.delete(PROXY_CREDENTIALS_KEY)
    yield store
    store.delete(PROXY_CREDENTIALS_KEY)


def test_show_names_the_route_of_each_mode(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'server_url = "https://rec.example.com"\nproxy_mode = "manual"\n'
        'proxy_server = "proxy.corp:3128"\n'
    )
    r = run("proxy", "show", "--json", home=tmp_path)
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["mode"] == "manual" and shown["server"] == "proxy.corp:3128"
    assert shown["routes"] == {"server": "PROXY proxy.corp:3128"}
    (tmp_path / "config.toml").write_text(
        'server_url = "https://rec.example.com"\nproxy_mode = "none"\n'
    )
    r = run("proxy", "show", home=tmp_path)
    assert r.returncode == 0 and "server: DIRECT" in r.stdout, r.stdout


def test_a_bad_proxy_setting_is_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('proxy_server = "http://proxy.corp"\n')
    r = run("proxy", "show", home=tmp_path)
    assert r.returncode == 1 and "proxy_server" in r.stderr and "host:port" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.realkeyring
def test_login_keeps_the_password_in_the_keyring_only(tmp_path: Path, app_store: KeyStore):
    r = run("proxy", "login", "--user", "alice", "--password-stdin", home=tmp_path, stdin=SECRET)
    assert r.returncode == 1 and "no proxy is in use" in r.stderr.lower(), r.stderr
    (tmp_path / "config.toml").write_text(
        'server_url = "https://rec.example.com"\nproxy_mode = "manual"\n'
        'proxy_server = "proxy.corp:3128"\n'
    )
    r = run("proxy", "login", "--user", "alice", "--password-stdin", home=tmp_path, stdin=SECRET)
    assert r.returncode == 0, r.stderr
    stored = json.loads(app_store.get(PROXY_CREDENTIALS_KEY) or "{}")
    assert stored == {"proxy": "proxy.corp:3128", "user": "alice", "password": SECRET}
    shown = run("proxy", "show", home=tmp_path)
    assert "alice" in shown.stdout and SECRET not in shown.stdout
    diag = run("diagnostics", "--json", home=tmp_path)
    assert diag.returncode == 0, diag.stderr
    assert SECRET not in diag.stdout
    assert json.loads(diag.stdout)["proxy"]["credentials"] == "stored for proxy.corp:3128"
    on_disk = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert SECRET.encode() not in on_disk  # not in config.toml, not in a log
    r = run("proxy", "forget", home=tmp_path)
    assert r.returncode == 0 and app_store.get(PROXY_CREDENTIALS_KEY) is None


def test_diagnostics_lists_what_support_needs_without_secrets(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o700)
    (logs / "logmeets-1.log").write_text(
        "2026-12-06 00:00:00,000 INFO MainThread app: started\n"
        "2026-12-06 00:00:01,000 WARNING sync uploader: refresh failed Bearer tok-ABC123xyz\n"
        "2026-12-06 00:00:02,000 ERROR sync uploader: proxy http://bob:hunter22@p.corp:3128 "
        "password=hunter22\n"
    )
    (tmp_path / "config.toml").write_text('server_url = "https://rec.example.com"\n')
    r = run("diagnostics", home=tmp_path)
    assert r.returncode == 0, r.stderr
    for section in ("[versions]", "[os]", "[folders]", "[audio_devices]", "[settings]"):
        assert section in r.stdout, section
    assert "server_url: 'https://rec.example.com'" in r.stdout
    assert "refresh failed" in r.stdout and "started" not in r.stdout  # warnings and errors
    for secret in ("tok-ABC123xyz", "hunter22"):
        assert secret not in r.stdout
