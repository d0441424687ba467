"""The one seam between the uploader and the network: HTTPS requests over a keep-alive
`requests.Session`, with timeouts on every request and TLS verification that cannot be
switched off.

Trust: the OS trust store (truststore), plus an optional extra CA file, plus an optional SPKI
pin checked on every new connection. requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override
`Session.verify`; the adapter below ignores `verify` altogether and always uses our own
SSLContext, so neither the environment nor a caller can weaken or replace it.

Proxies are picked per request by a `ProxyResolver` (uploader/proxy.py: system settings, a PAC
file, a manual proxy or none), by default from the environment (*_PROXY with NO_PROXY) and the
OS. `trust_env` stays off: it would also let `~/.netrc` replace the bearer header. A proxy that
answers 407 raises ProxyError `proxy_auth_needed`.
An answer's body is read up to MAX_ANSWER bytes; a longer one is refused (`answer_too_large`).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import logging
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol
from urllib.parse import urlsplit

import requests
import truststore
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager

from uploader.body import SEND_BLOCK, PieceBody
from uploader.errors import (
    ClientTooOld,
    HTTPStatusError,
    InsecureURLError,
    NetworkError,
    ProtocolError,
    ProxyError,
    TLSError,
    UploadError,
)
from uploader.retry import parse_retry_after

log = logging.getLogger(__name__)

USER_AGENT = "LogMeets-Recorder/0.1"
MAX_ANSWER = 4 * 1024 * 1024  # bytes of an answer body read at most (receipts are small)
#: The client's version on every request, so a server can refuse one too old (426).
CLIENT_VERSION_HEADER = "LogMeets-Client-Version"
MIN_VERSION_HEADER = "LogMeets-Min-Client-Version"
DEFAULT_TIMEOUT = (10.0, 60.0)  # (connect, read) seconds; read = longest silence tolerated
_PIN_MARK = "logmeets-spki-pin-mismatch"
#: How http.client reports a CONNECT the proxy refused for want of credentials.
_PROXY_407 = re.compile(r"Tunnel connection failed: 407")

Body = bytes | memoryview | BinaryIO | PieceBody | None


@dataclass(frozen=True)
class Reply:
    """An HTTP answer, read in full. Headers are case-insensitive."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str  # the URL that was requested (relative Locations resolve against it)

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def error_code(self) -> str | None:
        """The `error` code of a JSON body (`{"error": "session_superseded"}`), or None."""
        body = self.json() if self.body else None
        code = body.get("error") if isinstance(body, dict) else None
        return code if isinstance(code, str) else None


def status_error(reply: Reply, what: str) -> HTTPStatusError:
    """An HTTPStatusError for an answer the caller did not expect, with the body's `error` code
    and the server's `Retry-After` when present."""
    code = reply.error_code
    if reply.status == 426:
        # A HEAD answer has no body: the minimum is in a header too (docs/protocol.md §8).
        body = reply.json() if reply.body else None
        minimum = body.get("min_version") if isinstance(body, dict) else None
        minimum = minimum or reply.headers.get(MIN_VERSION_HEADER, "")
        return ClientTooOld(
            f"{what}: HTTP 426, the server needs LogMeets {minimum or 'newer'}",
            status=426,
            error=code or "client_too_old",
            url=reply.url,
            min_version=str(minimum)[:32],
        )
    return HTTPStatusError(
        f"{what}: HTTP {reply.status}" + (f" {code}" if code else ""),
        status=reply.status,
        error=code,
        retry_after=parse_retry_after(reply.headers.get("Retry-After")),
        url=reply.url,
    )


class Proxies(Protocol):
    """Picks the proxy of each request (`uploader.proxy.ProxyResolver`)."""

    def proxies_for(self, url: str) -> dict[str, str]:
        """The `proxies` argument of requests for `url` ({} for direct)."""
        ...


def host_port(proxy: str) -> str:
    """ "host:port" of a proxy URL or of a bare "host:port" (port 80 when none is given)."""
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port or 80}"


class Transport(Protocol):
    """What the tus client, the session and the receipts need from the network."""

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: Body = None,
        timeout: tuple[float, float] | None = None,
    ) -> Reply: ...

    def close(self) -> None: ...


def spki_sha256(der_cert: bytes) -> str:
    """base64 of the sha256 of a DER certificate's SubjectPublicKeyInfo (the HPKP pin form)."""
    cert = x509.load_der_x509_certificate(der_cert)
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def normalise_pin(pin: str) -> str:
    """Accepts `sha256/BASE64`, bare base64, or hex; returns bare base64."""
    pin = pin.strip()
    if pin.startswith("sha256/"):
        pin = pin[len("sha256/") :]
    if len(pin) == 64 and all(c in "0123456789abcdefABCDEF" for c in pin):
        return base64.b64encode(bytes.fromhex(pin)).decode("ascii")
    return pin


def is_loopback(host: str | None) -> bool:
    """True for localhost and loopback addresses (the only hosts plain http may reach)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Raises InsecureURLError unless `url` is https, or http to a loopback address."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback(parts.hostname):
        return
    raise InsecureURLError(f"refusing non-HTTPS URL {url}", url=url)


def make_ssl_context(ca_file: Path | None) -> ssl.SSLContext:
    """The OS trust store, plus `ca_file` when given. Verification and hostname checks on."""
    ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_file is not None:
        try:
            ctx.load_verify_locations(cafile=str(ca_file))
        except (OSError, ssl.SSLError, ValueError) as exc:
            raise TLSError(
                f"cannot use CA file {ca_file}: {exc}", code="ca_file_unreadable", path=str(ca_file)
            ) from exc
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def _pinned_pool_class(pin: str) -> type[HTTPSConnectionPool]:
    """An HTTPS pool whose connections check the server's SPKI against `pin` once connected,
    before any request byte is written."""

    class PinnedConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            sock: Any = self.sock  # ssl.SSLSocket, or urllib3's SSLTransport through a proxy
            der = sock.getpeercert(binary_form=True) if sock is not None else None
            if not der or spki_sha256(der) != pin:
                self.close()
                raise ssl.SSLError(f"{_PIN_MARK}: the server's key does not match the pin")

    class PinnedPool(HTTPSConnectionPool):
        ConnectionCls = PinnedConnection

    return PinnedPool


class _TrustAdapter(HTTPAdapter):
    """An HTTPAdapter that always verifies with our SSLContext, whatever `verify` says."""

    def __init__(self, ctx: ssl.SSLContext, pin: str | None, pool_maxsize: int = 4) -> None:
        self._ctx = ctx
        self._pin = pin
        super().__init__(pool_connections=2, pool_maxsize=pool_maxsize, max_retries=0)

    def _pin_pools(self, manager: PoolManager) -> None:
        if self._pin is not None:
            pool_cls: type[HTTPConnectionPool] = _pinned_pool_class(self._pin)
            manager.pool_classes_by_scheme = {"http": HTTPConnectionPool, "https": pool_cls}

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._ctx
        kwargs["blocksize"] = SEND_BLOCK  # how much of a PieceBody urllib3 reads at a time
        super().init_poolmanager(*args, **kwargs)
        self._pin_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._ctx
        proxy_kwargs["blocksize"] = SEND_BLOCK
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        self._pin_pools(manager)
        return manager

    def build_connection_pool_key_attributes(  # type: ignore[override]
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[Any, dict[str, Any]]:
        host_params, _ignored = super().build_connection_pool_key_attributes(request, True, cert)
        return host_params, {"ssl_context": self._ctx, "cert_reqs": "CERT_REQUIRED"}

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # requests would set conn.ca_certs to a CA bundle path (from `verify` or the
        # environment), which urllib3 then loads into our context: skip it, keep ours.
        conn.cert_reqs = "CERT_REQUIRED"


def trusted_session(
    ca_file: Path | None = None, spki_pin: str | None = None, user_agent: str = USER_AGENT
) -> requests.Session:
    """A requests.Session that trusts what uploads trust and nothing else: the OS trust store,
    `ca_file`, and the SPKI pin on every new connection (updates use it too, updates/fetcher.py).
    """
    pin = normalise_pin(spki_pin) if spki_pin else None
    session = requests.Session()
    # No trust_env: it reads ~/.netrc (whose Basic auth replaces our bearer header) and the CA
    # bundle variables; callers pass proxies explicitly (`proxies_for`).
    session.trust_env = False
    adapter = _TrustAdapter(make_ssl_context(ca_file), pin)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = user_agent
    return session


def proxies_for(url: str) -> dict[str, str]:
    """The proxies for `url` from the environment and the OS (NO_PROXY honoured), never netrc."""
    return dict(requests.utils.get_environ_proxies(url))


def _proxy_of(proxies: Mapping[str, str]) -> str:
    """host:port of the one proxy in a requests `proxies` dict ("" when direct)."""
    return next((host_port(p) for p in proxies.values()), "")


@dataclass
class HTTPTransport:
    """The production transport. One per server; thread-safe for one caller at a time."""

    ca_file: Path | None = None
    spki_pin: str | None = None
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    user_agent: str = USER_AGENT
    #: Sent as `LogMeets-Client-Version` on every request when set.
    client_version: str | None = None
    #: Picks each request's proxy; None: the environment's and the OS's (`proxies_for`).
    proxy: Proxies | None = None
    _session: requests.Session = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._session = trusted_session(self.ca_file, self.spki_pin, self.user_agent)
        if self.client_version:
            self._session.headers[CLIENT_VERSION_HEADER] = self.client_version

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: Body = None,
        timeout: tuple[float, float] | None = None,
    ) -> Reply:
        """Sends one request and reads the whole answer. Network failures raise NetworkError or
        TLSError; any HTTP status is returned (the caller decides what it means)."""
        check_url(url)
        proxies = self.proxy.proxies_for(url) if self.proxy is not None else proxies_for(url)
        try:
            resp = self._session.request(
                method,
                url,
                headers=dict(headers or {}),
                data=body,  # type: ignore[arg-type]  # bytes-like and files are fine
                timeout=timeout or self.timeout,
                allow_redirects=False,  # a redirect of a PATCH would drop its body
                verify=True,  # ignored by our adapter; stated for the reader
                proxies=proxies,
                stream=True,  # read by _read_capped, never more than MAX_ANSWER
            )
            if resp.status_code == 407 and proxies:  # plain http through a proxy
                resp.close()
                raise proxy_auth_needed(url, _proxy_of(proxies))
            content = _read_capped(resp, url)
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            # SSLError, ProxyError and ConnectTimeout are ConnectionErrors; a TLS failure inside a
            # proxy tunnel arrives as a ProxyError, so classify by cause, not by wrapper.
            raise network_error(exc, url, _proxy_of(proxies)) from exc
        except requests.exceptions.ChunkedEncodingError as exc:
            raise NetworkError(f"answer cut: {url}", code="connection_lost", url=url) from exc
        except requests.exceptions.InvalidURL as exc:
            raise InsecureURLError(f"invalid URL {url}", code="invalid_url", url=url) from exc
        except requests.exceptions.RequestException as exc:  # anything else requests raises
            raise NetworkError(f"request failed: {url}: {exc}", code="connection_lost") from exc
        return Reply(resp.status_code, CaseInsensitiveDict(resp.headers), content, url)

    def close(self) -> None:
        """Closes the session and every connection (an abort mid-request ends that request)."""
        self._session.close()


def _read_capped(resp: requests.Response, url: str) -> bytes:
    """The answer's body, at most MAX_ANSWER bytes: a server cannot make the client read (and
    hold) gigabytes. Raises ProtocolError `answer_too_large` (the connection is dropped)."""
    try:
        declared = int(resp.headers.get("Content-Length", "0"))
        parts: list[bytes] = []
        size = 0
        if declared <= MAX_ANSWER:
            for block in resp.iter_content(64 * 1024):
                size += len(block)
                if size > MAX_ANSWER:
                    break
                parts.append(block)
        if declared > MAX_ANSWER or size > MAX_ANSWER:
            raise ProtocolError(
                f"the answer from {url} is larger than {MAX_ANSWER} bytes",
                code="answer_too_large",
                url=url,
                limit=MAX_ANSWER,
            )
        return b"".join(parts)
    except ValueError:  # an unreadable Content-Length
        raise ProtocolError(f"unreadable Content-Length from {url}", url=url) from None
    finally:
        resp.close()  # after a full read the connection goes back to the pool; else dropped


def proxy_auth_needed(url: str, proxy: str) -> ProxyError:
    """The error of a 407 from `proxy` (host:port): sign in to the proxy."""
    return ProxyError(
        f"the proxy {proxy} asks for a sign-in (407)",
        code="proxy_auth_needed",
        url=url,
        proxy=proxy,
    )


def network_error(
    exc: requests.exceptions.RequestException, url: str, proxy: str = ""
) -> UploadError:
    """The UploadError for a request that got no HTTP answer (TLS, pin, offline, timeout, a
    proxy that wants a sign-in). `proxy` is the host:port of the proxy used, if any."""
    if any(_PROXY_407.search(str(e)) for e in _chain(exc)):
        return proxy_auth_needed(url, proxy)
    if any(_PIN_MARK in str(e) for e in _chain(exc)):
        return TLSError(
            "the server's key does not match the configured pin", code="tls_pin_mismatch", url=url
        )
    if _caused_by(exc, ssl.SSLCertVerificationError):
        return TLSError(f"TLS verification failed: {exc}", code="tls_untrusted", url=url)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return NetworkError(f"connect timed out: {url}", code="offline", url=url)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return NetworkError(f"no answer in time: {url}", code="timeout", url=url)
    if _is_connect_failure(exc):
        return NetworkError(f"cannot connect: {url}", code="offline", url=url)
    # A reset, a cut body, a TLS record or EOF error: the line broke, not the trust. Retry.
    return NetworkError(f"connection lost: {url}: {exc}", code="connection_lost", url=url)


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and what caused it (requests and urllib3 wrap errors in args and reasons)."""
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and all(cur is not e for e in out) and len(out) < 20:
        out.append(cur)
        if isinstance(cur, MaxRetryError) and cur.reason is not None:
            cur = cur.reason
            continue
        nxt = cur.args[0] if cur.args and isinstance(cur.args[0], BaseException) else None
        cur = nxt or cur.__cause__ or cur.__context__
    return out


def _caused_by(
    exc: BaseException, kind: type[BaseException] | tuple[type[BaseException], ...]
) -> bool:
    return any(isinstance(e, kind) for e in _chain(exc))


def _is_connect_failure(exc: BaseException) -> bool:
    """True when the error happened while connecting (nothing was sent)."""
    return _caused_by(exc, (NewConnectionError, NameResolutionError, ConnectionRefusedError))
