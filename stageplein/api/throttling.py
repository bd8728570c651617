"""Rate limits per caller: each client and token has its own number of requests per minute
(anonymous callers of the public endpoints one per address). Over it: 429 with Retry-After."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from stageplein.accounts.lockout import client_ip
from stageplein.api.access import caller_of

WINDOW = 60


class ClientRateThrottle(BaseThrottle):
    def allow_request(self, request: Request, view: object) -> bool:
        caller = caller_of(request)
        if caller.key == "anonymous":
            key, rate = f"ip:{client_ip(request) or '-'}", settings.API_ANONYMOUS_RATE
        else:
            key, rate = caller.key, caller.rate_per_minute
        now = time.time()
        window = int(now // WINDOW)
        self._wait = WINDOW - (now % WINDOW)
        cache_key = f"api-rate:{key}:{window}"
        # add() then incr(): atomic on Redis and within one process on the local cache.
        cache.add(cache_key, 0, WINDOW + 10)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, WINDOW + 10)
            count = 1
        return count <= rate

    def wait(self) -> float:
        return max(1.0, round(self._wait))
