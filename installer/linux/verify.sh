#!/usr/bin/env bash
# Checks a downloaded .deb before installing it:
#   installer/linux/verify.sh FILE.deb [KEYRING]
# FILE.deb.asc, SHA256SUMS and SHA256SUMS.asc must sit beside FILE.deb. KEYRING is the published
# release key in binary form (logmeets-release-key.gpg; `gpg --dearmor` turns the .asc into it);
# by default $LOGMEETS_RELEASE_KEYRING, else logmeets-release-key.gpg beside this script.
# Checks, with gpgv against that key only: the signature over SHA256SUMS, the signature over the
# .deb, and the .deb's SHA-256 against its line in SHA256SUMS. Exits non-zero on any mismatch.
set -euo pipefail
deb=${1:?usage: verify.sh FILE.deb [KEYRING]}
here=$(cd "$(dirname "$0")" && pwd)
keyring=${2:-${LOGMEETS_RELEASE_KEYRING:-$here/logmeets-release-key.gpg}}
dir=$(cd "$(dirname "$deb")" && pwd)
name=$(basename "$deb")

fail() { echo "verify: FAILED: $*" >&2; exit 1; }
[ -f "$keyring" ] || fail "no release key at $keyring"
for f in "$dir/$name" "$dir/$name.asc" "$dir/SHA256SUMS" "$dir/SHA256SUMS.asc"; do
  [ -f "$f" ] || fail "$f is missing"
done
keyring=$(cd "$(dirname "$keyring")" && pwd)/$(basename "$keyring")

gpgv --quiet --keyring "$keyring" "$dir/SHA256SUMS.asc" "$dir/SHA256SUMS" 2>/dev/null \
  || fail "SHA256SUMS is not signed by the release key"
gpgv --quiet --keyring "$keyring" "$dir/$name.asc" "$dir/$name" 2>/dev/null \
  || fail "$name is not signed by the release key (or was changed after signing)"
expected=$(awk -v n="$name" '$2 == n || $2 == "*" n {print $1}' "$dir/SHA256SUMS")
[ -n "$expected" ] || fail "$name is not listed in SHA256SUMS"
actual=$(sha256sum "$dir/$name" | cut -d' ' -f1)
[ "$expected" = "$actual" ] || fail "$name does not match its SHA-256 in SHA256SUMS"
echo "verify: OK: $name (signature and SHA-256) against $(basename "$keyring")"
