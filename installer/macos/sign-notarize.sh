#!/usr/bin/env bash
# Signs, packages, notarizes and staples the macOS app (runs on macOS with Xcode's tools):
#   installer/macos/sign-notarize.sh dist/LogMeets.app VERSION    -> dist/LogMeets-VERSION.dmg
#
#   LOGMEETS_MACOS_IDENTITY   "Developer ID Application: <Org> (<TEAMID>)", in the keychain
#                             (CI imports it from a secret into a temporary keychain)
# Notarization, one of:
#   LOGMEETS_NOTARY_PROFILE   a `xcrun notarytool store-credentials` keychain profile
#   LOGMEETS_NOTARY_KEY, LOGMEETS_NOTARY_KEY_ID, LOGMEETS_NOTARY_ISSUER
#                             an App Store Connect API key (.p8 path, key id, issuer id)
#   LOGMEETS_SKIP_NOTARIZE=1  sign and package only (a developer's local build)
#
# Order: every Mach-O file inside the bundle, deepest first (inside-out; never --deep, which
# signs with the wrong options), then the executables with the hardened runtime and the
# entitlements, then the .app; verify; build the .dmg, sign it, notarize it, staple the ticket
# to the .dmg and the .app, and check both with spctl as Gatekeeper would.
set -euo pipefail
app=${1:?usage: sign-notarize.sh LogMeets.app VERSION}
version=${2:?version}
here=$(cd "$(dirname "$0")" && pwd)
identity=${LOGMEETS_MACOS_IDENTITY:?set LOGMEETS_MACOS_IDENTITY to a Developer ID Application identity}
entitlements=$here/entitlements.plist
dmg=$(dirname "$app")/LogMeets-$version.dmg

sign() { codesign --force --timestamp --options runtime --sign "$identity" "$@"; }
is_macho() { file -b "$1" | grep -q 'Mach-O'; }

# 1. Libraries and helper binaries, deepest path first.
find "$app/Contents" -type f ! -path "*/Contents/MacOS/*" -print0 \
  | while IFS= read -r -d '' f; do printf '%s\t%s\n' "$(tr -cd / <<<"$f" | wc -c)" "$f"; done \
  | sort -rn | cut -f2- \
  | while IFS= read -r f; do
      if is_macho "$f"; then sign "$f"; fi
    done
# 2. The executables (GUI and console), with the entitlements.
for exe in "$app"/Contents/MacOS/*; do
  if [ -f "$exe" ] && is_macho "$exe"; then sign --entitlements "$entitlements" "$exe"; fi
done
# 3. The bundle itself.
sign --entitlements "$entitlements" "$app"
codesign --verify --deep --strict --verbose=2 "$app"

# 4. The disk image.
rm -f "$dmg"
hdiutil create -volname "LogMeets Recorder" -srcfolder "$app" -ov -format UDZO "$dmg"
codesign --force --timestamp --sign "$identity" "$dmg"

if [ "${LOGMEETS_SKIP_NOTARIZE:-}" = 1 ]; then
  echo "sign-notarize: signed $app and $dmg; NOT notarized (LOGMEETS_SKIP_NOTARIZE=1)"
  exit 0
fi

# 5. Notarize, staple, and check as Gatekeeper does.
if [ -n "${LOGMEETS_NOTARY_PROFILE:-}" ]; then
  auth=(--keychain-profile "$LOGMEETS_NOTARY_PROFILE")
else
  auth=(--key "${LOGMEETS_NOTARY_KEY:?set LOGMEETS_NOTARY_PROFILE or LOGMEETS_NOTARY_KEY}"
        --key-id "${LOGMEETS_NOTARY_KEY_ID:?}" --issuer "${LOGMEETS_NOTARY_ISSUER:?}")
fi
xcrun notarytool submit "$dmg" "${auth[@]}" --wait --timeout 30m
xcrun stapler staple "$dmg"
xcrun stapler staple "$app"
xcrun stapler validate "$dmg"
spctl --assess --type execute --verbose=2 "$app"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
echo "sign-notarize: $dmg signed, notarized and stapled"
