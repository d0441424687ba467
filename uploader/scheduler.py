"""The sync thread: runs engine passes whenever there is work, shows why it waits, and never
gives up on a pending chunk.

Sealed chunks go as they appear (the outbox's `ChunkSealed` wakes the thread), oldest
recording first (the outbox orders them). A lost connection is retried as soon as the
connectivity monitor sees the server again, not when the backoff runs out. `run_once()` is the
`logmeets sync --once` variant: it gives up after a few failures without progress and returns
a summary instead of waiting forever.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from crypto import KeyStore
from outbox import ChunkSealed, EventBus, Outbox, RecordingStateChanged
from uploader.connectivity import ConnectivityMonitor
from uploader.engine import PassSummary, SyncEngine
from uploader.errors import AuthError, CustodyError, NetworkError, UploadError
from uploader.events import SyncState, SyncStatus
from uploader.ratelimit import TokenBucket
from uploader.receipts import Confirmer, HeadConfirmer, ReceiptConfirmer
from uploader.retry import Backoff, BoundedBackoff, Waiter
from uploader.signin import SignInSession, StaticToken
from uploader.transport import DEFAULT_TIMEOUT, HTTPTransport, Proxies, Transport
from uploader.tus import DEFAULT_PIECE, MAX_PIECE, Stopped, TusClient

log = logging.getLogger(__name__)

IDLE_POLL = 30.0  # seconds between cheap outbox polls when no event woke us
AUTH_POLL = 30.0  # seconds between checks for a new sign-in (another process may log in)


@dataclass(frozen=True)
class SyncConfig:
    """Everything the uploader needs from the settings (no secrets: those are in the keyring).

    With `server_url` the client speaks the LogMeets API (sessions, receipts, manifests);
    with only `tus_endpoint` it uploads to a plain tus server with weaker confirmation."""

    server_url: str | None = None
    tus_endpoint: str | None = None
    ca_file: Path | None = None
    spki_pin: str | None = None
    bandwidth_limit_kbps: int = 0
    device_id: str = ""
    device_name: str = ""
    client_version: str = "0.1.0"
    piece_size: int = DEFAULT_PIECE  # the first piece; later ones follow the measured speed
    max_piece_size: int = MAX_PIECE
    # The organisation recipient an administrator pinned (managed config, locked): a server
    # that announces another is refused (CustodyError org_recipient_changed).
    pinned_org_recipient: str | None = None
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    #: Picks each request's proxy (shared with update downloads); None: the environment's.
    proxy: Proxies | None = None
    backoff_base: float = 1.0  # first retry within a second (full jitter)
    backoff_cap: float = 300.0  # never more than five minutes between tries
    once_seconds: float = 1800.0  # `sync --once`: after this, the next failure ends the run

    @property
    def plain_tus(self) -> bool:
        """True when uploading to a plain tus server (no receipt API)."""
        return not self.server_url and bool(self.tus_endpoint)


def check_announced_recipient(pinned: str | None, announced: str | None) -> None:
    """CustodyError(org_recipient_changed) when the administrator pinned an organisation
    recipient and the server announces another: the server may not be the organisation's."""
    if pinned and announced and announced.strip() != pinned.strip():
        raise CustodyError(
            "the server announces another organisation recipient than the pinned one",
            code="org_recipient_changed",
            pinned=pinned,
            announced=announced,
        )


class SyncScheduler:
    """Owns the sync thread. Thread-safe controls: start, stop, wake, network_changed."""

    def __init__(
        self,
        outbox: Outbox,
        config: SyncConfig,
        keystore: KeyStore | None,
        *,
        events: EventBus | None = None,
        transport: Transport | None = None,
    ) -> None:
        if not config.server_url and not config.tus_endpoint:
            raise UploadError("no server configured", code="no_server")
        self.outbox = outbox
        self.config = config
        self.events = events
        self.transport: Transport = transport or HTTPTransport(
            ca_file=config.ca_file,
            spki_pin=config.spki_pin,
            timeout=config.timeout,
            client_version=config.client_version,
            proxy=config.proxy,
        )
        self.waiter = Waiter()
        self._work = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: SyncStatus | None = None
        self.signin: SignInSession | None = None  # None on a plain tus server
        auth: SignInSession | StaticToken
        if config.plain_tus:
            assert config.tus_endpoint is not None
            auth = StaticToken(keystore)
            endpoint = config.tus_endpoint
        else:
            assert config.server_url is not None and keystore is not None
            auth = self.signin = SignInSession(
                self.transport,
                config.server_url,
                keystore,
                device_id=config.device_id,
                device_name=config.device_name,
                client_version=config.client_version,
            )
            endpoint = ""  # known after the first refresh
        self.tus = TusClient(
            self.transport,
            endpoint,
            auth=auth,
            piece_size=config.piece_size,
            max_piece=config.max_piece_size,
            limiter=TokenBucket.from_kbps(config.bandwidth_limit_kbps),
            waiter=self.waiter,
        )
        confirmer: Confirmer = (
            HeadConfirmer(self.tus) if self.signin is None else ReceiptConfirmer(self.signin)
        )
        self.engine = SyncEngine(
            outbox,
            self.tus,
            confirmer,
            events=events,
            device_id=config.device_id,
            waiter=self.waiter,
            on_wait=self._on_wait,
            backoff_factory=self._backoff,
        )
        probe_url = config.server_url or config.tus_endpoint or ""
        self.monitor = ConnectivityMonitor(probe_url, self.network_changed)
        self._unsubscribe: Callable[[], None] | None = None
        # Chunks/recordings that failed in a way a retry soon will not fix (a refused request):
        # id -> (monotonic time until which they wait, error code). Others go on meanwhile.
        self._parked: dict[str, tuple[float, str]] = {}
        self._parked_lock = threading.Lock()

    def _backoff(self) -> Backoff:
        return Backoff(base=self.config.backoff_base, cap=self.config.backoff_cap)

    # -- controls ------------------------------------------------------------------------

    def start(self) -> None:
        """Starts the sync thread (and the connectivity monitor)."""
        if self._thread is not None:
            return
        if self.events is not None:
            self._unsubscribe = self.events.subscribe(self._on_event)
        self.monitor.start()
        self._thread = threading.Thread(target=self._run, name="logmeets-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stops the thread; an upload in flight is abandoned (it resumes next time)."""
        self.waiter.stop()
        self._work.set()
        self.monitor.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.transport.close()  # ends a request in flight at once
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """New work may be there: run a pass soon (does not cut a backoff short)."""
        self._work.set()

    def network_changed(self) -> None:
        """The network came back (or the user asked to retry now): end any backoff now."""
        with self._parked_lock:
            self._parked.clear()
        self._work.set()
        self.waiter.wake()

    @property
    def status(self) -> SyncStatus | None:
        """The last published status."""
        return self._state

    # -- --once --------------------------------------------------------------------------

    def run_once(self) -> PassSummary:
        """Passes until drained, or until a failure that more passes would not fix; no thread.
        Bounded: a chunk gives up after a few failures without progress (its backoff counts
        across re-creations), and after `once_seconds` any failure ends the run. Raises
        AuthError when signing in is needed."""
        deadline = time.monotonic() + self.config.once_seconds

        def bounded() -> Backoff:
            return BoundedBackoff(
                base=self.config.backoff_base, cap=self.config.backoff_cap, deadline=deadline
            )

        self.engine.backoff_factory = bounded
        self.tus.backoff_factory = bounded
        if not self._has_work():
            self._status(SyncState.all_confirmed)
            return PassSummary()
        last: PassSummary | None = None
        for _ in range(3):
            try:
                self.engine.retrying(self._prepare)
                summary = self.engine.run_pass()
            except UploadError as exc:  # GiveUp, AuthError, TLSError...: report, do not wait
                self._status(SyncState.waiting, exc.code)
                return self._leftover(exc.code)
            last = summary
            if summary.drained or (summary.failures and summary.confirmed == 0):
                break
            if time.monotonic() >= deadline:
                break
        assert last is not None
        self._status(SyncState.all_confirmed if last.drained else SyncState.waiting)
        return last

    # -- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while not self.waiter.stopped:
            parked = self._parked_now()
            if not self._has_work(parked):  # no network, no token refresh without work
                self._idle(parked)
                continue
            try:
                self.engine.retrying(self._prepare)  # offline at start: retried, shown
                summary = self.engine.run_pass(parked)
            except Stopped:
                return
            except AuthError as exc:
                state = (
                    SyncState.superseded
                    if exc.code == "session_superseded"
                    else SyncState.auth_needed
                )
                self._status(state, exc.code)
                self._sleep(AUTH_POLL, backoff=True)
                continue
            except UploadError as exc:  # TLS, bad URL...: nothing can go until it changes
                delay = Backoff().slow
                self._status(SyncState.waiting, exc.code, delay)
                self._sleep(delay, backoff=True)
                continue
            except Exception as exc:  # a bug or a disk error: log it, never let the thread die
                log.exception("sync pass failed")
                code = getattr(exc, "code", "unexpected")
                self._status(SyncState.waiting, str(code), 60.0)
                self._sleep(60.0, backoff=True)
                continue
            if summary.failures:
                until = time.monotonic() + Backoff().slow
                with self._parked_lock:
                    for item, code in summary.failures.items():
                        self._parked[item] = (until, code)

    def _idle(self, parked: dict[str, tuple[float, str]]) -> None:
        """Nothing to do now: wait for new work, or for the first parked item's time."""
        if parked:
            until, code = min(parked.values())
            wait = max(0.0, until - time.monotonic())
            self._status(SyncState.waiting, code, wait)
            self._sleep(min(wait, IDLE_POLL), backoff=False)
        else:
            self._status(SyncState.all_confirmed)
            self._sleep(IDLE_POLL, backoff=False)

    def _parked_now(self) -> dict[str, tuple[float, str]]:
        now = time.monotonic()
        with self._parked_lock:
            self._parked = {k: v for k, v in self._parked.items() if v[0] > now}
            return dict(self._parked)

    def _has_work(self, parked: Collection[str] = ()) -> bool:
        chunks = [c for c in self.outbox.pending_chunks() if c.id not in parked]
        ready = [r for r in self.outbox.recordings_ready_for_manifest() if r.id not in parked]
        return bool(chunks or ready)

    def _prepare(self) -> None:
        """Refreshes the session when needed and points the tus client at its endpoint; takes
        the organisation recipient the server announces when none is known yet."""
        if self.signin is not None:
            info = self.signin.ensure()
            check_announced_recipient(self.config.pinned_org_recipient, info.org_recipient)
            if self.outbox.org_recipient is None and info.org_recipient:
                # A fresh install signing in: chunks sealed so far are resealed before upload.
                self.outbox.set_org_recipient(info.org_recipient)
            self.tus.use_endpoint(info.tus_endpoint)
        self._status(SyncState.syncing)

    def _sleep(self, seconds: float, *, backoff: bool) -> None:
        if backoff:
            self.waiter.wait(seconds)
        else:
            self._work.wait(seconds)
        self._work.clear()

    def _on_wait(self, error: BaseException, delay: float) -> None:
        offline = isinstance(error, NetworkError) and error.code == "offline"
        if offline:
            self.monitor.watch(True)
        state = SyncState.offline if offline else SyncState.waiting
        self._status(state, getattr(error, "code", type(error).__name__), delay)

    def _on_event(self, event: object) -> None:
        if isinstance(event, ChunkSealed | RecordingStateChanged):
            self.wake()

    def _leftover(self, code: str) -> PassSummary:
        pending = self.outbox.pending_chunks()
        return PassSummary(
            pending=len(pending),
            manifests_pending=len(self.outbox.recordings_ready_for_manifest()),
            failures={c.id: code for c in pending[:1]},
        )

    def _status(self, state: SyncState, reason: str = "", retry_in: float | None = None) -> None:
        status = SyncStatus(state, reason, retry_in, self.config.plain_tus)
        if state is not SyncState.offline:
            self.monitor.watch(False)
        if status == self._state and retry_in is None:
            return
        self._state = status
        if self.events is not None:
            self.events.publish(status)
