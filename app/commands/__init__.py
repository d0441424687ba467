"""`logmeets` subcommands, one module each, listed here explicitly (a frozen bundle has no
module files for pkgutil to find).

Each module defines `NAME`, `HELP`, `configure(parser)` and `run(args, ctx) -> int`.
"""

from __future__ import annotations

from types import ModuleType

from app.commands import (
    audit,
    devices,
    diagnostics,
    export,
    forget,
    history,
    list,
    login,
    logout,
    proxy,
    record,
    recover,
    sync,
    update,
    verify,
)

ALL: tuple[ModuleType, ...] = (
    audit,
    devices,
    diagnostics,
    export,
    forget,
    history,
    list,
    login,
    logout,
    proxy,
    record,
    recover,
    sync,
    update,
    verify,
)


def commands() -> dict[str, ModuleType]:
    """Every command module by its NAME, in alphabetical order."""
    return {module.NAME: module for module in sorted(ALL, key=lambda m: str(m.NAME))}
