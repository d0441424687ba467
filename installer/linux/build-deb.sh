#!/usr/bin/env bash
# Builds the .deb around the one-folder bundle:
#   installer/linux/build-deb.sh dist/LogMeets VERSION OUTDIR    -> OUTDIR/logmeets_VERSION_amd64.deb
# The bundle goes to /opt/logmeets, `logmeets` on PATH is /usr/bin/logmeets (a link to the
# bundle's console program), the desktop entry and the icon go where desktops look for them, and
# Depends names the system libraries the bundle links to but does not carry (depends.py);
# Recommends: a keyring, CJK fonts, and pactl (pulseaudio-utils) for the meeting offer.
set -euo pipefail
bundle=${1:?usage: build-deb.sh BUNDLE_DIR VERSION OUTDIR}
version=${2:?version}
outdir=${3:?output folder}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${PYTHON:-$repo/.venv/bin/python}
arch=$(dpkg --print-architecture)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/icons/hicolor/256x256/apps" \
  "$root/usr/share/doc/logmeets"
cp -a "$bundle" "$root/opt/logmeets"
ln -s /opt/logmeets/logmeets-cli "$root/usr/bin/logmeets"
install -m 0644 "$repo/app/resources/logmeets.desktop" "$root/usr/share/applications/"
install -m 0644 "$repo/app/resources/icons/logmeets.svg" "$root/usr/share/icons/hicolor/scalable/apps/"
"$python" "$repo/installer/icons.py" "$work/icons" >/dev/null
install -m 0644 "$work/icons/logmeets-256.png" "$root/usr/share/icons/hicolor/256x256/apps/logmeets.png"
printf 'LogMeets Recorder %s. Proprietary; see https://logmeets.example/ for terms.\n' "$version" \
  > "$root/usr/share/doc/logmeets/copyright"
chmod -R u+rwX,go+rX,go-w "$root"

depends=$("$python" "$here/depends.py" "$root/opt/logmeets")
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: logmeets
Version: $version
Architecture: $arch
Maintainer: LogMeets release team <release@logmeets.example>
Installed-Size: $size
Depends: $depends
Recommends: gnome-keyring | kwalletmanager, fonts-noto-cjk, pulseaudio-utils
Section: sound
Priority: optional
Description: LogMeets Recorder: meeting recorder with encrypted upload
 Records meetings into FLAC chunks sealed with age the moment they exist and
 uploads them resumably to the organisation's server. Desktop app (Qt) and
 the logmeets command line, self-contained under /opt/logmeets.
CONTROL

mkdir -p "$outdir"
deb=$outdir/logmeets_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zzstd --build "$root" "$deb" >/dev/null
echo "$deb"
