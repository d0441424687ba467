#!/usr/bin/env bash
# Signs the Linux release artifacts of a folder (the .deb files in it):
#   installer/linux/sign.sh OUTDIR
# writes OUTDIR/SHA256SUMS over every .deb, detached ASCII-armoured GPG signatures
# OUTDIR/<file>.deb.asc and OUTDIR/SHA256SUMS.asc, and the public key as
# OUTDIR/logmeets-release-key.gpg (binary, what gpgv reads) and OUTDIR/logmeets-release-pub.asc.
#
# The key: LOGMEETS_GPG_KEY names it (fingerprint) in the keyring of GNUPGHOME (in a release,
# a signing subkey on a smartcard/HSM, or a signing service's gpg-agent; never the repository).
# Without LOGMEETS_GPG_KEY a throw-away key is made for this run and said so: fine for `make
# package` and tests, never published.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=${1:?usage: sign.sh OUTDIR}
cd "$outdir"
shopt -s nullglob
debs=(*.deb)
[ ${#debs[@]} -gt 0 ] || { echo "sign: no .deb in $outdir" >&2; exit 1; }

. "$here/throwaway-key.sh" sign

sign() { gpg --batch --yes --quiet --local-user "$LOGMEETS_GPG_KEY" --armor --detach-sign --output "$1.asc" "$1"; }
sha256sum "${debs[@]}" > SHA256SUMS
for f in "${debs[@]}" SHA256SUMS; do sign "$f"; done
gpg --batch --yes --export "$LOGMEETS_GPG_KEY" > logmeets-release-key.gpg
gpg --batch --yes --armor --export "$LOGMEETS_GPG_KEY" > logmeets-release-pub.asc
echo "sign: signed ${debs[*]} and SHA256SUMS with $LOGMEETS_GPG_KEY"
