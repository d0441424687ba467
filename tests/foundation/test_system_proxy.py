"""The OS's proxy settings, one small reader per OS with the OS call faked at the lowest level
(the command's output for gsettings and scutil, the registry value for WinINET), and the
environment winning over them; the resolver's system mode over what they return."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from app import system_proxy
from app.system_proxy import gnome_proxy, macos_proxy, parse_scutil, windows_proxy
from uploader import ProxyResolver, ProxySettings, SystemProxy, bypassed

ENV_NAMES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


def gsettings(values: dict[tuple[str, str], str]) -> Any:
    """A fake `run` that answers `gsettings get SCHEMA KEY` from `values` and records calls."""
    calls: list[list[str]] = []

    def run(cmd: list[str]) -> str:
        calls.append(cmd)
        assert cmd[:2] == ["gsettings", "get"]
        return values.get((cmd[2], cmd[3]), "") + "\n"

    run.calls = calls  # type: ignore[attr-defined]
    return run


def test_gnome_manual_proxy_with_ignore_hosts():
    run = gsettings(
        {
            ("org.gnome.system.proxy", "mode"): "'manual'",
            ("org.gnome.system.proxy.https", "host"): "'proxy.corp'",
            ("org.gnome.system.proxy.https", "port"): "3128",
            ("org.gnome.system.proxy.http", "host"): "''",
            ("org.gnome.system.proxy.http", "port"): "0",
            ("org.gnome.system.proxy", "ignore-hosts"): "['localhost', '127.0.0.0/8', '*.corp']",
        }
    )
    got = gnome_proxy(run)
    assert got.proxies == {"https": "http://proxy.corp:3128"}
    assert got.bypass == ("localhost", "127.0.0.0/8", "*.corp")
    assert got.pac_url is None


def test_gnome_auto_is_a_pac_and_none_or_missing_is_direct():
    auto = gsettings(
        {
            ("org.gnome.system.proxy", "mode"): "'auto'",
            ("org.gnome.system.proxy", "autoconfig-url"): "'http://wpad.corp/wpad.dat'",
        }
    )
    assert gnome_proxy(auto) == SystemProxy(pac_url="http://wpad.corp/wpad.dat")
    assert gnome_proxy(gsettings({("org.gnome.system.proxy", "mode"): "'none'"})) == SystemProxy()
    assert gnome_proxy(lambda cmd: "") == SystemProxy()  # no gsettings on this machine


def registry(values: dict[str, Any]) -> Any:
    return lambda name: values.get(name)


def test_windows_one_proxy_for_all_with_overrides_and_pac():
    got = windows_proxy(
        registry(
            {
                "ProxyEnable": 1,
                "ProxyServer": "proxy.corp:8080",
                "ProxyOverride": "<local>;*.intra;10.0.0.0/8",
                "AutoConfigURL": "http://wpad/wpad.dat",
            }
        )
    )
    assert got.proxies == {"all": "http://proxy.corp:8080"}
    assert got.bypass == ("<local>", "*.intra", "10.0.0.0/8")
    assert got.pac_url == "http://wpad/wpad.dat"


def test_windows_per_scheme_and_disabled():
    per = windows_proxy(
        registry({"ProxyEnable": 1, "ProxyServer": "http=h1:80;https=h2:443;ftp=h3:21"})
    )
    assert per.proxies == {"http": "http://h1:80", "https": "http://h2:443"}
    off = windows_proxy(registry({"ProxyEnable": 0, "ProxyServer": "proxy.corp:8080"}))
    assert off == SystemProxy()


SCUTIL = """<dictionary> {
  ExceptionsList : <array> {
    0 : *.local
    1 : 169.254/16
  }
  ExcludeSimpleHostnames : 1
  FTPPassive : 1
  HTTPEnable : 0
  HTTPSEnable : 1
  HTTPSPort : 3128
  HTTPSProxy : proxy.corp
  ProxyAutoConfigEnable : 1
  ProxyAutoConfigURLString : http://wpad.corp/proxy.pac
}
"""


def test_macos_scutil_parsed():
    assert parse_scutil(SCUTIL)["ExceptionsList"] == ["*.local", "169.254/16"]
    got = macos_proxy(lambda cmd: SCUTIL if cmd == ["scutil", "--proxy"] else "")
    assert got.proxies == {"https": "http://proxy.corp:3128"}
    assert got.bypass == ("*.local", "169.254/16", "<local>")
    assert got.pac_url == "http://wpad.corp/proxy.pac"
    assert macos_proxy(lambda cmd: "") == SystemProxy()


@pytest.mark.parametrize(
    ("platform", "reader"),
    [("linux", "gnome_proxy"), ("win32", "windows_proxy"), ("darwin", "macos_proxy")],
)
def test_each_os_reads_its_own_settings_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, platform: str, reader: str
):
    for name in (*ENV_NAMES, "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    seen: list[str] = []
    monkeypatch.setattr(
        system_proxy, reader, lambda _call: seen.append(reader) or SystemProxy({"all": "x"})
    )
    assert system_proxy.read_system_proxy().proxies == {"all": "x"}
    assert seen == [reader]
    monkeypatch.setenv("HTTPS_PROXY", "http://env-proxy:1")
    monkeypatch.setenv("NO_PROXY", "internal.corp")
    got = system_proxy.read_system_proxy()
    assert got.proxies["https"] == "http://env-proxy:1"
    assert got.bypass == ("internal.corp",)
    assert seen == [reader]  # the OS was not asked


def test_a_broken_reader_means_direct(monkeypatch: pytest.MonkeyPatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)

    def broken(_call: object) -> SystemProxy:
        raise RuntimeError("unexpected output")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(system_proxy, "gnome_proxy", broken)
    assert system_proxy.read_system_proxy() == SystemProxy()


def test_bypass_patterns():
    patterns = ("<local>", "*.intra", ".corp.example", "10.0.0.0/8", "exact.host")
    assert bypassed("printer", patterns)
    assert bypassed("a.b.intra", patterns)
    assert bypassed("corp.example", patterns) and bypassed("x.corp.example", patterns)
    assert bypassed("10.1.2.3", patterns)
    assert bypassed("exact.host", patterns) and bypassed("sub.exact.host", patterns)
    assert not bypassed("upload.example.com", patterns)
    assert not bypassed("11.0.0.1", patterns)
    assert not bypassed("notexact.host", patterns)


def test_system_mode_routes_and_bypasses():
    calls: list[int] = []

    def system() -> SystemProxy:
        calls.append(1)
        return SystemProxy({"https": "http://p.corp:3128"}, ("*.intra",))

    resolver = ProxyResolver(ProxySettings("system"), system=system)
    assert resolver.proxies_for("https://upload.example.com/x") == {"https": "http://p.corp:3128"}
    assert resolver.proxies_for("https://files.intra/x") == {}
    assert resolver.route("http://upload.example.com/").proxy is None  # no http proxy set
    assert len(calls) == 1  # the OS is read once, not per request
    for mode, server, want in (("none", None, None), ("manual", "m.corp:8080", "m.corp:8080")):
        r = ProxyResolver(ProxySettings(mode, server=server), system=system)
        assert r.route("https://upload.example.com/").proxy_host == want


@pytest.mark.realkeyring
def test_uploads_sign_in_and_updates_share_one_resolver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_keyring: object
):
    from app.context import Context
    from app.core import Core
    from app.core import updates as app_updates
    from app.settings import save_user_settings

    home = tmp_path / "home"
    save_user_settings(home, tmp_path / "managed.toml", update_url="https://up.example.com")
    ctx = Context.create(home, tmp_path / "managed.toml")
    monkeypatch.setattr(app_updates, "shipped_root", lambda: b"{}")
    resolver = ctx.proxy()
    assert Core(ctx).sync_config().proxy is resolver
    assert app_updates.update_config(ctx).proxy is resolver
    assert ctx.proxy() is resolver  # built once
    ctx.settings = save_user_settings(
        home, tmp_path / "managed.toml", proxy_mode="manual", proxy_server="p.corp:8080"
    )
    rebuilt = ctx.proxy()  # new proxy settings: a new resolver for both
    assert rebuilt is not resolver and rebuilt.route("https://x.example/").proxy_host == (
        "p.corp:8080"
    )
    assert app_updates.update_config(ctx).proxy is rebuilt
