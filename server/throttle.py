"""Login throttling (docs/protocol.md §4): every attempt is counted *before* the slow password
hash, per account and per source address, with a lock that doubles at each lockout.

A device that signed in before presents its device proof (`server.devices`); its attempts are
then counted against that device instead of the account, so an attack on the account does not
lock its owner out (the OWASP "device cookie" pattern).

Only the event loop calls this class, and `admit` checks and counts without an `await` in
between: concurrent attempts cannot all pass the check before any of them is counted. (The
shared backends' `DbThrottle` runs each step in a worker thread, as one database transaction
that locks its rows: the event loop must not wait on another replica's lock.) An attempt
that finds the allowance taken by attempts still being checked waits for their outcome
(`admit_when_settled`): after failures it is refused, after a success it goes ahead, so that a
burst of right sign-ins is not refused for being simultaneous (they would queue for the two
scrypt slots anyway).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import anyio

from server.errors import ServerError

T = TypeVar("T")
RECHECK = 1.0  # seconds between two looks of a waiting sign-in
_MAX_KEYS = 100_000  # bounded memory under a flood of made-up names and addresses


@dataclass
class _Bucket:
    attempts: int = 0  # failed or in-flight attempts since the last success or quiet period
    lockouts: int = 0  # locks so far: the next one lasts base_delay * 2**lockouts
    locked_until: float = 0.0
    last: float = 0.0


@dataclass(frozen=True)
class ThrottleKeys:
    """The buckets one attempt counts against, each with its allowance: the account's or the
    known device's (`who`), and the source address's unless the device is known."""

    who: tuple[str, int]
    address: tuple[str, int] | None

    @property
    def keys(self) -> tuple[tuple[str, int], ...]:
        """Every (bucket, allowance) of the attempt."""
        return (self.who,) if self.address is None else (self.address, self.who)


@dataclass
class LoginThrottle:
    """Counts sign-in attempts per key; refuses with 429 and `Retry-After` while locked."""

    account_failures: int = 5
    address_failures: int = 20
    base_delay: float = 60.0
    max_delay: float = 3600.0
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _waiters: deque[anyio.Event] = field(default_factory=deque)  # for admit_when_settled

    def keys(self, address: str, user: str, *, device: str | None) -> ThrottleKeys:
        """The buckets of an attempt: the account and the source address; or, when the attempt
        carries a valid device proof, that device of the account alone (so that neither an
        attack on the account nor one from the same address locks its owner out)."""
        if device is not None:
            return ThrottleKeys((f"device:{user}\n{device}", self.account_failures), None)
        return ThrottleKeys(
            (f"account:{user}", self.account_failures),
            (f"address:{address}", self.address_failures),
        )

    def _bucket(self, key: str, now: float) -> _Bucket:
        b = self._buckets.get(key)
        if b is None:
            if len(self._buckets) >= _MAX_KEYS:
                self._prune(now)
            b = self._buckets[key] = _Bucket(last=now)
        elif now >= b.locked_until and now - b.last >= self.max_delay * 2:
            b.attempts = b.lockouts = 0  # quiet long enough: a clean slate
        return b

    def _prune(self, now: float) -> None:
        # A flood of made-up names must not wipe the locks that matter: keep those first.
        self._buckets = {
            k: b for k, b in self._buckets.items() if b.locked_until > now or b.lockouts
        }
        if len(self._buckets) >= _MAX_KEYS:
            self._buckets.clear()

    def retry_after(self, keys: ThrottleKeys) -> int:
        """Seconds until an attempt with these keys may be admitted (0: now)."""
        now = self.clock()
        wait = 0.0
        for key, allowed in keys.keys:
            b = self._bucket(key, now)
            if now < b.locked_until:
                wait = max(wait, b.locked_until - now)
            elif b.attempts >= allowed:
                wait = max(wait, 1.0)  # the allowance is taken by attempts still in flight
        return 0 if wait <= 0 else max(1, int(wait + 0.999))

    def _in_flight_only(self, keys: ThrottleKeys) -> bool:
        now = self.clock()
        full = False
        for key, allowed in keys.keys:
            b = self._bucket(key, now)
            if now < b.locked_until:
                return False
            full = full or b.attempts >= allowed
        return full

    async def admit_when_settled(self, keys: ThrottleKeys, *, wait: float = 30.0) -> None:
        """`admit`, after waiting (at most `wait` seconds, well inside a proxy's or client's
        timeout) while the allowance is taken only by attempts still in flight. Each right
        sign-in frees one place and wakes one waiter, in arrival order; a wrong one wakes all
        (they may now be locked out). Waiters also look again every `RECHECK` seconds: another
        replica's outcomes wake nobody here."""
        deadline = anyio.current_time() + wait
        while await self._step(self._in_flight_only, keys) and anyio.current_time() < deadline:
            woken = anyio.Event()
            self._waiters.append(woken)
            try:
                with anyio.move_on_after(min(RECHECK, deadline - anyio.current_time())):
                    await woken.wait()
            finally:
                if woken in self._waiters:
                    self._waiters.remove(woken)
        await self._step(self.admit, keys)

    async def outcome(self, keys: ThrottleKeys, *, right: bool) -> None:
        """`succeeded` or `failed` for an admitted attempt; wakes who waits for its place."""
        await self._step(self.succeeded if right else self.failed, keys)
        while self._waiters:
            self._waiters.popleft().set()
            if right:
                break

    async def _step(self, step: Callable[[ThrottleKeys], T], keys: ThrottleKeys) -> T:
        return step(keys)  # on the event loop: no await between a check and its count

    def admit(self, keys: ThrottleKeys) -> None:
        """Count one attempt against every key, or raise 429 without counting it."""
        retry = self.retry_after(keys)
        if retry:
            raise ServerError(
                "Too many sign-in attempts; wait and try again.",
                code="too_many_requests",
                status=429,
                headers={"Retry-After": str(retry)},
            )
        now = self.clock()
        for key, _allowed in keys.keys:
            b = self._bucket(key, now)
            b.attempts += 1
            b.last = now

    def failed(self, keys: ThrottleKeys) -> None:
        """The admitted attempt was wrong: it stays counted; a full allowance locks."""
        now = self.clock()
        for key, allowed in keys.keys:
            b = self._bucket(key, now)
            b.last = now
            if b.attempts >= allowed:
                delay = min(self.max_delay, self.base_delay * 2**b.lockouts)
                b.locked_until = now + delay
                b.lockouts += 1
                b.attempts = allowed - 1  # after the lock: one more try, then a longer lock

    def succeeded(self, keys: ThrottleKeys) -> None:
        """The admitted attempt was right: the account (or device) starts afresh; the address
        only gets this attempt back (a valid account must not wipe a spraying address)."""
        if keys.address is not None:
            a = self._bucket(keys.address[0], self.clock())
            a.attempts = max(0, a.attempts - 1)
        self._buckets.pop(keys.who[0], None)
