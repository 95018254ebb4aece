"""Measure the help page over HTTP (gunicorn) with a text query and filters.

    .venv/bin/python bench/directory_search.py DATABASE_URL [DATABASE_URL ...] [requests per URL]

for example sqlite:///var/bench-1k.sqlite3 sqlite:///var/bench-10k.sqlite3
postgres://postgres@127.0.0.1:5432/bench_100k 300. Starts one gunicorn (2 workers) per database,
all at once, and requests each URL from every database in turn (request 1 from the first, request
1 from the second, ..., then request 2), so that every database is timed under the same machine
conditions: on a shared machine the load drifts by a third within a minute, which made the ratio
of two databases measured one after the other swing from 1.5 to 2.7. Prints, for each database
and URL: median and 95th percentile latency from a single sequential client, and the number of
database queries one request makes, counted in-process with the same settings: with the cache
warm (as every timed request after the first) and with it empty (cards and reference lists not yet
cached); then the ratio of the last database to the first at the median and the 95th percentile.
Fill each database first with bench/directory_fill.py.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
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
SETTINGS = {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DEBUG": "0"}
WARM_UP = 10


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def query_counts(database_url) -> dict[str, list[int]]:
    """Queries per URL (warm cache, empty cache), in this process: Django connects to one
    database per process, so main() runs this in a child process per database."""
    os.environ.update({**SETTINGS, "DATABASE_URL": database_url})
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
        counts[url] = [len(context), len(cold)]
    return counts


class Server:
    """gunicorn with two workers on a database of its own."""

    def __init__(self, database_url: str):
        self.database_url = database_url
        self.port = free_port()
        env = {**os.environ, **SETTINGS, "DATABASE_URL": database_url}
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "cms.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "2",
             "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip

    def wait_ready(self) -> None:
        for _attempt in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn on {self.database_url} did not start")

    def get(self, quoted_url: str) -> tuple[float, int]:
        """One request: milliseconds and response size."""
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{quoted_url}") as response:
            body = response.read()
        return (time.perf_counter() - start) * 1000, len(body)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def main():
    args = sys.argv[1:]
    if args[:1] == ["--counts"]:
        print(json.dumps(query_counts(args[1])))
        return
    requests = int(args.pop()) if args and args[-1].isdigit() else 300
    database_urls = args
    servers = [Server(url) for url in database_urls]
    try:
        for server in servers:
            server.wait_ready()
        counts = {
            url: json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--counts", url], check=True, capture_output=True, text=True
                ).stdout
            )
            for url in database_urls
        }
        timings = {(server.database_url, url): [] for server in servers for url in URLS}
        sizes = {}
        for url in URLS:
            quoted = urllib.parse.quote(url, safe="/?&=+")
            for server in servers:
                for _warm in range(WARM_UP):
                    server.get(quoted)
            for _n in range(requests):
                for server in servers:
                    elapsed, sizes[(server.database_url, url)] = server.get(quoted)
                    timings[(server.database_url, url)].append(elapsed)
        load = os.getloadavg()[0]
        for database_url in database_urls:
            print(f"\ndatabase: {database_url}; {requests} requests per URL, one client, gunicorn -w 2, "
                  f"interleaved with {len(database_urls) - 1} other database(s); load average {load:.1f}")  # fmt: skip
            print(f"{'URL':58} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'cold q':>7} {'bytes':>7}")
            for url in URLS:
                values = timings[(database_url, url)]
                warm, cold = counts[database_url][url]
                print(
                    f"{url:58} {statistics.median(values):9.1f} {percentile(values, 0.95):7.1f} "
                    f"{warm:7d} {cold:7d} {sizes[(database_url, url)]:7d}"
                )
        if len(database_urls) > 1:
            first, last = database_urls[0], database_urls[-1]
            print(f"\nratio {last} / {first}: median, 95th percentile")
            for url in URLS:
                low, high = timings[(first, url)], timings[(last, url)]
                print(
                    f"{url:58} {statistics.median(high) / statistics.median(low):5.2f} "
                    f"{percentile(high, 0.95) / percentile(low, 0.95):5.2f}"
                )
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
