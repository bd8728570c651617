#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and the uploaded files (docs/deployment.md#backups).
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/stageplein/media scripts/backup.sh /var/backups/stageplein
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: scripts/backup.sh DIR}"
: "${DATABASE_URL:?DATABASE_URL must point to the PostgreSQL database to back up}"
media="${MEDIA_ROOT:-media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dir"
# Written under a temporary name first: a backup that stopped half-way never looks complete.
pg_dump --format=custom --no-owner --no-privileges --file "$dir/.stageplein-$stamp.dump" "$DATABASE_URL"
mv "$dir/.stageplein-$stamp.dump" "$dir/stageplein-$stamp.dump"
if [ -d "$media" ]; then
  tar -czf "$dir/.stageplein-$stamp-media.tar.gz" -C "$media" .
  mv "$dir/.stageplein-$stamp-media.tar.gz" "$dir/stageplein-$stamp-media.tar.gz"
fi
echo "$dir/stageplein-$stamp.dump"
