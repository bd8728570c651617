#!/usr/bin/env bash
# Production on one machine (make serve, docs/deployment.md): DEBUG off, migrations, static
# files collected, gunicorn, the task worker(s) and the scheduler as separate processes. When
# one of them stops, the others are stopped too and the script exits non-zero, so that systemd
# or a container runtime restarts the whole.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DEBUG=false

fail() {
  echo "make serve: $*" >&2
  echo "See docs/deployment.md for every setting." >&2
  exit 2
}
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *) fail "DATABASE_URL must point to PostgreSQL (postgres://user@host:5432/name); production does not run on SQLite." ;;
esac
[ -n "${SECRET_KEY:-}${SECRET_KEY_FILE:-}" ] ||
  fail "SECRET_KEY (or SECRET_KEY_FILE) is not set. Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
[ -n "${ALLOWED_HOSTS:-}" ] || fail "ALLOWED_HOSTS is not set: the host name(s) people use, e.g. ALLOWED_HOSTS=stageplein.example.nl"
[ -n "${SITE_ROOT:-}" ] || fail "SITE_ROOT is not set: the address in e-mails, PDFs and calendar feeds, e.g. SITE_ROOT=https://stageplein.example.nl"
[ -n "${EMAIL_HOST:-}${EMAIL_BACKEND:-}" ] ||
  fail "EMAIL_HOST is not set: sign-in links and hour confirmations go by e-mail (or set EMAIL_BACKEND explicitly)."
if ! "$PY" -c 'import django, os; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings"); django.setup()' 2>/tmp/stageplein-serve-settings.$$; then
  fail "the settings do not load: $(tail -n 1 /tmp/stageplein-serve-settings.$$)"
fi
rm -f /tmp/stageplein-serve-settings.$$

"$PY" manage.py check --deploy --fail-level ERROR
# With several app servers, one of them migrates (SERVE_MIGRATE=0 on the others).
if [ "${SERVE_MIGRATE:-1}" = 1 ]; then
  "$PY" manage.py migrate --noinput
fi
"$PY" manage.py collectstatic --noinput --verbosity 0

# The app servers' metrics are added up from this folder (stageplein.core.observability).
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-${TMPDIR:-/tmp}/stageplein-metrics-$$}"
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

pids=()
stop() {
  trap - EXIT INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 0' INT TERM

.venv/bin/gunicorn -c deploy/gunicorn.conf.py stageplein.wsgi:application &
pids+=($!)
for _ in $(seq "${TASK_WORKERS:-1}"); do
  "$PY" manage.py worker --queue-name "*" --exclude-queues simulation &
  pids+=($!)
done
# A season simulation holds its worker for minutes: it gets one of its own.
"$PY" manage.py worker --queue-name simulation &
pids+=($!)
"$PY" manage.py run_scheduled --every 60 &
pids+=($!)
echo "Stageplein serves on http://${BIND:-127.0.0.1:8000} (DEBUG off; Ctrl-C stops every process)"
# The first process to stop takes the others with it.
set +e
wait -n "${pids[@]}"
status=$?
echo "make serve: a process stopped (exit $status); stopping the others" >&2
exit $(( status == 0 ? 1 : status ))
