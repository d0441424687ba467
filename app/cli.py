"""`logmeets`: the command line, and with no subcommand the desktop app.

Subcommands live one per module in `app/commands/`, listed in its `__init__`. Every error from
the core is printed as a sentence that says what to do (never a traceback); unexpected ones go to
the log with their traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from app import __version__
from app.commands import commands as discover_commands
from app.commands.output import json_line
from app.exit_codes import ERROR, INTERRUPTED, UNEXPECTED, epilog, exit_status
from app.hardening import disable_core_dumps
from app.messages import describe
from app.settings import SettingsError

log = logging.getLogger(__name__)


def build_parser(commands: dict[str, ModuleType]) -> argparse.ArgumentParser:
    """The argument parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="logmeets",
        description="LogMeets Recorder: records meetings into encrypted chunks and uploads them. "
        "Without a command, starts the desktop app.",
        epilog="Data directory: --data-dir, else $LOGMEETS_HOME, else the platform's user data\n"
        "dir. `logmeets --selftest [--strict]` checks an installed copy.\n\n" + epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"logmeets {__version__}")
    parser.add_argument(
        "--hidden",
        action="store_true",
        help="start the desktop app in the tray without showing its window (as at login)",
    )
    where = "where recordings, settings and logs live (overrides $LOGMEETS_HOME)"
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help=where)
    # Also accepted after the command; SUPPRESS keeps one given before it.
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument(
        "--data-dir", type=Path, metavar="DIR", help=where, default=argparse.SUPPRESS
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in commands.items():
        p = sub.add_parser(name, help=module.HELP, description=module.HELP, parents=[data_dir])
        module.configure(p)
    return parser


NO_DISPLAY = (
    "logmeets: no graphical display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Start "
    "the app from a desktop session, or use the command line: `logmeets --help`."
)


def has_display() -> bool:
    """Whether Qt can open a window. Only Linux/BSD desktops need DISPLAY or WAYLAND_DISPLAY;
    without them Qt aborts the process instead of raising, so we ask first."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def is_core_error(error: BaseException) -> bool:
    """Errors of ours carry a stable `code`: they are explained, not dumped."""
    return isinstance(error, SettingsError) or (
        hasattr(error, "code") and type(error).__module__.split(".")[0] in _CORE
    )


_CORE = {"crypto", "outbox", "recorder", "uploader", "updates", "app"}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `logmeets` (and of `python -m app` and the frozen bundle)."""
    from app.context import Context

    # Before anything holds audio or keys in memory (docs/threat-model.md §4).
    disable_core_dumps()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--selftest"]:  # checks an installed copy: app/selftest.py
        from app.selftest import main as selftest

        return selftest(argv[1:])
    commands = discover_commands()
    args = build_parser(commands).parse_args(argv)
    ctx = None
    try:
        ctx = Context.create(args.data_dir)
        if args.command is None:
            if not has_display():
                print(NO_DISPLAY, file=sys.stderr)
                return ERROR
            from app.core.updates import apply_at_start

            if apply_at_start(ctx) is not None:
                # The staged version is in place: start it instead of carrying on in this one.
                os.execv(sys.executable, [sys.executable, *argv])  # noqa: S606
            from app.gui.main import run_gui

            return int(run_gui(ctx, hidden=args.hidden))
        return int(commands[args.command].run(args, ctx))
    except KeyboardInterrupt:
        return INTERRUPTED
    except Exception as error:
        if is_core_error(error):
            log.warning("%s failed: %s", args.command or "app", getattr(error, "code", ""))
            status = exit_status(error)
            print(f"logmeets: {describe(error)}", file=sys.stderr)
            if getattr(args, "json", False) and getattr(
                commands[args.command], "JSON_LINES", False
            ):
                # A script reading the event lines sees why they ended, without parsing stderr.
                code = str(getattr(error, "code", "error"))
                json_line("error", sys.stdout, code=code, message=describe(error), exit=status)
            return status
        log.exception("unexpected error in %s", args.command or "app")
        where = ctx.log_path if ctx else "(no log: the data directory could not be set up)"
        print(f"logmeets: {describe(_Unexpected(), log_path=where)}", file=sys.stderr)
        return UNEXPECTED


class _Unexpected(Exception):
    code = "unexpected"


if __name__ == "__main__":
    sys.exit(main())
