#!/bin/sh
# A one-node Ceph RADOS Gateway (S3) on loopback for tests and `make cluster`, from Debian's
# packages, without systemd or a block device: monitor + memstore OSD + radosgw.
#   tests/env/rgw.sh start DIR [PORT]   prints `S3 <endpoint> <access-key> <secret-key>`
#   tests/env/rgw.sh stop DIR           stops what `start` started, by PID
# Data lives in RAM (memstore): a restart of the OSD starts empty. It holds at most
# LOGMEETS_MEMSTORE_BYTES (default 2 GiB; bench/server_load.py --cluster asks for more).
set -eu
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?DIR}")
port=${3:-7480}
conf=$dir/ceph.conf
export CEPH_CONF=$conf

alive() { # PID still running (a zombie does not count: PID 1 here does not reap)
    [ -r "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status"
}

stop_one() {
    f=$dir/$1.pid
    [ -f "$f" ] || return 0
    pid=$(cat "$f")
    if alive "$pid"; then
        kill "$pid" 2>/dev/null || true
        i=0
        while alive "$pid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        alive "$pid" && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
}

if [ "$cmd" = stop ]; then
    # radosgw first, the monitor last (without the monitor, radosgw takes minutes to exit).
    for d in rgw osd mon; do stop_one $d; done
    exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }
command -v radosgw >/dev/null || {
    echo "radosgw is missing: apt-get install radosgw ceph-mon ceph-osd ceph-common" >&2; exit 1; }

rm -rf "$dir" && mkdir -p "$dir/mon" "$dir/osd" "$dir/rgw" "$dir/log" "$dir/run"
fsid=$(cat /proc/sys/kernel/random/uuid)
cat >"$conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$((port + 1))
mon initial members = a
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd crush chooseleaf type = 0
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
osd objectstore = memstore
memstore device bytes = ${LOGMEETS_MEMSTORE_BYTES:-2147483648}
paxos propose interval = 0.1
mon warn on pool no redundancy = false
run dir = $dir/run
log file = $dir/log/\$name.log
keyring = $dir/keyring
[mon.a]
mon data = $dir/mon
[osd.0]
osd data = $dir/osd
keyring = $dir/osd/keyring
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $dir/rgw
rgw thread pool size = 128
EOF
q() { "$@" >>"$dir/log/setup.log" 2>&1; }
q ceph-authtool --create-keyring "$dir/mon.keyring" --gen-key -n mon. --cap mon 'allow *'
q ceph-authtool --create-keyring "$dir/keyring" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *'
q ceph-authtool "$dir/mon.keyring" --import-keyring "$dir/keyring"
q monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$((port + 1))]" "$dir/monmap"
q ceph-mon --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/mon.keyring"
ceph-mon -f -i a >>"$dir/log/mon.out" 2>&1 &
echo $! >"$dir/mon.pid"
osd_secret=$(ceph-authtool --gen-print-key)
osd_uuid=$(cat /proc/sys/kernel/random/uuid)
printf '{"cephx_secret": "%s"}' "$osd_secret" |
    timeout 60 ceph osd new "$osd_uuid" -i - >>"$dir/log/setup.log" 2>&1
q ceph-authtool --create-keyring "$dir/osd/keyring" --name osd.0 --add-key "$osd_secret"
q ceph-osd -i 0 --mkfs --osd-uuid "$osd_uuid"
ceph-osd -f -i 0 >>"$dir/log/osd.out" 2>&1 &
echo $! >"$dir/osd.pid"
q ceph auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' -o "$dir/rgw/keyring"
radosgw -f -n client.rgw.a --keyring "$dir/rgw/keyring" >>"$dir/log/rgw.out" 2>&1 &
echo $! >"$dir/rgw.pid"
access=LMTEST$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)
secret=$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')
i=0
until radosgw-admin user create --uid=logmeets --display-name=logmeets \
    --access-key="$access" --secret-key="$secret" >>"$dir/log/setup.log" 2>&1; do
    i=$((i + 1))
    [ $i -lt 120 ] || { echo "radosgw-admin failed: see $dir/log" >&2; exit 1; }
    sleep 0.5
done
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    i=$((i + 1))
    [ $i -lt 120 ] || { echo "radosgw does not answer on $port: see $dir/log" >&2; exit 1; }
    sleep 0.25
done
echo "S3 http://127.0.0.1:$port $access $secret" | tee "$dir/s3.txt"
