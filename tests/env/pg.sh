#!/bin/sh
# A PostgreSQL server on loopback for tests and `make cluster`, from Debian's `postgresql`.
# PostgreSQL refuses to run as root: as root, it runs as the user `logmeets-pg` (created here).
#   tests/env/pg.sh start DIR [PORT]   prints `PG postgresql://logmeets:<password>@127.0.0.1:PORT/logmeets`
#   tests/env/pg.sh stop DIR           stops it (pg_ctl stop -m fast), by its PID file
set -eu
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?DIR}")
port=${3:-15432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is missing: apt-get install postgresql" >&2; exit 1; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u logmeets-pg -- "$@"
    else
        "$@"
    fi
}

if [ "$cmd" = stop ]; then
    [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }
if [ "$(id -u)" = 0 ] && ! id logmeets-pg >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin logmeets-pg
fi
rm -rf "$dir" && mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown logmeets-pg "$dir"
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" >"$dir/pw"
[ "$(id -u)" = 0 ] && chown logmeets-pg "$dir/pw"
as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
# Sized for the local cluster: 3 replicas x a pool of 10, plus tests and maintenance.
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 100
fsync = on
shared_buffers = 64MB
EOF
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -q -v ON_ERROR_STOP=1 -d postgres \
    -c "CREATE ROLE logmeets LOGIN CREATEDB PASSWORD '$password'" \
    -c "CREATE DATABASE logmeets OWNER logmeets" >/dev/null
echo "PG postgresql://logmeets:$password@127.0.0.1:$port/logmeets" | tee "$dir/pg.txt"
