#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump custom format) and the private media
# folder (a tar). Usage: ops/backup.sh OUTPUT_DIR
#
# Reads DATABASE_URL (postgres://...) and MEDIA_ROOT as the portal does. In docker compose it
# runs in the `backup` service (a PostgreSQL client of the server's version, the media volume
# mounted read-only): `docker compose run --rm backup`. Optional:
#   BACKUP_PASSPHRASE_FILE  encrypt both files with gpg (AES-256) using the passphrase in it
#   BACKUP_KEEP             keep this many backups in OUTPUT_DIR's parent folder (rotation;
#                           only folders that hold a CREATED file are ever removed)
#   MEDIA_S3_BUCKET         media are on S3-compatible storage: back up that bucket with the
#                           store's own tools; this script then saves the database only
# Exit status: 0 only when every file is complete and checked; no file is world-readable.
set -euo pipefail
umask 077
out="${1:?usage: ops/backup.sh OUTPUT_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
with_media=1
if [ -n "${MEDIA_S3_BUCKET:-}" ]; then
  with_media=0
else
  : "${MEDIA_ROOT:?MEDIA_ROOT must name the private media folder}"
fi
fail() { echo "backup.sh: $*" >&2; exit 1; }

# The database says whether files exist: a media folder that is missing or empty while rows
# point at files is a wrong MEDIA_ROOT (or a volume not mounted), not a portal without uploads.
referenced="$(psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 <<'SQL'
SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(
         format('SELECT count(*) AS n FROM %I WHERE file <> %L', t, ''), false, true, ''
       )))[1]::text::int), 0)
FROM unnest(ARRAY['proposals_attachment', 'proposals_monitoringfile',
                  'reports_generateddocument']) AS t
WHERE to_regclass(t) IS NOT NULL;
SQL
)" || fail "cannot query the database (is DATABASE_URL right, is the server reachable?)"
if [ "$with_media" = 1 ] && [ "${referenced:-0}" -gt 0 ]; then
  [ -d "$MEDIA_ROOT" ] || fail "MEDIA_ROOT=$MEDIA_ROOT does not exist, but $referenced database rows reference files"
  [ -n "$(find "$MEDIA_ROOT" -type f -print -quit)" ] \
    || fail "MEDIA_ROOT=$MEDIA_ROOT holds no file, but $referenced database rows reference files"
fi

mkdir -p "$out"
chmod 700 "$out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
rm -f "$out"/*.partial
# Write under temporary names and rename at the end: a half-written backup never looks whole.
pg_dump --format=custom --no-owner --no-privileges --file="$out/db.dump.partial" "$DATABASE_URL"
files=(db.dump)
if [ "$with_media" = 1 ]; then
  mkdir -p "$MEDIA_ROOT" 2>/dev/null || true
  # Uploads go on while this runs: a file added, changed or removed meanwhile is taken as found
  # (or left for the next backup). GNU tar says so with exit status 1, which is not a failure;
  # 2 and above are.
  status=0
  tar -C "$MEDIA_ROOT" --warning=no-file-changed --warning=no-file-removed \
    --ignore-failed-read -czf "$out/media.tar.gz.partial" . || status=$?
  [ "$status" -le 1 ] || fail "tar of $MEDIA_ROOT failed (status $status)"
  files+=(media.tar.gz)
fi
for name in "${files[@]}"; do
  if [ -n "${BACKUP_PASSPHRASE_FILE:-}" ]; then
    gpg --batch --yes --quiet --pinentry-mode loopback --symmetric --cipher-algo AES256 \
      --passphrase-file "$BACKUP_PASSPHRASE_FILE" --output "$out/$name.gpg.partial" \
      "$out/$name.partial"
    rm -f "$out/$name.partial"
    mv "$out/$name.gpg.partial" "$out/$name.gpg"
    rm -f "$out/$name"
  else
    mv "$out/$name.partial" "$out/$name"
    rm -f "$out/$name.gpg"
  fi
done
( cd "$out" && sha256sum $(for n in "${files[@]}"; do [ -n "${BACKUP_PASSPHRASE_FILE:-}" ] && echo "$n.gpg" || echo "$n"; done) > SHA256SUMS )
echo "$stamp" > "$out/CREATED"
chmod 600 "$out"/*

if [ -n "${BACKUP_KEEP:-}" ]; then
  parent="$(dirname "$out")"
  # Newest first by their CREATED stamp; only backup folders (with CREATED) are candidates.
  mapfile -t old < <(
    for created in "$parent"/*/CREATED; do
      [ -f "$created" ] && printf '%s %s\n' "$(cat "$created")" "$(dirname "$created")"
    done | sort -r | tail -n +"$((BACKUP_KEEP + 1))" | cut -d' ' -f2-
  )
  for dir in "${old[@]}"; do
    rm -rf -- "$dir"
    echo "rotated out $dir"
  done
fi
echo "backup written to $out ($stamp)"
