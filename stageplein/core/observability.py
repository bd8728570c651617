"""Prometheus metrics and structured (JSON) logs (docs/deployment.md#monitoring).

Metrics: request latency per view (the URL name, never the path: paths hold ids and one-time
sign-in tokens), and the task queue's length and age, read from the queue when scraped. Under
gunicorn every worker process counts for itself; with PROMETHEUS_MULTIPROC_DIR set (make serve
sets it) the scrape adds the processes up.

Logs: one JSON object a line. The request line names the route pattern and the view, the
status and the time taken, and nothing about the person (no user, address, query string).
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import time
from collections.abc import Callable
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from stageplein.core.health import queue_length_and_age, uses_task_queue

REQUEST_SECONDS = Histogram(
    "stageplein_request_seconds",
    "Time to answer a request, per view",
    ["view", "method", "status"],
    buckets=(0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10),
)

request_log = logging.getLogger("stageplein.request")


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or "unnamed"


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - start
        view = _view_name(request)
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(view, request.method, status).observe(seconds)
        match = getattr(request, "resolver_match", None)
        request_log.info(
            "request",
            extra={
                "view": view,
                "route": match.route if match else None,
                "method": request.method,
                "status": response.status_code,
                "ms": round(seconds * 1000, 1),
            },
        )
        return response


class _TaskQueueCollector:
    def collect(self):
        count, age = queue_length_and_age()
        yield GaugeMetricFamily("stageplein_task_queue_length", "Due tasks waiting", value=count)
        yield GaugeMetricFamily(
            "stageplein_task_queue_age_seconds", "How long the oldest due task waits", value=age
        )


def _may_scrape(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        return request.headers.get("Authorization", "") == f"Bearer {token}"
    # Without a token only the machine itself may scrape (the proxy must not pass /metrics on).
    try:
        return ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_scrape(request):
        return HttpResponse(status=404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    queue = CollectorRegistry()
    if uses_task_queue():
        queue.register(_TaskQueueCollector())
    body = generate_latest(registry) + generate_latest(queue)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


# Django's request logger attaches the request itself; its repr holds the full path (ids,
# one-time tokens), so it is left out.
_LEFT_OUT = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the record's extra fields and,
    for errors, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _LEFT_OUT and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
