#!/usr/bin/env bash
# Runs a command inside LogMeets' test environment, started from nothing:
#  - a private PulseAudio with a virtual microphone reached by PortAudio through ALSA's pulse plugin
#    (devices `testmic`: the known signal from sample 0 at every open; `vmic`: the signal looped
#    into a null sink; `sinemic`: a 1 kHz sine), see docs/testing.md;
#  - a private D-Bus session with gnome-keyring's Secret Service, unlocked;
#  - Xvfb on a free display, for screenshots (tests use Qt's offscreen platform otherwise).
# Usage: tests/env/with-testenv.sh COMMAND [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-python3}

DIR=$(mktemp -d /tmp/logmeets-testenv.XXXXXX)
export LOGMEETS_TESTENV_DIR=$DIR
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

# The known signal.
"$py" "$here/make_signal.py" "$DIR"
export LOGMEETS_TEST_SIGNAL=$DIR/speech48.raw

# PulseAudio, private to this run (root is fine: the warnings it logs about it are harmless).
unset PULSE_SERVER
pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit -n --use-pid-file=no \
  --log-target=file:"$DIR/pa.log" \
  --load="module-native-protocol-unix auth-anonymous=1 socket=$DIR/pulse.sock" \
  --load="module-null-sink sink_name=vsink rate=48000 channels=1 format=s16le" \
  --load="module-remap-source master=vsink.monitor source_name=vmic" \
  --load="module-sine-source source_name=sinemic rate=48000 frequency=1000" \
  >/dev/null 2>&1 &
pids+=($!)
export PULSE_SERVER=unix:$DIR/pulse.sock
for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
pactl info >/dev/null || { echo "testenv: PulseAudio did not start; see $DIR/pa.log" >&2; cat "$DIR/pa.log" >&2; exit 1; }
pactl set-default-source vmic >/dev/null

cat >"$DIR/asound.conf" <<ASOUND
</usr/share/alsa/alsa.conf>
pcm.testmic { type file; slave.pcm { type pulse device "sinemic" } file "/dev/null"
              infile "$DIR/speech48.raw" format "raw"
              hint { show on description "LogMeets test microphone" } }
pcm.vmic    { type pulse device "vmic"    hint { show on description "looped test signal" } }
pcm.sinemic { type pulse device "sinemic" hint { show on description "1 kHz sine" } }
pcm.!default { type pulse device "vmic" }
ctl.!default { type pulse }
ASOUND
export ALSA_CONFIG_PATH=$DIR/asound.conf

# The signal looped into the null sink, so that `vmic` plays it whatever format a stream opens.
"$py" -c 'import sys
d = open(sys.argv[1], "rb").read()
try:
    while True: sys.stdout.buffer.write(d)
except (BrokenPipeError, KeyboardInterrupt): pass' "$DIR/speech48.raw" \
  | pacat --playback -d vsink --format=s16le --rate=48000 --channels=1 --raw --latency-msec=20 \
  2>/dev/null &
pids+=($!)

# Xvfb for screenshot tests, on a display number it picks itself (several runs may coexist).
if command -v Xvfb >/dev/null 2>&1; then
  Xvfb -displayfd 3 -screen 0 1366x900x24 -nolisten tcp 3>"$DIR/xvfb.display" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -s "$DIR/xvfb.display" ] && break; sleep 0.1; done
  [ -s "$DIR/xvfb.display" ] && export LOGMEETS_TEST_DISPLAY=":$(head -n1 "$DIR/xvfb.display")"
fi

# A private HOME so that the keyring and anything else per-user is this run's alone.
export HOME=$DIR/home XDG_DATA_HOME=$DIR/home/.local/share XDG_CONFIG_HOME=$DIR/home/.config \
  XDG_CACHE_HOME=$DIR/home/.cache XDG_RUNTIME_DIR=$DIR/run
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export LOGMEETS_TESTENV=1

# The keyring daemon is started by D-Bus activation, unlocked, from a service file in this HOME
# that overrides Debian's. gnome-keyring aborts now and then when a client is SIGKILLed mid-call
# (tests do that on purpose); the next call then starts it again, unlocked and with its entries, as
# systemd restarts it on a desktop (dbus-daemon prints each activation).
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
cat >"$DIR/keyring.sh" <<KEYRING
#!/bin/sh
printf test-pass | exec gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1
KEYRING
cat >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service" <<SERVICE
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh $DIR/keyring.sh
SERVICE
exec_cmd=$(printf '%q ' "$@")
set +e
dbus-run-session -- sh -c "dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 >/dev/null || exit 1; exec $exec_cmd"
rc=$?
set -e
exit $rc
