#!/usr/bin/env bash
# The signing half of `make package`: one key signs the .deb (sign.sh, checked by verify.sh) and
# the apt repository (apt-repo.sh), so users trust one key for both.
#   installer/linux/sign-release.sh OUTDIR DEB
# The key: LOGMEETS_GPG_KEY in GNUPGHOME; without it one throw-away key for the whole run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=${1:?usage: sign-release.sh OUTDIR DEB}
deb=${2:?usage: sign-release.sh OUTDIR DEB}

. "$here/throwaway-key.sh" sign-release
export GNUPGHOME LOGMEETS_GPG_KEY

"$here/sign.sh" "$outdir"
"$here/verify.sh" "$deb" "$outdir/logmeets-release-key.gpg"
rm -rf "$outdir/apt"
"$here/apt-repo.sh" "$outdir/apt" "$deb"
