#!/bin/sh
# `make test`'s pytest: the server's tests (tests/server: PostgreSQL, Ceph RGW, the cluster) and
# everything else (the one virtual microphone, keyring and desktop) as two pytest processes side by
# side; the server's report is printed when both have ended. Exit status 0 only if both pass.
#   tests/env/side-by-side.sh PYTHON [PYTEST ARGS...]     (inside tests/env/with-testenv.sh)
py=${1:?PYTHON}
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$py" -m pytest -p no:cacheprovider tests/server "$@" >"$log" 2>&1 &
server=$!
"$py" -m pytest --ignore=tests/server "$@"
desktop=$?
wait "$server"
status=$?
echo "======================== tests/server (run beside the above) ========================"
cat "$log"
[ "$desktop" -eq 0 ] && [ "$status" -eq 0 ]
