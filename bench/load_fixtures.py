"""Fixtures and targets for bench/load_test: learners, the URLs of each page type, query counts.

Run with the environment of the database the servers use (what `bench/cluster env` prints):

    eval "$(bench/cluster env)"
    .venv/bin/python bench/load_fixtures.py --out var/loadtest/targets.json [--learners 200] [--no-counts]

1. Learners: deletes the previous bench learners (``load-*@bench.invalid``, with their attempts,
   progress and certificates), creates ``--learners`` new ones (learner roles, not staff, so no
   second factor), enrols each on every live course open to its role, and opens a session for each
   in the session store (signing in through the form would spend a password hash per simulated
   learner: real learners sign in once and then read for half an hour).
2. Targets: the URLs of every page type, discovered from the content in the database (the demo
   from `load_demo`, or real data), never hard-coded slugs: home pages, help-page searches with
   filters (Kazakh in Cyrillic, official Latin and plain ASCII, Russian; regions, kinds, age,
   language, open now, free, later pages), the plain help page, region pages, service pages,
   lecture pages and lecture sessions, course and lesson pages.
3. Query counts (unless ``--no-counts``): each page type's first URL through Django's test client
   in this process, with the same settings and database as the servers: once with the cache
   switched off (what a cache miss costs) and once warm (the second request with the real
   cache). A learner reading a lesson and taking a quiz (quiz page, start, form, submit, result)
   is counted too. Nothing here adds a header or a count to production responses.

Writes one JSON file that bench/load_mix.py (locust) and bench/load_test (wrk) read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from quiz_forms import submission  # noqa: E402

from cms.accounts.models import LEARNER_ROLES, User  # noqa: E402
from cms.home.models import HomePage  # noqa: E402
from courses import services as course_services  # noqa: E402
from courses.lectures.models import LectureIndexPage, LecturePage, LectureSeriesPage, LectureSession  # noqa: E402
from courses.models import Certificate, CoursePage, LessonPage  # noqa: E402
from directory import selectors as directory  # noqa: E402

EMAIL = "load-{:04d}@bench.invalid"
EMAIL_PATTERN = r"^load-.*@bench\.invalid$"
COUNTING_LEARNER = "load-counts@bench.invalid"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Kazakh in the official Latin alphabet (2021): what a visitor with a Latin keyboard layout types.
KAZAKH_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "ş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip
WORD = re.compile(r"\w{4,}", re.UNICODE)


def kazakh_latin(word: str) -> str:
    return "".join(KAZAKH_LATIN.get(letter, letter) for letter in word.lower())


def plain_ascii(word: str) -> str:
    """The same word typed without diacritics ("komek"), as on a phone without a Kazakh layout."""
    import unicodedata

    latin = kazakh_latin(word).replace("ş", "sh").replace("ğ", "g").replace("ı", "i").replace("ñ", "n")
    return "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))


def localized(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def page_urls(queryset) -> list[str]:
    return sorted({url for page in queryset.live().specific() if (url := page.get_url())})


# --- learners --------------------------------------------------------------------------------


def reset_learners(count: int) -> list[dict]:
    """Fresh learners, enrolled, each with an open session: what the learners of the mix use."""
    old = User.objects.filter(email__regex=EMAIL_PATTERN)
    Certificate.objects.filter(user__in=old).delete()
    old.delete()
    courses = list(CoursePage.objects.live().specific())  # enrolling on one translation enrols on all
    roles = sorted(LEARNER_ROLES)
    regions = [region.code for region in directory.regions(language_code="kk")] or [""]
    learners = []
    for number in range(count):
        role = roles[number % len(roles)]
        with transaction.atomic():
            user = User.objects.create(
                email=EMAIL.format(number),
                password=make_password(None),  # no password: the session below is the only way in
                first_name="Load",
                last_name=f"Learner {number}",
                role=role,
                region=regions[number % len(regions)],
            )
            for course in courses:
                source = "self" if course.is_open_to(role) else "assigned"
                course_services.enrol(user=user, course=course, source=source)
        learners.append({"email": user.email, "session": open_session(user)})
    return learners


def open_session(user: User) -> str:
    """A signed-in session in the configured store, as django.contrib.auth.login leaves one."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


# --- targets ---------------------------------------------------------------------------------


def search_words(language: str, limit: int) -> list[str]:
    """The most frequent words of public service names and descriptions in ``language``."""
    counter: Counter[str] = Counter()
    for name, description in directory.public_services(language_code=language).values_list("name", "description"):
        counter.update(word.lower() for word in WORD.findall(f"{name} {description}") if not word.isdigit())
    return [word for word, _count in counter.most_common(limit)]


def help_searches(rng: random.Random) -> list[str]:
    """Help-page searches a visitor would make: text in several scripts, filters, later pages."""
    kk_words = search_words("kk", 12)
    ru_words = search_words("ru", 12)
    urls = []
    for language in LANGUAGES:
        help_url = localized(language, "directory:help")
        regions = [region.code for region in directory.regions(language_code=language)]
        kinds = [kind.code for kind in directory.kinds_of_help(language_code=language)]
        words = ru_words if language == "ru" else kk_words
        spelled = {
            "kk": [*kk_words, *map(kazakh_latin, kk_words[:6]), *map(plain_ascii, kk_words[:6])],
            "ru": [*ru_words, *(word[:5] for word in ru_words[:4])],  # typed in part
            "en": [plain_ascii(word) for word in kk_words[:6]],
        }[language]
        for _ in range({"kk": 200, "ru": 150, "en": 50}[language]):
            params: dict[str, str] = {}
            if rng.random() < 0.7 and spelled:
                params["q"] = " ".join(rng.sample(spelled, 2 if rng.random() < 0.25 and len(words) > 1 else 1))
            if rng.random() < 0.5 and regions:
                params["region"] = rng.choice(regions)
            if rng.random() < 0.4 and kinds:
                params["kind"] = rng.choice(kinds)
            if rng.random() < 0.15:
                params["age"] = str(rng.randint(3, 17))
            for flag, share in (("open_now", 0.15), ("free", 0.15), ("anonymous", 0.05), ("open_24_7", 0.05)):
                if rng.random() < share:
                    params[flag] = "on"
            if rng.random() < 0.1:
                params["language"] = rng.choice(["kk", "ru"])
            if not params:
                params["region"] = rng.choice(regions)
            if rng.random() < 0.1:
                params["page"] = "2"
            urls.append(f"{help_url}?{urlencode(params)}")
    return list(dict.fromkeys(urls))


def targets(rng: random.Random) -> dict[str, list[str]]:
    services, regions, help_pages = [], [], []
    for language in LANGUAGES:
        help_pages.append(localized(language, "directory:help"))
        public = directory.public_services(language_code=language).order_by("name")
        services += [localized(language, "directory:service", key=key) for key in public.values_list(
            "translation_key", flat=True)[:40]]
        regions += [
            localized(language, "directory:region", slug=region.slug)
            for region in directory.regions(language_code=language)
        ]
    lecture_pages = page_urls(LectureIndexPage.objects.all()) + page_urls(LectureSeriesPage.objects.all())
    lecture_pages += page_urls(LecturePage.objects.all())
    sessions = LectureSession.objects.filter(is_cancelled=False, lecture__live=True).order_by("starts_at")[:10]
    session_pages = [
        localized(language, "lectures:session", pk=session.pk) for session in sessions for language in ("kk", "ru")
    ]
    lessons = [url for url in page_urls(LessonPage.objects.all()) if not url.startswith("/en/")]
    courses = [url for url in page_urls(CoursePage.objects.all()) if not url.startswith("/en/")]
    return {
        "floor": [reverse("healthz")],
        "home": page_urls(HomePage.objects.all()),
        "help_search": help_searches(rng),
        "help": help_pages,
        "region": regions,
        "service": services,
        "lecture": lecture_pages,
        "lecture_session": session_pages,
        "course": courses,
        "lesson": lessons,
    }


# --- query counts ----------------------------------------------------------------------------

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def client() -> Client:
    # The servers sit behind nginx, which says the request came over HTTPS.
    return Client(HTTP_HOST=settings.ALLOWED_HOSTS[0], HTTP_X_FORWARDED_PROTO="https", secure=True)


def counted(browser: Client, method: str, url: str, data=None) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(browser, method)(url, data) if data is not None else getattr(browser, method)(url)
    body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    return len(queries), response.status_code, body


def page_counts(urls: dict[str, list[str]], learner: User) -> dict[str, dict]:
    counts: dict[str, dict] = {}
    for kind, kind_urls in urls.items():
        if not kind_urls:
            continue
        url = kind_urls[0]
        browser = client()
        if kind in ("course", "lesson"):
            browser.force_login(learner)
        with override_settings(CACHES=NO_CACHE):
            uncached, status, _body = counted(browser, "get", url)
        counted(browser, "get", url)  # fills the real cache
        warm, _status, _body = counted(browser, "get", url)
        counts[kind] = {"url": url, "status": status, "uncached": uncached, "warm": warm,
                        "signed_in": kind in ("course", "lesson")}
    return counts


QUIZ_LINK = re.compile(r'href="(/[a-z]{2}/quizzes/[0-9a-f-]{36}/)[^"]*"')
START_FORM = re.compile(r'action="(/[a-z]{2}/quizzes/[0-9a-f-]{36}/start/)[^"]*"')


def quiz_counts(course_url: str, learner: User) -> dict[str, dict]:
    """A learner takes the course's first quiz through the views: queries per step."""
    browser = client()
    browser.force_login(learner)
    _n, _status, html = counted(browser, "get", course_url)
    link = QUIZ_LINK.search(html)
    if link is None:
        return {}
    steps: dict[str, dict] = {}
    steps["quiz page"] = dict(zip(("queries", "status"), counted(browser, "get", link.group(1))[:2], strict=True))
    start = link.group(1) + "start/"
    with CaptureQueriesContext(connection) as queries:
        response = browser.post(start, {})
    steps["quiz start"] = {"queries": len(queries), "status": response.status_code}
    attempt_url = response.headers.get("Location", "")
    queries_n, status, form = counted(browser, "get", attempt_url)
    steps["quiz form"] = {"queries": queries_n, "status": status}
    data = submission(form)
    if data is None:
        return steps
    queries_n, status, _ = counted(browser, "post", attempt_url, data)
    steps["quiz submit"] = {"queries": queries_n, "status": status}
    queries_n, status, _ = counted(browser, "get", attempt_url)
    steps["quiz result"] = {"queries": queries_n, "status": status}
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "loadtest" / "targets.json")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--no-counts", action="store_true", help="skip the query counts (fixtures and URLs only)")
    args = parser.parse_args()

    rng = random.Random(8)  # the same URLs on every run against the same content
    urls = targets(rng)
    empty = [kind for kind, found in urls.items() if not found]
    if empty:
        sys.exit(f"No URL found for {', '.join(empty)}: load the demo content first (manage.py load_demo).")
    learners = reset_learners(args.learners)
    result = {"urls": urls, "learners": learners}
    if not args.no_counts:
        User.objects.filter(email=COUNTING_LEARNER).delete()
        counter = User.objects.create(
            email=COUNTING_LEARNER, password=make_password(None), role=sorted(LEARNER_ROLES)[0]
        )
        for course in CoursePage.objects.live().specific():
            course_services.enrol(user=counter, course=course, source="assigned")
        result["queries"] = page_counts(urls, counter)
        result["quiz_queries"] = quiz_counts(urls["course"][0], counter)
        counter.delete()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    sizes = ", ".join(f"{kind} {len(found)}" for kind, found in urls.items())
    print(f"[fixtures] {len(learners)} learners with sessions; URLs: {sizes}; written to {args.out}")


if __name__ == "__main__":
    main()
