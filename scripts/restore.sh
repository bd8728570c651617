#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into the EMPTY database of DATABASE_URL (create it with
# createdb first) and the media files into MEDIA_ROOT (docs/deployment.md#backups).
#   DATABASE_URL=postgres://…/stageplein_new MEDIA_ROOT=… scripts/restore.sh DUMP [MEDIA_TAR]
set -euo pipefail
dump="${1:?usage: scripts/restore.sh DUMP [MEDIA_TAR]}"
media_tar="${2:-}"
: "${DATABASE_URL:?DATABASE_URL must point to the new, empty database}"
tables=$(psql "$DATABASE_URL" -Atc "select count(*) from pg_tables where schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore: the database of DATABASE_URL has $tables tables; restore only into a new, empty database" >&2
  exit 2
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$dump"
if [ -n "$media_tar" ]; then
  media="${MEDIA_ROOT:?MEDIA_ROOT must say where the media files go}"
  mkdir -p "$media"
  tar -xzf "$media_tar" -C "$media"
fi
echo "Restored $dump"
