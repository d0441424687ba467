"""`logmeets audit verify`: check the HMAC chain of the audit log; each problem with its line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.core import Core
from app.messages import all_messages

if TYPE_CHECKING:
    from app.context import Context

NAME = "audit"
HELP = "check the audit log (logmeets audit verify)"


def configure(parser: argparse.ArgumentParser) -> None:
    """One action for now: verify."""
    sub = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    sub.add_parser("verify", help="report every edited, deleted, moved or missing line (exit 1)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Exit 0 if the chain is intact, 1 with one line per problem otherwise (a coded problem is
    followed by an indented line saying what to do). A missing audit key is an error
    (`audit_key_missing`), not a list of tampered lines."""
    check = Core(ctx).check_audit_log()
    if not check.problems:
        print(f"{check.path}: {check.entries} entries, chain intact.", file=ctx.out)
        return 0
    messages = all_messages()
    for line, reason, code in check.problems:
        print(f"{check.path}:{line}: {reason}", file=ctx.out)
        if code and f"audit.{code}" in messages:
            print(f"    {messages[f'audit.{code}']}", file=ctx.out)
    print(f"{len(check.problems)} problem(s) found in the audit log.", file=ctx.out)
    return 1
