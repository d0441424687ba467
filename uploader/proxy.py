"""Which proxy a request goes through: one resolver shared by uploads, sign-in and update
downloads (`HTTPTransport(proxy=...)`, `updates.TrustedFetcher(proxy=...)`).

Modes (the `proxy_mode` setting): "system" (the environment's *_PROXY/NO_PROXY, then the OS's
settings, which the app reads and passes in as `system`; an OS that names a PAC file gets it
evaluated), "pac" (the PAC file at `pac_url`), "manual" (every request through `server`,
host:port) and "none" (always direct). TLS is never terminated by the proxy: an https URL goes
through a CONNECT tunnel and the server's certificate (and pin) is checked inside it as without
a proxy.

A PAC file is fetched once, evaluated in a child process (`uploader.pac`), and its answer for
a scheme, host and port kept for `cache_seconds`, so a request usually costs a dictionary look-up.
Basic credentials for a proxy that answers 407 are given by the app (from the keyring) through
`set_credentials`; they go into the proxy URL that requests turns into `Proxy-Authorization`,
only for the proxy they belong to, and never into a log or a repr.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import logging
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests

from uploader.errors import ProxyError
from uploader.pac import PAC_TIMEOUT, PacFailure, PacScript
from uploader.transport import host_port, trusted_session

log = logging.getLogger(__name__)

MODES = ("system", "pac", "manual", "none")
MAX_PAC = 1024 * 1024  # bytes of a PAC file read at most
PAC_RETRY = 60.0  # seconds before a PAC file that failed to load is fetched again
SYSTEM_TTL = 30.0  # seconds the OS's settings are reused before being read again


@dataclass(frozen=True)
class ProxyCredentials:
    """Basic credentials for one proxy (`proxy` is its host:port)."""

    proxy: str
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class SystemProxy:
    """What the environment or the OS says: proxy URLs by scheme ("https", "http", "all"),
    hosts that go direct (NO_PROXY-style patterns), and a PAC file's URL."""

    proxies: Mapping[str, str] = field(default_factory=dict)
    bypass: tuple[str, ...] = ()
    pac_url: str | None = None


@dataclass(frozen=True)
class ProxySettings:
    """The user's choice. `ca_file` is trusted (with the OS store) to fetch an https PAC."""

    mode: str = "system"
    pac_url: str | None = None
    server: str | None = None
    ca_file: Path | None = None


@dataclass(frozen=True)
class Route:
    """Where one URL goes: through `proxy` ("http://host:port") or direct (None); `via` says
    what decided it ("environment or system", "pac", "manual", "none")."""

    proxy: str | None
    via: str

    @property
    def proxy_host(self) -> str | None:
        """host:port of the proxy, or None when direct."""
        return host_port(self.proxy) if self.proxy else None

    def describe(self) -> str:
        """ "DIRECT" or "PROXY host:port", the way PAC files say it."""
        return f"PROXY {self.proxy_host}" if self.proxy else "DIRECT"


def environment_proxy() -> SystemProxy:
    """The *_PROXY variables (and, on Windows and macOS, what urllib reads of the OS) with
    NO_PROXY: what `requests` reads when `trust_env` is on, without its netrc."""
    env = urllib.request.getproxies_environment()
    bypass = tuple(p.strip() for p in env.pop("no", "").split(",") if p.strip())
    proxies = env or urllib.request.getproxies()
    proxies.pop("no", None)
    return SystemProxy(proxies, bypass)


def proxy_url(server: str) -> str:
    """A proxy URL requests accepts, from "host:port" or a URL."""
    return server if "://" in server else f"http://{server}"


def bypassed(host: str, patterns: tuple[str, ...]) -> bool:
    """True when `host` matches one of NO_PROXY's or the OS's exception patterns: "*", a
    name ("corp.example", also its subdomains), ".suffix" or "*.suffix", "<local>" (a name
    without dots), an address or a CIDR block ("10.0.0.0/8")."""
    host = host.strip("[]").lower()
    for raw in patterns:
        pattern = raw.strip().lower()
        if not pattern:
            continue
        if pattern == "*":
            return True
        if pattern == "<local>":
            if "." not in host and ":" not in host:
                return True
            continue
        if "/" in pattern:
            try:
                if ipaddress.ip_address(host) in ipaddress.ip_network(pattern, strict=False):
                    return True
            except ValueError:
                pass
            continue
        if "*" in pattern or "?" in pattern:
            if fnmatch.fnmatchcase(host, pattern) or fnmatch.fnmatchcase(host, pattern + ":*"):
                return True
            continue
        suffix = pattern.lstrip(".")
        if host == suffix or host.endswith("." + suffix):
            return True
    return False


def parse_pac_answer(answer: str) -> str | None:
    """The first proxy of a FindProxyForURL answer that requests can use ("PROXY h:p" and
    "HTTP h:p" as http://h:p, "HTTPS h:p" as https://h:p), or None for "DIRECT" (SOCKS entries
    are skipped: they need a library we do not ship)."""
    for part in answer.split(";"):
        words = part.split()
        if not words:
            continue
        kind = words[0].upper()
        if kind == "DIRECT":
            return None
        if kind in ("PROXY", "HTTP") and len(words) > 1:
            return f"http://{words[1]}"
        if kind == "HTTPS" and len(words) > 1:
            return f"https://{words[1]}"
    return None


def fetch_pac(url: str, ca_file: Path | None = None) -> str:
    """The text of the PAC file at `url` (http, https, file:// or a path), fetched directly
    (never through a proxy). Raises ProxyError proxy_pac_failed."""
    try:
        if "://" not in url or url.startswith("file://"):
            path = Path(url[len("file://") :] if url.startswith("file://") else url)
            return path.read_bytes()[:MAX_PAC].decode("utf-8", "replace")
        session = trusted_session(ca_file)
        try:
            resp = session.get(url, timeout=(10.0, 30.0), proxies={}, stream=True)
            body = resp.raw.read(MAX_PAC + 1, decode_content=True)
        finally:
            session.close()
        if resp.status_code != 200 or len(body) > MAX_PAC:
            raise OSError(f"HTTP {resp.status_code}, {len(body)} bytes")
        return bytes(body).decode("utf-8", "replace")
    except (OSError, requests.exceptions.RequestException, ValueError) as exc:
        raise ProxyError(
            f"cannot fetch the PAC file {url}: {exc}", code="proxy_pac_failed", url=url
        ) from exc


class ProxyResolver:
    """Picks the proxy of each request (thread-safe). `close()` ends a PAC child process."""

    def __init__(
        self,
        settings: ProxySettings | None = None,
        *,
        system: Callable[[], SystemProxy] = environment_proxy,
        credentials: ProxyCredentials | None = None,
        fetch: Callable[[str, Path | None], str] = fetch_pac,
        pac_timeout: float = PAC_TIMEOUT,
        cache_seconds: float = 300.0,
    ) -> None:
        self.settings = settings or ProxySettings()
        if self.settings.mode not in MODES:
            raise ValueError(f"unknown proxy mode {self.settings.mode!r}")
        self._system = system
        self._credentials = credentials
        self._fetch = fetch
        self._pac_timeout = pac_timeout
        self._cache_seconds = cache_seconds
        self._lock = threading.RLock()
        self._pac: dict[str, PacScript] = {}
        self._pac_failed: dict[str, tuple[float, ProxyError]] = {}
        self._routes: dict[tuple[str, str, str, int | None], tuple[float, Route]] = {}
        self._system_at = -SYSTEM_TTL
        self._system_now = SystemProxy()

    def __repr__(self) -> str:  # never the credentials
        return f"ProxyResolver(mode={self.settings.mode!r})"

    @property
    def credentials(self) -> ProxyCredentials | None:
        """The Basic credentials in use, if any."""
        return self._credentials

    def set_credentials(self, credentials: ProxyCredentials | None) -> None:
        """Uses `credentials` from the next request on (None: none)."""
        self._credentials = credentials

    def proxies_for(self, url: str) -> dict[str, str]:
        """The `proxies` argument of requests for `url` ({} for direct), with the credentials
        of that proxy when they are known. Raises ProxyError when a PAC file cannot be used."""
        route = self.route(url)
        if route.proxy is None:
            return {}
        creds = self._credentials
        proxy = route.proxy
        if creds is not None and creds.proxy == route.proxy_host:
            scheme, rest = proxy.split("://", 1)
            auth = f"{quote(creds.user, safe='')}:{quote(creds.password, safe='')}"
            proxy = f"{scheme}://{auth}@{rest}"
        return {urlsplit(url).scheme: proxy}

    def route(self, url: str) -> Route:
        """Where `url` goes. Raises ProxyError when a PAC file cannot be used."""
        parts = urlsplit(url)
        host, scheme = parts.hostname or "", parts.scheme
        mode = self.settings.mode
        if mode == "none":
            return Route(None, "none")
        if mode == "manual":
            if not self.settings.server:
                return Route(None, "manual")
            return Route(proxy_url(self.settings.server), "manual")
        if mode == "pac":
            if not self.settings.pac_url:
                raise ProxyError("no PAC file set", code="proxy_pac_failed", url="")
            return self._pac_route(self.settings.pac_url, url, host)
        system = self._system_settings()
        if system.proxies:
            if bypassed(host, system.bypass):
                return Route(None, "system")
            proxy = system.proxies.get(scheme) or system.proxies.get("all")
            return Route(proxy_url(proxy) if proxy else None, "system")
        if system.pac_url:
            return self._pac_route(system.pac_url, url, host)
        return Route(None, "system")

    def _system_settings(self) -> SystemProxy:
        now = time.monotonic()
        if now - self._system_at >= SYSTEM_TTL:
            self._system_now = self._system()
            self._system_at = now
        return self._system_now

    def _pac_route(self, pac_url: str, url: str, host: str) -> Route:
        """The PAC file's answer for `url`, kept per scheme, host and port for cache_seconds."""
        parts = urlsplit(url)
        key = (pac_url, parts.scheme, host, parts.port)
        now = time.monotonic()
        hit = self._routes.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        route = self._ask_pac(pac_url, url, host)
        with self._lock:
            self._routes[key] = (now + self._cache_seconds, route)
        return route

    def _ask_pac(self, pac_url: str, url: str, host: str) -> Route:
        script = self.pac_script(pac_url)
        try:
            answer = script.find(url, host)
        except PacFailure as failure:
            error = _pac_error(pac_url, failure, self._pac_timeout)
            with self._lock:  # a killed or broken script is loaded again after PAC_RETRY
                if self._pac.pop(pac_url, None) is not None:
                    script.close()
                self._pac_failed[pac_url] = (time.monotonic() + PAC_RETRY, error)
            raise error from failure
        return Route(parse_pac_answer(answer), "pac")

    def pac_script(self, pac_url: str) -> PacScript:
        """The loaded PAC script at `pac_url`: fetched and started once, then reused. A PAC
        that failed is tried again after PAC_RETRY seconds. Raises ProxyError."""
        with self._lock:
            script = self._pac.get(pac_url)
            if script is not None:
                return script
            failed = self._pac_failed.get(pac_url)
            if failed is not None and failed[0] > time.monotonic():
                raise failed[1]
            try:
                text = self._fetch(pac_url, self.settings.ca_file)
                try:
                    script = PacScript(text, timeout=self._pac_timeout)
                except PacFailure as failure:
                    raise _pac_error(pac_url, failure, self._pac_timeout) from failure
            except ProxyError as exc:
                log.warning("PAC file not usable: %s", exc.code)
                self._pac_failed[pac_url] = (time.monotonic() + PAC_RETRY, exc)
                raise
            self._pac[pac_url] = script
            return script

    def close(self) -> None:
        """Stops the PAC child processes and forgets the cached answers."""
        with self._lock:
            scripts, self._pac = list(self._pac.values()), {}
            self._routes.clear()
        for script in scripts:
            script.close()


def _pac_error(pac_url: str, failure: PacFailure, timeout: float) -> ProxyError:
    if failure.reason == "timeout":
        return ProxyError(
            f"the PAC file {pac_url} ran longer than {timeout:g} s",
            code="proxy_pac_timeout",
            url=pac_url,
            seconds=f"{timeout:g}",
        )
    return ProxyError(
        f"the PAC file {pac_url} does not work: {failure}", code="proxy_pac_invalid", url=pac_url
    )
