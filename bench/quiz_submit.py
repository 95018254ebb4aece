"""Quiz submissions per second on PostgreSQL with concurrent clients.

Two measurements, both against a real PostgreSQL database (created if missing, migrated):

1. services: THREADS threads, each with its own database connection, start an attempt for a
   learner and submit it through ``quizzes.services`` (scoring, row lock, answers, signal).
2. http: gunicorn (WORKERS processes x GTHREADS threads) serves the site; CLIENTS threads each
   run the anonymous self-check as a browser would: POST start, GET the form, parse it, POST the
   answers. Every client also re-posts the same form once, which must be answered from the
   recorded result (exactly once), and the script checks that no submission was recorded twice.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pct_bench .venv/bin/python bench/quiz_submit.py \
        [--threads 8] [--submissions 400] [--clients 16] [--flows 400] [--workers 2] [--gthreads 8]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pct_bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

from quiz_forms import submission  # noqa: E402  (bench/ is on the path when run as a script)


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def report(label: str, count: int, wall: float, latencies: list[float]) -> None:
    print(
        f"{label}: {count} submissions in {wall:.2f} s = {count / wall:.1f}/s; "
        f"submit latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {percentile(latencies, 95) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )


def make_quiz(*, anonymous: bool, slug: str):
    from quizzes.models import Quiz
    from tests.quizzes.factories import QuizFactory, matching, multiple, short, single, true_false

    Quiz.objects.filter(slug=slug).delete() if not Quiz.objects.filter(
        slug=slug, attempts__isnull=False
    ).exists() else None
    quiz = Quiz.objects.filter(slug=slug).first()
    if quiz is None:
        quiz = QuizFactory(slug=slug, title=f"Bench {slug}", allow_anonymous=anonymous, shuffle_questions=True)
        for _ in range(2):
            single(quiz)
            multiple(quiz)
            true_false(quiz)
            short(quiz)
            matching(quiz)
    return quiz


def bench_services(threads: int, submissions: int) -> None:
    from django.db import connection

    from quizzes import services
    from quizzes.models import Question
    from quizzes.scoring import full_marks_response
    from tests.factories import UserFactory

    quiz = make_quiz(anonymous=False, slug="bench-services")
    users = [UserFactory(email=f"bench-{time.time_ns()}-{i}@bench.invalid") for i in range(submissions)]
    questions = {q.pk: q for q in Question.objects.filter(quiz=quiz)}
    latencies: list[float] = []
    lock = threading.Lock()

    def one(user):
        try:
            attempt = services.start_attempt(quiz=quiz, user=user)
            answers = {str(pk): full_marks_response(questions[pk]) for pk in attempt.question_ids}
            started = time.perf_counter()
            done = services.submit_attempt(attempt=attempt, answers=answers, idempotency_key=attempt.idempotency_key)
            elapsed = time.perf_counter() - started
            assert done.percent == 100, done.percent
            with lock:
                latencies.append(elapsed)
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, users))
    wall = time.perf_counter() - started
    report(f"services, {threads} threads (start + submit each; rate counts whole flows)", submissions, wall, latencies)


def bench_http(clients: int, flows: int, workers: int, gthreads: int) -> None:
    from quizzes.models import Attempt, AttemptAnswer

    quiz = make_quiz(anonymous=True, slug="bench-http")
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"), "cms.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(gthreads), "--worker-class", "gthread",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            if server.poll() is not None:
                sys.exit("gunicorn did not start")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        before = Attempt.objects.filter(quiz=quiz, status="submitted").count()
        latencies: list[float] = []
        replays: list[int] = []
        lock = threading.Lock()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}"}

        def request(conn, method, path, body=None):
            conn.request(method, path, body=body, headers=headers if body is not None else {})
            response = conn.getresponse()
            return response.status, response.getheader("Location"), response.read().decode()

        def flow(index):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            body = urllib.parse.urlencode({"anonymous_key": f"bench-{time.time_ns()}-{index}"})
            status, location, text = request(conn, "POST", f"/en/quizzes/{quiz.translation_key}/start/", body)
            assert status == 303, (status, text[:300])
            path = urllib.parse.urlsplit(location).path
            status, _, html = request(conn, "GET", path)
            assert status == 200, status
            body = urllib.parse.urlencode(submission(html))
            started = time.perf_counter()
            status, _, _ = request(conn, "POST", path, body)
            elapsed = time.perf_counter() - started
            assert status == 303, status
            status, _, _ = request(conn, "POST", path, body)  # the same form again: answered, not recorded
            assert status == 303, status
            with lock:
                latencies.append(elapsed)
                replays.append(1)
            conn.close()

        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(flow, range(flows)))
        wall = time.perf_counter() - started
        recorded = Attempt.objects.filter(quiz=quiz, status="submitted").count() - before
        answers = AttemptAnswer.objects.filter(attempt__quiz=quiz).count()
        attempts = Attempt.objects.filter(quiz=quiz, status="submitted").count()
        assert recorded == flows, (recorded, flows)
        assert answers == attempts * 10, (answers, attempts)
        report(
            f"http, gunicorn {workers}x{gthreads} gthread, {clients} clients (start + form + submit + re-post)",
            flows,
            wall,
            latencies,
        )
        print(f"  {flows} duplicate posts answered from the recorded result; {recorded} submissions recorded once each")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--submissions", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--flows", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gthreads", type=int, default=8)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the point is PostgreSQL's concurrency.")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("compilemessages", verbosity=0, ignore_patterns=[".venv", "node_modules"])
    host = urllib.parse.urlsplit(url).hostname
    print(f"PostgreSQL at {host}, {os.cpu_count()} CPUs, quiz of 10 questions (2 of each type)")
    bench_services(args.threads, args.submissions)
    if not args.skip_http:
        bench_http(args.clients, args.flows, args.workers, args.gthreads)


if __name__ == "__main__":
    main()
