#!/bin/sh
# A local LogMeets ingest cluster on loopback (docs/deploy.md): PostgreSQL, a one-node Ceph RADOS
# Gateway (S3), three stateless `logmeets-server` replicas and HAProxy in front terminating TLS.
#   tools/cluster.sh start DIR [BASE_PORT]   installs what is missing (Debian), starts it all,
#                                            prints `LISTENING <url>` and `CA <path>`
#   tools/cluster.sh replica DIR N           (re)starts replica N as `start` did
#   tools/cluster.sh stop DIR                stops what `start` started, by PID
# LOGMEETS_REPLICAS=N (1-9, default 3) starts N replicas instead of three (bench/server_load.py
# compares 3 with 1); LOGMEETS_MEMSTORE_BYTES sizes the RAM that holds the objects
# (tests/env/rgw.sh).
# LOGMEETS_REPLICA_ARGS: more `logmeets-server serve` options for every replica (kept for restarts).
# Sign in as demo / demo-password. The organisation identity (for `export`) is DIR/org-identity.txt.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?start|replica|stop}
dir=$(realpath -m "${2:?DIR}")
server=${LOGMEETS_SERVER:-$here/.venv/bin/logmeets-server}
python=${LOGMEETS_PYTHON:-$here/.venv/bin/python}

alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status"; }

stop_pid() { # stop_pid FILE [SIGNAL]: TERM (or the signal given), then KILL after 15 s
    [ -f "$1" ] || return 0
    pid=$(cat "$1")
    if alive "$pid"; then
        kill "-${2:-TERM}" "$pid" 2>/dev/null || true
        i=0
        while alive "$pid" && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$1"
}

replica() { # replica N: start one logmeets-server behind HAProxy, wait for LISTENING
    . "$dir/cluster.env"
    n=$1
    port=$((base + 10 + n))
    out=$dir/r$n.out
    # Plain HTTP on loopback: HAProxy terminates TLS and passes X-Forwarded-Proto/-For, which
    # uvicorn honours from 127.0.0.1. Connections all come from HAProxy: no per-address cap.
    AWS_ACCESS_KEY_ID=$s3_key AWS_SECRET_ACCESS_KEY=$s3_secret \
        "$server" serve --data "$dir/r$n" --host 127.0.0.1 --port "$port" \
        --database "$pg_url" --store "s3://logmeets?endpoint=$s3_endpoint" \
        --org-recipient "$recipient" --demo-user demo:demo-password \
        --max-connections-per-address 100000 --sweep-interval 60 \
        $replica_args >"$out" 2>"$dir/r$n.log" &
    echo $! >"$dir/r$n.pid"
    i=0
    until grep -q '^LISTENING ' "$out" 2>/dev/null; do
        alive "$(cat "$dir/r$n.pid")" || { echo "replica $n failed: see $dir/r$n.log" >&2; exit 1; }
        i=$((i + 1))
        [ $i -lt 600 ] || { echo "replica $n did not start: see $dir/r$n.log" >&2; exit 1; }
        sleep 0.1
    done
}

case "$cmd" in
stop)
    stop_pid "$dir/haproxy.pid"
    for f in "$dir"/r*.pid; do stop_pid "$f"; done
    [ -d "$dir/rgw" ] && "$here/tests/env/rgw.sh" stop "$dir/rgw"
    [ -d "$dir/pg" ] && "$here/tests/env/pg.sh" stop "$dir/pg"
    exit 0
    ;;
replica)
    replica "${3:?N}"
    exit 0
    ;;
start) ;;
*) echo "usage: $0 start|replica|stop DIR" >&2; exit 2 ;;
esac

base=${3:-18400}
replicas=${LOGMEETS_REPLICAS:-3}
case "$replicas" in
[1-9]) ;;
*) echo "LOGMEETS_REPLICAS must be 1 to 9, not '$replicas'" >&2; exit 2 ;;
esac
need=""
for p in postgresql radosgw ceph-mon ceph-osd ceph-common haproxy curl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
    command -v apt-get >/dev/null || { echo "install:$need" >&2; exit 1; }
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "cluster: installing$need" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
[ -x "$server" ] || { echo "no $server: run make .venv/.installed first" >&2; exit 1; }

"$0" stop "$dir" >/dev/null 2>&1 || true
rm -rf "$dir" && mkdir -p "$dir" && chmod 755 "$dir"
# Each assignment on its own line: `set -e` stops here if a daemon does not start.
pg_out=$("$here/tests/env/pg.sh" start "$dir/pg" $((base + 1)))
rgw_out=$("$here/tests/env/rgw.sh" start "$dir/rgw" $((base + 2)))
pg_url=${pg_out#PG }
set -- $rgw_out
s3_endpoint=$2 s3_key=$3 s3_secret=$4
# One organisation identity for the demo tenant, and the TLS certificate HAProxy presents.
recipient=$("$python" - "$dir" <<'EOF'
import sys
from pathlib import Path

import pyrage

from server.tls import ensure_self_signed

d = Path(sys.argv[1])
identity = pyrage.x25519.Identity.generate()
f = d / "org-identity.txt"
f.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
f.chmod(0o600)
ca, cert, key = ensure_self_signed(d)
(d / "haproxy.pem").write_text(cert.read_text() + key.read_text())
(d / "haproxy.pem").chmod(0o600)
(d / "ca.pem").write_text(ca.read_text())
print(identity.to_public())
EOF
)
cat >"$dir/cluster.env" <<EOF
base=$base
pg_url='$pg_url'
s3_endpoint='$s3_endpoint'
s3_key='$s3_key'
s3_secret='$s3_secret'
recipient='$recipient'
replica_args='${LOGMEETS_REPLICA_ARGS:-}'
EOF
chmod 600 "$dir/cluster.env"
# The first replica creates the schema; the others then start side by side.
replica 1
waits=""
for n in $(seq 2 "$replicas"); do
    replica "$n" &
    waits="$waits $!"
done
for w in $waits; do wait "$w"; done
cat >"$dir/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # A busy replica answers its health check late, not never: with the default (inter, 500 ms)
    # a burst of 200 sign-ins on 2 cores took all three replicas out at once (bench/RESULTS.md).
    # A dead one still drops out at once: its connection is refused.
    timeout check 5s
    option redispatch
    retries 3
    # Only when the connection to a replica failed: no request byte reached it.
    retry-on conn-failure empty-response
frontend ingest
    bind 127.0.0.1:$base ssl crt $dir/haproxy.pem alpn http/1.1
    option forwardfor
    http-request set-header X-Forwarded-Proto https
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk OPTIONS /files/
    http-check expect status 204
    default-server check inter 500ms fall 2 rise 1 maxconn 1000
EOF
for n in $(seq 1 "$replicas"); do
    echo "    server r$n 127.0.0.1:$((base + 10 + n))" >>"$dir/haproxy.cfg"
done
haproxy -f "$dir/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
echo $! >"$dir/haproxy.pid"
i=0
until curl -s -o /dev/null --cacert "$dir/ca.pem" -X OPTIONS "https://127.0.0.1:$base/files/"; do
    i=$((i + 1))
    [ $i -lt 100 ] || { echo "haproxy did not start: see $dir/haproxy.log" >&2; exit 1; }
    sleep 0.1
done
echo "LISTENING https://127.0.0.1:$base"
echo "CA $dir/ca.pem"
