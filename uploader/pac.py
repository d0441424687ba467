"""A PAC script (proxy auto-config, JavaScript) evaluated by pypac's dukpy engine in a child
process, so that a script that loops can be stopped.

dukpy holds the GIL while JavaScript runs: a looping `FindProxyForURL` evaluated in our process
would freeze every thread (the GUI's too), and no watchdog thread could even run. In a child
process the caller waits on a pipe with a timeout and kills the child when the time is up. The
child starts once per script (spawned, ~0.3 s) and answers every later question over the pipe.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from typing import Any

#: Seconds a PAC script may take to load or to answer one question.
PAC_TIMEOUT = 5.0
#: Seconds the child may take to start Python and import pypac before the script runs.
START_TIMEOUT = 30.0


class PacFailure(Exception):
    """The script cannot be used: `reason` is "invalid" (it does not load or throws) or
    "timeout" (it ran longer than its time)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def _serve(conn: Connection, script: str) -> None:
    """The child: loads the script, then answers (url, host) with FindProxyForURL's value."""
    try:
        from pypac.parser import PACFile

        conn.send(("imported", ""))
        pac = PACFile(script)
    except Exception as exc:  # a syntax error, no FindProxyForURL: the script is unusable
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
        return
    conn.send(("ready", ""))
    while True:
        try:
            url, host = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", str(pac.find_proxy_for_url(url, host))))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))


class PacScript:
    """One loaded PAC script. Thread-safe; `find` asks one question at a time."""

    def __init__(self, script: str, *, timeout: float = PAC_TIMEOUT) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._broken: PacFailure | None = None
        ctx = multiprocessing.get_context("spawn")  # no fork: the parent runs threads
        self._conn, child = ctx.Pipe()
        self._proc: Any = ctx.Process(
            target=_serve, args=(child, script), name="logmeets-pac", daemon=True
        )
        self._proc.start()
        child.close()
        try:
            self._expect("imported", START_TIMEOUT)
            self._expect("ready", timeout)
        except PacFailure:
            self.close()
            raise

    def _expect(self, what: str, timeout: float) -> str:
        if not self._conn.poll(timeout):
            self._broken = PacFailure("timeout", f"no answer within {timeout:g} s")
            raise self._broken
        try:
            kind, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise PacFailure("invalid", "the PAC engine stopped") from exc
        if kind == "error":
            raise PacFailure("invalid", value)
        if kind != what:
            raise PacFailure("invalid", f"unexpected answer {kind!r}")
        return str(value)

    def find(self, url: str, host: str) -> str:
        """FindProxyForURL(url, host): e.g. "PROXY proxy:3128; DIRECT". Raises PacFailure;
        after a timeout the script is dropped and every later question fails the same way."""
        with self._lock:
            if self._broken is not None:
                raise self._broken
            try:
                self._conn.send((url, host))
            except (OSError, ValueError) as exc:
                raise PacFailure("invalid", "the PAC engine stopped") from exc
            try:
                return self._expect("ok", self.timeout)
            except PacFailure as failure:
                if failure.reason == "timeout":
                    self._kill()
                raise

    def _kill(self) -> None:
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(5)

    def close(self) -> None:
        """Stops the child process."""
        self._conn.close()
        self._kill()
