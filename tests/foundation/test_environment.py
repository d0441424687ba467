"""The test environment's real parts work: a PortAudio stream on the virtual microphone gives
back the known signal sample for sample, and the Secret Service round-trips a secret."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
import sounddevice as sd


@pytest.mark.realaudio
def test_virtual_microphone_records_the_known_signal_exactly(
    virtual_mic: str, test_signal: np.ndarray
) -> None:
    frames = 3 * 48_000
    got = sd.rec(frames, samplerate=48_000, channels=1, dtype="int16", device=virtual_mic)
    sd.wait()
    got = got[:, 0]
    # `testmic` replays the signal from sample 0 at every open, so no alignment is needed.
    assert got.shape == (frames,)
    assert np.count_nonzero(got) > frames * 0.9, "the microphone delivered silence"
    mismatches = np.flatnonzero(got != test_signal[:frames])
    assert mismatches.size == 0, f"first mismatch at sample {mismatches[:1]}"


@pytest.mark.realkeyring
def test_secret_service_round_trips_a_secret(real_keyring: object) -> None:
    import keyring.backend

    assert isinstance(real_keyring, keyring.backend.KeyringBackend)
    assert type(real_keyring).__module__ == "keyring.backends.SecretService"
    service, user, secret = "logmeets-test", f"u-{uuid.uuid4()}", f"s3cret-{uuid.uuid4()}"
    real_keyring.set_password(service, user, secret)
    try:
        assert real_keyring.get_password(service, user) == secret
    finally:
        real_keyring.delete_password(service, user)
    assert real_keyring.get_password(service, user) is None
