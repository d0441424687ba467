#!/usr/bin/env bash
# A signed apt repository of the .deb files given, for `/opt` installs that update through apt
# (the app itself only says that a newer version exists; docs/release.md "Updates"):
#   installer/linux/apt-repo.sh REPO_DIR DEB...
# REPO_DIR gets pool/ (the .deb files, added to those already there), Packages, Packages.gz,
# Release, InRelease (clear-signed) and Release.gpg (apt-ftparchive), and the public key that
# signed them as logmeets-archive-keyring.gpg (what `signed-by` names). A flat repository:
#   deb [signed-by=/usr/share/keyrings/logmeets-archive-keyring.gpg] https://HOST/apt ./
# The key: LOGMEETS_GPG_KEY in GNUPGHOME, as for sign.sh; without it a throw-away key is made
# for this run (tests and `make package`; never published).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${1:?usage: apt-repo.sh REPO_DIR DEB...}
shift
[ $# -gt 0 ] || { echo "apt-repo: no .deb given" >&2; exit 1; }
mkdir -p "$repo/pool"
cp -- "$@" "$repo/pool/"
cd "$repo"

. "$here/throwaway-key.sh" apt-repo

apt-ftparchive packages pool > Packages
gzip -9nkf Packages
rm -f Release InRelease Release.gpg
apt-ftparchive \
  -o APT::FTPArchive::Release::Origin=LogMeets \
  -o APT::FTPArchive::Release::Label=LogMeets \
  -o APT::FTPArchive::Release::Suite=stable \
  -o APT::FTPArchive::Release::Codename=stable \
  release . > Release.new
mv Release.new Release
gpg --batch --yes --quiet --local-user "$LOGMEETS_GPG_KEY" --clearsign --output InRelease Release
gpg --batch --yes --quiet --local-user "$LOGMEETS_GPG_KEY" --armor --detach-sign --output Release.gpg Release
gpg --batch --yes --export "$LOGMEETS_GPG_KEY" > logmeets-archive-keyring.gpg
echo "apt-repo: $(grep -c '^Package:' Packages) package(s) in $repo, signed with $LOGMEETS_GPG_KEY"
