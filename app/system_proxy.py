"""The OS's proxy settings, for `proxy_mode = "system"` (`uploader.ProxyResolver(system=...)`).

The environment's *_PROXY and NO_PROXY win when set (as curl, requests and most tools do);
else the OS's own settings: GNOME's gsettings on Linux, WinINET's registry values on Windows
(what the Internet Options dialog writes), SystemConfiguration on macOS (`scutil --proxy`).
Each reader is small and takes the OS call as a parameter so that tests fake it; none raises:
settings that cannot be read mean "direct".
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import Any

from uploader import SystemProxy, environment_proxy

log = logging.getLogger(__name__)

#: Runs a command and returns its standard output ("" when it cannot run).
Run = Callable[[list[str]], str]
#: Reads one value of HKCU\...\Internet Settings (None when absent).
RegistryValue = Callable[[str], Any]

INTERNET_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"


def run_quietly(cmd: list[str]) -> str:
    """The command's output, or "" when it is missing, fails or takes over 3 s."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3.0, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def read_system_proxy() -> SystemProxy:
    """The proxy settings in force for this user: the environment's, else the OS's."""
    env = environment_proxy()
    if env.proxies:
        return env
    try:
        if sys.platform == "win32":
            return windows_proxy(_registry_value)
        if sys.platform == "darwin":
            return macos_proxy(run_quietly)
        return gnome_proxy(run_quietly)
    except Exception:  # a reader's bug must not stop uploads: go direct, say so in the log
        log.warning("the system's proxy settings could not be read", exc_info=True)
        return SystemProxy()


# ---- Linux: GNOME ---------------------------------------------------------------------------


def _gvalue(run: Run, schema: str, key: str) -> str:
    return run(["gsettings", "get", schema, key]).strip()


def _gstring(text: str) -> str:
    return text.strip().strip("'\"")


def gnome_proxy(run: Run) -> SystemProxy:
    """GNOME's org.gnome.system.proxy: mode none, manual (hosts and ports by scheme, the
    ignore-hosts list) or auto (a PAC URL). Without gsettings: direct."""
    base = "org.gnome.system.proxy"
    mode = _gstring(_gvalue(run, base, "mode"))
    if mode == "auto":
        url = _gstring(_gvalue(run, base, "autoconfig-url"))
        return SystemProxy(pac_url=url or None)
    if mode != "manual":
        return SystemProxy()
    proxies: dict[str, str] = {}
    for scheme in ("https", "http"):
        host = _gstring(_gvalue(run, f"{base}.{scheme}", "host"))
        port = _gvalue(run, f"{base}.{scheme}", "port")
        if host and port.isdigit() and int(port) > 0:
            proxies[scheme] = f"http://{host}:{int(port)}"
    ignore = re.findall(r"'([^']*)'", _gvalue(run, base, "ignore-hosts"))
    return SystemProxy(proxies, tuple(ignore))


# ---- Windows: WinINET's registry values -----------------------------------------------------


def _registry_value(name: str) -> Any:
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, INTERNET_SETTINGS) as key:
                return winreg.QueryValueEx(key, name)[0]
        except OSError:
            return None
    return None


def windows_proxy(value: RegistryValue) -> SystemProxy:
    """ProxyEnable + ProxyServer ("host:port" or "http=h:p;https=h:p"), ProxyOverride
    ("<local>;*.corp"), AutoConfigURL."""
    pac = value("AutoConfigURL")
    server = value("ProxyServer") if value("ProxyEnable") else None
    proxies: dict[str, str] = {}
    if isinstance(server, str) and server.strip():
        if "=" in server:
            for part in server.split(";"):
                scheme, _, target = part.partition("=")
                if scheme.strip().lower() in ("http", "https") and target.strip():
                    proxies[scheme.strip().lower()] = _with_scheme(target.strip())
        else:
            proxies = {"all": _with_scheme(server.strip())}
    override = value("ProxyOverride")
    bypass = tuple(p for p in str(override or "").split(";") if p.strip())
    return SystemProxy(proxies, bypass, pac if isinstance(pac, str) and pac.strip() else None)


def _with_scheme(target: str) -> str:
    return target if "://" in target else f"http://{target}"


# ---- macOS: SystemConfiguration -------------------------------------------------------------


def parse_scutil(text: str) -> dict[str, Any]:
    """`scutil --proxy`'s dictionary: "Key : value" lines, arrays as lists of their values."""
    out: dict[str, Any] = {}
    array: list[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if array is not None:
            if line == "}":
                array = None
            elif " : " in line:
                array.append(line.split(" : ", 1)[1].strip())
            continue
        if " : " not in line:
            continue
        key, value = (s.strip() for s in line.split(" : ", 1))
        if value.startswith("<array>"):
            array = out[key] = []
        else:
            out[key] = value
    return out


def macos_proxy(run: Run) -> SystemProxy:
    """HTTPS/HTTP proxies when enabled, ExceptionsList, and ProxyAutoConfigURLString."""
    return scutil_proxy(parse_scutil(run(["scutil", "--proxy"])))


def scutil_proxy(d: Mapping[str, Any]) -> SystemProxy:
    """SystemProxy from a parsed `scutil --proxy`."""
    proxies: dict[str, str] = {}
    for scheme, prefix in (("https", "HTTPS"), ("http", "HTTP")):
        if d.get(f"{prefix}Enable") == "1" and d.get(f"{prefix}Proxy"):
            port = str(d.get(f"{prefix}Port", "80"))
            proxies[scheme] = f"http://{d[f'{prefix}Proxy']}:{port}"
    bypass = list(d.get("ExceptionsList", []))
    if d.get("ExcludeSimpleHostnames") == "1":
        bypass.append("<local>")
    pac = d.get("ProxyAutoConfigURLString") if d.get("ProxyAutoConfigEnable") == "1" else None
    return SystemProxy(proxies, tuple(bypass), pac or None)
