#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump custom format) and the private media
# folder (a tar). Usage: ops/backup.sh OUTPUT_DIR
# Reads DATABASE_URL (postgres://...) and MEDIA_ROOT from the environment, as the portal does.
set -euo pipefail
out="${1:?usage: ops/backup.sh OUTPUT_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the private media folder}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
mkdir -p "$out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# Write under temporary names and rename at the end: a half-written backup never looks whole.
pg_dump --format=custom --no-owner --no-privileges --file="$out/db.dump.partial" "$DATABASE_URL"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$out/media.tar.gz.partial" .
mv "$out/db.dump.partial" "$out/db.dump"
mv "$out/media.tar.gz.partial" "$out/media.tar.gz"
( cd "$out" && sha256sum db.dump media.tar.gz > SHA256SUMS )
echo "$stamp" > "$out/CREATED"
echo "backup written to $out ($stamp)"
