"""Shared fixtures. The real parts (virtual microphone, Secret Service, Xvfb) are started by
tests/env/with-testenv.sh, which `make test` wraps around pytest. Outside it, tests that need a
real part fail with a message saying how to run them; in CI they must never skip."""

from __future__ import annotations

import os
import signal
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from keyring_probe import secret_service_entries

from crypto.keystore import DEFAULT_SERVICE, KeyStore

# Qt must pick the offscreen platform before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent

# Subprocesses (`python -m app`, the server, helper scripts) import this checkout, not whichever
# checkout the venv's editable install points at: a second worktree tests its own code.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
)


def pytest_configure(config: pytest.Config) -> None:
    """Run as from a terminal, where Ctrl-C works: a test run started in the background by a
    shell without job control (a CI runner, `make test &`) inherits SIGINT *ignored*, hands it
    on to every `logmeets` it starts, and Python then never installs its Ctrl-C handler there,
    so the tests that press Ctrl-C on a subprocess would hang."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# A test that reaches a real part through one of these fixtures carries the part's marker, so that
# `-m "not realaudio"` and friends select what they say.
_MARKER_OF_FIXTURE = {
    "virtual_mic": "realaudio",
    "quiet_mic": "realaudio",
    "real_keyring": "realkeyring",
    "real_store": "realkeyring",
    "no_app_session": "realkeyring",
    "real_pg": "realpg",
    "real_rgw": "realceph",
    "real_cluster": "realpg",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a test whose fixtures need a real part that its markers do not name."""
    missing = [
        f"{item.nodeid} uses {fixture} without @pytest.mark.{marker}"
        for item in items
        for fixture, marker in _MARKER_OF_FIXTURE.items()
        if fixture in getattr(item, "fixturenames", ()) and item.get_closest_marker(marker) is None
    ]
    if missing:
        raise pytest.UsageError("tests without their markers:\n" + "\n".join(missing))


def _need_testenv(what: str) -> None:
    if not os.environ.get("LOGMEETS_TESTENV"):
        pytest.fail(
            f"{what} needs the test environment: run `make test`, or "
            "`tests/env/with-testenv.sh .venv/bin/pytest ...`",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def test_signal() -> np.ndarray:
    """The known signal that the virtual microphones play: int16 mono at 48 kHz."""
    _need_testenv("the known test signal")
    return np.fromfile(os.environ["LOGMEETS_TEST_SIGNAL"], dtype="<i2")


@pytest.fixture(scope="session")
def virtual_mic() -> str:
    """Name of the PortAudio input that plays the known signal from sample 0 at every open."""
    _need_testenv("the virtual microphone")
    return "testmic"


@pytest.fixture()
def quiet_mic(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A null sink of this test whose monitor is what the ALSA `pulse` device records (through
    PULSE_SOURCE): digital silence until something is played into the sink. Its name."""
    _need_testenv("the virtual microphone")
    name = "silence" + uuid.uuid4().hex[:8]
    module = subprocess.check_output(
        ["pactl", "load-module", "module-null-sink", f"sink_name={name}", "rate=48000",
         "channels=1"], text=True,
    ).strip()  # fmt: skip
    monkeypatch.setenv("PULSE_SOURCE", f"{name}.monitor")
    try:
        yield name
    finally:
        subprocess.run(["pactl", "unload-module", module], check=False)


@pytest.fixture(scope="session")
def real_keyring() -> Iterator[object]:
    """The Secret Service backend of the test environment's gnome-keyring, selected explicitly."""
    _need_testenv("the real Secret Service keyring")
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    yield backend


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh LOGMEETS_HOME for one test."""
    home = tmp_path / "logmeets-home"
    home.mkdir()
    monkeypatch.setenv("LOGMEETS_HOME", str(home))
    return home


@pytest.fixture()
def service_name() -> str:
    """A keyring service name of this test alone, so tests never see each other's entries."""
    return f"LogMeets Recorder test {uuid.uuid4()}"


@pytest.fixture()
def real_store(real_keyring: object, service_name: str) -> Iterator[KeyStore]:
    """A KeyStore over the test environment's gnome-keyring; its entries are removed after."""
    store = KeyStore(real_keyring, service=service_name)  # type: ignore[arg-type]
    yield store
    for name in secret_service_entries(service_name):
        store.delete(name)


@pytest.fixture()
def no_app_session(real_keyring: object) -> None:
    """No sign-in left in the app's own keyring service by an earlier test (the app's commands
    run by tests all share that service): its session tokens are removed first."""
    store = KeyStore(real_keyring, service=DEFAULT_SERVICE)  # type: ignore[arg-type]
    for name in secret_service_entries(DEFAULT_SERVICE):
        if name.startswith("uploader/"):
            store.delete(name)


@pytest.fixture()
def ss_entries(real_keyring: object) -> Callable[[str], dict[str, str]]:
    """`keyring_probe.secret_service_entries`, as a fixture."""
    return secret_service_entries
