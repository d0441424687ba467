#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages LogMeets needs, only those missing.
#   provision-debian.sh run    what the app needs to start (PortAudio, libsndfile, Qt's libraries)
#   provision-debian.sh test   the above plus the test environment: a private PulseAudio with the
#                              ALSA pulse plugin, gnome-keyring + D-Bus, Xvfb, CJK fonts, age, sox,
#                              PostgreSQL, Ceph RGW and HAProxy (the server's shared backends).
# Elsewhere (macOS, Windows, other distributions) it prints what to install and exits 0.
set -euo pipefail
want=${1:-run}

run_pkgs=(python3 python3-venv python3-dev gcc libportaudio2 libsndfile1 libgl1 libegl1 libxkbcommon0
  libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 fontconfig-config)
test_pkgs=(pulseaudio pulseaudio-utils libasound2-plugins sox espeak-ng flac gnome-keyring dbus
  xvfb xauth fonts-noto-cjk age curl procps
  nsis osslsigncode gnupg gpgv icu-devtools binutils mmdebstrap apt-utils  # tests/release, `make package`
  postgresql radosgw ceph-mon ceph-osd ceph-common haproxy)  # shared server backends, `make cluster`

pkgs=("${run_pkgs[@]}")
[ "$want" = test ] && pkgs+=("${test_pkgs[@]}")

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "provision: not a Debian/Ubuntu system; install the equivalents of: ${pkgs[*]}" >&2
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "provision: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "provision: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
