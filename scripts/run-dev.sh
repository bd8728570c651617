#!/usr/bin/env bash
# Run the web server and the task worker together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
# Development server: DEBUG is off unless set (settings.py), so turn it on here explicitly.
export DEBUG="${DEBUG:-true}"
# Periodic work (reminders, daily digests) runs as a task that queues itself again; with
# TASKS_BACKEND=immediate there is no worker and the command only says so.
.venv/bin/python manage.py run_scheduled --start || true
.venv/bin/python manage.py worker --queue-name "*" &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Stageplein runs on http://127.0.0.1:8000 (demo accounts: see README.md)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
