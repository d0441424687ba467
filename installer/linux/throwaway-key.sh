# Sourced by sign.sh and apt-repo.sh: with no LOGMEETS_GPG_KEY named, make a throw-away signing key
# in a private GNUPGHOME (removed at exit) and name it. $1: who signs, for the message.
if [ -z "${LOGMEETS_GPG_KEY:-}" ]; then
  GNUPGHOME=$(mktemp -d)
  export GNUPGHOME
  trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
  gpg --batch --quiet --passphrase '' --quick-generate-key \
    "LogMeets THROW-AWAY test key <throwaway@logmeets.invalid>" ed25519 sign 1d 2>/dev/null
  LOGMEETS_GPG_KEY=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '/^fpr:/ {print $10; exit}')
  echo "$1: no LOGMEETS_GPG_KEY: signed with a throw-away key ($LOGMEETS_GPG_KEY)" >&2
fi
