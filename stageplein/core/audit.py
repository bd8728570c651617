"""Audit log minimisation (issue 13): for sensitive fields the log keeps a short hash of the old
and new value, enough to see that (and when, and by whom) it changed, and to check a value
someone claims it had, but not the value itself."""

import hashlib


def hash_value(value: str) -> str:
    if value in ("", "None"):
        return value
    return "sha256:" + hashlib.sha256(str(value).encode()).hexdigest()[:12]
