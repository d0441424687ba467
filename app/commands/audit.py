"""`logmeets audit verify`: check the HMAC chain of the audit log; each problem with its line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import Context

NAME = "audit"
HELP = "check the audit log (logmeets audit verify)"


def configure(parser: argparse.ArgumentParser) -> None:
    """One action for now: verify."""
    sub = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    sub.add_parser("verify", help="report every edited, deleted, moved or missing line (exit 1)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Exit 0 if the chain is intact, 1 with one line per problem otherwise."""
    from app.context import AUDIT_NAME
    from outbox import verify_audit_log

    path = ctx.data_dir / AUDIT_NAME
    problems = verify_audit_log(path, ctx.device_keys().audit_key())
    if not problems:
        lines = path.read_bytes().count(b"\n") if path.exists() else 0
        print(f"{path}: {lines} entries, chain intact.", file=ctx.out)
        return 0
    for p in problems:
        print(f"{path}:{p.line}: {p.reason}", file=ctx.out)
    print(f"{len(problems)} problem(s) found in the audit log.", file=ctx.out)
    return 1
