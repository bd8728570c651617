"""gunicorn for `make serve` and the systemd unit (docs/deployment.md).

gthread workers: a few processes (the CPU work of rendering a page holds the GIL, so the
processes are what use the cores) each with a few threads (a thread waiting on PostgreSQL or
Redis lets another run). Every setting can be changed through the environment.
"""

import os

from prometheus_client import multiprocess

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
# A request that takes longer than this is stuck; the worker is replaced.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
# SIGTERM and SIGHUP let running requests finish (a deploy loses no submitted form).
graceful_timeout = 30
keepalive = 5
# Replace a worker now and then, so a slow leak never grows into an outage.
max_requests = 5000
max_requests_jitter = 500
# Requests are logged by the application (JSON, without personal data); errors still here.
accesslog = None
errorlog = "-"
# Not preloaded: SIGHUP then starts workers with the new code (deploys without downtime).
preload_app = False


def child_exit(server, worker):
    # Prometheus counts per process; a dead worker's gauges must not linger.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
