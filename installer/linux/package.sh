#!/usr/bin/env bash
# `make package`: the Linux release artifacts, built, signed, verified and self-tested.
#   dist/LogMeets/                      the one-folder bundle (pyinstaller build.spec)
#   dist/logmeets_<version>_<arch>.deb  and .deb.asc, SHA256SUMS, SHA256SUMS.asc,
#   dist/logmeets-release-key.gpg       the public key (and logmeets-release-pub.asc)
# Signs with LOGMEETS_GPG_KEY if named (sign.sh), else with a throw-away key. Then: verify.sh
# accepts the .deb and rejects a copy with one byte flipped; the .deb is unpacked into an empty
# root and its --selftest runs there with an empty environment; the figures are printed against
# their goals, and a missed goal fails the target.
# Run inside tests/env/with-testenv.sh (as `make package` does), so that the bundle's first
# selftest finds a real keyring and microphone and can be --strict.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-.venv/bin/python}
here=installer/linux
version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

echo "== bundle (pyinstaller build.spec)"
rm -rf dist/LogMeets dist/*.deb dist/*.asc dist/SHA256SUMS dist/logmeets-release-*
"$python" -m PyInstaller --noconfirm --log-level WARN build.spec
strict=()
[ -n "${LOGMEETS_TESTENV:-}" ] && strict=(--strict)
dist/LogMeets/logmeets-cli --selftest "${strict[@]}"

echo "== .deb, signatures"
deb=$(PYTHON="$python" $here/build-deb.sh dist/LogMeets "$version" dist)
$here/sign.sh dist
$here/verify.sh "$deb" dist/logmeets-release-key.gpg

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tampered"
cp "$deb" "$deb.asc" dist/SHA256SUMS dist/SHA256SUMS.asc "$work/tampered/"
"$python" - "$work/tampered/$(basename "$deb")" <<'PY'
import sys
from pathlib import Path

path = Path(sys.argv[1])
data = bytearray(path.read_bytes())
data[len(data) // 2] ^= 0x01
path.write_bytes(bytes(data))
PY
if $here/verify.sh "$work/tampered/$(basename "$deb")" dist/logmeets-release-key.gpg 2>/dev/null; then
  echo "package: a .deb with a flipped byte passed verification" >&2
  exit 1
fi
echo "verify: a flipped byte is rejected"

echo "== Depends resolvable (apt-get --simulate install)"
apt-get install --simulate -qq "$PWD/$deb" > "$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; exit 1; }
echo "apt: every Depends of $(basename "$deb") resolves on this system"

echo "== installed copy (.deb unpacked into an empty root, empty environment)"
dpkg-deb -x "$deb" "$work/root"
[ "$(readlink "$work/root/usr/bin/logmeets")" = /opt/logmeets/logmeets-cli ]
[ -f "$work/root/usr/share/applications/logmeets.desktop" ]
[ -f "$work/root/usr/share/icons/hicolor/scalable/apps/logmeets.svg" ]
installed=$work/root/opt/logmeets/logmeets-cli
clean_env=(env -i "HOME=$work/home" "PATH=/usr/bin:/bin" "LANG=C.UTF-8" "QT_QPA_PLATFORM=offscreen")
mkdir "$work/home"
"${clean_env[@]}" "$installed" --version
"${clean_env[@]}" "$installed" --selftest
times=()
for _ in 1 2 3; do
  times+=("$("${clean_env[@]}" "$installed" --selftest | awk '/^start-to-window:/ {print $2}')")
done

echo "== figures"
"$python" - dist/LogMeets "$deb" "${times[@]}" <<'PY'
import statistics
import sys
from pathlib import Path

bundle, deb, *times = sys.argv[1:]
files = [p for p in Path(bundle).rglob("*") if p.is_file() and not p.is_symlink()]
unpacked = sum(p.stat().st_size for p in files)
packed = Path(deb).stat().st_size
start = statistics.median(float(t) for t in times)
rows = [
    ("bundle unpacked", unpacked / 1e6, 150, "MB", f"{unpacked / 2**20:.1f} MiB"),
    (".deb", packed / 1e6, 60, "MB", f"{packed / 2**20:.1f} MiB"),
    ("start to window", start, 0.8, "s", "offscreen, median of " + ", ".join(times)),
]
missed = 0
for name, value, goal, unit, note in rows:
    ok = value <= goal
    missed += not ok
    print(f"{name:<16} {value:8.3f} {unit:<2} goal <= {goal} {unit:<2} {'met' if ok else 'MISSED'}"
          f"  ({note})")
sys.exit(1 if missed else 0)
PY
