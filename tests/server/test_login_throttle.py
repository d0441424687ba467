"""Login throttling (issue 13, item 11): every attempt is counted before the slow hash, per
account and per source address with growing delays, and a device that signed in before keeps
signing in during an attack on its account (the device-proof pattern)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from serverkit import DEMO, Client


def _storm(server, n: int, user: str = DEMO[0], **extra: str) -> list[int]:  # type: ignore[no-untyped-def]
    clients = [Client(server) for _ in range(n)]
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda c: c.login(user, "wrong", **extra).status_code, clients))


def test_concurrent_wrong_passwords_are_counted_before_the_hash(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    codes = _storm(s, 40)
    # Only the allowed number of guesses ever reach scrypt; the rest are refused at once.
    assert codes.count(401) == 5, codes
    assert codes.count(429) == 35, codes
    r = Client(s).login(DEMO[0], "wrong")
    assert (r.status_code, r.json()["error"]) == (429, "too_many_requests")
    assert int(r.headers["Retry-After"]) >= 1


def test_a_known_device_signs_in_during_an_attack_on_its_account(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    me = Client(s)
    assert me.login().status_code == 201
    proof = me.login_body["device_proof"]
    assert isinstance(proof, str) and len(proof) >= 40
    _storm(s, 20)
    # Without a proof, even the right password waits: the account is locked.
    assert Client(s).login().status_code == 429
    r = me.login(device_proof=proof)
    assert r.status_code == 201, r.text
    fresh = me.login_body["device_proof"]
    assert fresh != proof  # rotated at every sign-in
    # The old proof is spent, and a proof is bound to its device id.
    assert me.login(device_proof=proof).status_code == 429
    assert Client(s).login(device_id="dev-2", device_proof=fresh).status_code == 429
    # A wrong password with a valid proof is a 401 and counts against that device only.
    assert me.login(DEMO[0], "wrong", device_proof=fresh).status_code == 401
    assert me.login(device_proof=fresh).status_code == 201


def test_a_malformed_proof_is_refused_and_an_absent_one_is_fine(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    c = Client(s)
    r = c.login(device_proof="x" * 500)
    assert (r.status_code, r.json()["field"]) == (400, "device_proof")
    assert c.login(device_proof=None).status_code == 201  # older clients send none


def test_failures_from_one_address_are_limited_across_accounts(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    c = Client(s)
    codes = [c.login(f"nobody{i}", "wrong").status_code for i in range(20)]
    assert codes == [401] * 20
    r = c.login("nobody-else", "wrong")
    assert (r.status_code, r.json()["error"]) == (429, "too_many_requests")


def test_delays_grow_with_each_lockout_and_success_forgets() -> None:
    from server.throttle import LoginThrottle

    now = [1000.0]
    t = LoginThrottle(account_failures=2, address_failures=100, base_delay=10, clock=lambda: now[0])
    keys = t.keys("1.2.3.4", "alice", device=None)

    def fail() -> None:
        t.admit(keys)
        t.failed(keys)

    fail()
    fail()
    assert t.retry_after(keys) == 10
    now[0] += 10
    fail()  # one probe after the lock, wrong again: the next lock is twice as long
    assert t.retry_after(keys) == 20
    now[0] += 20
    fail()
    assert t.retry_after(keys) == 40
    now[0] += 40
    t.admit(keys)
    t.succeeded(keys)
    assert t.retry_after(keys) == 0
    fail()
    assert t.retry_after(keys) == 0  # back to the allowance after a success


def test_a_flood_of_made_up_names_does_not_wipe_a_lock(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from server import throttle

    monkeypatch.setattr(throttle, "_MAX_KEYS", 50)
    t = throttle.LoginThrottle(account_failures=2, address_failures=10**6, clock=lambda: 5.0)
    victim = t.keys("10.0.0.1", "alice", device=None)
    for _ in range(2):
        t.admit(victim)
        t.failed(victim)
    for i in range(500):  # one wrong guess per made-up name: each fills a bucket
        keys = t.keys("10.0.0.2", f"made-up-{i}", device=None)
        t.admit(keys)
        t.failed(keys)
    assert len(t._buckets) <= 50
    assert t.retry_after(victim) == 60
