#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into the database named by DATABASE_URL (an empty
# database, or one to overwrite) and the folder MEDIA_ROOT. Usage: ops/restore.sh BACKUP_DIR
set -euo pipefail
src="${1:?usage: ops/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to restore into}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the media folder to restore into}"
( cd "$src" && sha256sum --check --quiet SHA256SUMS )
# --single-transaction: a failed restore leaves the target as it was, never half restored.
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$src/db.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$src/media.tar.gz"
echo "restored $src into the database and $MEDIA_ROOT"
