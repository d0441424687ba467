#!/usr/bin/env bash
# `make package`: the Linux release artifacts, built, signed, verified and self-tested.
#   dist/LogMeets/                      the one-folder bundle (pyinstaller build.spec)
#   dist/logmeets_<version>_<arch>.deb  and .deb.asc, SHA256SUMS, SHA256SUMS.asc,
#   dist/logmeets-release-key.gpg       the public key (and logmeets-release-pub.asc)
# Signs with LOGMEETS_GPG_KEY if named, else with one throw-away key, the .deb (sign.sh) and the
# apt repository dist/apt (apt-repo.sh: Packages, Release, InRelease): sign-release.sh. verify.sh
# accepts the .deb and rejects a copy with one byte flipped; apt can resolve its Depends; it is
# installed from dist/apt (signed-by its key) into a clean Debian root made by mmdebstrap (as
# root, with network to the Debian mirror; LOGMEETS_CLEAN_ROOT=0, or no mmdebstrap or root:
# unpacked into an empty root instead)
# and `logmeets --selftest` runs there with an empty environment; the figures are printed
# against their goals, and a missed goal fails the target.
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

echo "== .deb, signatures, signed apt repository (dist/apt: what /opt installs update from)"
deb=$(PYTHON="$python" $here/build-deb.sh dist/LogMeets "$version" dist)
$here/sign-release.sh dist "$deb"

work=$(mktemp -d)
cleanup() {
  # Never remove a tree with /proc still mounted in it.
  if mountpoint -q "$work/root/proc" 2>/dev/null && ! umount "$work/root/proc"; then
    echo "package: $work/root/proc is still mounted; $work left in place" >&2
    return
  fi
  rm -rf "$work"
}
trap cleanup EXIT
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

if [ "${LOGMEETS_CLEAN_ROOT:-1}" = 1 ] && command -v mmdebstrap >/dev/null && [ "$(id -u)" = 0 ]; then
  suite=${LOGMEETS_CLEAN_ROOT_SUITE:-bookworm}
  echo "== installed into a clean Debian $suite root (mmdebstrap; apt installs the Depends)"
  # Installed through the signed repository, as an IT department's machines get it.
  mmdebstrap --quiet --variant=apt --mode=root \
    --customize-hook="mkdir -p \"\$1/srv\"" \
    --customize-hook="copy-in $PWD/dist/apt /srv" \
    --customize-hook="copy-in $PWD/dist/apt/logmeets-archive-keyring.gpg /usr/share/keyrings" \
    --customize-hook="echo 'deb [signed-by=/usr/share/keyrings/logmeets-archive-keyring.gpg] file:/srv/apt ./' > \"\$1/etc/apt/sources.list.d/logmeets.list\"" \
    --customize-hook="chroot \"\$1\" sh -c 'apt-get update -qq --error-on=any && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq logmeets >/dev/null'" \
    "$suite" "$work/root"
  # The selftest times the window from the process start it reads in /proc.
  mount -t proc proc "$work/root/proc"
  run=(chroot "$work/root" env -i HOME=/tmp PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen logmeets)
else
  echo "== installed copy (.deb unpacked into an empty root; without mmdebstrap as root, the host provides the Depends)"
  dpkg-deb -x "$deb" "$work/root"
  mkdir "$work/home"
  run=(env -i "HOME=$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$work/root/opt/logmeets/logmeets-cli")
fi
[ "$(readlink "$work/root/usr/bin/logmeets")" = /opt/logmeets/logmeets-cli ]
[ -f "$work/root/usr/share/applications/logmeets.desktop" ]
[ -f "$work/root/usr/share/icons/hicolor/scalable/apps/logmeets.svg" ]
"${run[@]}" --version
"${run[@]}" --selftest
times=()
for _ in 1 2 3; do
  line=$("${run[@]}" --selftest 2>/dev/null | grep '^start-to-window:')
  case $line in *"since the selftest module"*) echo "package: no process start time: $line" >&2; exit 1 ;; esac
  times+=("$(awk '{print $2}' <<<"$line")")
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
