"""Where a page's time goes: pyinstrument over repeated requests through Django's test client.

    eval "$(bench/cluster env)"      # or any environment naming the database and settings
    .venv/bin/python bench/profile_page.py /kk/help/?q=komek [--repeat 50] [--learner] [--no-cache]

Requests the URL once to warm up, then --repeat times under the profiler, and prints the median
time per request, the queries of one request and pyinstrument's call tree (frames under 2% of the
time hidden). --learner signs in as a fresh bench learner first; --no-cache switches the cache
off (what a cache miss costs). Runs in this process: no server, no network, same settings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from cms.accounts.models import LEARNER_ROLES, User  # noqa: E402

PROFILED_LEARNER = "load-profile@bench.invalid"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--learner", action="store_true", help="sign in as a bench learner")
    parser.add_argument("--no-cache", action="store_true", help="run with the cache switched off")
    args = parser.parse_args()

    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0], HTTP_X_FORWARDED_PROTO="https", secure=True)
    learner = None
    if args.learner:
        from courses import services
        from courses.models import CoursePage

        learner, _ = User.objects.get_or_create(
            email=PROFILED_LEARNER, defaults={"password": make_password(None), "role": sorted(LEARNER_ROLES)[0]}
        )
        for course in CoursePage.objects.live():
            services.enrol(user=learner, course=course.specific, source="assigned")
        client.force_login(learner)
    no_cache = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    caches = no_cache if args.no_cache else settings.CACHES
    try:
        with override_settings(CACHES=caches):
            response = client.get(args.url)
            if response.status_code != 200:
                sys.exit(f"{args.url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                client.get(args.url)
            # Read now: every later request empties the connection's query log.
            captured = list(queries.captured_queries)
            timings = []
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.repeat):
                started = time.perf_counter()
                client.get(args.url)
                timings.append(time.perf_counter() - started)
            profiler.stop()
    finally:
        if learner is not None:
            learner.delete()
    print(f"{args.url}: median {statistics.median(timings) * 1000:.1f} ms over {args.repeat} requests, "
          f"{len(captured)} queries, {len(response.content) / 1024:.0f} KB")  # fmt: skip
    print(profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total"))
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for query in captured:
            print(f"{query['time']:>6}  {query['sql'][:200]}")


if __name__ == "__main__":
    main()
