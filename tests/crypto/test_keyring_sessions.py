"""The self-test against real gnome-keyring states that the shared test keyring must not be put
in: a locked keyring, and a session where no keyring exists yet and nobody can answer the prompt
to create one. Each runs in its own private D-Bus session with its own gnome-keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.realkeyring

_PROBE = """
import json, sys, time
sys.path.insert(0, {repo!r})
from crypto.errors import CryptoError
from crypto.keystore import KeyStore
if {lock!r}:
    import secretstorage
    conn = secretstorage.dbus_init()
    KeyStore.for_platform("probe").set("probe/x", "1")  # the login collection exists now
    secretstorage.get_default_collection(conn).lock()
start = time.monotonic()
try:
    store = KeyStore.for_platform("probe")
    store.self_test(timeout=20)
    out = {{"code": None, "backend": store.backend_name}}
except CryptoError as err:
    out = {{"code": err.code, **{{k: str(v) for k, v in err.fields.items()}}}}
out["seconds"] = time.monotonic() - start
print("RESULT " + json.dumps(out))
"""


def _run_in_private_session(tmp_path: Path, *, unlock: bool, lock: bool) -> dict[str, str]:
    home, run = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    run.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_RUNTIME_DIR": str(run),
    }
    env.pop("PYTHON_KEYRING_BACKEND", None)
    script = tmp_path / "probe.py"
    script.write_text(_PROBE.format(repo=str(REPO), lock=lock))
    start = "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "
    inner = (start if unlock else "") + f'exec "{sys.executable}" "{script}"'
    proc = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", inner],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, proc.stdout + proc.stderr
    result: dict[str, str] = json.loads(lines[-1][len("RESULT ") :])
    return result


def test_locked_keyring_is_reported_as_locked(tmp_path: Path) -> None:
    result = _run_in_private_session(tmp_path, unlock=True, lock=True)
    assert result["code"] == "keyring_locked"
    assert result["backend"] == "keyring.backends.SecretService.Keyring"


def test_keyring_that_cannot_be_created_headless_is_unavailable(tmp_path: Path) -> None:
    # D-Bus activation starts gnome-keyring, which must prompt to create a keyring; with no
    # display the prompt fails. The app must refuse (not hang, not fall back to plaintext).
    result = _run_in_private_session(tmp_path, unlock=False, lock=False)
    assert result["code"] == "keyring_unavailable"


def test_control_unlocked_private_session_passes(tmp_path: Path) -> None:
    # The same harness with a healthy keyring passes, so the two failures above are real.
    result = _run_in_private_session(tmp_path, unlock=True, lock=False)
    assert result["code"] is None
    assert result["backend"] == "keyring.backends.SecretService.Keyring"
