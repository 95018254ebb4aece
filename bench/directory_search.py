"""Measure the help page over HTTP (gunicorn) with a text query and filters.

    .venv/bin/python bench/directory_search.py DATABASE_URL [DATABASE_URL ...] [requests per URL]

for example sqlite:///var/bench-1k.sqlite3 sqlite:///var/bench-10k.sqlite3
postgres://postgres@127.0.0.1:5432/bench_100k 300. Prints, for each database and URL: median and
95th percentile latency from a single sequential client, and the number of database queries one
request makes, counted in-process with the same settings: with the cache warm (as every timed
request after the first) and with it empty (cards and reference lists not yet cached).
Fill each database first with bench/directory_fill.py.
"""

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    "/ru/help/?q=психолог&region=KZ-75&free=on",
    "/kk/help/?q=komek+ortalyq&kind=psychological&age=12",
    "/kk/help/?q=көмек&open_now=on&anonymous=on&language=ru",
    "/ru/help/?page=3",
    "/en/help/region/almaty/",
    # Baseline: a static foundation page, to tell the machine's speed from the directory's.
    "/en/browse-safely/",
]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def query_counts(database_url):
    os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    counts = {}
    for url in URLS:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            client.get(url)
        counts[url] = (len(context), len(cold))
    return counts


def main():
    args = sys.argv[1:]
    requests = int(args.pop()) if args and args[-1].isdigit() else 300
    if len(args) > 1:
        # One process per database: Django connects to one database per process.
        for database_url in args:
            subprocess.run([sys.executable, __file__, database_url, str(requests)], check=True)
        return
    database_url = args[0]
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DEBUG": "0"}
    os.environ.update({"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DEBUG": "0"})
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "cms.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        counts = query_counts(database_url)
        print(f"database: {database_url}; {requests} requests per URL, one client, gunicorn -w 2")
        print(f"{'URL':58} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'cold q':>7} {'bytes':>7}")
        for url in URLS:
            quoted = urllib.parse.quote(url, safe="/?&=+")
            for _warm in range(10):
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{quoted}").read()
            timings = []
            size = 0
            for _n in range(requests):
                start = time.perf_counter()
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{quoted}") as response:
                    body = response.read()
                timings.append((time.perf_counter() - start) * 1000)
                size = len(body)
            warm, cold = counts[url]
            print(
                f"{url:58} {statistics.median(timings):9.1f} {percentile(timings, 0.95):7.1f} "
                f"{warm:7d} {cold:7d} {size:7d}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    import urllib.parse

    main()
