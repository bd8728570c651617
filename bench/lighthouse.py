"""Lighthouse scores of the public pages (issue 19): performance, accessibility, best practices
and SEO, as a phone sees them (Lighthouse's default mobile emulation and simulated throttling),
against the production set-up: DEBUG off, static files collected with hashed names (WhiteNoise),
gunicorn. Prints one line per page; the full reports go to var/lighthouse/.

    npm install --prefix /tmp/lh lighthouse@12.2.3      # once (Node.js 20)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein DEBUG=true \\
        .venv/bin/python manage.py demo --if-empty        # the demo region (Zutphen)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein \\
        .venv/bin/python bench/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse

With ``--base http://host:port`` it measures a server that is already running instead of
starting one. Scores are 0-100; performance depends on the machine's load (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --no-first-run"
)


def fetch(url: str, timeout: float) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise SystemExit(f"not a web address: {url}")
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (checked above)
        return response.read()


def start_server(port: int) -> tuple[subprocess.Popen, str]:
    static_root = tempfile.mkdtemp(prefix="stageplein-static-")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_ROOT": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Plain HTTP on the loopback: the proxy in front would do TLS in production.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": static_root,
        "DJANGO_SETTINGS_MODULE": "stageplein.settings",
    }
    python = str(BASE_DIR / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "stageplein.wsgi:application",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            fetch(base + "/health/live/", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        raise SystemExit("the server did not start")
    return server, static_root


def pages(base: str) -> list[str]:
    sitemap = fetch(base + "/sitemap.xml", timeout=30).decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    placement = next((u for u in locs if re.search(r"/vacaturebank/\d+/$", u)), None)
    provider = next((u for u in locs if "/vacaturebank/organisaties/" in u), None)
    found = [
        "/vacaturebank/",
        "/vacaturebank/?pc4=7201&km=10",
        *(urllib.parse.urlsplit(u).path for u in (placement, provider) if u),
        "/privacy/",
        "/toegankelijkheid/",
    ]
    return [base + path for path in found]


def score(lighthouse: str, chrome: str, url: str, out_dir: Path) -> dict[str, int]:
    name = (
        re.sub(
            r"[^a-z0-9]+",
            "-",
            urllib.parse.urlsplit(url).path + "-" + urllib.parse.urlsplit(url).query,
        ).strip("-")
        or "root"
    )
    report = out_dir / f"{name}.json"
    subprocess.run(
        [
            lighthouse,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        check=True,
    )
    data = json.loads(report.read_text())
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default=shutil.which("lighthouse") or "lighthouse")
    parser.add_argument("--chrome", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--base", help="measure this running server instead of starting one")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = None
    static_root = None
    if args.base:
        base = args.base.rstrip("/")
    else:
        server, static_root = start_server(args.port)
        base = f"http://127.0.0.1:{args.port}"
    out_dir = BASE_DIR / "var" / "lighthouse"
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        print(f"{'page':45} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
        for url in pages(base):
            scores = score(args.lighthouse, args.chrome, url, out_dir)
            path = url.removeprefix(base)
            print(f"{path:45} " + " ".join(f"{scores[c]:>5}" for c in CATEGORIES), flush=True)
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if static_root:
            shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
