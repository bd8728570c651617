#!/usr/bin/env bash
# Make sure the PostgreSQL in DATABASE_URL answers; start the local cluster if it does not.
# Fails loudly: the test suite always runs on PostgreSQL.
#
# A cluster that is already running is left as it is (other databases and test runs may be
# using it): its max_connections is only raised, with a restart, when asked with
# PG_RAISE_CONNECTIONS=1. A local cluster this script had to start itself is raised right away.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must be set}"
check() {
  .venv/bin/python - "$DATABASE_URL" <<'PY'
import sys
import dj_database_url
import psycopg
cfg = dj_database_url.parse(sys.argv[1])
if "postgresql" not in cfg["ENGINE"]:
    sys.exit("DATABASE_URL is not a PostgreSQL URL: " + sys.argv[1])
kw = dict(host=cfg.get("HOST") or None, port=cfg.get("PORT") or None, user=cfg.get("USER") or None,
          password=cfg.get("PASSWORD") or None, connect_timeout=3)
with psycopg.connect(dbname="postgres", autocommit=True, **kw) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
PY
}
# The capacity test fires 200 accepts at once, each on its own connection (docs/capacity.md).
NEED_CONNECTIONS=300
max_connections() {
  .venv/bin/python - "$DATABASE_URL" "$@" <<'PY'
import sys
import dj_database_url
import psycopg
cfg = dj_database_url.parse(sys.argv[1])
kw = dict(host=cfg.get("HOST") or None, port=cfg.get("PORT") or None, user=cfg.get("USER") or None,
          password=cfg.get("PASSWORD") or None, connect_timeout=3)
with psycopg.connect(dbname="postgres", autocommit=True, **kw) as conn:
    if len(sys.argv) > 2:
        conn.execute(f"ALTER SYSTEM SET max_connections = {int(sys.argv[2])}")
    print(conn.execute("SHOW max_connections").fetchone()[0])
PY
}
local_cluster() {
  command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] &&
    [[ "$DATABASE_URL" =~ @(127\.0\.0\.1|localhost)(:|/) ]]
}
start_local() {
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main "$1" 2>&1 || true
  done
  for _ in $(seq 1 30); do check 2>/dev/null && return 0; sleep 1; done
  return 1
}
ensure_connections() {
  local current may_restart=$1
  current=$(max_connections 2>/dev/null || echo 0)
  if [ "$current" -ge "$NEED_CONNECTIONS" ]; then return 0; fi
  if [ "$may_restart" = yes ] && local_cluster && max_connections "$NEED_CONNECTIONS" >/dev/null 2>&1; then
    echo "Raising PostgreSQL max_connections from $current to $NEED_CONNECTIONS (restart)" >&2
    start_local restart && return 0
  fi
  echo "warning: PostgreSQL allows $current connections; the capacity test then fires in waves" >&2
  if [ "$may_restart" != yes ]; then
    echo "(PG_RAISE_CONNECTIONS=1 raises it to $NEED_CONNECTIONS, restarting the local cluster)" >&2
  fi
}
if check 2>/dev/null; then
  if [ "${PG_RAISE_CONNECTIONS:-0}" = 1 ]; then ensure_connections yes; else ensure_connections no; fi
  exit 0
fi
echo "PostgreSQL does not answer; trying to start the local cluster" >&2
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  if start_local start; then ensure_connections yes; exit 0; fi
fi
echo "ERROR: PostgreSQL is not reachable at $DATABASE_URL." >&2
echo "The test suite runs on PostgreSQL only. Start it (pg_ctlcluster <version> main start) or set DATABASE_URL." >&2
check || true
exit 1
