"""Settings: defaults, validation with messages that name the file and the field, the managed
file that overrides and locks, and atomic saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import SettingsError, load_settings, save_user_settings

ORG = "age1" + "q" * 58


@pytest.fixture()
def managed(tmp_path: Path) -> Path:
    return tmp_path / "managed.toml"


def test_defaults_without_files(data_dir: Path, managed: Path) -> None:
    s = load_settings(data_dir, managed)
    assert (s.sample_rate, s.channels, s.sample_format, s.chunk_seconds) == (48000, 1, "PCM_16", 30)
    assert s.locked == {}


def test_user_file_is_read_and_validated(data_dir: Path, managed: Path) -> None:
    (data_dir / "config.toml").write_text('chunk_seconds = 10\nlanguage = "ja"\n')
    s = load_settings(data_dir, managed)
    assert s.chunk_seconds == 10 and s.language == "ja"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("chunk_seconds = 3", "chunk_seconds", "between 5 and 300"),
        ('chunk_seconds = "ten"', "chunk_seconds", "whole number"),
        ("channels = 5", "channels", "one of 1, 2"),
        ('org_recipient = "age1nope"', "org_recipient", "age X25519 recipient"),
        ('server_url = "ftp://x"', "server_url", "http(s) URL"),
        ("colour = 3", "colour", "unknown setting"),
        ('spki_pin = "abc"', "spki_pin", "SHA-256 SPKI pin"),
        ('log_level = "LOUD"', "log_level", "one of DEBUG, INFO, WARNING, ERROR"),
        ("bandwidth_limit_kbps = -1", "bandwidth_limit_kbps", "between 0 and 1e+07"),
        ("sample_rate = true", "sample_rate", "It is the samples per second"),
        ("start_at_login = 1", "start_at_login", "must be true or false"),
        ('start_at_login = "yes"', "start_at_login", "must be true or false"),
    ],
)
def test_bad_values_name_file_and_field(
    data_dir: Path, managed: Path, text: str, key: str, words: str
) -> None:
    (data_dir / "config.toml").write_text(text + "\n")
    with pytest.raises(SettingsError) as e:
        load_settings(data_dir, managed)
    assert e.value.key == key
    assert str(data_dir / "config.toml") in str(e.value)
    assert words in str(e.value)


def test_whole_floats_and_empty_texts(data_dir: Path, managed: Path) -> None:
    (data_dir / "config.toml").write_text('sample_rate = 44100.0\ndevice = ""\n')
    s = load_settings(data_dir, managed)
    assert s.sample_rate == 44100 and isinstance(s.sample_rate, int) and s.device is None


def test_start_at_login_is_a_bool_or_unset(data_dir: Path, managed: Path) -> None:
    assert load_settings(data_dir, managed).start_at_login is None
    s = save_user_settings(data_dir, managed, start_at_login=False)
    assert s.start_at_login is False
    assert "start_at_login = false" in (data_dir / "config.toml").read_text()
    assert save_user_settings(data_dir, managed, start_at_login=True).start_at_login is True
    assert save_user_settings(data_dir, managed, start_at_login=None).start_at_login is None


def test_broken_toml_says_how_to_recover(data_dir: Path, managed: Path) -> None:
    (data_dir / "config.toml").write_text("chunk_seconds = = 3\n")
    with pytest.raises(SettingsError, match=r"not valid TOML.*move it away"):
        load_settings(data_dir, managed)


def test_managed_file_overrides_and_locks(data_dir: Path, managed: Path) -> None:
    (data_dir / "config.toml").write_text("chunk_seconds = 10\nsample_rate = 44100\n")
    managed.write_text(f'chunk_seconds = 60\norg_recipient = "{ORG}"\n')
    s = load_settings(data_dir, managed)
    assert s.chunk_seconds == 60 and s.sample_rate == 44100 and s.org_recipient == ORG
    assert set(s.locked) == {"chunk_seconds", "org_recipient"}
    assert "administrator" in s.locked["chunk_seconds"]
    with pytest.raises(SettingsError, match="administrator"):
        save_user_settings(data_dir, managed, chunk_seconds=20)


def test_save_round_trips_and_removes_with_none(data_dir: Path, managed: Path) -> None:
    s = save_user_settings(data_dir, managed, server_url="https://rec.example", device='mic "A"')
    assert s.server_url == "https://rec.example" and s.device == 'mic "A"'
    s = save_user_settings(data_dir, managed, device=None)
    assert s.device is None and s.server_url == "https://rec.example"
    assert not list(data_dir.glob("*.part"))
    with pytest.raises(SettingsError):
        save_user_settings(data_dir, managed, chunk_seconds=1)
    assert load_settings(data_dir, managed).chunk_seconds == 30


def test_docs_table_is_the_registry() -> None:
    from app.settings import OPTIONS
    from app.settings_doc import DOC, current_table, table

    doc = DOC.read_text(encoding="utf-8")
    for opt in OPTIONS:
        assert f"`{opt.name}`" in doc, opt.name
    assert current_table(doc) == table(), "run `python -m app.settings_doc`"


def test_each_setting_is_declared_once_in_settings() -> None:
    from dataclasses import fields

    from app.settings import OPTION_BY_NAME, OPTIONS, Settings

    # The registry is read from the fields of Settings: same names, same defaults.
    names = [f.name for f in fields(Settings) if f.name not in ("locked", "source")]
    assert [o.name for o in OPTIONS] == names
    defaults = Settings()
    for opt in OPTIONS:
        assert getattr(defaults, opt.name) == opt.default
    device, rate = OPTION_BY_NAME["device"], OPTION_BY_NAME["sample_rate"]
    assert (device.type, device.optional, device.check) == (str, True, None)
    assert (rate.type, rate.optional, str(rate.check)) == (int, False, "8000 to 192000")


def test_the_environment_cannot_move_the_managed_file(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user who points LOGMEETS_MANAGED_CONFIG at a file of their own neither replaces the
    administrator's file (whose fields would then be unlocked) nor locks anything: only the
    OS's path counts, and tests pass their file as a parameter."""
    import sys

    from app.settings import managed_config_path

    own = tmp_path / "own.toml"
    own.write_text("chunk_seconds = 60\n")
    monkeypatch.setenv("LOGMEETS_MANAGED_CONFIG", str(own))
    path = managed_config_path()
    assert path != own
    if sys.platform.startswith("linux"):
        assert path == Path("/etc/logmeets/managed.toml")
    s = load_settings(data_dir)
    assert "chunk_seconds" not in s.locked and s.chunk_seconds == 30
    # The explicit parameter is how a test (or an embedding program) names another file.
    assert load_settings(data_dir, own).locked.keys() == {"chunk_seconds"}


def test_a_number_of_minutes_takes_whole_and_fractional_values(tmp_path: Path) -> None:
    from app.settings import SettingsError, validate

    path = tmp_path / "config.toml"
    assert validate({"recording_reminder_minutes": 180}, path) == {
        "recording_reminder_minutes": 180.0
    }
    assert validate({"recording_reminder_minutes": 0.05}, path) == {
        "recording_reminder_minutes": 0.05
    }
    for bad in (-1, 2000, "soon", True):
        with pytest.raises(SettingsError) as err:
            validate({"recording_reminder_minutes": bad}, path)
        assert err.value.key == "recording_reminder_minutes"
