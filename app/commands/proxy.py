"""`logmeets proxy show | test URL | login | forget`: which proxy uploads and updates go
through, one request through it, and the proxy's sign-in (Basic credentials, kept in the OS
keyring only)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING

from app.core.errors import CoreError
from app.core.proxy import check_proxy, forget_proxy, proxy_for, sign_in_to_proxy

if TYPE_CHECKING:
    from app.context import Context

NAME = "proxy"
HELP = "show and test the proxy, and sign in to it (proxy show|test URL|login|forget)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds the actions show, test URL, login and forget."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the proxy mode and where the server's requests go")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    test = actions.add_parser("test", help="send one request to URL through the proxy")
    test.add_argument("url", metavar="URL")
    login = actions.add_parser("login", help="keep a user name and password for the proxy")
    login.add_argument("--user", required=True, metavar="NAME")
    login.add_argument(
        "--proxy", metavar="HOST:PORT", help="the proxy (default: the one the server's URL uses)"
    )
    login.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    actions.add_parser("forget", help="delete the proxy's user name and password")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Runs one action."""
    return int(
        {"show": _show, "test": _test, "login": _login, "forget": _forget}[args.action](args, ctx)
    )


def _targets(ctx: Context) -> dict[str, str]:
    s = ctx.settings
    named = {"server": s.server_url or s.tus_endpoint, "updates": s.update_url}
    return {k: v for k, v in named.items() if v}


def _show(args: argparse.Namespace, ctx: Context) -> int:
    s = ctx.settings
    resolver = ctx.proxy()
    report: dict[str, object] = {"mode": s.proxy_mode}
    if s.proxy_mode == "pac":
        report["pac_url"] = s.proxy_pac_url
    if s.proxy_mode == "manual":
        report["server"] = s.proxy_server
    report["routes"] = {k: resolver.route(url).describe() for k, url in _targets(ctx).items()}
    creds = resolver.credentials
    report["credentials"] = {"proxy": creds.proxy, "user": creds.user} if creds else None
    if args.json:
        print(json.dumps(report, indent=2), file=ctx.out)
        return 0
    for key, value in report.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        print(f"{key}: {value if value is not None else '-'}", file=ctx.out)
    return 0


def _test(args: argparse.Namespace, ctx: Context) -> int:
    route = ctx.proxy().route(args.url)
    print(f"{args.url}: {route.describe()} ({route.via})", file=ctx.out)
    check = check_proxy(ctx.proxy(), ctx.settings, args.url)
    print(f"HTTP {check.status}: the request got through.", file=ctx.out)
    return 0


def _login(args: argparse.Namespace, ctx: Context) -> int:
    resolver = ctx.proxy()
    store = ctx.keystore()  # a missing keyring is reported before the password is asked
    proxy = args.proxy
    if not proxy:
        targets = _targets(ctx)
        proxy = next((p for url in targets.values() if (p := proxy_for(resolver, url))), None)
    if not proxy:
        raise CoreError("no proxy is in use", code="no_proxy_in_use")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"Password for {args.user} at the proxy {proxy}: ")
    creds = sign_in_to_proxy(resolver, store, proxy, args.user, password)
    print(f"The proxy {creds.proxy} will be signed in to as {creds.user}.", file=ctx.out)
    return 0


def _forget(args: argparse.Namespace, ctx: Context) -> int:
    had = forget_proxy(ctx.proxy(), ctx.keystore())
    print("Proxy sign-in forgotten." if had else "No proxy sign-in was stored.", file=ctx.out)
    return 0
