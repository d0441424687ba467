"""TUF's downloads over the uploader's TLS rules: the OS trust store, the CA file, the SPKI pin
(uploader.trusted_session). No redirects, a timeout on every read, and plain http only to
loopback (uploader.check_url). TUF caps every file's length while it is read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import requests
from tuf.api.exceptions import DownloadHTTPError
from tuf.ngclient.fetcher import FetcherInterface

from uploader import (
    Proxies,
    check_url,
    host_port,
    network_error,
    proxies_for,
    proxy_auth_needed,
    trusted_session,
)

#: (connect, read) seconds; read is the longest silence tolerated, not the whole download.
TIMEOUT = (10.0, 30.0)
_PIECE = 64 * 1024


class TrustedFetcher(FetcherInterface):
    """A `tuf.ngclient.FetcherInterface` over one `trusted_session`."""

    def __init__(
        self,
        ca_file: Path | None = None,
        spki_pin: str | None = None,
        session: requests.Session | None = None,
        proxy: Proxies | None = None,
    ) -> None:
        self._session = session or trusted_session(ca_file, spki_pin)
        #: The proxy resolver uploads use too; None: the environment's proxies.
        self._proxy = proxy
        #: The file name of the last URL fetched (which one a refusal was about).
        self.last_name = ""

    def _fetch(self, url: str) -> Iterator[bytes]:
        self.last_name = url.rstrip("/").rsplit("/", 1)[-1]
        check_url(url)
        proxies = self._proxy.proxies_for(url) if self._proxy is not None else proxies_for(url)
        try:
            resp = self._session.get(
                url, stream=True, timeout=TIMEOUT, allow_redirects=False, proxies=proxies
            )
        except requests.exceptions.RequestException as exc:
            raise network_error(exc, url, _proxy_of(proxies)) from exc
        if resp.status_code == 407 and proxies:
            resp.close()
            raise proxy_auth_needed(url, _proxy_of(proxies))
        if resp.status_code != 200:
            resp.close()
            raise DownloadHTTPError(f"HTTP {resp.status_code} for {url}", resp.status_code)
        return self._pieces(resp, url)

    @staticmethod
    def _pieces(resp: requests.Response, url: str) -> Iterator[bytes]:
        try:
            yield from resp.iter_content(_PIECE)
        except requests.exceptions.RequestException as exc:
            raise network_error(exc, url) from exc
        finally:
            resp.close()

    def close(self) -> None:
        """Closes the session's connections."""
        self._session.close()


def _proxy_of(proxies: dict[str, str]) -> str:
    return next((host_port(p) for p in proxies.values()), "")
