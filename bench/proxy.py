"""What choosing a proxy costs per request (uploads and update downloads ask the resolver on
every request), as a ratio against the baseline run in the same script: one request over a
kept-alive loopback connection through the real transport. Modes: none, manual, system (the
environment, read once per 30 s), a PAC file whose answer is cached (the normal case: one
dictionary look-up per request), and a PAC file asked every time (cache off: a round trip to
the PAC child process). No real part needed:

    .venv/bin/python bench/proxy.py [--requests 2000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import http.server
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from uploader import HTTPTransport, ProxyResolver, ProxySettings  # noqa: E402

PAC = """function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, ".corp.example") || isPlainHostName(host)) return "DIRECT";
  if (shExpMatch(host, "*.upload.example")) return "PROXY proxy.corp.example:3128; DIRECT";
  return "PROXY proxy.corp.example:8080";
}
"""
URL = "https://rec.upload.example/files/0123456789abcdef"


class _Quiet(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the uploads

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def per_call(fn: Callable[[], object], n: int, repeats: int) -> float:
    """Median over `repeats` of the mean seconds of one call, over `n` calls."""
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(n):
            fn()
        runs.append((time.perf_counter() - started) / n)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    loopback = f"http://127.0.0.1:{httpd.server_address[1]}/files/"
    transport = HTTPTransport(proxy=ProxyResolver(ProxySettings("none")))
    transport.request("OPTIONS", loopback)  # the connection is open from here on
    request = per_call(
        lambda: transport.request("OPTIONS", loopback), args.requests // 4, args.repeats
    )
    transport.close()
    httpd.shutdown()

    with tempfile.TemporaryDirectory() as tmp:
        pac = Path(tmp) / "proxy.pac"
        pac.write_text(PAC)
        resolvers = {
            "none": ProxyResolver(ProxySettings("none")),
            "manual": ProxyResolver(ProxySettings("manual", server="proxy.corp.example:3128")),
            "system (environment)": ProxyResolver(ProxySettings("system")),
            "PAC, answer cached": ProxyResolver(ProxySettings("pac", pac_url=pac.as_uri())),
            "PAC, asked every time": ProxyResolver(
                ProxySettings("pac", pac_url=pac.as_uri()), cache_seconds=0.0
            ),
        }
        print(f"one loopback request (baseline): {request * 1e6:.0f} µs")
        try:
            for name, resolver in resolvers.items():
                resolver.proxies_for(URL)  # the PAC is fetched and its child started here
                n = args.requests if "every time" not in name else args.requests // 10
                cost = per_call(lambda r=resolver: r.proxies_for(URL), n, args.repeats)
                print(
                    f"{name:>24}: {cost * 1e6:8.2f} µs per request, "
                    f"{cost / request:.4f} of one request"
                )
        finally:
            for resolver in resolvers.values():
                resolver.close()


if __name__ == "__main__":
    main()
