"""The realistic mix for locust (headless): anonymous visitors and signed-in learners.

Run by bench/load_test; by hand, after bench/load_fixtures.py has written the targets:

    BENCH_TARGETS=var/loadtest/targets.json BENCH_LEARNERS=10 .venv/bin/locust -f bench/load_mix.py \\
        --headless -u 60 -r 20 -t 60s --host https://127.0.0.1:8443 --reset-stats --only-summary

Visitors (no cookie, as the public site sets none) open the home page, search the help page with
filters, open region and service pages and lectures, with 1-4 s between pages. Learners (the
``BENCH_LEARNERS`` first users, each with one of the fixtures' signed-in sessions) open their
course, read lessons, mark some done, and take the course's quizzes through the real forms (CSRF
token, start, answer form, submit, result), with 2-6 s between steps. A learner who has used all
attempts of every quiz moves to the next fixture account. Statistics are named by page type.
A small share of visitors' requests go to the framework's floor (/healthz), so its latency under
the same load is in the table too.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from collections import Counter, defaultdict
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, between, events, task
from quiz_forms import CSRF_TOKEN, submission

TARGETS = json.loads(Path(os.environ.get("BENCH_TARGETS", "var/loadtest/targets.json")).read_text())
URLS: dict[str, list[str]] = TARGETS["urls"]
ACCOUNTS = TARGETS["learners"]
NEXT_ACCOUNT = itertools.count()
# What nginx's page cache did for each page type (its X-Cache header): HIT, MISS, EXPIRED, ...
CACHE_STATUS: dict[str, Counter] = defaultdict(Counter)


@events.test_stop.add_listener
def write_cache_status(**_kwargs) -> None:
    if path := os.environ.get("BENCH_CACHE_OUT"):
        Path(path).write_text(json.dumps(CACHE_STATUS, indent=1))

QUIZ_LINK = re.compile(r'href="(/[a-z]{2}/quizzes/[0-9a-f-]{36}/)[^"]*"')
COMPLETE_FORM = re.compile(r'action="(/[a-z]{2}/learning/lessons/\d+/complete/)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Visitor(FastHttpUser):
    """Someone from a school, a parent or a specialist looking for help or a lecture; never signed in."""

    wait_time = between(1, 4)

    def page(self, kind: str) -> None:
        url = random.choice(URLS[kind])
        with self.client.get(url, name=kind, catch_response=True) as response:
            CACHE_STATUS[kind][response.headers.get("x-cache") or "none"] += 1
            if response.status_code == 200 and kind != "floor" and "set-cookie" in response.headers:
                response.failure("an anonymous page set a cookie")  # it could not be cached safely

    @task(30)
    def help_search(self) -> None:
        self.page("help_search")

    @task(5)
    def help(self) -> None:
        self.page("help")

    @task(10)
    def region(self) -> None:
        self.page("region")

    @task(20)
    def service(self) -> None:
        self.page("service")

    @task(15)
    def home(self) -> None:
        self.page("home")

    @task(6)
    def lecture(self) -> None:
        self.page("lecture")

    @task(4)
    def lecture_session(self) -> None:
        self.page("lecture_session")

    @task(3)
    def floor(self) -> None:
        self.page("floor")


class Learner(FastHttpUser):
    """A specialist taking a training: reads lessons and takes the course's quizzes."""

    fixed_count = int(os.environ.get("BENCH_LEARNERS", "10"))
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.host))
        self.sign_in()

    def sign_in(self) -> None:
        """Take the next fixture account: its session cookie, and its quizzes still to take."""
        index = next(NEXT_ACCOUNT)
        if index >= len(ACCOUNTS):
            self.account = None
            return
        self.account = ACCOUNTS[index]
        self.exhausted: set[str] = set()
        self.client.cookiejar.clear()
        address = urlsplit(self.host)
        secure = address.scheme == "https"  # production cookies are Secure: the cluster is reached over HTTPS
        self.client.cookiejar.set_cookie(
            Cookie(0, "sessionid", self.account["session"], None, False, address.hostname, False, False, "/", True,
                   secure, None, True, None, None, {})
        )  # fmt: skip

    def headers(self) -> dict[str, str]:
        return {**FORM, "Origin": self.origin, "Referer": self.origin + "/"}

    def course(self) -> str:
        url = random.choice(URLS["course"])
        response = self.client.get(url, name="course")
        return response.text or ""

    @task(6)
    def read_lesson(self) -> None:
        response = self.client.get(random.choice(URLS["lesson"]), name="lesson")
        html = response.text or ""
        complete = COMPLETE_FORM.search(html)
        token = CSRF_TOKEN.search(html)
        if complete and token and random.random() < 0.2:
            self.client.post(
                complete.group(1), data=urlencode({"csrfmiddlewaretoken": token.group(1)}), headers=self.headers(),
                name="lesson done", allow_redirects=False,
            )  # fmt: skip

    @task(1)
    def course_page(self) -> None:
        self.course()

    @task(3)
    def take_quiz(self) -> None:
        if self.account is None:
            return
        quizzes = [url for url in dict.fromkeys(QUIZ_LINK.findall(self.course())) if url not in self.exhausted]
        if not quizzes:
            self.sign_in()
            return
        quiz = random.choice(quizzes)
        page = self.client.get(quiz, name="quiz page")
        token = CSRF_TOKEN.search(page.text or "")
        if token is None or quiz + 'start/"' not in (page.text or ""):  # no attempts left, or the quiz is closed
            self.exhausted.add(quiz)
            return
        with self.client.post(
            quiz + "start/", data=urlencode({"csrfmiddlewaretoken": token.group(1)}), headers=self.headers(),
            name="quiz start", allow_redirects=False, catch_response=True,
        ) as started:  # fmt: skip
            if started.status_code == 409:  # every attempt used: expected, not an error
                started.success()
                self.exhausted.add(quiz)
                return
            if started.status_code != 303:
                started.failure(f"start answered {started.status_code}")
                return
        attempt = urlsplit(started.headers["Location"]).path
        self.wait()  # reading the questions
        form = self.client.get(attempt, name="quiz form")
        data = submission(form.text or "")
        if data is None:
            return
        with self.client.post(
            attempt, data=urlencode(data), headers=self.headers(), name="quiz submit", allow_redirects=False,
            catch_response=True,
        ) as submitted:  # fmt: skip
            if submitted.status_code != 303:
                submitted.failure(f"submit answered {submitted.status_code}")
                return
        self.client.get(attempt, name="quiz result")
