#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into the database named by DATABASE_URL (an empty
# database, or one to overwrite) and the folder MEDIA_ROOT. Usage: ops/restore.sh BACKUP_DIR
#
# Stop the portal first (`docker compose stop web worker beat`): restore refuses while another
# session is connected to the database, since pg_restore would wait on its locks and the
# running app would write into a half-restored database. After the database, the broker's
# queue (REDIS_URL, its own Redis database) is purged: tasks queued before the restore refer to
# rows that the restore replaced. Encrypted backups need BACKUP_PASSPHRASE_FILE.
set -euo pipefail
umask 077
src="${1:?usage: ops/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to restore into}"
fail() { echo "restore.sh: $*" >&2; exit 1; }
( cd "$src" && sha256sum --check --quiet SHA256SUMS ) || fail "checksums do not match: not restoring"

others="$(psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -c \
  "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
   AND pid <> pg_backend_pid() AND backend_type = 'client backend'")" \
  || fail "cannot reach the database"
if [ "$others" -gt 0 ]; then
  fail "$others other session(s) are connected to the database: stop the portal first (docker compose stop web worker beat)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
plain() {  # the usable file of NAME (decrypted into the work folder if need be)
  if [ -f "$src/$1.gpg" ]; then
    : "${BACKUP_PASSPHRASE_FILE:?this backup is encrypted: set BACKUP_PASSPHRASE_FILE}"
    gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$BACKUP_PASSPHRASE_FILE" \
      --decrypt --output "$work/$1" "$src/$1.gpg"
    echo "$work/$1"
  else
    echo "$src/$1"
  fi
}
dump="$(plain db.dump)"
# --single-transaction: a failed restore leaves the target as it was, never half restored.
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$dump"
if [ -f "$src/media.tar.gz" ] || [ -f "$src/media.tar.gz.gpg" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT must name the media folder to restore into}"
  media="$(plain media.tar.gz)"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$media"
fi
if [ -n "${REDIS_URL:-}" ]; then
  redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null || fail "database restored, but the queue at REDIS_URL could not be purged"
  echo "purged the task queue"
fi
echo "restored $src into the database${MEDIA_ROOT:+ and $MEDIA_ROOT}"
