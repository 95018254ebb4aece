"""Fault drills against the cluster of bench/cluster: kill an app server, restart PostgreSQL, stop Redis.

Each drill creates its own learners, quiz and focus-group sessions (tagged with the run's id), then
runs logged-in learners as browsers would: over HTTPS through nginx, following the real HTML forms
(sign in, start a quiz, answer it, send it; check in to a session with its code). Midway it
injects the fault. Clients retry a failed request (connection lost, 5xx) with the same form, so a
quiz carries the same idempotency key. At the end it compares what the clients saw acknowledged
with the database and prints every check; the exit status is 1 when a check fails.

    .venv/bin/python bench/faults.py kill-app          # kill-app 1, start-app 1, kill-app 2, … (--rounds)
    .venv/bin/python bench/faults.py restart-postgres  # pg_ctlcluster stop, a few seconds, start
    .venv/bin/python bench/faults.py stop-redis        # redis-cli shutdown, a few seconds, redis-server
    .venv/bin/python bench/faults.py all

Options: --learners N (8), --sessions N (5), --before S (8), --after S (12), --down S (fault length),
--rounds N (kill-app: servers killed in turn, 3), --port-offset K (0). Runs against the cluster of
this checkout when it is up (`bench/cluster up --servers 2`; addresses from `bench/cluster env`),
or starts one (`--port-offset K --db pct_faults`) and stops it afterwards. PostgreSQL and Redis
are shared by everything on the machine: their faults reach every other user of them for a few
seconds. PostgreSQL, Redis and the killed app server are always brought back, even on failure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shlex
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "bench" / "cluster"
CLUSTER_LOGS = ROOT / "var" / "cluster" / "log"  # bench/cluster's LOGS
# Where nginx answers over HTTPS and where each app server listens: set from `bench/cluster env`.
HOST, PORT = "127.0.0.1", 8443
ORIGIN = f"https://{HOST}:{PORT}"
APP_URLS: list[str] = []
PASSWORD = "fault-drill-password-2026"
LANGUAGES = ("kk", "ru", "en")
# A request that failed is sent again for this long before the client gives up on it.
RETRY_FOR = 90.0
RETRY_STATUSES = {500, 502, 503, 504}
PUBLIC_PATHS = [
    "/kk/",
    "/ru/",
    "/en/",
    "/kk/help/",
    "/ru/help/",
    "/en/help/",
    "/kk/search/?" + urlencode({"q": "бала"}),
]
PG_VERSION, PG_CLUSTER = "15", "main"
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
    "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip

INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE

T0 = time.monotonic()


def say(message: str) -> None:
    print(f"[faults +{time.monotonic() - T0:6.1f}s] {message}", flush=True)


# --- the cluster -----------------------------------------------------------------------------


def cluster(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(CLUSTER), *args], cwd=ROOT, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"bench/cluster {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def cluster_status() -> dict:
    result = cluster("status", "--json", check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def cluster_is_up(status: dict) -> bool:
    return bool(status) and all(item["pid"] for item in status.values())


def cluster_env() -> dict[str, str]:
    found = {}
    for line in cluster("env").stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        found[name] = shlex.split(value)[0] if value else ""
    return found


def use_cluster() -> None:
    """Point the clients at the cluster and set Django up with its environment (for the checks)."""
    global HOST, PORT, ORIGIN, APP_URLS
    variables = cluster_env()
    address = urlsplit(variables["CLUSTER_HTTPS_URL"])
    HOST, PORT, ORIGIN = address.hostname, address.port, variables["CLUSTER_HTTPS_URL"]
    APP_URLS = variables["CLUSTER_APP_URLS"].split()
    os.environ.update(variables)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def readiness(app: str) -> str:
    """The status an app server's /readyz reports: ok, degraded (cache down), unavailable, or none."""
    try:
        with urllib.request.urlopen(f"{app}/readyz", timeout=3, context=INSECURE) as response:  # noqa: S310
            return json.loads(response.read()).get("status", "?")
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}").get("status", str(error.code))
    except (OSError, ValueError):
        return "no answer"


def worker_exits() -> int:
    """How many times bench/cluster's supervisor loop has seen db_worker exit."""
    log = ROOT / "var" / "cluster" / "log" / "worker.log"
    return log.read_text(errors="replace").count("db_worker exited") if log.exists() else 0


def http_status(url: str, timeout: float = 3.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=INSECURE) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


# --- the drill's data ------------------------------------------------------------------------


GIFT = """
::helpline:: The national line for children and families is 111. {TRUE}

::emergency:: Which number calls emergency services? {=112 ~111 ~104}

::proof:: A specialist must collect proof before reporting a suspicion. {FALSE}

::signs:: Which of these can be a sign of abuse? {=Unexplained bruises ~Good marks ~A school uniform}
"""


@dataclass
class Learner:
    email: str
    user_id: int
    language: str


@dataclass
class Plan:
    run: str
    quiz_key: str
    question_count: int
    learners: list[Learner]
    spare: Learner  # signs in during the fault
    sessions: dict[int, str]  # session id -> check-in code


def prepare(*, run: str, learners: int, sessions: int) -> Plan:
    """A quiz, a focus group with sessions on now, and learners in it; all tagged with ``run``."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale

    from cms.accounts.models import Role, User
    from courses.cohorts.models import FocusGroup, Membership, Session
    from quizzes import services as quiz_services
    from quizzes.models import Quiz

    with transaction.atomic():
        quiz = Quiz.objects.create(
            title=f"Fault drill {run}",
            slug=f"fault-drill-{run}",
            locale=Locale.objects.get(language_code="kk"),
            max_attempts=None,
            pass_mark=50,
        )
        imported = quiz_services.import_gift(quiz=quiz, source=GIFT)
        if imported.imported != 4:
            raise RuntimeError(f"GIFT import failed: {imported.report}")
        group = FocusGroup.objects.create(name=f"Fault drill {run}", region="KZ-75")
        starts = timezone.now() - timedelta(minutes=10)
        codes = {}
        for number in range(1, sessions + 1):
            session = Session.objects.create(
                group=group, title=f"Fault drill {run} #{number}", starts_at=starts, duration_minutes=240
            )
            codes[session.pk] = session.checkin_code
        people = []
        for number in range(learners + 1):
            user = User.objects.create_user(
                email=f"fault-{run}-{number:02d}@faults.invalid",
                password=PASSWORD,
                first_name="Fault",
                last_name=f"Drill {number:02d}",
                role=Role.TEACHER,
            )
            Membership.objects.create(group=group, user=user)
            people.append(Learner(email=user.email, user_id=user.pk, language=LANGUAGES[number % 3]))
    return Plan(
        run=run,
        quiz_key=str(quiz.translation_key),
        question_count=quiz.questions.count(),
        learners=people[:-1],
        spare=people[-1],
        sessions=codes,
    )


# --- a browser -------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)

    def names(self) -> set[str]:
        return {item["name"] for item in self.fields}

    def values(self, chosen: dict[str, str], button: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """What a browser sends: hidden and filled fields, one value per radio group, the button."""
        sent, seen = [], set()
        for item in self.fields:
            name, kind = item["name"], item["type"]
            if kind in ("submit", "button"):
                continue
            if name in chosen:
                if name not in seen:
                    sent.append((name, chosen[name]))
                    seen.add(name)
            elif kind in ("radio", "checkbox"):
                if item["checked"]:
                    sent.append((name, item["value"]))
            else:
                sent.append((name, item["value"]))
        if button:
            sent.append(button)
        return sent


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value or "") for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(action=attrs.get("action", ""), method=attrs.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag in ("input", "button", "textarea") and attrs.get("name"):
            kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
            self.forms[-1].fields.append(
                {"name": attrs["name"], "type": kind, "value": attrs.get("value", ""), "checked": "checked" in attrs}
            )
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and attrs.get("value"):
            self.forms[-1].fields.append(
                {"name": self._select, "type": "option", "value": attrs["value"], "checked": "selected" in attrs}
            )

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    path: str
    at: float

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


class Recorder:
    """Every response and every failed request of every client, for the checks at the end."""

    def __init__(self, outage_markers: dict[str, str]):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        # (when, path, status, nginx cache status: HIT, MISS, BYPASS, STALE... or "" when uncached)
        self.public: list[tuple[float, str, int | None, str]] = []
        self.failures: list[tuple[float, str, str]] = []  # connection errors
        self.bad_503: list[str] = []
        self.good_503 = 0
        self.errors_500: list[str] = []  # the app failed
        self.gateway_errors: list[str] = []  # nginx lost the app server (502) or waited too long (504)
        self.retried = 0
        # Form posts (quiz start and submission, check-in, sign-in) on their way at this moment, and
        # those a fault cut off (no answer, or 5xx) before they were sent again.
        self.writes_in_flight = 0
        self.writes_cut_off: list[str] = []
        self.outage_markers = outage_markers

    def response(self, response: Response, *, public: bool) -> None:
        with self.lock:
            self.statuses[response.status] += 1
            if public:
                self.public.append((response.at, response.path, response.status, response.headers.get("x-cache", "")))
            if response.status == 503:
                self._check_503(response)
            elif response.status in (502, 504):
                self.gateway_errors.append(f"{response.status} {response.path}")
            elif response.status >= 500:
                self.errors_500.append(f"{response.status} {response.path}: {response.text[:200]!r}")

    def _check_503(self, response: Response) -> None:
        language = response.path.split("/")[1] if response.path.split("/")[1] in LANGUAGES else None
        expected = self.outage_markers.get(language) if language else None
        text = response.text
        problems = []
        if "retry-after" not in response.headers:
            problems.append("no Retry-After")
        if expected and expected not in text:
            problems.append(f"not the {language} outage page")
        if not expected and not any(marker in text for marker in self.outage_markers.values()):
            problems.append("not the outage page")
        if "Traceback" in text or "Error" in text:
            problems.append("shows an error")
        if problems:
            self.bad_503.append(f"{response.path}: {', '.join(problems)}: {text[:160]!r}")
        else:
            self.good_503 += 1

    def failure(self, path: str, error: Exception) -> None:
        with self.lock:
            self.failures.append((time.monotonic(), path, f"{type(error).__name__}: {error}"))


class Browser:
    """One person's browser: cookies, the Referer and Origin of a real form post, retries."""

    def __init__(self, recorder: Recorder, *, public: bool = False):
        self.cookies: dict[str, str] = {}
        self.recorder = recorder
        self.public = public
        self.connection: http.client.HTTPSConnection | None = None

    def _send(self, method: str, path: str, body: bytes | None, referer: str | None) -> Response:
        if self.connection is None:
            self.connection = http.client.HTTPSConnection(HOST, PORT, context=INSECURE, timeout=40)
        headers = {"Host": f"{HOST}:{PORT}", "User-Agent": "bench-faults", "Accept-Language": "kk"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = ORIGIN
        if referer:
            headers["Referer"] = ORIGIN + referer
        try:
            self.connection.request(method, path, body=body, headers=headers)
            raw = self.connection.getresponse()
            text = raw.read().decode("utf-8", "replace")
        except Exception:
            self.connection.close()
            self.connection = None
            raise
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                cookie, _, content = pair.partition("=")
                self.cookies[cookie.strip()] = content.strip()
        if raw.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return Response(
            raw.status, {k.lower(): v for k, v in raw.getheaders()}, text, path.split("?")[0], time.monotonic()
        )

    def fetch(self, method: str, path: str, data: list[tuple[str, str]] | None = None, *, referer=None) -> Response:
        """Send the request; on a lost connection or a 5xx send the very same request again."""
        body = urlencode(data).encode() if data is not None else None
        deadline = time.monotonic() + RETRY_FOR
        pause = 0.3
        write = method == "POST"
        while True:
            self._in_flight(write, +1)
            try:
                response = self._send(method, path, body, referer)
            except (OSError, http.client.HTTPException) as error:
                self.recorder.failure(path, error)
                self._cut_off(write, f"{path}: {type(error).__name__}")
            else:
                self.recorder.response(response, public=self.public)
                if response.status not in RETRY_STATUSES:
                    return response
                self._cut_off(write, f"{path}: {response.status}")
            finally:
                self._in_flight(write, -1)
            if time.monotonic() > deadline:
                raise GaveUp(f"{method} {path}: no answer after {RETRY_FOR:.0f} s")
            with self.recorder.lock:
                self.recorder.retried += 1
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def _in_flight(self, write: bool, change: int) -> None:
        if write:
            with self.recorder.lock:
                self.recorder.writes_in_flight += change

    def _cut_off(self, write: bool, what: str) -> None:
        if write:
            with self.recorder.lock:
                self.recorder.writes_cut_off.append(what)

    def submit(self, form: Form, page: str, chosen: dict[str, str], button=None) -> Response:
        return self.fetch("POST", form.action or page, form.values(chosen, button), referer=page)


class GaveUp(Exception):
    pass


class Unexpected(Exception):
    pass


def form_with(html: str, name: str, path: str) -> Form:
    for form in forms_in(html):
        if name in form.names():
            return form
    raise Unexpected(f"{path}: no form with a field {name!r}")


def form_posting_to(html: str, suffix: str, path: str) -> Form:
    for form in forms_in(html):
        if form.action.endswith(suffix):
            return form
    raise Unexpected(f"{path}: no form posting to …{suffix}")


# --- learners --------------------------------------------------------------------------------


@dataclass
class Ledger:
    """What one learner's client saw acknowledged."""

    attempts_seen: set[str] = field(default_factory=set)
    submitted: dict[str, dict[str, str]] = field(default_factory=dict)  # attempt key -> answers sent
    submitted_at: dict[str, float] = field(default_factory=dict)
    checked_in: dict[int, float] = field(default_factory=dict)  # session id -> when acknowledged
    unconfirmed: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)


def sign_in(browser: Browser, learner: Learner) -> Response:
    page = f"/{learner.language}/accounts/login/"
    html = browser.fetch("GET", page).text
    form = form_with(html, "password", page)
    return browser.submit(form, page, {"email": learner.email, "password": PASSWORD})


def take_quiz(browser: Browser, learner: Learner, plan: Plan, ledger: Ledger, rng: random.Random) -> None:
    page = f"/{learner.language}/quizzes/{plan.quiz_key}/"
    html = browser.fetch("GET", page).text
    started = browser.submit(form_posting_to(html, "/start/", page), page, {})
    if started.status != 303 or "/attempts/" not in started.location:
        raise Unexpected(f"start: {started.status} {started.text[:200]!r}")
    attempt_key = started.location.rstrip("/").split("/")[-1]
    ledger.attempts_seen.add(attempt_key)
    html = browser.fetch("GET", started.location).text
    form = form_with(html, "idempotency_key", started.location)
    groups: dict[str, list[str]] = {}
    for item in form.fields:
        if item["type"] == "radio" and re.fullmatch(r"q\d+", item["name"]):
            groups.setdefault(item["name"], []).append(item["value"])
    answers = {name: rng.choice(values) for name, values in groups.items()}
    if len(answers) != plan.question_count:
        raise Unexpected(f"attempt form shows {len(answers)} questions, not {plan.question_count}")
    sent = browser.submit(form, started.location, answers, button=("action", "submit"))
    if sent.status != 303:
        raise Unexpected(f"submit: {sent.status} {sent.text[:200]!r}")
    ledger.submitted[attempt_key] = answers
    ledger.submitted_at[attempt_key] = time.monotonic()
    result = browser.fetch("GET", sent.location)
    if result.status != 200:
        raise Unexpected(f"result page: {result.status}")


def check_in(browser: Browser, learner: Learner, session_id: int, code: str, ledger: Ledger) -> None:
    page = f"/{learner.language}/learning/check-in/"
    html = browser.fetch("GET", page).text
    sent = browser.submit(form_with(html, "code", page), page, {"code": code})
    if sent.status != 302:
        message = re.search(r'class="[^"]*errorlist[^"]*"[^>]*>(.*?)</', sent.text, re.S)
        raise Unexpected(f"check-in: {sent.status} {unescape(message.group(1)) if message else sent.text[:200]!r}")
    ledger.checked_in[session_id] = time.monotonic()


def learner_loop(learner: Learner, plan: Plan, recorder: Recorder, stop: threading.Event, ledger: Ledger) -> None:
    rng = random.Random(learner.user_id)
    browser = Browser(recorder)
    try:
        signed = sign_in(browser, learner)
        if signed.status != 302:
            raise Unexpected(f"sign-in: {signed.status}")
    except (GaveUp, Unexpected) as error:
        ledger.unexpected.append(f"{learner.email}: {error}")
        return
    pending = list(plan.sessions.items())
    rng.shuffle(pending)
    while not stop.is_set():
        for action in ("quiz", "check-in"):
            try:
                if action == "quiz":
                    take_quiz(browser, learner, plan, ledger, rng)
                elif pending:
                    session_id, code = pending.pop()
                    check_in(browser, learner, session_id, code, ledger)
            except GaveUp as error:
                ledger.unconfirmed.append(str(error))
            except Unexpected as error:
                ledger.unexpected.append(f"{learner.email}: {error}")
                time.sleep(0.5)


def public_loop(recorder: Recorder, stop: threading.Event, paths: list[str]) -> None:
    browser = Browser(recorder, public=True)
    index = 0
    while not stop.is_set():
        path = paths[index % len(paths)]
        index += 1
        if index % 2:
            # A URL nginx has not cached yet: the app itself must render this one.
            path += ("&" if "?" in path else "?") + f"probe={index}"
        # An anonymous visitor: no cookies kept, each answer recorded as it comes (no retries).
        browser.cookies.clear()
        try:
            response = browser._send("GET", path, None, None)
        except (OSError, http.client.HTTPException) as error:
            recorder.failure(path, error)
            with recorder.lock:
                recorder.public.append((time.monotonic(), path, None, ""))
            time.sleep(0.2)
            continue
        recorder.response(response, public=True)
        time.sleep(0.05)


# --- checks ----------------------------------------------------------------------------------


class Checks:
    def __init__(self):
        self.results: list[tuple[bool, str]] = []

    def check(self, ok: bool, text: str) -> bool:
        self.results.append((bool(ok), text))
        print(f"  {'PASS' if ok else 'FAIL'}  {text}", flush=True)
        return bool(ok)

    @property
    def passed(self) -> bool:
        return all(ok for ok, _ in self.results)


def verify_writes(plan: Plan, ledgers: dict[int, Ledger], checks: Checks) -> None:
    """Every acknowledged quiz submission and check-in is in the database exactly once."""
    from django.db import close_old_connections, connection
    from django.db.models import Count

    from courses.cohorts.models import Attendance
    from quizzes.models import Attempt, AttemptAnswer, AttemptStatus

    close_old_connections()
    connection.close()  # the drill may have restarted PostgreSQL under this process's connection
    user_ids = [learner.user_id for learner in plan.learners]
    attempts = {
        str(attempt.key): attempt
        for attempt in Attempt.objects.filter(quiz_key=plan.quiz_key, user_id__in=user_ids).prefetch_related("answers")
    }
    acknowledged = {
        key: (learner_id, sent) for learner_id, ledger in ledgers.items() for key, sent in ledger.submitted.items()
    }
    missing, wrong_answers = [], []
    for key, (learner_id, sent) in acknowledged.items():
        attempt = attempts.get(key)
        if attempt is None or attempt.status != AttemptStatus.SUBMITTED or attempt.user_id != learner_id:
            missing.append(key)
            continue
        recorded = {f"q{answer.question_id}": _response_value(answer.response) for answer in attempt.answers.all()}
        if recorded != sent:
            wrong_answers.append(key)
    checks.check(
        not missing,
        f"every acknowledged quiz submission is recorded: {len(acknowledged) - len(missing)}/{len(acknowledged)}"
        + (f" (missing: {missing[:5]})" if missing else ""),
    )
    checks.check(not wrong_answers, f"recorded answers are the answers acknowledged ({len(wrong_answers)} differ)")
    seen = set().union(*(ledger.attempts_seen for ledger in ledgers.values())) if ledgers else set()
    extra = sorted(set(attempts) - seen)
    checks.check(
        not extra, f"no attempt started twice: {len(attempts)} attempts in the database, {len(seen)} seen by clients"
    )
    rows = AttemptAnswer.objects.filter(attempt__key__in=list(attempts)).count()
    doubled = (
        AttemptAnswer.objects.filter(attempt__key__in=list(attempts))
        .values("attempt_id", "question_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    submitted = [a for a in attempts.values() if a.status == AttemptStatus.SUBMITTED]
    expected_rows = sum(len(a.question_ids) for a in submitted)
    checks.check(
        doubled == 0 and rows == expected_rows,
        f"answers recorded once: {rows} answer rows for {len(submitted)} submitted attempts (expected {expected_rows})",
    )
    unacknowledged = {str(attempt.key) for attempt in submitted} - set(acknowledged)
    print(f"        submitted in the database without the client seeing it: {len(unacknowledged)}")

    marks = Counter(
        Attendance.objects.filter(session_id__in=list(plan.sessions), user_id__in=user_ids).values_list(
            "session_id", "user_id"
        )
    )
    acked = {(session, learner_id) for learner_id, ledger in ledgers.items() for session in ledger.checked_in}
    lost = [pair for pair in acked if marks.get(pair, 0) != 1]
    twice = [pair for pair, n in marks.items() if n > 1]
    checks.check(not lost, f"every acknowledged check-in is recorded once: {len(acked) - len(lost)}/{len(acked)}")
    checks.check(
        not twice and sum(marks.values()) >= len(acked),
        f"no check-in recorded twice: {sum(marks.values())} attendance rows, {len(acked)} acknowledged",
    )
    unconfirmed = [text for ledger in ledgers.values() for text in ledger.unconfirmed]
    unexpected = [text for ledger in ledgers.values() for text in ledger.unexpected]
    checks.check(not unconfirmed, f"no client gave up on a request ({len(unconfirmed)} did)" + _first(unconfirmed))
    checks.check(not unexpected, f"no unexpected answer to a client ({len(unexpected)})" + _first(unexpected))


def _response_value(response: dict) -> str:
    if "value" in response:
        return response["value"]
    if "options" in response:
        return response["options"][0]
    return json.dumps(response)


def _first(items: list[str]) -> str:
    return f": {items[0][:240]}" if items else ""


def report_traffic(recorder: Recorder, ledgers: dict[int, Ledger]) -> None:
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(recorder.statuses.items()))
    submitted = sum(len(ledger.submitted) for ledger in ledgers.values())
    checked = sum(len(ledger.checked_in) for ledger in ledgers.values())
    print(
        f"  traffic: {sum(recorder.statuses.values())} responses ({statuses}); "
        f"{len(recorder.failures)} connection failures; {recorder.retried} retries"
    )
    print(f"  acknowledged: {submitted} quiz submissions, {checked} check-ins")
    kinds = Counter(text.split(":")[0] for _, _, text in recorder.failures)
    if kinds:
        print("  connection failures: " + ", ".join(f"{kind} × {n}" for kind, n in kinds.most_common()))


# --- the drills ------------------------------------------------------------------------------


def outage_markers() -> dict[str, str]:
    from django.utils import translation

    markers = {}
    for language in LANGUAGES:
        with translation.override(language):
            markers[language] = translation.gettext("Service temporarily unavailable")
    return markers


@dataclass
class Drill:
    name: str
    args: argparse.Namespace
    plan: Plan
    recorder: Recorder
    ledgers: dict[int, Ledger]
    stop: threading.Event
    threads: list[threading.Thread]
    fault_started: float = 0.0
    fault_ended: float = 0.0


def start_load(name: str, args, public_paths: list[str]) -> Drill:
    run = time.strftime("%Y%m%d%H%M%S") + f"{random.randrange(100):02d}"
    plan = prepare(run=run, learners=args.learners, sessions=args.sessions)
    say(
        f"{name}: run {run}: {len(plan.learners)} learners (kk/ru/en) signed in over {ORIGIN}, quiz of "
        f"{plan.question_count} questions, {len(plan.sessions)} sessions to check in to"
    )
    recorder = Recorder(outage_markers())
    stop = threading.Event()
    ledgers = {learner.user_id: Ledger() for learner in plan.learners}
    threads = [
        threading.Thread(target=learner_loop, args=(learner, plan, recorder, stop, ledgers[learner.user_id]))
        for learner in plan.learners
    ]
    threads.append(threading.Thread(target=public_loop, args=(recorder, stop, public_paths)))
    for thread in threads:
        thread.start()
    return Drill(name, args, plan, recorder, ledgers, stop, threads)


def finish_load(drill: Drill) -> None:
    drill.stop.set()
    say("load stopping (clients finish what they started, retrying for up to 90 s)")
    for thread in drill.threads:
        thread.join(RETRY_FOR + 60)
    say("load stopped")


def baseline_public_paths() -> list[str]:
    browser = Browser(Recorder({}), public=True)
    good = []
    for path in PUBLIC_PATHS:
        try:
            if browser._send("GET", path, None, None).status == 200:
                good.append(path)
        except (OSError, http.client.HTTPException):
            pass
    return good


def report_public(drill: Drill) -> None:
    """What anonymous visitors got while the fault lasted, and from where (nginx's page cache or the app)."""
    outcomes = Counter(
        f"{status or 'no answer'} {cache or 'uncached'}"
        for at, _, status, cache in drill.recorder.public
        if drill.fault_started <= at <= drill.fault_ended
    )
    print("  public pages during the fault: " + ", ".join(f"{key} × {n}" for key, n in sorted(outcomes.items())))


def acks_between(drill: Drill, start: float, end: float) -> int:
    return sum(
        1
        for ledger in drill.ledgers.values()
        for moment in [*ledger.submitted_at.values(), *ledger.checked_in.values()]
        if start <= moment <= end
    )


def wait_for_a_write_in_flight(recorder: Recorder, seconds: float = 5.0) -> bool:
    """Wait until some client's form post is on its way, so that a kill now may cut it off."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if recorder.writes_in_flight:
            return True
        time.sleep(0.005)
    return False


def drill_kill_app(args, checks: Checks, paths: list[str]) -> None:
    """Kill app servers in turn (SIGKILL, as a crash): app1, then app2, …, each started again.

    Each kill waits for a form post on its way. Until one post has been cut off by a kill (and sent
    again by its client), up to twice as many rounds again are run: a drill where no write was
    interrupted would show nothing about the idempotency keys."""
    servers = len(APP_URLS)
    drill = start_load("kill-app", args, paths)
    kills: list[tuple[int, bool, float]] = []  # (server, was down after the kill, when)
    pending: int | None = None
    try:
        time.sleep(args.before)
        drill.fault_started = time.monotonic()
        round_number = 0
        while round_number < args.rounds or (not drill.recorder.writes_cut_off and round_number < 3 * args.rounds):
            index = 1 + round_number % servers
            round_number += 1
            wait_for_a_write_in_flight(drill.recorder)
            acknowledged = acks_between(drill, 0, time.monotonic())
            say(f"bench/cluster kill-app {index} ({acknowledged} writes acknowledged so far)")
            cluster("kill-app", str(index))
            pending = index
            kills.append((index, not cluster_status().get(f"app{index}", {}).get("pid"), time.monotonic()))
            time.sleep(args.after / args.rounds)
            say(f"bench/cluster start-app {index}")
            cluster("start-app", str(index))
            pending = None
        drill.fault_ended = time.monotonic()
    finally:
        finish_load(drill)
        if pending is not None:
            say(f"bench/cluster start-app {pending}")
            cluster("start-app", str(pending), check=False)
    print("checks:")
    report_traffic(drill.recorder, drill.ledgers)
    report_public(drill)
    for index, down, _ in kills:
        checks.check(down, f"app{index} was down after its kill (SIGKILL to its process group)")
    after = acks_between(drill, drill.fault_started, drill.fault_ended)
    checks.check(after > 0, f"learners kept working on the other servers: {after} writes acknowledged meanwhile")
    verify_writes(drill.plan, drill.ledgers, checks)
    checks.check(
        not drill.recorder.errors_500, f"no 500 ({len(drill.recorder.errors_500)})" + _first(drill.recorder.errors_500)
    )
    gateway = drill.recorder.gateway_errors
    print(f"        requests cut off by the kills (nginx 502/504, then sent again by the client): {len(gateway)}")
    for line in gateway:
        print(f"          {line}")
    cut = drill.recorder.writes_cut_off
    checks.check(
        bool(cut), f"the kills cut off form posts, which their clients sent again: {len(cut)} in {len(kills)} kills"
        + _first(cut),
    )
    checks.check(cluster_is_up(cluster_status()), "every component is up again after start-app")


def postgres_online() -> bool:
    result = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    return any(line.split()[:2] == [PG_VERSION, PG_CLUSTER] and "online" in line for line in result.stdout.splitlines())


def pg_ctl(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, action], check=True)


def drill_restart_postgres(args, checks: Checks, paths: list[str]) -> None:
    pids_before = {name: item["pid"] for name, item in cluster_status().items()}
    exits_before = worker_exits()
    drill = start_load("restart-postgres", args, paths)
    recovered_in: dict[str, float | None] = {}
    try:
        time.sleep(args.before)
        drill.fault_started = time.monotonic()
        if args.down > 0:
            say(f"pg_ctlcluster {PG_VERSION} {PG_CLUSTER} stop; down for {args.down:.0f} s")
            pg_ctl("stop")
            time.sleep(args.down)
            say(f"pg_ctlcluster {PG_VERSION} {PG_CLUSTER} start")
            pg_ctl("start")
        else:
            say(f"pg_ctlcluster {PG_VERSION} {PG_CLUSTER} restart")
            pg_ctl("restart")
        back = time.monotonic()
        drill.fault_ended = back
        for app in APP_URLS:
            recovered_in[app] = None
            while time.monotonic() - back < 30:
                if http_status(f"{app}/readyz") == 200:
                    recovered_in[app] = time.monotonic() - back
                    break
                time.sleep(0.2)
        time.sleep(args.after)
    finally:
        if not postgres_online():
            say("PostgreSQL was not online: starting it")
            pg_ctl("start")
        finish_load(drill)
    print("checks:")
    report_traffic(drill.recorder, drill.ledgers)
    report_public(drill)
    recorder = drill.recorder
    checks.check(recorder.good_503 > 0, f"requests during the outage got the 503 page: {recorder.good_503}")
    checks.check(
        not recorder.bad_503,
        f"every 503 is the translated outage page with Retry-After, no traceback ({len(recorder.bad_503)} not)"
        + _first(recorder.bad_503),
    )
    checks.check(
        not recorder.errors_500 and not recorder.gateway_errors,
        f"no 5xx other than 503 ({len(recorder.errors_500) + len(recorder.gateway_errors)})"
        + _first(recorder.errors_500 + recorder.gateway_errors),
    )
    for port, seconds in recovered_in.items():
        checks.check(
            seconds is not None,
            f"app server {port} ready again without a restart"
            + (f" {seconds:.1f} s after PostgreSQL started" if seconds is not None else ""),
        )
    pids_after = {name: item["pid"] for name, item in cluster_status().items()}
    same = [name for name in pids_before if name.startswith("app") and pids_after.get(name) == pids_before[name]]
    apps = [name for name in pids_before if name.startswith("app")]
    checks.check(same == apps, f"app servers not restarted (same gunicorn pids): {', '.join(same) or 'none'}")
    exits = worker_exits() - exits_before
    checks.check(
        pids_after.get("worker") is not None and exits == 0,
        f"background worker waited out the outage (pid {pids_after.get('worker')}, exits: {exits})",
    )
    after = acks_between(drill, drill.fault_ended, time.monotonic())
    checks.check(after > 0, f"learners' writes acknowledged again after PostgreSQL came back: {after}")
    verify_writes(drill.plan, drill.ledgers, checks)


def redis_online() -> bool:
    return (
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, text=True).stdout.strip()
        == "PONG"
    )


def drill_stop_redis(args, checks: Checks, paths: list[str]) -> None:
    from django.utils import translation

    drill = start_load("stop-redis", args, paths)
    login: Response | None = None
    app_logs = [CLUSTER_LOGS / f"app{index}.log" for index in range(1, len(APP_URLS) + 1)]
    log_sizes = {path: path.stat().st_size if path.exists() else 0 for path in app_logs}
    try:
        time.sleep(args.before)
        drill.fault_started = time.monotonic()
        say("redis-cli shutdown nosave")
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)
        stopped = not redis_online()
        time.sleep(min(2.0, args.down))
        ready_during = {app: readiness(app) for app in APP_URLS}
        say(f"a new learner signs in while Redis is down ({drill.plan.spare.language})")
        try:
            login = sign_in(Browser(drill.recorder), drill.plan.spare)
        except (GaveUp, Unexpected) as error:
            say(f"sign-in failed: {error}")
        time.sleep(max(0.0, args.down - 2.0))
        drill.fault_ended = time.monotonic()
        say("redis-server " + " ".join(shlex.quote(a) for a in REDIS_START[1:]))
        subprocess.run(REDIS_START, check=True)
        time.sleep(args.after)
    finally:
        if not redis_online():
            say("Redis was not answering: starting it")
            subprocess.run(REDIS_START, check=False)
        finish_load(drill)
    print("checks:")
    report_traffic(drill.recorder, drill.ledgers)
    report_public(drill)
    recorder = drill.recorder
    checks.check(stopped, "Redis stopped (PING unanswered)")
    during = [
        (path, status, cache)
        for at, path, status, cache in recorder.public
        if drill.fault_started <= at <= drill.fault_ended
    ]
    rendered = sum(1 for _, status, cache in during if status == 200 and cache not in ("HIT", "STALE", "UPDATING"))
    bad = [f"{path} → {status}" for path, status, _ in during if status != 200]
    checks.check(
        during and not bad,
        f"public pages served 200 while Redis was down: {len(during) - len(bad)}/{len(during)}" + _first(bad),
    )
    checks.check(rendered > 0, f"… of which rendered by the app servers, not nginx's page cache: {rendered}")
    after = acks_between(drill, drill.fault_started, drill.fault_ended)
    checks.check(after > 0, f"signed-in learners kept working while Redis was down: {after} writes acknowledged")
    with translation.override(drill.plan.spare.language):
        refused = translation.gettext("Signing in is temporarily unavailable. Please try again in a few minutes.")
    # Failed sign-ins cannot be counted without Redis, so signing in fails closed, with a message.
    if login is None:
        checks.check(False, "a sign-in during the outage got an answer")
    else:
        checks.check(
            login.status == 200 and refused in login.text,
            f"a sign-in during the outage is refused with a clear message (status {login.status}"
            + (", “" + refused + "”" if refused in login.text else "")
            + ")",
        )
    logged = [path.name for path in app_logs if "Redis unavailable" in new_text(path, log_sizes[path])]
    checks.check(
        len(logged) == len(app_logs), f"every app server logged the cache outage: {len(logged)}/{len(app_logs)}"
    )
    failed = recorder.errors_500 + recorder.gateway_errors + recorder.bad_503 + ["503"] * recorder.good_503
    checks.check(not failed, f"no 5xx while Redis was down or after ({len(failed)})" + _first(failed))
    checks.check(redis_online(), "Redis answers again")
    checks.check(
        all(status == "degraded" for status in ready_during.values()),
        f"app servers stayed in the load balancer, /readyz “degraded”, while Redis was down: {ready_during}",
    )
    ready = {app: readiness(app) for app in APP_URLS}
    checks.check(all(status == "ok" for status in ready.values()), f"/readyz “ok” again with Redis back: {ready}")
    verify_writes(drill.plan, drill.ledgers, checks)


def new_text(path: Path, offset: int) -> str:
    """What was written to the log at ``path`` past ``offset``."""
    if not path.exists():
        return ""
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode("utf-8", "replace")


DRILLS = {"kill-app": drill_kill_app, "restart-postgres": drill_restart_postgres, "stop-redis": drill_stop_redis}
DOWN = {"kill-app": 0.0, "restart-postgres": 5.0, "stop-redis": 10.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drill", choices=[*DRILLS, "all"])
    parser.add_argument("--learners", type=int, default=8)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--before", type=float, default=8.0, help="seconds of load before the fault")
    parser.add_argument("--after", type=float, default=12.0, help="seconds of load after the fault")
    parser.add_argument("--down", type=float, help="seconds PostgreSQL or Redis stays down")
    parser.add_argument("--rounds", type=int, default=3, help="kill-app: app servers killed in turn")
    parser.add_argument("--port-offset", default="0", help="for a cluster started here: bench/cluster --port-offset")
    args = parser.parse_args()

    status = cluster_status()
    started_here = False
    if not cluster_is_up(status):
        command = ["up", "--servers", "2", "--db", "pct_faults", "--port-offset", args.port_offset]
        say(f"no cluster running: bench/cluster {' '.join(command)}")
        subprocess.run([sys.executable, str(CLUSTER), *command], cwd=ROOT, check=True)
        started_here = True
    passed = True
    try:
        use_cluster()
        paths = baseline_public_paths()
        say(f"public pages probed during the drills: {' '.join(paths)}")
        for name in DRILLS if args.drill == "all" else [args.drill]:
            drill_args = argparse.Namespace(**vars(args))
            drill_args.down = DOWN[name] if args.down is None else args.down
            checks = Checks()
            say(f"=== {name} ===")
            DRILLS[name](drill_args, checks, paths)
            say(f"{name}: {'PASSED' if checks.passed else 'FAILED'}")
            passed = passed and checks.passed
    finally:
        if not postgres_online():
            pg_ctl("start")
        if not redis_online():
            subprocess.run(REDIS_START, check=False)
        if started_here:
            say("bench/cluster down")
            cluster("down", check=False)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
